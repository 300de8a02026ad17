FROM alpine
LABEL "com.example.key with space"="value" 'single'=quoted
