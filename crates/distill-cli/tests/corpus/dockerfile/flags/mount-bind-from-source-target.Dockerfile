FROM alpine AS builder
RUN mkdir /out && echo built > /out/file
FROM alpine
RUN --mount=type=bind,from=builder,source=/out,target=/mnt/out cp /mnt/out/file /file
RUN --mount=target=/src,source=.,type=bind,rw ls /src
