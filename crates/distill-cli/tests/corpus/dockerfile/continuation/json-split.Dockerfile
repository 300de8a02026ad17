FROM alpine
CMD ["sh", \
     "-c", \
     "echo hi"]
