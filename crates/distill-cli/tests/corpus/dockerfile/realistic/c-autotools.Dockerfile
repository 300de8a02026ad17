FROM debian:bookworm AS build
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        build-essential \
        autoconf \
        automake \
        libtool \
    ; \
    rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN ./autogen.sh && ./configure --prefix=/opt/tool && make -j"$(nproc)" && make install

FROM debian:bookworm-slim
COPY --from=build /opt/tool /opt/tool
ENV PATH="/opt/tool/bin:${PATH}"
CMD ["tool", "--help"]
