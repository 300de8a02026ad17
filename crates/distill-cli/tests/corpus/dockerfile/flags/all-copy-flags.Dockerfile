FROM alpine AS src
FROM alpine
COPY --from=src --chown=1:1 --chmod=0755 --link /bin/sh /sh
ADD --chown=2:2 --chmod=644 --link --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/f /f
