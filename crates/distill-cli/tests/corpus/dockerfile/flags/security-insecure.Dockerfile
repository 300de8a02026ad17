# syntax=docker/dockerfile:1-labs
FROM alpine
RUN --security=insecure cat /proc/self/status
RUN --security=sandbox echo sandboxed
