FROM alpine
COPY --from= a /a
COPY --chown="" b /b
