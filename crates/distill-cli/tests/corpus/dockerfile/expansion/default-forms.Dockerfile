FROM alpine
ENV A=${UNSET:-fallback} B=${UNSET-dash}
RUN echo ${UNSET:-default value}
