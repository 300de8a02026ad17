FROM node:20
ONBUILD RUN --mount=type=cache,target=/root/.npm npm ci
