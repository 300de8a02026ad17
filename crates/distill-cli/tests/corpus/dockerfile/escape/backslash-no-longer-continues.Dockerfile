# escape=`
FROM alpine
RUN echo ends with backslash \
RUN echo this is its own instruction
