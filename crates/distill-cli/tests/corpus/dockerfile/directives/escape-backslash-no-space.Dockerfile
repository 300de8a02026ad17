#escape=\
FROM alpine
RUN echo one \
    two
