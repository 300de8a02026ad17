FROM alpine
CMD ["echo" "missing comma"]
