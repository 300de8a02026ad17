FROM alpine
ENV PATH=/opt/tool/bin:$PATH
ENV HOME_BIN=${HOME}/bin
