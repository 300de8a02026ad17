FROM debian:bookworm-slim
CMD ["/usr/local/bin/server", "--port", "8080"]
