#!/usr/bin/env bash
# SQLite against a 2-shard ClickHouse cluster on one generated power-law link set (10 million links
# by default, LINKLENS_BENCH_LINKS to change; SQLite gets a 12 GB page cache, which its file must
# fit in for a fair figure: about 870 bytes a link): ingest, rank, bytes per link, per-target queries.
# Starts two clickhouse-server processes on 127.0.0.1 for the run and stops them by PID.
# Usage: bench/bench_stores.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
links=${LINKLENS_BENCH_LINKS:-10000000}
work=$(mktemp -d /tmp/linklens-bench-stores.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 - "$build/bench/bench_stores" "$links" "$work" <<'PY'
import os, subprocess, sys
sys.path.insert(0, 'tests/support')
from clickhouse_cluster import ClickHouseCluster
binary, links, work = sys.argv[1], sys.argv[2], sys.argv[3]
with ClickHouseCluster(os.path.join(work, 'clickhouse'), shards=2, max_memory_bytes=16 << 30) as cluster:
    sys.exit(subprocess.run([binary, '--links', links, '--sqlite', os.path.join(work, 'bench.db'),
                             '--clickhouse', cluster.url]).returncode)
PY
