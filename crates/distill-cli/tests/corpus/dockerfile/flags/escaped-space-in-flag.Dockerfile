FROM alpine
COPY --chown=my\ user a /a
RUN --mount=type=bind,target=/my\ dir ls
