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
  echo "== $(basename "$b")"
  "$b" "$@"
done
# Ingest at a size the real samples do not reach: 20,000 synthetic pages over a power-law graph.
generated=build/release/bench/generated-20k.warc.gz
[ -f "$generated" ] || build/release/bench/generate_warc --pages 20000 --seed 1 --out "$generated"
echo "== bench_ingest on $generated"
build/release/bench/bench_ingest "$generated"
