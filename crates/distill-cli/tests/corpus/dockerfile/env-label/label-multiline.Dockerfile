FROM alpine
LABEL org.opencontainers.image.source="https://github.com/example/app" \
      org.opencontainers.image.description="A multi-line \
label value" \
      maintainer="team@example.com"
