FROM alpine AS base
RUN echo base
FROM base AS test
RUN echo test
FROM base
