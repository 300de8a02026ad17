FROM alpine
CMD     ["echo", "spaces"]
ENTRYPOINT		["sh"]
