#!/usr/bin/env bash
# Proves the README's two commands on a freshly debootstrapped Debian 12 (bookworm):
#   1. `bash scripts/run.sh` (install, build, the four steps, then serve on 127.0.0.1:8787),
#      checked by curling the server it starts, then stopped;
#   2. `CI=true bash scripts/test.sh` (every build and test), its closing `tests:` line printed.
# Everything runs in a chroot of a clean bookworm, so nothing this machine happens to have
# installed (packages, npm config, ccache, node) can make the commands look better than they are.
# Only this machine's apt mirror, DNS and locally added CAs (which belong to its network) go in.
#
# Usage (as root): scripts/fresh-debian.sh [WORK [REVISION]]
#   WORK      work folder (default /var/tmp/linklens-fresh): WORK/root is the chroot,
#             WORK/logs the logs (debootstrap.log, run.log, curl-*.txt, test.log, test-logs/).
#   REVISION  what to clone (default HEAD of the repository this script lives in).
# Env:
#   LINKLENS_FRESH_SKIP_RUN=1 / LINKLENS_FRESH_SKIP_TEST=1  skip a phase (to re-run only the other);
#   LINKLENS_FRESH_KEEP_CLONE=1  reuse the clone (and its build folders) left by a previous run
#                                instead of cloning afresh (faster, but no longer a clean clone);
#   LINKLENS_FRESH_RESET=1       throw the debootstrapped root away and debootstrap again (a
#                                reused root keeps what earlier runs left in it: the packages,
#                                /root/.cache/ccache, /root/.npm; results are the same, the
#                                timings shorter);
#   LINKLENS_FRESH_NO_SITE_CA=1  do not trust this machine's locally added CAs in the chroot;
#   LINKLENS_FRESH_RUN_WAIT (default 3600) seconds to wait for run.sh to serve;
#   LINKLENS_FRESH_TEST_TIMEOUT (default 6h) bound on test.sh.
# Exits non-zero when either command failed. The chroot stays in WORK for re-runs; its mounts and
# any process left in it are removed on exit (also on failure or Ctrl-C).
set -euo pipefail

