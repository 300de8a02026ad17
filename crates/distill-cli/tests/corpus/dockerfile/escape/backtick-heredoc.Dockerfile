# escape=`
FROM alpine
RUN <<EOF
echo line ending in backtick `
echo heredoc bodies ignore the escape
EOF
