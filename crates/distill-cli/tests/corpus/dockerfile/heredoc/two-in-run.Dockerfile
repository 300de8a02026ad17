FROM alpine
RUN cat <<FILE1 > /one.txt && cat <<FILE2 > /two.txt
first file
FILE1
second file
FILE2
