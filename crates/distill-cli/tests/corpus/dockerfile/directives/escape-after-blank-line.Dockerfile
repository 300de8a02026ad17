
# escape=`
FROM alpine
RUN echo backslash \
    continues
