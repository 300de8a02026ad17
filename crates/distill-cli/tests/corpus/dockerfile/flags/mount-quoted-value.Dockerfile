FROM alpine
RUN --mount="type=cache,target=/var/cache/apk" apk add curl
RUN --mount=type=secret,id="my secret",target=/run/s cat /run/s
