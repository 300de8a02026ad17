FROM alpine
RUN <<EOF

echo after blank

EOF
