FROM alpine
CMD ["echo", "unclosed"
