#!/usr/bin/env bash
# Run every distill test with what the tests need: Debian packages, the
# Python oracles (in a virtual environment under the cargo target folder),
# and the shared test data (DISTILL_SHARED, default ../shared).
# Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v python3 >/dev/null || missing+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "test.sh: install these Debian packages first: ${missing[*]}" >&2
    exit 2
  fi
fi

target=${CARGO_TARGET_DIR:-target}
venv="$target/test-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r scripts/test-requirements.txt
DISTILL_PYTHON="$(cd "$venv/bin" && pwd)/python"
export DISTILL_PYTHON

if [ -z "${DISTILL_SHARED:-}" ]; then
  if [ -d ../shared ]; then
    DISTILL_SHARED=$(cd ../shared && pwd)
    export DISTILL_SHARED
  else
    echo "test.sh: the shared test data is not at ../shared; set DISTILL_SHARED" >&2
    exit 2
  fi
fi

cargo test --workspace --locked "$@"
