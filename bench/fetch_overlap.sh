#!/usr/bin/env bash
# `newsrag models fetch --convert --openvino` (what `make test` runs) into empty folders, without pip's
# cache (as on a fresh machine), by the code before and after a change, one after the other on one
# machine: wall time and peak memory of each.
#   bash bench/fetch_overlap.sh BEFORE_COMMIT > bench/fetch-overlap-<date>.txt
set -euo pipefail
before=${1:?commit to compare with}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/before" 2>/dev/null; rm -rf "$work"' EXIT
git -C "$root" worktree add -q "$work/before" "$before"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) x $(nproc)"
echo "before: $before; after: $(git -C "$root" rev-parse --short HEAD) (with the working tree's changes)"
for side in before after; do
  src=$root/src; [ "$side" = before ] && src=$work/before/src
  start=$(date +%s.%N)
  PIP_NO_CACHE_DIR=1 PYTHONPATH=$src NEWSRAG_MODELS_DIR=$work/models-$side /usr/bin/time -f "peak rss %M KB" \
    "$root/.venv/bin/python" -m newsrag models fetch --convert --openvino > "$work/$side.log" 2>&1
  echo "$side: $(echo "$(date +%s.%N) - $start" | bc | cut -d. -f1) s, $(grep 'peak rss' "$work/$side.log")"
  rm -rf "$work/models-$side"
done
