FROM alpine
ENV MSG="hello world" SINGLE='single quoted' MIXED="a"'b'c
