FROM debian:bookworm-slim
CMD echo "starting up" && exec /usr/local/bin/server --port 8080
