# syntax=docker/dockerfile:1.7-labs
FROM alpine
COPY --parents ./src/**/*.go /app/
COPY --parents=true a/b/c /dest/
