FROM alpine
ENV "QUOTED"=value
