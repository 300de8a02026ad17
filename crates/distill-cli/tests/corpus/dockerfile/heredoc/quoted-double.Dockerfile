FROM alpine
RUN <<"EOF"
echo "$PATH"
EOF
