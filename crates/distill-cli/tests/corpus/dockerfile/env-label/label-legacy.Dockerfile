FROM alpine
LABEL description This is the legacy form
