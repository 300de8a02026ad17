# SYNTAX=docker/dockerfile:1
# Escape=`
FROM alpine
RUN echo a `
  b
