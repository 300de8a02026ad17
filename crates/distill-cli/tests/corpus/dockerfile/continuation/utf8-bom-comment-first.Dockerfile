# comment right after the BOM
FROM alpine
