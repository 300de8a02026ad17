FROM alpine
RUN <<"EN"D
echo partly quoted delimiter
END
