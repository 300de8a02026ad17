FROM alpine AS a
FROM alpine
COPY --FROM=a /x /x
