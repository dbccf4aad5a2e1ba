#!/usr/bin/env bash
# Sets up and runs every test: installs the Debian packages, builds the native release, the
# sanitizer (ASan+UBSan, clang) and the WebAssembly builds, runs the whole CTest suite on each
# (the WASM one under node, with the extension's Chromium end-to-end test), then the style checks
# (scripts/lint.sh: clang-format, ESLint) and each fuzzer for a bounded time on the sanitizer
# build. The release build comes first: the extension test serves its index with the native server.
#
# The real third-party data must be at ../shared/data. With CI=true its absence is an error;
# elsewhere the tests that need it print SKIPPED and the rest still run.
# Env: LINKLENS_FUZZ_SECONDS (default 20) per fuzzer; LINKLENS_SKIP_INSTALL=1 skips apt.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ "${LINKLENS_SKIP_INSTALL:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ]; then bash scripts/install-deps.sh; else sudo bash scripts/install-deps.sh; fi
fi

data="${LINKLENS_SHARED_DATA:-$root/../shared/data}"
if [ ! -f "$data/MANIFEST.md" ]; then
  if [ "${CI:-}" = true ]; then
    echo "test.sh: $data is missing; CI must run with ../shared/data beside the clone" >&2
    exit 1
  fi
  echo "SKIPPED: $data is missing: tests that need the real data will skip" >&2
fi

# The extension's test tooling (playwright-core drives Debian's Chromium; web-ext lints the
# Firefox build), pinned by extension/package-lock.json, on the one pinned Node.js 22 of
# tools/node (Debian 12's node is 18, too old for them). It fails here, up front, with a clear
# message when that node cannot be had.
tools_node=$(bash scripts/install-node.sh | tail -n 1)
echo "=== extension tooling on $tools_node ($("$tools_node" --version))"

export NODE_PATH=/usr/share/nodejs
# Each preset's whole CTest output is kept (build/test-logs/PRESET.log), so a failure on a fresh
# machine leaves something to read; build/test-logs/all.log is what the closing line counts.
logs="$root/build/test-logs"
mkdir -p "$logs"
log="$logs/all.log"
: > "$log"
ctest_status=0
for preset in release asan wasm; do
  echo "=== build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "=== test: $preset"
  # ctest's own exit status counts too: a suite that fails to run is a failure, not a silence.
  set +e
  ctest --preset "$preset" --parallel 2 --output-on-failure > "$logs/$preset.log" 2>&1
  [ $? = 0 ] || ctest_status=1
  set -e
  cat "$logs/$preset.log" >> "$log"
  grep -E 'passed|failed|SKIPPED|Test +#' "$logs/$preset.log" || true
done

echo "=== lint (clang-format, ESLint)"
lint_status=0
bash scripts/lint.sh || lint_status=1

echo "=== fuzz (bounded)"
fuzz_status=0
bash scripts/fuzz.sh "${LINKLENS_FUZZ_SECONDS:-20}" || fuzz_status=1

# One closing line over all presets: "tests: N passed, N failed", from CTest's summary lines
# ("100% tests passed, 0 tests failed out of 54").
read -r passed failed < <(awk '/tests passed, [0-9]+ tests failed out of/ {
    for (i = 1; i <= NF; i++) if ($i == "out") total += $(i + 2);
    for (i = 3; i <= NF; i++) if ($i == "failed" && $(i - 1) == "tests") failed += $(i - 2) }
  END { print total - failed, failed + 0 }' "$log")
grep -q 'tests passed' "$log" || { echo "test.sh: ctest ran no tests" >&2; exit 1; }
if [ "$ctest_status" != 0 ] && [ "$failed" = 0 ]; then
  echo "test.sh: ctest failed without a failed test (see above)" >&2
  failed=1
fi
[ "$fuzz_status" = 0 ] || { echo "test.sh: a fuzzer failed" >&2; failed=$((failed + 1)); }
[ "$lint_status" = 0 ] || { echo "test.sh: lint failed (scripts/lint.sh)" >&2; failed=$((failed + 1)); }
# CTest lists them under "The following tests FAILED:", indented with a tab.
grep -E '^[[:space:]]*[0-9]+ - .*\((Failed|Timeout|Not Run|SEGFAULT|Subprocess aborted|Exception)' "$log" |
  sed -E 's/^[[:space:]]+//; s/^/FAILED: /' || true
[ "$failed" = 0 ] || echo "test.sh: the full CTest logs are in $logs"
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
