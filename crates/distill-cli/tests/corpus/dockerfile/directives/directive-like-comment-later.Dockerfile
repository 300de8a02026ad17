FROM alpine
# syntax=ignored/here
# escape=\
RUN true
