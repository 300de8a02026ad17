FROM alpine
RUN <<'EOF'
echo "$HOME is not expanded by the parser"
EOF
