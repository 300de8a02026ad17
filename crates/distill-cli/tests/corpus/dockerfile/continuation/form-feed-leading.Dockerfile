FROM alpine
RUN echo line starts with a form feed
