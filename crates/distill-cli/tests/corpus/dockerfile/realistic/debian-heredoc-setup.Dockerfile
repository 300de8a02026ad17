# syntax=docker/dockerfile:1.4
FROM debian:bookworm-slim
RUN <<EOT bash
  set -euo pipefail
  apt-get update
  apt-get install -y --no-install-recommends python3
  rm -rf /var/lib/apt/lists/*
EOT
COPY <<-"EOF" /etc/profile.d/app.sh
	export APP_HOME=/app
	export PATH="$APP_HOME/bin:$PATH"
	EOF
