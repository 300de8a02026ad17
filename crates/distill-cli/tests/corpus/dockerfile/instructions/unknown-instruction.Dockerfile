FROM alpine
FOO bar baz
RUNN echo typo
RUN echo real
