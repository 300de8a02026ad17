FROM alpine
env lower=case
