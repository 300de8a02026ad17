FROM alpine
ENV DIR=/my\ dir NAME=a\ b\ c
