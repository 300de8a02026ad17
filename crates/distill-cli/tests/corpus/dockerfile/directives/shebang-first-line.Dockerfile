#!/usr/bin/env docker-build
# escape=`
FROM alpine
RUN echo a \
  b
