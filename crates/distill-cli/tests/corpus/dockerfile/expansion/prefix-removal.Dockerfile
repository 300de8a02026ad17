FROM alpine
ENV FILE=archive.tar.gz
ENV SHORT=${FILE#*.} LONG=${FILE##*.}
