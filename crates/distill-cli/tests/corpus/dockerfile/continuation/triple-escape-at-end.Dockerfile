FROM alpine
RUN echo three backslashes\\\
RUN echo next instruction
