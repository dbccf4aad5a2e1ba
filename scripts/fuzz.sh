#!/usr/bin/env bash
# Runs every libFuzzer harness of the asan build for a bounded time each.
# Usage: scripts/fuzz.sh [SECONDS_PER_FUZZER]   (default 30)
# A crash leaves its reproducer in build/asan/fuzz-artifacts/ and makes this script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
fuzz_dir=build/asan/fuzz
[ -d "$fuzz_dir" ] || { echo "fuzz.sh: build the asan preset first (cmake --preset asan && cmake --build --preset asan)" >&2; exit 2; }
mkdir -p build/asan/fuzz-artifacts
status=0
for harness in "$fuzz_dir"/fuzz_*; do
  [ -x "$harness" ] || continue
  name=$(basename "$harness")
  seeds="fuzz/corpus/${name#fuzz_}"
  work=$(mktemp -d)
  echo "== $name for ${seconds}s (seeds: $seeds)"
  if ! "$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix=build/asan/fuzz-artifacts/"$name"- "$work" "$seeds" 2>"$work.log"; then
    echo "FAIL: $name found a problem:" >&2
    tail -n 40 "$work.log" >&2
    status=1
  else
    grep -E '^Done [0-9]+ runs' "$work.log" || true
  fi
  rm -rf "$work" "$work.log"
done
exit $status
