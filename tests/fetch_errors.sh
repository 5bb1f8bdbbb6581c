#!/bin/sh
# Failing sources are recorded (status, message) and never stop the others; exit codes
# (0 all well, 1 some failed with a summary, 2 usage); the fetch limits from a --config
# file: max_body (also after gzip), redirects (count, ftp://, file://), 429/503 with
# Retry-After, total timeout and low-speed abort.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
. "$TESTDATA/cli/e2e_lib.sh"

mkdir -p "$T/www"
httpd_start "$T/www" 120 || exit 1
"$PY" "$GENFEEDS" "$T/www" 2 5 --base "$HTTPD_URL"
echo "Ini bukan feed, hanya catatan rapat KPU Kota Semarang." >"$T/www/catatan.txt"
printf '<!doctype html><html><head><title>Kosong</title></head><body></body></html>\n' \
	>"$T/www/kosong.html"
# A port nothing listens on: bound, noted and closed again.
DEAD=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
U=$HTTPD_URL

add() { "$WARTA" --db "$T/db" sources add "$1" >/dev/null || fail "sources add $1"; }
add "$U/feed-0.xml"                                  # 1 good
add "$U/status/404"                                  # 2
add "$U/status/500"                                  # 3
add "http://127.0.0.1:$DEAD/berita.xml"              # 4 connection refused
add "$U/catatan.txt"                                 # 5 not a feed
add "$U/kosong.html"                                 # 6 a page with nothing in it
add "$U/redirect-to?url=ftp://127.0.0.1/berita.xml"  # 7
add "$U/feed-1.xml"                                  # 8 good, after the failures

w fetch --jobs 4
check "some failed: exit 1" eq "$rc" 1
check "the good sources still stored" eq "$(sql 'select source_id, count(*) from articles group by source_id')" "1|5
8|5"
check "summary names six failures" grep -qx "6 sources failed:" "$T/err"
for what in "$U/status/404: HTTP 404 Not Found" "$U/status/500: HTTP 500 Internal Server Error" \
	"http://127.0.0.1:$DEAD/berita.xml: connection refused" \
	"$U/catatan.txt: neither a feed nor a web page (Content-Type text/plain)" \
	"$U/kosong.html: no article links and no article text found" \
	"$U/redirect-to?url=ftp://127.0.0.1/berita.xml: redirect to ftp:// refused"; do
	check "summary: ${what#"$U"}" grep -q "^  $what" "$T/err"
done
check "summary line on stdout" eq "$(summary)" \
	"fetched 8 sources: 10 new, 0 updated, 0 not modified, 6 failed"

w sources list --format json
check "sources list JSON: status and message per source" eq \
	"$(pyj "$T/out" '[(s["id"], s["last_status"], (s["last_error"] or "").split(":")[0], s["last_error_time"] is not None, s["last_success"] is not None) for s in d]')" \
	"[(1, 200, '', False, True), (2, 404, 'HTTP 404 Not Found', True, False), (3, 500, 'HTTP 500 Internal Server Error', True, False), (4, None, 'connection refused', True, False), (5, 200, 'neither a feed nor a web page (Content-Type text/plain)', True, False), (6, 200, 'no article links and no article text found', True, False), (7, 302, 'redirect to ftp', True, False), (8, 200, '', False, True)]"
w sources list
check "sources list text: failing source marked with its error" eq \
	"$(grep -A2 '/status/404' "$T/out" | sed 's/, [0-9-]* [0-9:]*)$/)/')" \
	"   2  FAIL  unknown      0/0      $U/status/404  
      last success: -
      last error: HTTP 404 Not Found (HTTP 404)"
check "sources list text: no HTTP status when there was no answer" \
	grep -q "last error: connection refused: 127.0.0.1:$DEAD ([0-9-]* [0-9:]*)$" "$T/out"
check "sources list text: good source ok" grep -q "^   1  ok    feed         5/5 " "$T/out"

# ---- only the named sources; all well: exit 0, error cleared after a success
w fetch 1 "$U/feed-1.xml"
check "named sources only, all well: exit 0" eq "$rc/$(summary)" \
	"0/fetched 2 sources: 0 new, 0 updated, 2 not modified, 0 failed"
