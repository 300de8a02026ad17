FROM alpine
CMD {"not": "an array"}
