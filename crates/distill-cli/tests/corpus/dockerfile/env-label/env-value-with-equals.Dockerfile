FROM alpine
ENV OPTS=--level=3 URL=http://example.com/?a=b&c=d
