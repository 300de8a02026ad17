FROM python:3.12
ONBUILD ADD . /app/src
ONBUILD RUN cd /app/src && make install
