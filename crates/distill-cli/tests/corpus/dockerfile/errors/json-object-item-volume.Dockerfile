FROM alpine
VOLUME [{"path": "/data"}]
