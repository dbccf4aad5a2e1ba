#!/usr/bin/env bash
# The main job: install, build (native and WebAssembly, with the browser extension), then
#   1. resolve a few links (linklens url),
#   2. inspect every link of a sample page (linklens inspect),
#   3. index a crawl and rank it (linklens ingest), explain the top domain (linklens explain),
#   4. serve the index (linklens serve) and say how to load the extension against it.
# Usage: scripts/run.sh [WARC_FILE_OR_FOLDER...]
#   With no arguments the crawl is the project's own fixture crawl (tests/fixtures: two snapshots
#   of a small made-up web, so new and lost links show); give WARC files or folders (e.g.
#   ../shared/data/warc, or a `linklens fetch-cc` download) to index those instead.
# Env: LINKLENS_SKIP_INSTALL=1 skips apt; LINKLENS_PORT (default 8787); LINKLENS_NO_SERVE=1 stops
#   before serving.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${LINKLENS_SKIP_INSTALL:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ]; then bash scripts/install-deps.sh; else sudo bash scripts/install-deps.sh; fi
fi
cmake --preset release >/dev/null
cmake --build --preset release
export NODE_PATH=/usr/share/nodejs
cmake --preset wasm >/dev/null
cmake --build --preset wasm --target extension
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
echo "== 3. linklens ingest (which ranks) + explain"
db=build/linklens.db
rm -f "$db" "$db-wal" "$db-shm"
if [ $# -eq 0 ]; then
  python3 tests/fixtures/make_fixture_crawl.py build/fixture-crawl
  "$bin" ingest --db "$db" --crawl fixture-1 build/fixture-crawl/snapshot-1.warc
  "$bin" ingest --db "$db" --crawl fixture-2 build/fixture-crawl/snapshot-2.warc
  example=acme-bikes.com
else
  "$bin" ingest --db "$db" --crawl sample "$@"
  example=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT domain FROM domain_overview ORDER BY referring_domains DESC LIMIT 1').fetchone()[0])" "$db")
fi
top=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT domain FROM domain_authority ORDER BY score DESC LIMIT 1').fetchone()[0])" "$db")
"$bin" explain "$top" --db "$db"

echo
echo "== 4. linklens serve"
extension="$(pwd)/build/wasm/extension/chromium"
# Chromium names an unpacked extension after its folder's path: the server's CORS list can name it.
extension_id=$(python3 -c "import hashlib,sys; print(''.join(chr(97 + int(c, 16)) for c in hashlib.sha256(sys.argv[1].encode()).hexdigest()[:32]))" "$extension")
port="${LINKLENS_PORT:-8787}"
cat > build/serve.json <<JSON
{"cors_origins": ["chrome-extension://$extension_id"], "access_log": "build/access.log"}
JSON
cat <<TEXT
The index is $(pwd)/$db; 'linklens help' lists every command, docs/http-api.md the API.

Load the extension (Chromium or Chrome):
  1. open chrome://extensions and turn on Developer mode;
  2. Load unpacked -> $extension   (its id will be $extension_id);
  3. in its options (right-click the toolbar button -> Options), set the server URL to
     http://127.0.0.1:$port and press Save;
  4. on any page, click the toolbar button (or press Alt+Shift+L): the overlay and the side panel open.
Firefox: build/wasm/extension/linklens-firefox.zip (about:debugging -> Load Temporary Add-on).
Store-ready zips: build/wasm/extension/linklens-chromium.zip, linklens-firefox.zip.

Try the API: curl 'http://127.0.0.1:$port/v1/overview?target=$example'
             curl 'http://127.0.0.1:$port/v1/backlinks?target=$example&limit=5&where=follow:eq:follow'
TEXT
if [ "${LINKLENS_NO_SERVE:-0}" = 1 ]; then exit 0; fi
echo "Serving on http://127.0.0.1:$port (Ctrl-C stops it)"
exec "$bin" serve --db "$db" --listen "127.0.0.1:$port" --config build/serve.json
