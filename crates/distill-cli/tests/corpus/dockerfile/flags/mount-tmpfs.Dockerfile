FROM alpine
RUN --mount=type=tmpfs,target=/tmp,size=64m dd if=/dev/zero of=/tmp/x bs=1M count=1
