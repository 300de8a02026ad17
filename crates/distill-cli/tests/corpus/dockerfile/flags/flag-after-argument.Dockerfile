FROM alpine
COPY a --chown=1:1 /dest/
RUN echo --mount=type=cache,target=/x
