FROM alpine
ENV APP=demo
COPY ${APP}.conf /etc/${APP}/
