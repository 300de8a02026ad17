FROM alpine
RUN <<EOF
FROM not-an-instruction
# not a comment either
echo continued \
EOF
