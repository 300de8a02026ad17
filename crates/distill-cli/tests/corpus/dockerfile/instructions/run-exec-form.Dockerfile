FROM debian:bookworm
RUN ["/bin/bash", "-c", "echo hello from exec form"]
