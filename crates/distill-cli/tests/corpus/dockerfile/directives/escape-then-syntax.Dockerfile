# escape=`
# syntax=docker/dockerfile:1
FROM alpine
COPY a `
  /b/
