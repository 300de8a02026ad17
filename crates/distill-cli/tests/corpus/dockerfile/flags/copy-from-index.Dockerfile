FROM alpine
RUN echo first > /first
FROM alpine
COPY --from=0 /first /first
