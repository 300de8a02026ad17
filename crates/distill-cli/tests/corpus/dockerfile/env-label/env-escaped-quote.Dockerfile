FROM alpine
ENV SAY="he said \"hi\"" PLAIN=it\'s
