FROM alpine
COPY --chown=é a b
