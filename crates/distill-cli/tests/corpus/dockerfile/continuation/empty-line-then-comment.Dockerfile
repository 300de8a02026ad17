FROM alpine
RUN echo a \

# comment after the empty line
    b
