#!/usr/bin/env bash
# The HTTP API under load: wrk on loopback against `linklens serve`, each lookup beside two floors
# measured in the same run: the server's own /healthz, and Debian's nginx answering `return 200`
# (a fixed peer the project does not control).
#
#   overview        GET /v1/overview of the index's most-linked domain
#   backlinks       GET /v1/backlinks, a page of 100 of that domain
#   authority_batch POST /v1/authority with 1,000 domains (what the extension sends per page)
#
# Each is measured twice: on a server as configured by default (answers kept in the response
# cache until the index or ranks file changes, so a repeated lookup is served from memory), and
# on one with "response_cache_mb": 0 (every answer read from the index: the cost of a first
# lookup), named *_uncached. Both run with the default connection limits (64 per address; wrk's
# 16 connections are within them).
#
# Usage: bench/bench_http.sh LINKLENS_BINARY INDEX_DB [SECONDS [RANKS_TXT_GZ]]
#   SECONDS: per figure (default 5). RANKS_TXT_GZ: a web-graph ranks file (bench_ranks writes a
#   20-million-row one) imported beside the index first, so every answer carries a web score.
# Prints, per figure: requests/s, p50 and p99 latency, as
#   bench: NAME VALUE UNIT vs PEER VALUE UNIT ratio X
set -euo pipefail
bin="$1" db="$2" seconds="${3:-5}" ranks_input="${4:-}"
command -v wrk > /dev/null || { echo "bench_http: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v nginx > /dev/null || { echo "bench_http: nginx is not installed (apt-get install nginx)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 0.2)" 2> /dev/null && return 0
    sleep 0.05
  done
  echo "bench_http: nothing listens on $1" >&2
  exit 1
}

# What is loaded: the index's links and domains, and the ranks file's rows. None is a failure.
read -r links domains < <(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('SELECT count(*) FROM link_rows').fetchone()[0], c.execute('SELECT count(*) FROM domain_authority').fetchone()[0])" "$db")
[ "$links" -gt 0 ] && [ "$domains" -gt 0 ] || { echo "bench_http: $db holds no links or no ranked domains" >&2; exit 1; }
ranks_json=""
ranks_rows=0
if [ -n "$ranks_input" ]; then
  "$bin" import-ranks --ranks "$work/ranks.db" --release bench --date 2026-06 "$ranks_input" > "$work/import.log"
  ranks_rows=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(sum(r[0] for r in c.execute('SELECT rows FROM releases')))" "$work/ranks.db" 2> /dev/null || echo 0)
  [ "$ranks_rows" -gt 0 ] || { echo "bench_http: $ranks_input imported no rows" >&2; cat "$work/import.log" >&2; exit 1; }
  ranks_json=", \"ranks\": \"$work/ranks.db\""
fi

start_server() {  # NAME CACHE_MB -> port in $work/NAME.port
  local port
  port=$(free_port)
  echo "{\"access_log\": \"\", \"threads\": 16, \"anonymous_rate_per_second\": 1e9, \"anonymous_burst\": 1e9, \"response_cache_mb\": $2$ranks_json}" > "$work/$1.json"
  "$bin" serve --db "$db" --listen "127.0.0.1:$port" --config "$work/$1.json" > "$work/$1.log" 2>&1 &
  pids+=($!)
  wait_port "$port"
  echo "$port" > "$work/$1.port"
}
start_server cached 64
start_server uncached 0
cached=$(cat "$work/cached.port") uncached=$(cat "$work/uncached.port")

nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" << CONF
daemon off;
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
wait_port "$nginx_port"

domain=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT domain FROM domain_overview ORDER BY backlinks DESC LIMIT 1').fetchone()[0])" "$db")
# In no particular order, as a page's links name their domains (the table's own order, sorted by
# name, made the index's lookups walk forward and flattered them).
python3 - "$db" > "$work/batch.json" << 'PY'
import json, random, sqlite3, sys
domains = [r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT domain FROM domain_authority LIMIT 1000')]
domains += [f'unknown-{i}.example' for i in range(1000 - len(domains))]
random.Random(19).shuffle(domains)
print(json.dumps({'targets': domains}))
PY
known=$(python3 -c "import json,sys; print(sum(1 for d in json.load(open(sys.argv[1]))['targets'] if not d.startswith('unknown-')))" "$work/batch.json")
cat > "$work/post.lua" << LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/batch.json", "r")
wrk.body = f:read("*a")
f:close()
LUA

# wrk's text: "Requests/sec: N" and "50% 1.23ms" / "99% 4.56ms" (us, ms or s).
run() {  # NAME PORT PATH [LUA]
  local name="$1" port="$2" path="$3" lua="${4:-}"
  wrk -t2 -c16 -d"${seconds}s" --latency ${lua:+-s "$lua"} "http://127.0.0.1:$port$path" > "$work/$name.txt"
  python3 - "$work/$name.txt" > "$work/$name.fig" << 'PY'
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
report() {  # NAME (beside healthz and nginx)
  read -r rps p50 p99 errors < "$work/$1.fig"
  read -r hrps hp50 hp99 _ < "$work/healthz.fig"
  read -r nrps _ _ _ < "$work/nginx.fig"
  if [ "$errors" != 0 ]; then
    echo "bench_http: $1 had $errors non-2xx answers" >&2
    exit 1
  fi
  python3 - "$1" "$rps" "$p50" "$p99" "$hrps" "$hp50" "$hp99" "$nrps" << 'PY'
import sys
n, rps, p50, p99, hrps, hp50, hp99, nrps = sys.argv[1], *map(float, sys.argv[2:])
print(f'bench: http_{n} {rps:.0f} req/s vs healthz {hrps:.0f} req/s ratio {rps / hrps:.3f}')
print(f'bench: http_{n}_vs_nginx {rps:.0f} req/s vs nginx_return_200 {nrps:.0f} req/s ratio {rps / nrps:.3f}')
print(f'bench: http_{n}_p50 {p50:.3f} ms vs healthz_p50 {hp50:.3f} ms ratio {p50 / hp50:.2f}')
print(f'bench: http_{n}_p99 {p99:.3f} ms vs healthz_p99 {hp99:.3f} ms ratio {p99 / hp99:.2f}')
PY
}
run healthz "$cached" /healthz
run nginx "$nginx_port" /
run overview "$cached" "/v1/overview?target=$domain"
run backlinks "$cached" "/v1/backlinks?target=$domain&limit=100"
run authority_batch "$cached" /v1/authority "$work/post.lua"
run overview_uncached "$uncached" "/v1/overview?target=$domain"
run backlinks_uncached "$uncached" "/v1/backlinks?target=$domain&limit=100"
run authority_batch_uncached "$uncached" /v1/authority "$work/post.lua"
echo "inputs: index $db ($links links, $domains ranked domains), target $domain, batch of 1000 ($known in the index)," \
  "ranks ${ranks_input:-none} ($ranks_rows rows); wrk -t2 -c16, ${seconds}s each, on 127.0.0.1"
read -r nrps np50 np99 _ < "$work/nginx.fig"
read -r hrps hp50 hp99 _ < "$work/healthz.fig"
python3 -c "import sys; h, n = map(float, sys.argv[1:]); print(f'bench: http_healthz {h:.0f} req/s vs nginx_return_200 {n:.0f} req/s ratio {h / n:.3f}')" "$hrps" "$nrps"
for n in overview backlinks authority_batch overview_uncached backlinks_uncached authority_batch_uncached; do report "$n"; done
