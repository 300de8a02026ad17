# syntax=docker/dockerfile:1.7
FROM alpine
ARG VERSION=1.2.3
ENV UNDERSCORED=${VERSION//./_} FIRST=${VERSION/./-}
