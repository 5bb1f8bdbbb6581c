#!/bin/sh
# KPU support end to end: office, RI, media (HTML, RSS with "Baca Lainnya", teaser RSS with
# --full-text) sources fetched from fixture sites under their real host names (tests/httpd.py
# as the proxy), every stored field checked (tests/kpu_check.py against
# tests/data/kpu/expected.json), backfill and incremental listing walks, reclassify.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
KPU="$TESTDATA/kpu"

cp -R "$KPU/sites" "$T/sites"
httpd_start "$T/sites" 90 || exit 1
# Everything goes through the local server; https (CONNECT) goes nowhere.
export http_proxy="http://127.0.0.1:$HTTPD_PORT" https_proxy="http://127.0.0.1:9" no_proxy=""
unset HTTP_PROXY HTTPS_PROXY
check_fields() { "${PYTHON3:-python3}" "$top_srcdir/tests/kpu_check.py" "$KPU/expected.json" "$@"; }
listing_requests() { grep -c "GET http://kota-semarang.kpu.go.id/index.php/blog/category/104$1 " "$HTTPD_LOG"; }

$WARTA sources add --office kota-semarang \
	--url http://kota-semarang.kpu.go.id/index.php/blog/category/104 >/dev/null &&
$WARTA sources add --office kota-makassar --url http://kota-makassar.kpu.go.id/blog/category/29 >/dev/null &&
$WARTA sources add --office kota-jayapura --url http://kota-jayapura.kpu.go.id/blog/category/104 >/dev/null &&
$WARTA sources add --office ri --url http://www.kpu.go.id/berita/104/berita-terkini >/dev/null &&
$WARTA sources add http://suarademokrasi.blogspot.test/ >/dev/null &&
$WARTA sources add http://www.kabarpemilu.test/feed.xml >/dev/null &&
$WARTA sources add http://www.kabarpemilu.test/ringkas.xml --full-text >/dev/null
check "sources added" test $? -eq 0

KPU_FETCH_STARTED=$(date +%s); export KPU_FETCH_STARTED
$WARTA fetch --quiet >"$T/fetch1.out" 2>&1
check "first fetch succeeds" test $? -eq 0
check "first fetch reads listing pages 1-3 (default --pages 3)" \
	test "$(listing_requests '') $(listing_requests '?page=2') $(listing_requests '?page=3')" = "1 1 1"
check "first fetch stops before page 4" test "$(listing_requests '?page=4')" = 0

if check_fields s1 s2 s3 s4 s5 s6 m1 m2 m3 j1 j2 r1 r2 b1 b2 p1 p2 t1 t2 \
	>"$T/check1.out" 2>&1; then pass "every field of 19 articles"; else
	grep FAIL "$T/check1.out" >&2; fail "fields of the first fetch"; fi

# Under valgrind the first call of each set of filter options and every third after it are
# checked (tests/valgrind/warta.sh): the filters' code is the same, only their values differ.
ids_of() { # ids_of LIST-ARGS...: the sorted keys of the articles list returns
	WARTA_VALGRIND_EVERY=3 $WARTA list --format json --limit 1000 "$@" | "${PYTHON3:-python3}" -c '
import json, sys
exp = json.load(open(sys.argv[1]))["articles"]
key = {"http://%s%s" % (a["site"], a["url"]): a["key"] for a in exp}
print(" ".join(sorted(key.get(r["url"], "?") for r in json.load(sys.stdin))))' "$KPU/expected.json"
}
check "s7 and s8 (page 4) not backfilled" test "$(ids_of --office kota-semarang)" = "s1 s2 s3 s4 s5 s6"

# The site publishes three more: the second fetch walks pages until a stored article.
cp "$KPU/later/kota-semarang.kpu.go.id/index.php/blog/category/"* \
	"$T/sites/kota-semarang.kpu.go.id/index.php/blog/category/"
: >"$HTTPD_LOG"
$WARTA fetch --quiet >"$T/fetch2.out" 2>&1
check "second fetch succeeds" test $? -eq 0
check "second fetch reads pages 1 and 2 only" \
	test "$(listing_requests '') $(listing_requests '?page=2') $(listing_requests '?page=3')" = "1 1 0"
check "second fetch refetches no stored article" \
	test "$(grep -c 'blog/read/8\(120\|114\|101\)' "$HTTPD_LOG")" = 0
if check_fields n1 n2 n3 >"$T/check2.out" 2>&1; then pass "fields of the new articles"; else
	grep FAIL "$T/check2.out" >&2; fail "fields of the second fetch"; fi

# Filters: exactly the right articles, combined with AND.
expect_ids() { # expect_ids "KEYS" LIST-ARGS...
	want=$1; shift
	got=$(ids_of "$@")
	if [ "$got" = "$want" ]; then pass "list $*"; else fail "list $*: got '$got', want '$want'"; fi
}
ALL_SEMARANG="n1 n2 n3 s1 s2 s3 s4 s5 s6"
expect_ids "$ALL_SEMARANG" --office kota-semarang
expect_ids "$ALL_SEMARANG" --office "kota semarang"
expect_ids "m1 m2 m3" --office makassar
expect_ids "r1 r2" --office ri
expect_ids "j1 j2" --province papua
expect_ids "m1 m2 m3" --province "sulawesi selatan"
expect_ids "$ALL_SEMARANG" --province "Jawa Tengah"
expect_ids "b1" --mentions kab-sukoharjo
expect_ids "b2 t1" --mentions madiun
expect_ids "b2 r1" --mentions jatim
expect_ids "n3 r1 r2" --mentions ri
expect_ids "m2" --mentions kab-gowa
expect_ids "n1 s1" --division RENDATIN
expect_ids "n1 s1" --division "Perencanaan, Data dan Informasi"
expect_ids "m1 p1 s4 t2" --division teknis
expect_ids "b1 m2 s5" --division HUKUM
expect_ids "s4" --division TEKNIS --office kota-semarang
expect_ids "m1" --division TEKNIS --province "Sulawesi Selatan"
expect_ids "t1" --division KUL --mentions kota-madiun
expect_ids "" --division KUL --office makassar
expect_ids "s3" --mentions kab-demak --office semarang --division KUL

# reclassify over an unchanged vocabulary keeps every result.
$WARTA list --format json --limit 1000 >"$T/before.json"
$WARTA reclassify >"$T/reclassify.out" 2>&1
check "reclassify succeeds" test $? -eq 0
$WARTA list --format json --limit 1000 >"$T/after.json"
check "reclassify keeps offices, mentions and divisions" cmp -s "$T/before.json" "$T/after.json"
if check_fields s1 s3 r1 t1 >"$T/check3.out" 2>&1; then pass "fields after reclassify"; else
	grep FAIL "$T/check3.out" >&2; fail "fields after reclassify"; fi

finish
