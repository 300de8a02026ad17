FROM alpine
ENV GREETING=${UNSET:-hello world}
