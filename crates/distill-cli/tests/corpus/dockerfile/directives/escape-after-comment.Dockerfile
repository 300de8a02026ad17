# a regular comment ends the directive section
# escape=`
FROM alpine
RUN echo literal backtick `
RUN echo backslash \
    still continues
