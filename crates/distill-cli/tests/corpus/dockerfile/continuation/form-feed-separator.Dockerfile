FROM alpine
RUNecho after form feed
EXPOSE 80443
