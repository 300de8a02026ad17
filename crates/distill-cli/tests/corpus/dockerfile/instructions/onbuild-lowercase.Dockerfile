FROM alpine
onbuild run echo "lower case trigger"
Onbuild Copy . /src
