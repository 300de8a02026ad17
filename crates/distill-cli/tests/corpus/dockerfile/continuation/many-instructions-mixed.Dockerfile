FROM alpine
RUN set -eux; \
    apk add --no-cache bash; \
    bash --version
COPY a \
     b \
     /dest/
LABEL one=1 \
      two=2
