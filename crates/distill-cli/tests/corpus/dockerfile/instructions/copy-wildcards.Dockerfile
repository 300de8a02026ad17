FROM python:3.12
COPY requirements*.txt /tmp/
COPY src/*.py  /app/
COPY ["data/a?.csv", "/data/"]
