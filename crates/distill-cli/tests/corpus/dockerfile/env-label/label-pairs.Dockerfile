FROM alpine
LABEL org.opencontainers.image.title="My App" org.opencontainers.image.version=1.2.3
