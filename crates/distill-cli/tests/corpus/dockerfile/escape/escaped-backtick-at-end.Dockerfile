# escape=`
FROM alpine
RUN echo double ``
RUN echo next
