FROM alpine
COPY --chown=app:app a /a
COPY --chown=1000 b /b
ADD --chown=1000:1000 c /c
COPY --chown=$UID:$GID d /d
