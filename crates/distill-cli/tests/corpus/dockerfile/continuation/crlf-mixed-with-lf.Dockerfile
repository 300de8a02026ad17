FROM alpine
RUN echo one \
    two \
    three
ENV A=1
CMD ["sh"]
