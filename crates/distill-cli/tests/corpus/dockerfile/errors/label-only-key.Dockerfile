FROM alpine
LABEL just-a-key
