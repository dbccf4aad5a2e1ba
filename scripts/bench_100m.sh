#!/usr/bin/env bash
# The SQLite index at 100 million generated links (issue #15's size), run by hand, never by the
# test command: bench_stores --sqlite-only builds it (ingest beside the generator alone, rank,
# bytes per link), then bench_queries times the lookups on it. About an hour and 15 GB of disk on
# the 2-core development machine.
# Usage: scripts/bench_100m.sh [BUILD_DIR [WORK_DIR]]   (default build/release and /var/tmp)
#        LINKLENS_BENCH_LINKS=N changes the size.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
work=$(mktemp -d "${2:-/var/tmp}/linklens-bench-100m.XXXXXX")
trap 'rm -rf "$work"' EXIT
links=${LINKLENS_BENCH_LINKS:-100000000}
echo "== bench_stores --sqlite-only, $links links (in $work)"
"$build/bench/bench_stores" --links "$links" --sqlite "$work/bench.db" --sqlite-only
echo "== bench_queries on that index"
"$build/bench/bench_queries" "$work/bench.db"