work=${1:-/var/tmp/linklens-fresh}
revision=${2:-HEAD}
port=8787  # the README's port; the chroot shares this machine's network, so it must be free here
chroot_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { printf '[fresh-debian %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }
duration() { printf '%dh%02dm%02ds' $(($1 / 3600)) $(($1 % 3600 / 60)) $(($1 % 60)); }

[ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and mount need it)"

# Developers share the 2 cores: everything below (debootstrap, apt, the builds, the tests)
# inherits the lowest CPU priority and a low disk priority.
if [ "${LINKLENS_FRESH_NICED:-}" != 1 ]; then
  export LINKLENS_FRESH_NICED=1
  exec nice -n 19 ionice -c 2 -n 7 bash "$0" "$@"
fi

repo=$(git -C "$(dirname "$(readlink -f "$0")")" rev-parse --show-toplevel)
shared=$(readlink -f "$repo/..")/shared  # CI puts ../shared beside the clone: so does the chroot
commit=$(git -C "$repo" rev-parse --verify "$revision^{commit}") || die "no such revision: $revision"
[ -f "$shared/data/MANIFEST.md" ] || die "$shared/data is missing; CI=true test.sh needs it"

mkdir -p "$work/logs"
work=$(readlink -f "$work")
root=$work/root
marker=$work/root.debootstrapped  # written only after debootstrap succeeded: a root without it is partial
logs=$work/logs

# --- Port 8787 -------------------------------------------------------------------------------
# The chroot has no network namespace of its own: a server already on 8787 here would make
# run.sh's `linklens serve` fail (or, worse, answer our curls in its place).
port_taken() {
  local hex
  hex=$(printf ':%04X' "$port")
  # /proc/net/tcp{,6}: local address is field 2 (ADDR:PORT in hex), state 0A is LISTEN.
  awk -v p="$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { found = 1 }
    END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
if [ "${LINKLENS_FRESH_SKIP_RUN:-0}" != 1 ] && port_taken; then
  die "port $port is already taken on this machine (the chroot shares its network): free it first"
fi

# --- Processes and mounts of the chroot ------------------------------------------------------
# Processes inside the chroot, found by their root directory (/proc/PID/root), never by name:
# other people's builds and servers on this machine look the same by name.
chroot_pids() {
  local p r
  for p in /proc/[0-9]*; do
    r=$(readlink "$p/root" 2>/dev/null) || continue
    if [ "$r" = "$root" ] || [ "${r#"$root"/}" != "$r" ]; then
      echo "${p#/proc/}"
    fi
  done
  return 0
}
kill_chroot_processes() {
  local pids round
  for round in 1 2 3 4 5 6; do
    mapfile -t pids < <(chroot_pids)
    [ "${#pids[@]}" -gt 0 ] || return 0
    if [ "$round" -le 3 ]; then
      say "stopping processes left in the chroot (TERM): ${pids[*]}"
      kill -TERM "${pids[@]}" 2> /dev/null || true
    else
      say "killing processes left in the chroot (KILL): ${pids[*]}"
      kill -KILL "${pids[@]}" 2> /dev/null || true
    fi
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      [ -n "$(chroot_pids)" ] || return 0
      sleep 1
    done
  done
  mapfile -t pids < <(chroot_pids)
  [ "${#pids[@]}" = 0 ] || say "WARNING: processes still in the chroot: ${pids[*]}"
}
# Mount points under the chroot, deepest first (from mountinfo, so stale ones of a killed run count).
mounts_under_root() {
  awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}
unmount_all() {
  local m
  for m in $(mounts_under_root); do
    umount "$m" 2>/dev/null || umount -l "$m" || say "WARNING: could not unmount $m"
  done
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  kill_chroot_processes
  unmount_all
  if [ -n "$(mounts_under_root)" ]; then say "WARNING: mounts left under $root:"; mounts_under_root; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A run killed with SIGKILL leaves processes and mounts behind: clear them before touching root.
kill_chroot_processes
unmount_all

# --- The Debian mirror this machine uses -----------------------------------------------------
# Prints "URI SUITE COMPONENTS..." for every enabled `deb` entry of this machine's apt sources, in
# both formats (one-line *.list and deb822 *.sources). Files apt ignores (other suffixes) are skipped.
host_apt_entries() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '{ sub(/#.*/, "") } $1 == "deb" { sub(/\[[^]]*\]/, ""); $1 = ""; sub(/^ +/, ""); print }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush(   nu, ns, u, s, i, j) {
        if (types ~ /(^| )deb( |$)/ && tolower(enabled) != "no") {
          nu = split(uris, u, " "); ns = split(suites, s, " ")
          for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print u[i], s[j], comps
        }
        types = uris = suites = comps = key = ""; enabled = "yes"
      }
      BEGIN { enabled = "yes" }
      /^#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { if (key == "uris") uris = uris " " $0; else if (key == "suites") suites = suites " " $0
                 else if (key == "components") comps = comps " " $0; next }
      { key = tolower($0); sub(/:.*/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "types") types = val; else if (key == "uris") uris = val
        else if (key == "suites") suites = val; else if (key == "components") comps = val
        else if (key == "enabled") enabled = val }
      END { flush() }' "$f"
  done
}
# Only what a standard Debian 12 install configures (bookworm, -updates, -security), from this
# machine's own mirrors: the network may reach nothing else.
debian_entries=$(host_apt_entries | awk '$2 ~ /^bookworm(-updates|-security)?$/ { $2 = $2; print }' | sort -u)
mirror=$(awk '$2 == "bookworm" { print $1; exit }' <<< "$debian_entries")
[ -n "$mirror" ] || die "no 'bookworm' entry in /etc/apt/sources.list{,.d/*}: cannot tell which Debian mirror to use"
say "repository $repo at $commit; shared data $shared; Debian mirror $mirror"

