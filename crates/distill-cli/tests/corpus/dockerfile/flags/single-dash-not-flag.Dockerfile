FROM alpine
RUN -x echo single dash
COPY -a /b
