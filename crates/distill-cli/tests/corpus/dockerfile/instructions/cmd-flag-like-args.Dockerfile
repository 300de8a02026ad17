FROM alpine
CMD --verbose=true echo hi
