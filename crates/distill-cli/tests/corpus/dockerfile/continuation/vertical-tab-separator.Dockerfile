FROM alpine
RUNecho after vertical tab
EXPOSE 80443
