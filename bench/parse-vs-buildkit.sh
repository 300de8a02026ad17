#!/usr/bin/env bash
# Parse the generated corpus (1000 repositories) with `distill parse` and
# with BuildKit's own parser (the PyPI package `dockerfile`), each on one
# core, and print the throughput of both and the ratio.
#
#   bench/parse-vs-buildkit.sh [ROUNDS]
#
# ROUNDS (default 20) repeats the file list so that the run is long enough
# to time; both tools get the same list. Needs python3 with `dockerfile`
# (scripts/test.sh installs it; set DISTILL_PYTHON to that interpreter) and
# the shared folder (DISTILL_SHARED, default ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
shared=${DISTILL_SHARED:-../shared}
python=${DISTILL_PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$shared/bench/gen-corpus.py" "$work/corpus" --repos 1000 >/dev/null
find "$work/corpus" -name Dockerfile | sort > "$work/files"
count=$(wc -l < "$work/files")
bytes=$(xargs cat < "$work/files" | wc -c)
for _ in $(seq "$rounds"); do cat "$work/files"; done > "$work/list"

cargo build --release -q -p distill-cli
distill=${CARGO_TARGET_DIR:-target}/release/distill

# time_one NAME CMD...: wall seconds and peak RSS (KiB) on core 0
time_one() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" taskset -c 0 "$@" > /dev/null
  read -r secs rss < "$work/$name.time"
  echo "$secs $rss"
}

# distill's own log gives the time spent parsing, without reading files
# and writing JSON.
/usr/bin/time -f '%e %M' -o "$work/distill.time" taskset -c 0 \
  xargs -a "$work/list" "$distill" -v parse --format json 2> "$work/distill.log" > /dev/null
read -r d_secs d_rss < "$work/distill.time"
parse_ms=$(awk '/parsed [0-9]+ files/ { for (i = 1; i <= NF; i++) if ($(i+1) == "ms:") s += $i } END { print s }' "$work/distill.log")
read -r b_secs b_rss < <(time_one buildkit xargs -a "$work/list" "$python" crates/distill-cli/tests/oracle/buildkit_oracle.py)

awk -v n="$count" -v b="$bytes" -v r="$rounds" -v pm="$parse_ms" \
    -v ds="$d_secs" -v dr="$d_rss" -v bs="$b_secs" -v br="$b_rss" 'BEGIN {
  mb = b * r / 1e6
  printf "corpus: %d Dockerfiles, %.2f MB, parsed %d times (%.1f MB)\n", n, b / 1e6, r, mb
  printf "%-26s %8s %10s %12s\n", "parser", "wall s", "MB/s", "peak RSS MB"
  printf "%-26s %8.2f %10.1f %12.1f\n", "distill parse --format json", ds, mb / ds, dr / 1024
  printf "%-26s %8.2f %10.1f %12.1f\n", "BuildKit (PyPI dockerfile)", bs, mb / bs, br / 1024
  printf "distill is %.1fx faster end to end (reading files, parsing, writing JSON)\n", bs / ds
  printf "distill parser alone: %.0f ms, %.1f MB/s on one core\n", pm, mb / (pm / 1000)
}'
