# syntax=docker/dockerfile:1
# this comment ends the directives
# syntax=docker/dockerfile:1.5
FROM alpine
