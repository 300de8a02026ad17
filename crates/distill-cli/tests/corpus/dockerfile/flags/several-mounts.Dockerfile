FROM rust:1.77
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/app/target \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    cargo build --release
