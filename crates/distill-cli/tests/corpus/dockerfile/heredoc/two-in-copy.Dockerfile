FROM alpine
COPY <<a.conf <<b.conf /etc/app/
key=a
a.conf
key=b
b.conf
