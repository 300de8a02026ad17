FROM alpine
RUN echo "<<EOF is only text here"
RUN echo next
