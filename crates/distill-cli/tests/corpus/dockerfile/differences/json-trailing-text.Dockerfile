FROM alpine
CMD ["a"] trailing
