ARG   A=1    B=2
ARG	C
FROM alpine
