FROM alpine
ONBUILD CMD ["echo", 2]
