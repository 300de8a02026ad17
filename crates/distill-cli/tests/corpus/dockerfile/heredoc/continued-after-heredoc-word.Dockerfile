FROM alpine
RUN <<EOF sh -c \
    'cat'
body line
EOF
