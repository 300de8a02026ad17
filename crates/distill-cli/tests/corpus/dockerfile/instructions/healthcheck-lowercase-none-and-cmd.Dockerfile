FROM nginx AS base
healthcheck none

FROM base
HEALTHCHECK --interval=1m cmd wget -q -O- http://localhost:8080/health