# --- The debootstrapped root -----------------------------------------------------------------
t0=$(date +%s)
if [ "${LINKLENS_FRESH_RESET:-0}" = 1 ]; then rm -f "$marker"; fi
if [ -f "$marker" ] && [ -x "$root/bin/bash" ]; then
  say "reusing the debootstrapped root $root (from $(cat "$marker"); LINKLENS_FRESH_RESET=1 starts over)"
  debootstrap_took="reused (made $(cat "$marker"))"
else
  if [ -e "$root" ]; then
    say "removing the incomplete root $root"
    [ -z "$(mounts_under_root)" ] || die "mounts remain under $root: not removing it"
    rm -rf --one-file-system "$root"
  fi
  if ! command -v debootstrap > /dev/null; then
    say "installing debootstrap on this machine"
    # Other people may be running apt: wait for the dpkg lock rather than fail.
    apt_host=(apt-get -o DPkg::Lock::Timeout=600)
    DEBIAN_FRONTEND=noninteractive "${apt_host[@]}" install -y debootstrap ||
      { "${apt_host[@]}" update && DEBIAN_FRONTEND=noninteractive "${apt_host[@]}" install -y debootstrap; }
  fi
  say "debootstrapping bookworm into $root (log: $logs/debootstrap.log)"
  if ! debootstrap bookworm "$root" "$mirror" > "$logs/debootstrap.log" 2>&1; then
    tail -n 30 "$logs/debootstrap.log" >&2
    unmount_all  # debootstrap mounts proc and sys itself and may leave them on failure
    die "debootstrap failed"
  fi
  date -u +%Y-%m-%dT%H:%M:%SZ > "$marker"
  debootstrap_took=$(duration $(($(date +%s) - t0)))
  say "debootstrap took $debootstrap_took"
fi

# The chroot's apt sources: the same suites a Debian 12 install has, on this machine's mirror
# (debootstrap alone writes only "bookworm main"; the security suite carries today's Chromium).
awk '{ print "deb " $0 }' <<< "$debian_entries" > "$root/etc/apt/sources.list"
# A chroot has no init: a package's postinst that starts its service (clickhouse-server ships an
# init.d script) would start a daemon on this machine's network that outlives the run. A real
# fresh machine starts it under systemd; the tests start their own servers on free ports.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"  # name resolution for apt and npm

