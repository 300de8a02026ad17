# leading comment
FROM alpine
   # indented comment
RUN echo one
#comment without space

RUN echo two   # not a comment, part of the command
