FROM alpine
ONBUILD CMD ["echo", "from the trigger"]
ONBUILD ENTRYPOINT ["/bin/sh", "-c"]
