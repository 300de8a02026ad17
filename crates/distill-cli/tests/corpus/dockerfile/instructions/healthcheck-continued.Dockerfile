FROM redis:7
HEALTHCHECK --interval=10s --timeout=3s \
    CMD ["redis-cli", \
         "ping"]
