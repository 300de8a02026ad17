#escape=`
#syntax=example/frontend
FROM alpine
