FROM alpine
ARG MSG="hello world"
ARG SINGLE='single quoted'
ARG ESCAPED=a\ b
