#!/usr/bin/env bash
# End-to-end checks of `linklens url`: output contract (JSON fields), exit codes, stdin input.
# Usage: url_cli_test.sh PATH_TO_LINKLENS
set -uo pipefail
bin="$1"
fails=0
check() {  # check NAME EXPECTED_EXIT COMMAND... ; output in $out
  local name=$1 want=$2; shift 2
  out=$("$@" 2>&1); local got=$?
  if [ "$got" != "$want" ]; then echo "FAIL $name: exit $got, want $want: $out"; fails=$((fails + 1)); return 1; fi
  return 0
}
expect() {  # expect NAME PATTERN ; searches $out
  if ! grep -q -- "$2" <<<"$out"; then echo "FAIL $1: no '$2' in: $out"; fails=$((fails + 1)); fi
}

check json 0 "$bin" url --json --base https://www.example.co.uk/a/b ../c
expect json.href '"href": "https://www.example.co.uk/c"'
expect json.domain '"registrable_domain": "example.co.uk"'
expect json.suffix '"public_suffix": "co.uk"'
expect json.sub '"subdomain": "www"'
expect json.type '"host_type": "domain"'

check idn 0 "$bin" url --json "http://Bücher.DE/"
expect idn.puny '"hostname": "xn--bcher-kva.de"'
expect idn.unicode '"unicode_hostname": "bücher.de"'

check private_off 0 "$bin" url --json --no-private https://a.b.github.io/
expect private_off.domain '"registrable_domain": "github.io"'

check bad_input 1 "$bin" url --json "http://exa mple.com/" https://ok.example/
expect bad_input.error '"error": "invalid host"'
expect bad_input.other '"href": "https://ok.example/"'

check unknown_option 2 "$bin" url --bogus x
expect unknown_option.msg 'unknown option --bogus'
check no_input 2 "$bin" url
check bad_base 2 "$bin" url --base "not a url" x
expect bad_base.msg 'invalid host\|not an absolute URL'
check missing_psl 2 "$bin" url --psl /nonexistent/list.dat https://a.com/
check unknown_command 2 "$bin" frobnicate

out=$(printf 'https://a.example.com/\n\nhttp://[::1]/\n' | "$bin" url --json - 2>&1)
expect stdin.first '"registrable_domain": "example.com"'
expect stdin.ipv6 '"host_type": "ipv6"'

check version 0 "$bin" version
expect version.psl 'public suffix list 20'

if [ "$fails" = 0 ]; then echo "url_cli_test: all checks passed"; else echo "url_cli_test: $fails failed"; fi
[ "$fails" = 0 ]
