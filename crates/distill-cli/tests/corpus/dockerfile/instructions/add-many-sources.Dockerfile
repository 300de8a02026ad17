FROM busybox
ADD a.txt b.txt   c/   /data/
