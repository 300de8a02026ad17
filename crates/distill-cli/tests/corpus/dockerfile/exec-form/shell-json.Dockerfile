FROM alpine
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN echo uses the new shell
