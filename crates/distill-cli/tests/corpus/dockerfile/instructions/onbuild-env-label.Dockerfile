FROM alpine
ONBUILD ENV APP_HOME=/app MODE=release
ONBUILD LABEL stage=child
