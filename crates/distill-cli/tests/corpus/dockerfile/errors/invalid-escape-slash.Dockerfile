#escape=/
FROM alpine
