ARG STAGE=build
FROM alpine AS build
FROM alpine
COPY --from=${STAGE} --chown=${USER:-root} /x /x
