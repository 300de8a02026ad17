FROM alpine
RUN echo a \
# only a comment follows
