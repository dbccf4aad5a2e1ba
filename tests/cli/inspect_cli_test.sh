#!/usr/bin/env bash
# End-to-end checks of `linklens inspect`: the JSON contract, encodings (BOM, header, meta,
# sniffing, legacy encodings through iconv), headers, bad input and exit codes.
# Usage: inspect_cli_test.sh PATH_TO_LINKLENS
set -uo pipefail
bin="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
# json_get FILE PYTHON_EXPR: evaluates EXPR with d = the parsed JSON
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1; }
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }

# 1. A UTF-8 page with every kind of link.
cat > "$dir/page.html" <<'HTML'
<!doctype html><html lang=en><head><title>Fixture &amp; page</title>
<link rel=canonical href="/canonical"><meta name="robots" content="noindex">
</head><body><nav><a href="/home">Home</a></nav>
<article><p>A long paragraph of real text that talks about things and links to
<a href="https://other.example.org/x" rel="NoFollow Sponsored">an advertiser</a> in the middle of a sentence,
which is where editorial links live.</p></article>
<footer><a href="https://www.example.com/about" rel="ugc">About</a></footer></body></html>
HTML
"$bin" inspect --url https://www.example.com/dir/ "$dir/page.html" > "$dir/out.json" || fail "utf-8 page exit code"
expect_eq title "$(json_get "$dir/out.json" "d['page']['title']")" "Fixture & page"
expect_eq noindex "$(json_get "$dir/out.json" "d['page']['robots']['noindex']")" "True"
expect_eq canonical "$(json_get "$dir/out.json" "d['page']['canonical']")" "https://www.example.com/canonical"
expect_eq kinds "$(json_get "$dir/out.json" "[l['kind'] for l in d['links']]")" "['canonical', 'text', 'text', 'text']"
expect_eq follow "$(json_get "$dir/out.json" "[l['follow'] for l in d['links'][1:]]")" "['follow', 'sponsored', 'ugc']"
expect_eq placement "$(json_get "$dir/out.json" "[l['placement'] for l in d['links'][1:]]")" "['navigation', 'content', 'footer']"
expect_eq scope "$(json_get "$dir/out.json" "[l['scope'] for l in d['links'][1:]]")" "['internal', 'external', 'internal']"

# 2. Encodings.
printf '<meta charset="shift_jis"><a href="/j">\x93\xfa\x96\x7b\x8c\xea</a>' > "$dir/sjis.html"   # 日本語 in Shift_JIS
"$bin" inspect --url http://jp.example/ "$dir/sjis.html" > "$dir/sjis.json" || fail "shift_jis exit code"
expect_eq shift_jis "$(json_get "$dir/sjis.json" "d['links'][0]['anchor']")" "日本語"
printf '<a href="/c">caf\xe9 \x93quoted\x94</a>' > "$dir/cp1252.html"  # unlabelled, not UTF-8: windows-1252
"$bin" inspect --url http://fr.example/ "$dir/cp1252.html" > "$dir/cp1252.json" || fail "windows-1252 exit code"
expect_eq windows_1252 "$(json_get "$dir/cp1252.json" "d['links'][0]['anchor']")" "café “quoted”"
printf '<a href="/l">caf\xe9</a>' > "$dir/latin1.html"
"$bin" inspect --url http://fr.example/ --header 'Content-Type: text/html; charset=ISO-8859-1' "$dir/latin1.html" > "$dir/latin1.json"
expect_eq content_type_header "$(json_get "$dir/latin1.json" "d['links'][0]['anchor']")" "café"
printf '<a href="/u">\xc3\xa9t\xc3\xa9</a>' | iconv -f UTF-8 -t UTF-16LE > "$dir/u16.body"
{ printf '\xff\xfe'; cat "$dir/u16.body"; } > "$dir/utf16.html"
"$bin" inspect --url http://u.example/ "$dir/utf16.html" > "$dir/utf16.json" || fail "utf-16 exit code"
expect_eq utf16_bom "$(json_get "$dir/utf16.json" "d['links'][0]['anchor']")" "été"
printf '<meta charset=utf-8><a href="/b">bad \xff\xfe byte</a>' > "$dir/invalid.html"
"$bin" inspect --url http://b.example/ "$dir/invalid.html" > "$dir/invalid.json" || fail "invalid utf-8 exit code"
expect_eq invalid_utf8 "$(json_get "$dir/invalid.json" "d['links'][0]['anchor']")" "bad �� byte"

# 3. Headers: X-Robots-Tag scoped to googlebot.
printf '<a href="/x">x</a>' > "$dir/x.html"
"$bin" inspect --url http://x.example/ --header 'X-Robots-Tag: googlebot: nofollow' "$dir/x.html" > "$dir/xr.json"
expect_eq x_robots_tag "$(json_get "$dir/xr.json" "d['links'][0]['effective_follow']")" "nofollow"

# 4. Bad input: clear errors, non-zero exits, never a crash or a hang.
head -c 3000000 /dev/urandom > "$dir/junk.bin"
timeout 60 "$bin" inspect --url http://j.example/ "$dir/junk.bin" > /dev/null; expect_eq binary_junk "$?" "0"
printf '<!-- never closed <a href=/x>x</a>' > "$dir/comment.html"
expect_eq unterminated_comment "$(timeout 10 "$bin" inspect --url http://c.example/ "$dir/comment.html" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["links"]))')" "0"
head -c 2000000 /dev/zero | tr '\0' 'a' > "$dir/big.html"
out=$("$bin" inspect --url http://b.example/ --max-bytes 1000000 "$dir/big.html" 2>&1); code=$?
expect_eq too_big_exit "$code" "1"
grep -q 'larger than 1000000 bytes' <<<"$out" || fail "too_big message: $out"
out=$("$bin" inspect "$dir/missing.html" 2>&1); expect_eq missing_file "$?" "1"
out=$("$bin" inspect --url 'not a url' "$dir/x.html" 2>&1); expect_eq bad_url "$?" "2"
grep -q 'not an absolute URL' <<<"$out" || fail "bad_url message: $out"
out=$(printf '<a href=/s>s</a>' | "$bin" inspect - 2>&1); expect_eq stdin_needs_url "$?" "2"
out=$(printf '<a href=/s>s</a>' | "$bin" inspect --url http://s.example/ - 2>&1); expect_eq stdin "$?" "0"
out=$("$bin" inspect --format xml --url http://x.example/ "$dir/x.html" 2>&1); expect_eq bad_format "$?" "2"
out=$("$bin" inspect --header 'NoColon' --url http://x.example/ "$dir/x.html" 2>&1); expect_eq bad_header "$?" "2"

# 5. The readable table.
out=$("$bin" inspect --format table --url https://www.example.com/dir/ "$dir/page.html")
grep -q 'sponsored' <<<"$out" || fail "table shows follow status"
grep -q 'encoding  utf-8' <<<"$out" || fail "table shows the encoding"

if [ "$fails" = 0 ]; then echo "inspect_cli_test: all checks passed"; else echo "inspect_cli_test: $fails failed"; fi
[ "$fails" = 0 ]
