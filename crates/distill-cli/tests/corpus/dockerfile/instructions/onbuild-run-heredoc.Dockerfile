FROM alpine
ONBUILD RUN <<EOF
echo "building the child image"
apk add --no-cache make
EOF
CMD ["sh"]
