FROM golang:1.22 AS tools
FROM alpine
ONBUILD COPY --from=tools /usr/local/go/bin/gofmt /usr/local/bin/gofmt
