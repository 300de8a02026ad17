from alpine
run <<EOF
echo lower case keyword
EOF
