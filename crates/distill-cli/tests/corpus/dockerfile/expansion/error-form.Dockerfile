FROM alpine
ARG REQUIRED=set
ENV V=${REQUIRED:?missing} W=${REQUIRED?missing}
