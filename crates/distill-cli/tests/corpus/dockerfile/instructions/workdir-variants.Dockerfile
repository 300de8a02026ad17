FROM alpine
WORKDIR /app
WORKDIR sub/dir
WORKDIR /path with spaces
WORKDIR $HOME/project
