FROM alpine
CMD ["echo", "héllo wörld", "日本語"]
