FROM alpine
LABEL desc="say \"hi\" please" path=C:\\temp
