FROM alpine
ARG NAME=world
RUN <<EOF
echo "hello ${NAME}"
echo $HOME
EOF
