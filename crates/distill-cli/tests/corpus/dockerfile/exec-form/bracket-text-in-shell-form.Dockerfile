FROM alpine
RUN [ -f /etc/os-release ] && cat /etc/os-release
