#!/usr/bin/env bash
# The HTTP API under load: wrk on loopback against `linklens serve`, each lookup beside /healthz
# measured in the same run (the ratio is what the lookup costs over the HTTP floor).
#
#   overview        GET /v1/overview of the index's most-linked domain
#   backlinks       GET /v1/backlinks, a page of 100 of that domain
#   authority_batch POST /v1/authority with 1,000 domains (what the extension sends per page)
#
# Usage: bench/bench_http.sh LINKLENS_BINARY INDEX_DB [SECONDS]   (default 5 s per figure)
# Prints, per figure: requests/s, p50 and p99 latency, as
#   bench: NAME VALUE UNIT vs PEER VALUE UNIT ratio X
set -euo pipefail
bin="$1" db="$2" seconds="${3:-5}"
command -v wrk > /dev/null || { echo "bench_http: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo '{"access_log": "", "threads": 16, "anonymous_rate_per_second": 1e9, "anonymous_burst": 1e9}' > "$work/serve.json"
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --config "$work/serve.json" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.05
done
domain=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT domain FROM domain_overview ORDER BY backlinks DESC LIMIT 1').fetchone()[0])" "$db")
python3 - "$db" > "$work/batch.json" <<'PY'
import json, sqlite3, sys
domains = [r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT domain FROM domain_authority LIMIT 1000')]
domains += [f'unknown-{i}.example' for i in range(1000 - len(domains))]
print(json.dumps({'targets': domains}))
PY
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/batch.json", "r")
wrk.body = f:read("*a")
f:close()
LUA

# wrk's text: "Requests/sec: N" and "50% 1.23ms" / "99% 4.56ms" (us, ms or s).
run() {  # NAME PATH [LUA]
  local name="$1" path="$2" lua="${3:-}"
  wrk -t2 -c16 -d"${seconds}s" --latency ${lua:+-s "$lua"} "http://127.0.0.1:$port$path" > "$work/$name.txt"
  python3 - "$work/$name.txt" > "$work/$name.fig" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v, unit):
    return float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[unit]
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
p50 = ms(*re.search(r'\s50%\s+([\d.]+)(us|ms|s)', text).groups())
p99 = ms(*re.search(r'\s99%\s+([\d.]+)(us|ms|s)', text).groups())
errors = re.search(r'Non-2xx or 3xx responses: (\d+)', text)
print(rps, p50, p99, errors.group(1) if errors else 0)
PY
}
report() {  # NAME (beside healthz)
  read -r rps p50 p99 errors < "$work/$1.fig"
  read -r hrps hp50 hp99 _ < "$work/healthz.fig"
  [ "$errors" = 0 ] || echo "bench_http: $1 had $errors non-2xx answers" >&2
  python3 - "$1" "$rps" "$p50" "$p99" "$hrps" "$hp50" "$hp99" <<'PY'
import sys
n, rps, p50, p99, hrps, hp50, hp99 = sys.argv[1], *map(float, sys.argv[2:])
print(f'bench: http_{n} {rps:.0f} req/s vs healthz {hrps:.0f} req/s ratio {rps / hrps:.3f}')
print(f'bench: http_{n}_p50 {p50:.3f} ms vs healthz_p50 {hp50:.3f} ms ratio {p50 / hp50:.2f}')
print(f'bench: http_{n}_p99 {p99:.3f} ms vs healthz_p99 {hp99:.3f} ms ratio {p99 / hp99:.2f}')
PY
}
run healthz /healthz
run overview "/v1/overview?target=$domain"
run backlinks "/v1/backlinks?target=$domain&limit=100"
run authority_batch /v1/authority "$work/post.lua"
echo "wrk -t2 -c16, ${seconds}s each, on 127.0.0.1; index $db; target $domain"
for n in overview backlinks authority_batch; do report "$n"; done
