FROM alpine
RUN cat <<EOF > /app/config.ini
[server]
port = 8080
EOF
