#!/usr/bin/env bash
# Installs everything Linklens builds and tests with, from Debian 12 packages only.
# Run as root. Idempotent: apt-get skips what is already there.
# Why each package is here:
#   build-essential cmake ninja-build ccache pkg-config  the native build
#   zlib1g-dev                 gzip WARC and page reading (also a dependency of libcpp-httplib-dev)
#   python3 python3-idna       build-time generation of the UTS #46 (IDNA) tables
#   python3-html5lib           the independent HTML5 parser of the differential link test
#   python3-igraph             judges `linklens rank --edges` output through the real CLI
#   publicsuffix               the Public Suffix List compiled into the core at build time
#   catch2 nlohmann-json3-dev  unit and conformance tests (JSON test vectors)
#   libsimdjson-dev libcpp-httplib-dev libsqlite3-dev   server side (ingest, HTTP, store)
#   geoip-database libgeoip-dev  referring country from WARC-IP-Address
#   libcurl4-openssl-dev       the peer in the URL benchmark (curl_url API)
#   libgumbo-dev               the peer in the link-extraction benchmark (an HTML5 tree builder)
#   libigraph-dev              the judge (and benchmark peer) of PageRank
#   clang-14 libclang-rt-14-dev  libFuzzer harnesses and sanitizer runtime
#   clang-format-14            the C++ style check of scripts/lint.sh (.clang-format)
#   wget                       writes real WARC fixtures (--warc-file) of a local test site
#   emscripten nodejs          the WebAssembly build of the core and running its tests
#   libssl-dev                 SHA-256 of API keys at rest and random key generation (libcrypto)
#   python3-jsonschema         checks every API answer against the server's own /openapi.json
#   wrk                        the HTTP load generator of the API benchmark
#   nginx                      the reverse proxy of deploy/nginx (TLS, slow clients), started by api.clients
#   chromium                   the browser the extension's end-to-end tests load it into
#   openssl                    throwaway certificates for the tests' TLS fronts (nginx, the
#                              extension test's https sites under their own names)
#   clickhouse-server clickhouse-client  the cluster store (18.16): the parity tests start two shards
#   jing python3-feedparser    judge the alerts' Atom feed: RELAX NG validation (RFC 4287's schema)
#                              and the feed reader library most readers are built on
#   npm                        the extension's test tooling (extension/package.json, pinned)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ "${LINKLENS_SKIP_APT_UPDATE:-0}" != 1 ]; then
  apt-get update
fi
apt-get install -y --no-install-recommends \
  build-essential cmake ninja-build ccache pkg-config git zlib1g-dev \
  python3 python3-idna python3-html5lib python3-igraph publicsuffix \
  catch2 nlohmann-json3-dev \
  libsimdjson-dev libcpp-httplib-dev libsqlite3-dev geoip-database libgeoip-dev \
  libcurl4-openssl-dev libgumbo-dev libigraph-dev \
  clang-14 libclang-rt-14-dev lld-14 clang-format-14 wget \
  emscripten nodejs libssl-dev python3-jsonschema wrk nginx chromium openssl clickhouse-server clickhouse-client \
  jing python3-feedparser
# npm: the Debian package only when no npm is on the machine (some images ship a newer one).
command -v npm > /dev/null || apt-get install -y --no-install-recommends npm
