# check=skip=all
# escape=`
FROM alpine
RUN echo a `
    b
