#!/usr/bin/env bash
# The fuzz campaign: runs every libFuzzer harness of the asan build (tokenizer, inspect, DOM
# blocks, URL, domain, disavow reader, WARC, API request, ClickHouse, ranks, watches) for a given time each, from its
# seed corpus in fuzz/corpus/, and prints one summary line per harness:
#   fuzz: NAME runs N execs_per_s X cov C ft F corpus K seconds S
# (cov: code edges reached; ft: libFuzzer's features; corpus: inputs kept, seeds included).
# Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS] [--jobs N] [--keep DIR] [--only NAME]...
#   SECONDS_PER_HARNESS  default 30; CI runs it bounded, a campaign gives 1800
#   --jobs N             harnesses run side by side (default 1; the machine has 2 cores)
#   --keep DIR           keep each harness's grown corpus in DIR/NAME (to review and add to seeds)
#   --only NAME          run only this harness (repeatable; e.g. --only fuzz_url)
# A crash leaves its reproducer in build/asan/fuzz-artifacts/ and makes this script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=30 jobs=1 keep="" only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --only) only+=("$2"); shift 2 ;;
    [0-9]*) seconds="$1"; shift ;;
    *) echo "fuzz.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
fuzz_dir="${LINKLENS_FUZZ_BIN:-build/asan/fuzz}"  # a copy keeps a long campaign apart from rebuilds
[ -d "$fuzz_dir" ] || { echo "fuzz.sh: build the asan preset first (cmake --preset asan && cmake --build --preset asan)" >&2; exit 2; }
mkdir -p build/asan/fuzz-artifacts
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

harnesses=()
for harness in "$fuzz_dir"/fuzz_*; do
  [ -x "$harness" ] || continue
  name=$(basename "$harness")
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]]; then continue; fi
  [ -d "fuzz/corpus/${name#fuzz_}" ] || { echo "fuzz.sh: $name has no seed corpus fuzz/corpus/${name#fuzz_}" >&2; exit 2; }
  harnesses+=("$name")
done
[ ${#harnesses[@]} -gt 0 ] || { echo "fuzz.sh: no harness to run" >&2; exit 2; }

# One harness: a fresh work corpus (seeds read from fuzz/corpus, never written there).
run_one() {
  local name="$1" work="$logs/$1.corpus"
  if [ -n "$keep" ]; then work="$keep/$name"; fi
  mkdir -p "$work"
  local start=$SECONDS rc=0
  "$fuzz_dir/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=build/asan/fuzz-artifacts/"$name"- "$work" "fuzz/corpus/${name#fuzz_}" >"$logs/$name.log" 2>&1 || rc=$?
  echo "$rc $((SECONDS - start))" >"$logs/$name.rc"
}

echo "fuzz.sh: ${#harnesses[@]} harnesses, ${seconds}s each, $jobs at a time"
running=0
for name in "${harnesses[@]}"; do
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait

status=0
for name in "${harnesses[@]}"; do
  read -r rc took <"$logs/$name.rc"
  log="$logs/$name.log"
  runs=$(grep -oE 'stat::number_of_executed_units: +[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  rate=$(grep -oE 'stat::average_exec_per_sec: +[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
  corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
  if [ "$rc" != 0 ]; then
    echo "FAIL: $name found a problem (exit $rc); reproducer in build/asan/fuzz-artifacts/:" >&2
    tail -n 40 "$log" >&2
    status=1
  elif [ "$runs" = 0 ]; then
    echo "FAIL: $name ran no input" >&2
    tail -n 20 "$log" >&2
    status=1
  fi
  echo "fuzz: $name runs $runs execs_per_s $rate cov $cov ft $ft corpus $corp seconds $took"
done
exit $status
