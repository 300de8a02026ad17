FROM alpine
RUN <<EOF
echo this heredoc never ends
