FROM alpine
RUN <<\EOF
echo $USER
EOF
