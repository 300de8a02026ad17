FROM alpine
RUN cat \
    <<EOF > /etc/greeting
hello
EOF
