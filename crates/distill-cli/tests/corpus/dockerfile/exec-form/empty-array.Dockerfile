FROM alpine
CMD []
ENTRYPOINT [ ]
