#!/bin/sh
# Seeds a fuzz target's corpus from the test fixtures.
#   sh fuzz/seed-corpora.sh TOP_SRCDIR TARGET DIR
# TARGET is a fuzz target's name (fuzz_feed, fuzz_render, ...). Files already in DIR are
# kept, so a corpus grown by earlier runs is only topped up.
set -eu
top=$1 target=$2 dir=$3
mkdir -p "$dir"
n=0

# seed NAME < bytes: one corpus file
seed() { n=$((n + 1)); cat > "$dir/seed-$n-$1"; }

# prefixed BYTE FILE...: each file with one leading byte (a target's parameter byte)
prefixed() {
	byte=$1; shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		{ printf "$byte"; cat "$f"; } | seed "$(basename "$f" | tr -c 'A-Za-z0-9.\n-' _)"
	done
}

# table_column N FILE: the Nth quoted string of each "{ "...", "...", ...}" row of a C test
table_column() {
	sed -n 's/^[[:space:]]*{ *"\([^"]*\)", *"\(\([^"\\]\|\\.\)*\)".*/\2/p' "$2" |
		sed 's/\\"/"/g; s/\\n/\n/g; s/\\t/\t/g'
}

feeds() { ls "$top"/tests/data/feeds/*.xml "$top"/tests/data/feeds/*.json "$top"/tests/data/http/*.xml "$top"/data/sample.xml; }
pages() { find "$top/tests/data/sites" -type f ! -name README; }

case $target in
fuzz_feed)
	for f in $(feeds); do seed "$(basename "$f")" < "$f"; done ;;
fuzz_feed_chunked)
	# 3 cuts at 7, 1 and 40 bytes, then the rest
	prefixed '\003\007\001\050' $(feeds)
	prefixed '\000' $(feeds) ;;
fuzz_extract | fuzz_extract_profile)
	pages | while IFS= read -r f; do seed page < "$f"; done ;;
fuzz_render)
	# width byte 'P' = 80 columns, '\000' = no wrapping
	pages | while IFS= read -r f; do prefixed 'P' "$f"; done
	prefixed '(' "$top"/tests/data/feeds/hostile-terminal-escapes.xml \
		"$top"/tests/data/feeds/rss20-escaped-html.xml "$top"/tests/data/feeds/atom10-xhtml-content.xml
	printf 'P<p>KPU \033[2J\033]52;c;aGk=\007 \302\233 \342\200\256 <a href="javascript:x">x</a></p>' | seed escapes ;;
fuzz_date)
	table_column 2 "$top/tests/test_date.c" | while IFS= read -r line; do
		printf '%s' "$line" | seed date
	done
	for f in "$top"/tests/data/labelled/*.txt; do head -c 1500 "$f" | seed text; done ;;
fuzz_query)
	table_column 2 "$top/tests/test_query.c" | while IFS= read -r line; do
		printf '%s' "$line" | seed query
	done
	printf '%s' '(office:semarang OR office:"kota madiun") -tag:arsip since:7d NOT is:read "rapat pleno"' | seed query ;;
fuzz_opml)
	seed opml <<'OPML'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Langganan KPU</title></head><body>
<outline text="Jawa Tengah"><outline text="KPU Kota Semarang" title="KPU Kota Semarang" type="rss" xmlUrl="https://kota-semarang.kpu.go.id/feed"/>
<outline text="KPU Kab. Sukoharjo" xmlurl="https://kab-sukoharjo.kpu.go.id/rss"/></outline>
<outline text="Nasional" url="https://www.kpu.go.id/rss.xml"/>
</body></opml>
OPML
	seed entities <<'OPML'
<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
<opml><body><outline text="&b;" xmlUrl="http://x/&amp;y"/></body></opml>
OPML
	;;
*)
	echo "seed-corpora.sh: unknown target $target" >&2
	exit 2 ;;
esac
