#!/bin/sh
# A hostile server on loopback (tests/httpd.py): endless and slow bodies, a gzip bomb, a
# wrong Content-Length, redirect loops and redirects to other schemes, 429, truncated gzip,
# meta-refresh, XXE through the network. Every case must end, fast, with a clear error.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/hostile/hostile_lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
mkdir -p "$T/www"
httpd_start "$T/www" 90 || { fail "test server"; finish; }
hostile_make "$HTTPD_URL"
cp "$H"/* "$T/www/"

# case PATH EXPECTED_MESSAGE: subscribe; the whole fetch is checked below
set -- \
	"/endless" "timed out|too slow" \
	"/gzip-bomb?mb=8" "body larger than 4194304 bytes" \
	"/wrong-length" "connection closed before the whole body arrived" \
	"/slow?bytes=100000&delay=400&chunk=1" "too slow: under 200 bytes/s for 2 s|timed out after 3 s" \
	"/redirect-loop" "too many redirects (5)" \
	"/redirect-to?url=file://$SECRET" "redirect to file:// refused" \
	"/redirect-to?url=ftp://127.0.0.1/feed.xml" "redirect to ftp:// refused" \
	"/redirect-to?url=gopher://127.0.0.1/feed" "redirect to gopher:// refused" \
	"/retry-after/1000?times=5" "retry after 1000 s exceeds the 3 s limit" \
	"/meta-refresh.html" "no article links and no article text found" \
	"/many-items.xml" "body larger than 4194304 bytes" \
	"/truncated-gzip.xml" "gzip body cut short: the compressed stream ends after"
cases=""
while [ $# -ge 2 ]; do
	W sources add "$HTTPD_URL$1" > /dev/null || fail "subscribe $1"
	cases="$cases$1	$2
"
	shift 2
done
W sources add "$HTTPD_URL/retry-after/1?times=1" > /dev/null
W sources add "$HTTPD_URL/xxe-loopback.xml" > /dev/null

# The quick cases first, then the two that hold a connection open (one test server
# thread each) until warta's low-speed and total timeouts cut them.
slow_ids=$(W sources list --format json | "${PYTHON3:-python3}" -c '
import json, sys
print(" ".join(str(s["id"]) for s in json.load(sys.stdin) if "/endless" in s["url"] or "/slow" in s["url"]))')
quick_ids=$(W sources list --format json | "${PYTHON3:-python3}" -c '
import json, sys
print(" ".join(str(s["id"]) for s in json.load(sys.stdin) if not ("/endless" in s["url"] or "/slow" in s["url"])))')
start=$(date +%s)
run_bounded 60 "$T/fetch.out" "$T/fetch.err" "$WARTA" --config "$CONF" --db "$DB" fetch $quick_ids
rc=$?
run_bounded 60 "$T/fetch2.out" "$T/fetch2.err" "$WARTA" --config "$CONF" --db "$DB" fetch $slow_ids
rc2=$?
cat "$T/fetch2.err" >> "$T/fetch.err"
took=$(( $(date +%s) - start ))
check "hostile fetches end in $took s (limit $((40 * SLOW))), exit 1 for failed sources" \
	sh -c "[ $took -lt $((40 * SLOW)) ] && [ $rc = 1 ] && [ $rc2 = 1 ]"
printf '%s' "$cases" | while IFS='	' read -r path message; do
	line=$(grep -F "$HTTPD_URL$path:" "$T/fetch.err" | head -1)
	if printf '%s' "$line" | grep -qE "$message" 2>/dev/null ||
	   printf '%s' "$line" | grep -qF "$message"; then
		pass "$path: $message"
	else
		fail "$path: expected \"$message\", got \"$line\""
	fi
done
check "429 then 200: retried after Retry-After and stored" \
	grep -q "requests 2" "$(httpd_get '/count?path=/retry-after/1' > "$T/c"; echo "$T/c")"
check "redirect loop stopped after 5 redirects" \
	test "$(httpd_get '/count?path=/redirect-loop' | sed -n 's/^requests //p')" -le 6
check "xxe over the network: no request for the entity, DTD or leak" \
	sh -c "! grep -q -e xxe-entity -e external.dtd -e param.dtd -e /leak '$HTTPD_LOG'"
W list --format csv --limit 1000 > "$T/all.csv"
check "file:// redirect: the secret never stored" sh -c "! grep -q RAHASIA '$T/all.csv'"
# truncated gzip (regression for feed.c, issue 7): an error naming the feed (checked
# above), the source not marked fetched, no article overwritten by a cut item, and the
# whole items before the cut stored.
W sources list --format json > "$T/sources.json"
check "truncated gzip: the source is not marked fetched" test "$("${PYTHON3:-python3}" -c '
import json, sys
print([s["last_success"] for s in json.load(open(sys.argv[1])) if "truncated-gzip" in s["url"]])' "$T/sources.json")" = "[None]"
W list --format csv --limit 1000 > "$T/list.csv"
bad=$("${PYTHON3:-python3}" - "$T/list.csv" <<'PY'
import csv, re, sys
for row in csv.reader(open(sys.argv[1], encoding="utf-8")):
    m = [c for c in row if re.fullmatch(r"Berita gzip \d+", c)]
    links = [c for c in row if "/blog/read/gz" in c]
    if m and links and m[0].split()[-1] != links[0].rsplit("gz", 1)[1]:
        print(m[0], links[0])
PY
)
check "truncated gzip: no article overwritten by a cut item" test -z "$bad"
check "truncated gzip: the whole items before the cut are stored" \
	test "$(grep -c 'Berita gzip [0-9]' "$T/list.csv")" -ge 10
W list --format json --limit 1000 > "$T/all.json"
check "the archive lists as valid JSON after all this" \
	"${PYTHON3:-python3}" -c "import json; json.load(open('$T/all.json'))"
finish
