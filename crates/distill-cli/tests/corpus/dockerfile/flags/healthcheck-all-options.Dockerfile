FROM postgres:16
HEALTHCHECK --interval=30s --timeout=5s --start-period=1m --start-interval=2s --retries=5 \
  CMD pg_isready -U postgres || exit 1
