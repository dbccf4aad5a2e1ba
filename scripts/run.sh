#!/usr/bin/env bash
# The main job, as far as Linklens goes today: install, build, and run the `linklens` CLI
# (URL resolution, and link inspection of a sample page).
# Usage: scripts/run.sh [URL...]   (default: a few example links)
# Later milestones add: index the bundled sample crawl, serve it, and load the extension.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${LINKLENS_SKIP_INSTALL:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ]; then bash scripts/install-deps.sh; else sudo bash scripts/install-deps.sh; fi
fi
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release/server/linklens
"$bin" version
if [ $# -gt 0 ]; then
  "$bin" url "$@"
else
  "$bin" url --base "https://news.example.co.uk/world/article.html" \
    "../sport/" "//cdn.Bücher.de/img.png" "https://someone.blogspot.com/post?id=1#c" "mailto:desk@example.co.uk"
fi
echo
echo "== linklens inspect on examples/sample-page.html (every link, its follow status, placement, weight)"
"$bin" inspect --format table --url https://blog.example.com/reviews/trail-shoes --keyword "trail running shoes" \
  examples/sample-page.html
echo
echo "The linklens binary is at $(pwd)/$bin; 'linklens help' lists its commands."
echo "JSON for scripts: $bin inspect --url URL FILE (the contract: docs/link-record.md)."
