FROM alpine
RUN cat<<EOF
RUN echo no heredoc was opened above
