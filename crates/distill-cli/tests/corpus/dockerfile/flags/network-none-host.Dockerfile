FROM alpine
RUN --network=none echo offline
RUN --network=host wget -q -O- http://localhost:8080/
RUN --network=default echo default
