FROM alpine
CMD ["echo", "trailing",]
