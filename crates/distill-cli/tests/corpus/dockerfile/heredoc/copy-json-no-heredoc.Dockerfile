FROM alpine
COPY ["<<EOF", "/dest"]