# This machine's site CAs (the locally added ones, /usr/local/share/ca-certificates): where the
# network intercepts TLS (an egress proxy re-signing https), a fresh machine on it needs them as
# this one does, or npm's https requests fail with SELF_SIGNED_CERT_IN_CHAIN. They belong to the
# network, not to the project. ca-certificates (pulled in by install-deps.sh) folds them into
# /etc/ssl/certs/ca-certificates.crt; npm is pointed at that bundle, because the pinned official
# Node.js 22 reads only its own built-in roots. On an ordinary machine there are none: no change.
# LINKLENS_FRESH_NO_SITE_CA=1 leaves them out (to see what a machine without them gets).
site_cas=()
if [ "${LINKLENS_FRESH_NO_SITE_CA:-0}" != 1 ]; then
  for f in /usr/local/share/ca-certificates/*.crt; do [ -f "$f" ] && site_cas+=("$f"); done
fi
rm -rf "$root/usr/local/share/ca-certificates/linklens-fresh-site"
if [ "${#site_cas[@]}" -gt 0 ]; then
  mkdir -p "$root/usr/local/share/ca-certificates/linklens-fresh-site"
  cp "${site_cas[@]}" "$root/usr/local/share/ca-certificates/linklens-fresh-site/"
  printf '# written by linklens scripts/fresh-debian.sh (site CAs)\ncafile=/etc/ssl/certs/ca-certificates.crt\n' \
    > "$root/etc/npmrc"
  say "site CAs of this machine trusted in the chroot (npm needs them on this network): ${site_cas[*]}"
elif grep -qs 'linklens scripts/fresh-debian.sh' "$root/etc/npmrc"; then
  rm -f "$root/etc/npmrc"
fi
# Refreshes the bundle when ca-certificates is already there (a reused root); otherwise its
# postinst does it when install-deps.sh installs it.
[ -x "$root/usr/sbin/update-ca-certificates" ] &&
  chroot "$root" /usr/bin/env -i PATH="$chroot_path" update-ca-certificates --fresh > /dev/null 2>&1

# --- Mounts ----------------------------------------------------------------------------------
# proc (ClickHouse, ps), sysfs (Chromium), /dev with /dev/pts, and a tmpfs /dev/shm of the
# chroot's own (Chromium's shared memory). Each is made private, so nothing mounted under the
# chroot's /dev propagates to this machine's /dev on systems whose mounts are shared.
mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/root/shared"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev" && mount --make-private "$root/dev"
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount --bind /dev/pts "$root/dev/pts" && mount --make-private "$root/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
# The third-party data, read-only, beside the clone as in CI (/root/shared next to /root/linklens).
mount --bind "$shared" "$root/root/shared"
mount -o remount,bind,ro "$root/root/shared"
mount --make-private "$root/root/shared"

# --- The clone -------------------------------------------------------------------------------
clone=$root/root/linklens
if [ "${LINKLENS_FRESH_KEEP_CLONE:-0}" = 1 ] && [ -d "$clone/.git" ]; then
  say "reusing the clone $clone (LINKLENS_FRESH_KEEP_CLONE=1), checking out $commit"
  git -C "$clone" fetch -q "$repo" "$commit"
  git -C "$clone" checkout -q --detach "$commit"
else
  rm -rf --one-file-system "$clone"
  # Cloned with this machine's git (the fresh root has none until install-deps.sh runs): only
  # committed files, as CI gets them. --no-hardlinks: the clone shares no inode with the live repo.
  git clone -q --no-hardlinks --no-checkout "$repo" "$clone"
  git -C "$clone" cat-file -e "$commit" 2> /dev/null || git -C "$clone" fetch -q "$repo" "$commit"
  git -C "$clone" checkout -q --detach "$commit"
fi
say "the clone is at $(git -C "$clone" log -1 --format='%h %s' | cut -c1-100)"

run_status=skipped
test_status=skipped
run_seconds=0
test_seconds=0

# --- 1. bash scripts/run.sh --------------------------------------------------------------------
if [ "${LINKLENS_FRESH_SKIP_RUN:-0}" != 1 ]; then
  port_taken && die "port $port was taken on this machine meanwhile: free it first"
  say "1. bash scripts/run.sh (log: $logs/run.log)"
  rm -f "$logs"/curl-*.txt
  t0=$(date +%s)
  # As a fresh root login would run it: an empty environment but HOME and PATH. A plain command
  # (not a function) in the background, exec-ing all the way down: run.sh ends by exec-ing
  # `linklens serve`, so run_pid is chroot's PID, then run.sh's, then the server's.
  chroot "$root" /usr/bin/env -i HOME=/root PATH="$chroot_path" \
    bash -c 'cd /root/linklens && exec bash scripts/run.sh' > "$logs/run.log" 2>&1 &
  run_pid=$!
  serving=0
  deadline=$((t0 + ${LINKLENS_FRESH_RUN_WAIT:-3600}))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if ! kill -0 "$run_pid" 2> /dev/null; then break; fi
    # Ours answers only when the chroot's process is the server itself (not a stranger on 8787).
    exe=$(readlink "/proc/$run_pid/exe" 2> /dev/null || true)
    if [ "${exe%/build/release/server/linklens}" != "$exe" ] &&
       curl -fsS --max-time 5 "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then
      serving=1
      break
    fi
    sleep 10
  done
  run_seconds=$(($(date +%s) - t0))
  if [ "$serving" = 1 ]; then
    say "run.sh is serving on 127.0.0.1:$port after $(duration "$run_seconds") (server PID $run_pid)"
    # The curl lines run.sh itself suggests, plus the health check.
    urls=("http://127.0.0.1:$port/healthz")
    while IFS= read -r u; do urls+=("$u"); done < <(grep -oE "curl '[^']+'" "$logs/run.log" | sed -E "s/^curl '(.*)'$/\1/")
    run_status=ok
    n=0
    for u in "${urls[@]}"; do
      n=$((n + 1))
      out="$logs/curl-$n.txt"
      { echo "GET $u"; curl -sS -i --max-time 30 "$u"; echo; } > "$out" 2>&1 || true
      code=$(awk 'NR == 2 { print $2 }' "$out")
      say "curl $u -> HTTP ${code:-none} ($out)"
      sed -n '2,$p' "$out" | awk 'body { print } /^\r?$/ { body = 1 }' | cut -c1-400 | head -n 5 | sed 's/^/    /'
      [ "$code" = 200 ] || run_status=failed
    done
    say "stopping the server (PID $run_pid)"
    kill -TERM "$run_pid" 2> /dev/null || true
    for _ in $(seq 1 20); do kill -0 "$run_pid" 2> /dev/null || break; sleep 1; done
    wait "$run_pid" 2> /dev/null || true
  else
    if kill -0 "$run_pid" 2> /dev/null; then
      say "run.sh did not serve within $(duration "$run_seconds"); stopping it"
      kill_chroot_processes
      wait "$run_pid" 2> /dev/null || true
    else
      rc=0; wait "$run_pid" || rc=$?
      say "run.sh exited with status $rc before serving, after $(duration "$run_seconds")"
    fi
    run_status=failed
    say "last lines of $logs/run.log:"
    tail -n 40 "$logs/run.log" | sed 's/^/    /'
  fi
  kill_chroot_processes  # anything run.sh left behind
fi

# --- 2. CI=true bash scripts/test.sh -------------------------------------------------------------
if [ "${LINKLENS_FRESH_SKIP_TEST:-0}" != 1 ]; then
  say "2. CI=true bash scripts/test.sh (log: $logs/test.log)"
  t0=$(date +%s)
  # In the background and waited for, so a TERM to this script is acted on at once (bash runs
  # traps only between foreground commands), not hours later.
  timeout --kill-after=60 "${LINKLENS_FRESH_TEST_TIMEOUT:-6h}" \
    chroot "$root" /usr/bin/env -i HOME=/root PATH="$chroot_path" \
    bash -c 'cd /root/linklens && CI=true bash scripts/test.sh' > "$logs/test.log" 2>&1 &
  test_pid=$!
  rc=0
  wait "$test_pid" || rc=$?
  test_seconds=$(($(date +%s) - t0))
  kill_chroot_processes  # a timeout kills only test.sh's own process
  rm -rf "$logs/test-logs"
  [ -d "$clone/build/test-logs" ] && cp -r "$clone/build/test-logs" "$logs/test-logs"
  [ "$rc" = 0 ] && test_status=ok || test_status="failed (exit $rc)"
  say "test.sh exited with status $rc after $(duration "$test_seconds")"
  grep -E '^FAILED:' "$logs/test.log" | sed 's/^/    /' || true
  closing=$(grep -E '^tests: [0-9]+ passed, [0-9]+ failed' "$logs/test.log" | tail -n 1 || true)
  if [ -n "$closing" ]; then
    say "closing line: $closing"
  else
    say "no closing 'tests:' line; last lines of $logs/test.log:"
    tail -n 40 "$logs/test.log" | sed 's/^/    /'
  fi
fi

say "summary: debootstrap $debootstrap_took; run.sh $run_status ($(duration "$run_seconds") to serve);" \
    "test.sh $test_status ($(duration "$test_seconds")); logs in $logs"
[ "$run_status" != failed ] && [ "${test_status%% *}" != failed ]
