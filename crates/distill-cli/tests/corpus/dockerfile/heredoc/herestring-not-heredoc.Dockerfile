FROM alpine
RUN cat <<<word
RUN echo next
