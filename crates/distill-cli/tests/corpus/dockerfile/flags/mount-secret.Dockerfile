FROM node:20
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true npm ci
RUN --mount=type=secret,id=token,env=API_TOKEN ./fetch.sh
