FROM alpine
RUN <<EOF
echo body
EOF  
echo still body
EOF
