FROM alpine
ENTRYPOINT [true]
