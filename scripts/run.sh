#!/usr/bin/env bash
# The main job, as far as Linklens goes today: install, build, then
#   1. resolve a few links (linklens url),
#   2. inspect every link of a sample page (linklens inspect),
#   3. index a crawl, rank it and explain the top domain (linklens ingest, rank, explain).
# Usage: scripts/run.sh [WARC_FILE_OR_FOLDER...]
#   With no arguments the crawl is a small synthetic one written by bench/generator; give WARC
#   files or folders (e.g. ../shared/data/warc, or a `linklens fetch-cc` download) to index those.
# Later milestones add: serve the index, and load the browser extension.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${LINKLENS_SKIP_INSTALL:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ]; then bash scripts/install-deps.sh; else sudo bash scripts/install-deps.sh; fi
fi
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release/server/linklens
"$bin" version

echo
echo "== 1. linklens url: links resolved as a browser resolves them, hosts folded into registrable domains"
"$bin" url --base "https://news.example.co.uk/world/article.html" \
  "../sport/" "//cdn.Bücher.de/img.png" "https://someone.blogspot.com/post?id=1#c" "mailto:desk@example.co.uk"

echo
echo "== 2. linklens inspect on examples/sample-page.html (every link, its follow status, placement, weight)"
"$bin" inspect --format table --url https://blog.example.com/reviews/trail-shoes --keyword "trail running shoes" \
  examples/sample-page.html

echo
echo "== 3. linklens ingest + rank + explain"
crawl=("$@")
if [ ${#crawl[@]} -eq 0 ]; then
  crawl=(build/sample-crawl.warc.gz)
  build/release/bench/generate_warc --pages 2000 --seed 7 --out "${crawl[0]}"
fi
db=build/linklens.db
rm -f "$db" "$db-wal" "$db-shm"
"$bin" ingest --db "$db" --crawl sample "${crawl[@]}"
"$bin" rank --db "$db"
top=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT domain FROM domain_authority ORDER BY score DESC LIMIT 1').fetchone()[0])" "$db")
"$bin" explain "$top" --db "$db"

echo
echo "The linklens binary is at $(pwd)/$bin and the index at $(pwd)/$db; 'linklens help' lists every command."
echo "JSON for scripts: $bin inspect --url URL FILE (the contract: docs/link-record.md)."
