ARG REGISTRY=docker.io
ARG IMAGE=${REGISTRY}/library/alpine
FROM $IMAGE
ARG FULL="${REGISTRY:-ghcr.io}/x"
