FROM python:3.12
ENTRYPOINT [""]
CMD ["python3"]
