FROM alpine
ENV A=x
ENV B='$A' C="$A"
