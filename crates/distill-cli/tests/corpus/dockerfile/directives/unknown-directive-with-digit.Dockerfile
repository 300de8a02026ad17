# escape2=`
FROM alpine
RUN echo a \
  b
