FROM alpine
COPY --from=nginx:1.25 /etc/nginx/nginx.conf /nginx.conf
COPY --from=docker.io/library/busybox:latest@sha256:1111111111111111111111111111111111111111111111111111111111111111 /bin/busybox /busybox
