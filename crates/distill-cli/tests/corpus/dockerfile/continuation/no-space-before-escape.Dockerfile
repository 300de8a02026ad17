FROM alpine
RUN echo glued\
together
