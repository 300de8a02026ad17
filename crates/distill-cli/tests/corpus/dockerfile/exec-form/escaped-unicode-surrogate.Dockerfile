FROM alpine
CMD ["echo", "\ud83d\ude00"]
