FROM alpine
HEALTHCHECK --retries=3 NONE
