FROM alpine
RUN echo after a byte order mark
