ARG OUTER
ARG INNER=inner
FROM alpine
ENV V=${OUTER:-${INNER:-none}}
