# escape=`
FROM alpine
ENV MSG=hello` world
LABEL quote="say `"hi`""
