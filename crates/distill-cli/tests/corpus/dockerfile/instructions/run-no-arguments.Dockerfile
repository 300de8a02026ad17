FROM debian:bookworm
RUN
