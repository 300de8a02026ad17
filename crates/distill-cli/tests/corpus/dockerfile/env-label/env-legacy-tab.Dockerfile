FROM alpine
ENV KEY	value after tab
