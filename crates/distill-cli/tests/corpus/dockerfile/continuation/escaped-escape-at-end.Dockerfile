FROM alpine
RUN echo ends with a literal backslash\\
RUN echo next instruction
