# syntax = docker/dockerfile:1 with extra words
FROM alpine
