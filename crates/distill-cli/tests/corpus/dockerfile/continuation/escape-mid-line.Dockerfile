FROM alpine
RUN echo a\ b \ c
ENV PATH_WITH_SPACE=/opt/my\ app
