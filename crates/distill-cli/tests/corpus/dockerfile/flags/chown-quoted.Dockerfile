FROM alpine
COPY --chown="1000:1000" a /a
COPY --chown='app:staff' b /b
COPY --chown="app":"staff" c /c
