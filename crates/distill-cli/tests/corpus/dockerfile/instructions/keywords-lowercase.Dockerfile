from alpine:3.19 as base
run echo "lower case works"
copy . /src
cmd ["sh"]
