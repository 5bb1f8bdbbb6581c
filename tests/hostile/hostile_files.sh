#!/bin/sh
# Hostile documents through `warta parse` and through a fetch of file:// sources: entity
# attacks, nesting, encodings, huge fields and counts, odd items, truncation, HTML.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/hostile/hostile_lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
mkdir -p "$T/www"
httpd_start "$T/www" 60 || { fail "test server"; finish; }
hostile_make "$HTTPD_URL"
cp "$H"/param.dtd "$H"/external.dtd "$T/www/"

# parse_case NAME FILE: `warta parse --json` within 20 s (times SLOW); sets OUT/ERR, fails on a crash
parse_case() {
	OUT="$T/$1.out" ERR="$T/$1.err"
	run_bounded 20 "$OUT" "$ERR" "$WARTA" parse --json "$2"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		fail "$1: warta parse exited $rc: $(head -c 300 "$ERR")"
		return 1
	fi
	return 0
}
# field EXPR: a python expression over the parsed JSON document d
field() { "${PYTHON3:-python3}" -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$OUT"; }

# --- entities: nothing external is read, nothing expands -----------------------------
for c in xxe-file xxe-loopback external-dtd parameter-entity; do
	parse_case "$c" "$H/$c.xml" || continue
	check "$c: the secret never appears" sh -c "! grep -q RAHASIA '$OUT' '$ERR'"
	check "$c: item kept, entity dropped" test "$(field 'len(d["items"])')" = 1
	check "$c: reported as recovered (ill-formed)" test "$(field 'd["wellformed"]')" = False
done
check "xxe: DTD text not substituted" sh -c "! grep -q DARI-DTD-LUAR '$T/external-dtd.out'"
"$WARTA" parse "$H/xxe-file.xml" > "$T/xxe.txt" 2>&1
check "xxe: plain output says recovered from ill-formed XML" grep -q "recovered from ill-formed XML" "$T/xxe.txt"
check "xxe/DTD/parameter entities: the loopback server saw no request" \
	test -z "$(httpd_get /count)"

for c in billion-laughs quadratic; do
	start=$(date +%s)
	parse_case "$c" "$H/$c.xml" || continue
	took=$(( $(date +%s) - start ))
	check "$c: done in $took s (under $((10 * SLOW)))" test "$took" -lt $((10 * SLOW))
	check "$c: title not expanded" test "$(field 'len(d["items"][0]["title"] or "")')" -lt 100
	check "$c: output small" test "$(wc -c < "$OUT")" -lt 10000
done

# --- structure and size limits --------------------------------------------------------
parse_case nested "$H/nested-200k.xml" &&
	check "200,000 nested elements: clear warning on the depth cap" \
		grep -q "nested deeper than 256 levels" "$ERR"
parse_case huge-title "$H/huge-title.xml" && {
	check "1 MB title: cut to the field cap" test "$(field 'len(d["items"][0]["title"].encode())')" -le 1048576
	check "1 MB title: warning names the field" grep -q "title longer than 1048576 bytes cut" "$ERR"
}
parse_case tag-soup-title "$H/tag-soup-title.xml" &&
	check "tags that never close: the title is text, read in linear time" \
		test "$(field 'd["items"][0]["title"][:7]')" = "& <a <a"
parse_case many-items "$H/many-items.xml" &&
	check "100,000 items all parsed" test "$(field 'len(d["items"])')" = 100000
parse_case duplicate-guids "$H/duplicate-guids.xml" &&
	check "duplicate guids: parse keeps each item" test "$(field 'len(d["items"])')" = 5
parse_case missing-fields "$H/missing-fields.xml" &&
	check "items without title/link/guid: parsed, the empty item skipped" \
		test "$(field 'len(d["items"])')" = 4

# --- encodings ---------------------------------------------------------------------------
parse_case invalid-utf8 "$H/invalid-utf8.xml" && {
	check "invalid/overlong UTF-8: replaced by U+FFFD" \
		test "$(field '"\ufffd" in d["items"][0]["title"] and "akhir" in d["items"][0]["title"]')" = True
	check "invalid/overlong UTF-8: output is valid UTF-8" \
		"${PYTHON3:-python3}" -c "open('$OUT','rb').read().decode('utf-8')"
}
parse_case nul "$H/nul-bytes.xml" &&
	check "NUL bytes: dropped, text around kept" \
		test "$(field '"pleno" in d["items"][0]["title"] and "\0" not in d["items"][0]["title"]')" = True
parse_case cp1252 "$H/windows-1252.xml" &&
	check "Windows-1252: curly quotes, dash and é decoded" \
		test "$(field 'd["items"][0]["title"]')" = "Rapat “Pleno” – KPU café"
parse_case utf16 "$H/utf16.xml" &&
	check "UTF-16 with BOM: decoded" test "$(field 'd["items"][0]["title"]')" = "Rapat Pleno UTF-16 é"

# --- dates far away, truncation --------------------------------------------------------
parse_case dates "$H/dates-extreme.xml" && {
	check "year 1 / 9999 / 20-digit year: no date rather than a wrong one" \
		test "$(field '[i["published"] for i in d["items"]][0:4:2] + [d["items"][3]["published"]]')" = "[None, None, None]"
	check "year 2150: kept (plausible up to 2200)" \
		test "$(field 'd["items"][4]["published"]')" = "2150-01-01T00:00:00Z"
}
parse_case truncated "$H/truncated.xml" && {
	check "truncated XML: the whole items before the cut" test "$(field 'len(d["items"]) >= 10')" = True
	check "truncated XML: flagged as recovered" test "$(field 'd["wellformed"]')" = False
}
# regression (feed.c, issue 7): an item cut inside its link must not be emitted with the cut
# link ("/gz7" of "/gz76"), which named another article and overwrote it in the archive.
printf '<rss version="2.0"><channel><title>T</title><item><title>A</title><link>https://k.example/gz7</link></item><item><title>B</title><link>https://k.example/gz76' > "$T/cut.xml"
parse_case cut-link "$T/cut.xml" && {
	check "cut inside a link: the cut item dropped" test "$(field '[i["link"] for i in d["items"]]')" = "['https://k.example/gz7']"
	check "cut inside a link: warning says so" grep -q "cut inside its link and was dropped" "$ERR"
}

# --- HTML in feeds: scripts, iframes, 10,000-deep nesting ------------------------------
W sources add "$H/html-hostile.xml" > /dev/null &&
	run_bounded 30 "$T/fetch.out" "$T/fetch.err" "$WARTA" --config "$CONF" --db "$DB" fetch
check "HTML feed: fetched" grep -q "1 new" "$T/fetch.out"
run_bounded 20 "$T/show.out" "$T/show.err" "$WARTA" --config "$CONF" --db "$DB" show 1 --width 80
check "HTML: show renders within $((20 * SLOW)) s" test $? = 0
check "HTML: text before and after kept" sh -c "grep -q Awal '$T/show.out' && grep -q 'Akhir berita' '$T/show.out'"
check "HTML: script and iframe dropped" sh -c "! grep -qi -e alert -e jahat.example '$T/show.out'"
check "HTML: 10,000-deep nesting rendered" grep -q dalam "$T/show.out"

# --- the archive: duplicate guids, missing fields, extreme dates, 100,000 items ----------
for f in duplicate-guids missing-fields dates-extreme; do
	W sources add "$H/$f.xml" > /dev/null
done
run_bounded 30 "$T/fetch2.out" "$T/fetch2.err" "$WARTA" --config "$CONF" --db "$DB" fetch
check "odd items: fetch exits cleanly" test $? -le 1
W list --format json --limit 1000 > "$T/list.json"
n_dup=$(grep -o '"Berita ganda [0-9]"' "$T/list.json" | sort -u | wc -l)
check "duplicate guids: stored once per guid ($n_dup)" test "$n_dup" = 1
check "item with only a link stored" grep -q "only-link" "$T/list.json"
check "dates: nothing stored in year 9999 or before 1970" \
	sh -c "! grep -q -e '\"9999-' -e '\"0001-' -e '\"1969-' '$T/list.json'"
finish
