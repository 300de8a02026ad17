# syntax=docker/dockerfile:1
# SYNTAX=docker/dockerfile:1
FROM alpine