w fetch --quiet 2
check "quiet still reports the error" eq "$rc/$(head -n 1 "$T/err")" \
	"1/warta: [1/1] $U/status/404: HTTP 404 Not Found"
check "quiet: nothing on stdout" eq "$(cat "$T/out")" ""

# ---- usage errors: exit 2, nothing fetched
for args in "fetch --jobs 0" "fetch --jobs" "fetch --bogus" "fetch 999" "fetch http://nowhere.test/x.xml" \
	"list --limit x" "list --format yaml" "show" "show abc" "tag 1" "sources" "sources frob"; do
	# shellcheck disable=SC2086
	w $args
	check "usage error: warta $args exits 2 with one message" eq "$rc/$(grep -c '^warta: ' "$T/err" || true)" "2/1"
done

# ---- limits from a config file
L="$T/limits.db"
lw() { cfg=$1; shift; "$WARTA" --db "$L" --config "$cfg" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
ladd() { "$WARTA" --db "$L" sources add "$1" >/dev/null || fail "sources add $1"; }
printf '# small limits for the test\nmax_body = 3000\nset max_redirects 3\n' >"$T/small.conf"
ladd "$U/feed-0.xml?size=big"                      # 1: about 5 kB
ladd "$U/gzip-bomb?mb=1"                           # 2: 1 MiB after gunzip
ladd "$U/redirect/4?to=/feed-1.xml%3Fr=4"          # 3: one redirect too many
ladd "$U/redirect/3?to=/feed-1.xml%3Fr=3"          # 4: within the limit (small feed? no: 5 kB)
ladd "$U/redirect-to?url=file:///etc/passwd"       # 5
lw "$T/small.conf" fetch
check "limits: exit 1" eq "$rc" 1
check "max_body refused while downloading" grep -q "feed-0.xml?size=big: body larger than 3000 bytes" "$T/err"
check "max_body applies after decompression" grep -q "gzip-bomb?mb=1: body larger than 3000 bytes" "$T/err"
check "max_redirects 3: a fourth refused" grep -q "redirect/4?to=/feed-1.xml%3Fr=4: too many redirects (3)" "$T/err"
check "redirect to file:// refused" grep -q "url=file:///etc/passwd: redirect to file:// refused" "$T/err"
check "three redirects followed (then only the size stopped it)" grep -q "redirect/3?to=/feed-1.xml%3Fr=3: body larger than 3000 bytes" "$T/err"
check "the redirect chain was walked to the feed" grep -q "^GET /feed-1.xml?r=3 200" "$HTTPD_LOG"
printf 'max_body = 1048576\n' >"$T/mid.conf"
lw "$T/mid.conf" fetch 4
check "the same redirect chain stored with a larger max_body" eq "$rc/$(summary)" \
	"0/fetched 1 sources: 5 new, 0 updated, 0 not modified, 0 failed"
printf 'max_body = lots\n' >"$T/bad.conf"
lw "$T/bad.conf" fetch
check "a bad limit value names the file, line and setting" eq "$rc/$(cat "$T/err")" \
	"1/warta: $T/bad.conf:1: max_body takes a whole number, not \"lots\""

# 429 and 503 with Retry-After (seconds and HTTP-date), and one beyond max_retry_after
printf 'max_retry_after = 3\nmax_retries = 2\n' >"$T/retry.conf"
ladd "$U/retry-after/1?times=1"                    # 6
ladd "$U/retry-after/1?times=1&status=503&date=1"  # 7
ladd "$U/retry-after/600?times=1"                  # 8
start=$(date +%s)
lw "$T/retry.conf" fetch 6 7 8
elapsed=$(( $(date +%s) - start ))
check "Retry-After: two stored, one refused" eq "$rc/$(summary)" \
	"1/fetched 3 sources: 2 new, 0 updated, 0 not modified, 1 failed"
check "429 then 200 for the same URL" eq "$(grep -c '^GET /retry-after/1?times=1 \(429\|200\)$' "$HTTPD_LOG")" 2
check "503 with an HTTP-date honoured" eq "$(grep '^GET /retry-after/1?times=1&status=503&date=1 ' "$HTTPD_LOG" | awk '{print $3}' | tr '\n' ' ')" "503 200 "
check "the client waited for Retry-After" test "$elapsed" -ge 1
check "a Retry-After beyond max_retry_after is not waited for" grep -q \
	"retry-after/600?times=1: HTTP 429 Too Many Requests (retry after 600 s exceeds the 3 s limit)" "$T/err"
check "...and answered quickly" test "$elapsed" -lt $((10 * SLOW))

# total timeout and low-speed abort (one source at a time: each gets its own clock)
printf 'timeout = 1\n' >"$T/timeout.conf"
printf 'low_speed_limit = 1000\nlow_speed_time = 1\n' >"$T/lowspeed.conf"
ladd "$U/slow?bytes=4000&chunk=400&delay=300"      # 9: 3 s in all
ladd "$U/slow?bytes=60&chunk=1&delay=100"          # 10: 10 bytes/s
ladd "$U/endless?delay=50"                         # 11
start=$(date +%s)
lw "$T/timeout.conf" fetch 9
check "total timeout" eq "$rc/$(grep -c 'bytes=4000&chunk=400&delay=300: timed out after 1 s' "$T/err")" "1/2"
lw "$T/lowspeed.conf" fetch 10
check "low-speed abort" grep -q "bytes=60&chunk=1&delay=100: too slow: under 1000 bytes/s for 1 s" "$T/err"
lw "$T/timeout.conf" fetch 11
check "an endless body ends with the timeout" grep -q "endless?delay=50: timed out after 1 s" "$T/err"
check "timeouts took seconds, not minutes" test $(( $(date +%s) - start )) -lt $((20 * SLOW))
w sources list --format json
check "the main database kept its articles" eq "$(sql 'select count(*) from articles')" 10

# A gzip or deflate body whose stream is cut (Content-Length right, the end missing) is
# an error naming the feed, like a connection closed early: the source is not marked
# fetched and its ETag is not kept, so the next fetch asks again in full. The whole items
# before each cut are stored (9 of them in all, beside the 5 of the whole feed).
Z="$T/cut.db"
zw() { "$WARTA" --db "$Z" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
for coding in gzip deflate raw-deflate; do
	zw sources add "$U/feed-0.xml?coding=$coding&cut=200"
done
zw sources add "$U/feed-1.xml?coding=gzip"
zw fetch
check "cut streams: exit 1, the whole stream stored" eq "$rc/$(summary)" \
	"1/fetched 4 sources: 14 new, 0 updated, 0 not modified, 3 failed"
check "cut gzip: the error names the feed" \
	grep -q "feed-0.xml?coding=gzip&cut=200: gzip body cut short" "$T/err"
check "cut raw deflate: the error names the feed" \
	grep -q "feed-0.xml?coding=raw-deflate&cut=200: deflate body cut short" "$T/err"
zw sources list --format json
check "cut streams: not marked fetched, whole one is" eq \
	"$(pyj "$T/out" '[(s["last_success"] is not None) for s in d]')" "[False, False, False, True]"
zw fetch 1
check "cut gzip: the next fetch is not conditional" eq \
	"$(grep -c 'feed-0.xml?coding=gzip&cut=200 200' "$HTTPD_LOG")" 2

# JSON: a JSON Feed is fetched and stored like any feed; other JSON says why it is not one.
J="$T/json.db"
jw() { "$WARTA" --db "$J" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
cp "$TESTDATA/feeds/jsonfeed11-basic.json" "$T/www/berita.json"
cp "$TESTDATA/feeds/not-json-other.json" "$T/www/api.json"
jw sources add "$U/berita.json"
jw sources add "$U/api.json"
jw fetch
check "JSON Feed stored, other JSON refused" eq "$rc/$(summary)" \
	"1/fetched 2 sources: 2 new, 0 updated, 0 not modified, 1 failed"
check "other JSON: the reason" grep -q "api.json: it is JSON but not a JSON Feed" "$T/err"
jw list --format json
check "JSON Feed items listed" eq "$(pyj "$T/out" 'sorted(a["title"][:20] for a in d)')" \
	"['KPU Kota Semarang Ge', 'Sosialisasi Pilkada ']"
finish
