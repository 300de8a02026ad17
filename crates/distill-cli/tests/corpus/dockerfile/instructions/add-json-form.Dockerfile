FROM alpine:3.19
ADD ["my file.txt", "other file.txt", "/dest dir/"]
