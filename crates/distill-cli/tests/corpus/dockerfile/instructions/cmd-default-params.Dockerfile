FROM alpine
ENTRYPOINT ["/bin/ping"]
CMD ["-c", "3", "localhost"]
