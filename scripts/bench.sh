#!/usr/bin/env bash
# Wall time and peak memory of the native pipeline on demo data (results go in BENCHMARKS.md).
# Usage: scripts/bench.sh [FIRMS...]   (default: 2000 20000; 350000 is the national scale of
# issue 4: about 4 GB of files in $TMPDIR, 3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p vigie-cli
bin=target/release/vigie
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() { # label, command...
  local label=$1; shift
  local start end rss
  start=$(date +%s.%N)
  rss=$( { /usr/bin/time -f "%M" "$@" >/dev/null; } 2>&1 | tail -n 1 )
  end=$(date +%s.%N)
  printf '| %-34s | %8.2f s | %8.0f MB |\n' "$label" "$(echo "$end - $start" | bc)" "$(echo "$rss / 1024" | bc)"
}
echo "| step | wall time | peak memory |"
echo "|---|---:|---:|"
for n in "${@:-2000 20000}"; do
  for firms in $n; do
    measure "vigie demo --firms $firms" $bin demo --firms "$firms" --out "$work/$firms"
    size=$(du -sm "$work/$firms" | cut -f1)
    measure "vigie ingest ($firms firms, ${size} MB)" $bin ingest "$work/$firms"
    measure "vigie score ($firms firms, ${size} MB)" $bin score "$work/$firms" -o "$work/$firms.csv"
  done
done
