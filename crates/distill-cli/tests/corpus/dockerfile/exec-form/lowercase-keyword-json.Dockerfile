from alpine
entrypoint ["sh", "-c"]
cmd ["echo hi"]
