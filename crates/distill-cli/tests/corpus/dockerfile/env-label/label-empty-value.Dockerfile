FROM alpine
LABEL empty="" bare=
