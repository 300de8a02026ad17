FROM alpine
RUN ["echo", "one"]
CMD ["two", "three"]
ENTRYPOINT ["/bin/sh","-c"]
