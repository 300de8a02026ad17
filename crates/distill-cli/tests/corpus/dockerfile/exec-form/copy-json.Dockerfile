FROM alpine
COPY ["src with space", "/dst with space/"]
ADD ["a", "b", "/c/"]
