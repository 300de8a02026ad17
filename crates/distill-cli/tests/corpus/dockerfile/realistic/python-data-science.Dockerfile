FROM python:3.11 AS builder
# compile wheels once
RUN pip wheel --wheel-dir /wheels \
        numpy==1.26.4 \
        pandas==2.2.1 \
        # scipy is pinned for reproducibility
        scipy==1.12.0

FROM python:3.11-slim
COPY --from=builder /wheels /wheels
RUN pip install --no-index --find-links=/wheels /wheels/*.whl && rm -rf /wheels
ENTRYPOINT ["python3"]
