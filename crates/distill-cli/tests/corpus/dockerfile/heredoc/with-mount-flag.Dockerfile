FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt <<EOF
apt-get update
apt-get install -y jq
EOF
