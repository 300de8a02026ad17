FROM alpine
ENV FILE=archive.tar.gz
ENV BASE=${FILE%.*} STEM=${FILE%%.*}
