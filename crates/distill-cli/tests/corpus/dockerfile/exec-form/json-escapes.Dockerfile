FROM alpine
CMD ["caf\u00e9", "line\nbreak", "a\/b", "tab\there", "quote\"inside", "back\\slash"]
