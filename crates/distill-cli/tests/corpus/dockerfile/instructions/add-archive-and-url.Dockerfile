FROM alpine:3.19
# a local archive is unpacked, a remote file is only downloaded
ADD rootfs.tar.xz /
ADD https://example.com/releases/tool-1.2.3.tar.gz /tmp/tool.tar.gz
