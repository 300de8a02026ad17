FROM alpine
RUN cat <<ONE <<TWO
first
ONE
second but TWO never comes
