# syntax=docker/dockerfile:1.7-labs
FROM alpine
COPY --exclude=*.md --exclude=.git --exclude="tests/**" . /src
ADD --exclude=*.tmp dir /dir
