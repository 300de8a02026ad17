FROM alpine
ENV NAME=world
RUN echo $NAME
WORKDIR /home/$NAME
