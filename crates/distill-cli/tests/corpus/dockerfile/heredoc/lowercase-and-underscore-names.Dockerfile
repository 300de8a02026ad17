FROM alpine
RUN <<eof
echo lower
eof
RUN <<END_OF_SCRIPT
echo underscore
END_OF_SCRIPT
