FROM alpine
COPY --chmod=755 run.sh /run.sh
COPY --chmod=0644 config.yml /etc/app/
ADD --chmod=u+x tool /usr/local/bin/tool
