FROM alpine
CMD cat <<EOF
RUN echo this is an instruction, not heredoc body
