FROM alpine
RUN apk add --no-cache git openssh-client
RUN --mount=type=ssh git clone git@github.com:example/private.git /src
RUN --mount=type=ssh,id=default,required ssh -T git@github.com || true
