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
