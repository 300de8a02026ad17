FROM alpine
COPY --link a /a
COPY --link=true b /b
COPY --link=false c /c
ADD --link https://example.com/x /x
