FROM debian:bookworm
RUN apt-get update && \
# this comment is dropped from the command
    apt-get install -y git && \
# and so is this one
    git --version
