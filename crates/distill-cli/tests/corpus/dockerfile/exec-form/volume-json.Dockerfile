FROM alpine
VOLUME ["/data"]
VOLUME [ "/one", "/two" ]
