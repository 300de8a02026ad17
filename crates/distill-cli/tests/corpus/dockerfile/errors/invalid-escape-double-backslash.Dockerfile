# escape=\\
FROM alpine
