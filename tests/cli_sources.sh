#!/bin/sh
# Subscriptions and the office directory: OPML import (nested folders) and export (OPML
# 2.0, round trip), sources add by URL / --office / --province / --all-offices / --url,
# remove, offices with subscription status, and the one-line errors (unknown option,
# missing database directory, corrupt database, unreadable OPML). No network needed.
. "$top_srcdir/tests/lib.sh"
. "$TESTDATA/cli/e2e_lib.sh"

OPML="$TESTDATA/cli/langganan.opml"

# ---- OPML import: folders flattened, titles decoded, offices by host, file:// skipped
w sources import "$OPML"
check "import exits 0 (a skipped entry is a warning)" eq "$rc" 0
check "import summary" eq "$(cat "$T/out")" "6 sources imported, 1 already subscribed, 1 skipped"
check "import says what it skipped" eq "$(cat "$T/err")" \
	"warta: skipped file:///home/budi/arsip.xml: only http and https feeds are imported"
w sources list --format json
check "imported sources with titles and offices" eq "$(pyj "$T/out" '[(s["url"], s["title"], s["office"]) for s in d]')" \
	"[('https://jateng.kpu.go.id/index.php/feed', 'KPU Provinsi Jawa Tengah', 'jateng'), ('https://kota-semarang.kpu.go.id/index.php/feed', 'Berita KPU Kota Semarang', 'kota-semarang'), ('https://kab-sukoharjo.kpu.go.id/index.php/feed', 'KPU Sukoharjo & PPK', 'kab-sukoharjo'), ('https://kota-madiun.kpu.go.id/rss', 'KPU Kota Madiun', 'kota-madiun'), ('https://www.suarapemilu.test/feed/', 'Suara Pemilu', None), ('https://kabarjateng.test/rss?kategori=pemilu&n=20', 'Kabar Jateng – Pemilu', None)]"
check "new sources: never fetched, kind unknown" eq "$(pyj "$T/out" 'sorted(set((s["kind"], s["last_success"], s["last_error"], s["articles"]) for s in d))')" \
	"[('unknown', None, None, 0)]"
w sources import "$OPML"
check "importing again adds nothing" eq "$(cat "$T/out")" "0 sources imported, 7 already subscribed, 1 skipped"

# ---- OPML export: valid OPML 2.0, and it round-trips
w sources export
cp "$T/out" "$T/export.opml"
check "export is OPML 2.0 with one outline per source" eq "$("$PY" - "$T/export.opml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
outlines = root.findall("./body/outline")
print(root.tag, root.get("version"), bool(root.findtext("./head/title")), len(outlines),
      all(o.get("text") and o.get("type") == "rss" for o in outlines),
      outlines[5].get("xmlUrl"))
PY
)" "opml 2.0 True 6 True https://kabarjateng.test/rss?kategori=pemilu&n=20"
w sources export "$T/file.opml"
check "export to a file writes the same document" cmp -s "$T/file.opml" "$T/export.opml"
check "no temporary file left behind" eq "$(ls "$T" | grep -c 'file.opml.tmp' || true)" 0
"$WARTA" --db "$T/round.db" sources import "$T/file.opml" >"$T/out" 2>"$T/err"
check "round trip: import of the export" eq "$?/$(cat "$T/out")" "0/6 sources imported, 0 already subscribed, 0 skipped"
"$WARTA" --db "$T/round.db" sources list --format json >"$T/round.json"
w sources list --format json
check "round trip: same URLs, titles and offices" eq \
	"$(pyj "$T/round.json" '[(s["url"], s["title"], s["office"]) for s in d]')" \
	"$(pyj "$T/out" '[(s["url"], s["title"], s["office"]) for s in d]')"

# ---- unreadable or wrong OPML: one clear line naming the file
one_line() { [ "$rc" -ne 0 ] && [ "$(lines "$T/err")" = 1 ] && grep -q "$1" "$T/err"; }
w sources import "$T/tidak-ada.opml"
check "missing OPML file" one_line "^warta: cannot read $T/tidak-ada.opml: No such file or directory$"
mkdir "$T/folder.opml"
w sources import "$T/folder.opml"
check "a directory as OPML file" one_line "^warta: cannot read $T/folder.opml: Is a directory$"
printf '<html><body>bukan OPML</body></html>\n' >"$T/bukan.opml"
w sources import "$T/bukan.opml"
check "not OPML" one_line "^warta: $T/bukan.opml: not an OPML document (no <opml> root element)$"
w sources import
check "import without a file is a usage error" eq "$rc" 2

# ---- sources add by directory
D="$T/dir.db"
dw() { "$WARTA" --db "$D" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
dw sources add --office kota-semarang
check "--office: the CMS news list, the office's name" eq "$rc/$(cat "$T/out")" \
	"0/subscribed: https://kota-semarang.kpu.go.id/index.php/blog/category/104 (source 1, kota-semarang)"
dw sources add --office kota-madiun --url http://127.0.0.1:9/berita.xml
check "--office with --url" eq "$(cat "$T/out")" "subscribed: http://127.0.0.1:9/berita.xml (source 2, kota-madiun)"
dw sources add https://kab-sleman.kpu.go.id/index.php/feed --title "Berita Sleman"
check "a URL on an office's host gets that office" eq "$(cat "$T/out")" \
	"subscribed: https://kab-sleman.kpu.go.id/index.php/feed (source 3, kab-sleman)"
dw sources add https://www.suarapemilu.test/feed/
check "a media URL gets no office" eq "$(cat "$T/out")" "subscribed: https://www.suarapemilu.test/feed/ (source 4)"
dw sources add https://www.suarapemilu.test/feed/
check "adding twice says so" eq "$rc/$(cat "$T/out")" "0/already subscribed: https://www.suarapemilu.test/feed/ (source 4)"
dw sources add --province "jawa tengah"
check "--province: every office of the province, one already there" eq "$rc/$(tail -n 1 "$T/out")" \
	"0/35 offices subscribed, 1 already subscribed"
dw offices --province "Jawa Tengah" --format json
check "offices --province: 36 offices, all subscribed now" eq \
	"$(pyj "$T/out" '(len(d), all(o["subscribed"] for o in d), d[0]["slug"], d[0]["level"], d[0]["tz"])')" \
	"(36, True, 'jateng', 'provinsi', 'WIB')"
dw sources add --all-offices
check "--all-offices: the rest of the 553" eq "$rc/$(tail -n 1 "$T/out")" "0/515 offices subscribed, 38 already subscribed"
dw sources list --format json
check "553 offices, each with one source" eq \
	"$(pyj "$T/out" '(len([s for s in d if s["office"]]), len(set(s["office"] for s in d if s["office"])))')" "(553, 553)"
check "the --url override kept" eq "$(pyj "$T/out" '[s["url"] for s in d if s["office"] == "kota-madiun"]')" \
	"['http://127.0.0.1:9/berita.xml']"
check "KIP Aceh's and KPU RI's lists" eq \
	"$(pyj "$T/out" 'sorted((s["title"], s["url"]) for s in d if s["office"] in ("kipaceh", "ri"))')" \
	"[('KIP Aceh', 'https://kipaceh.kpu.go.id/index.php/blog/category/104'), ('KPU RI', 'https://www.kpu.go.id/berita/104/berita-terkini')]"
dw offices --format json
check "offices: 553, all subscribed" eq "$(pyj "$T/out" '(len(d), sum(o["subscribed"] for o in d))')" "(553, 553)"
dw offices --level provinsi
check "offices --level provinsi: 38" eq "$(lines "$T/out")" 38
dw offices --search madiun
check "offices --search, text with subscription mark" eq "$(awk '{print $1, $2, $3, $4, $NF}' "$T/out")" \
	"* kab-madiun kabupaten WIB kab-madiun.kpu.go.id
* kota-madiun kota WIB kota-madiun.kpu.go.id"
dw offices --search "Kota Madiun" --format json
check "offices --search a part of the name" eq "$(pyj "$T/out" '[o["slug"] for o in d]')" "['kota-madiun']"
dw offices --province atlantis
check "offices with an unknown province" eq "$rc/$(cat "$T/err")" "1/warta: no province matches \"atlantis\""
dw sources add --office kota-atlantis
check "sources add with an unknown office" eq "$rc/$(cat "$T/err")" \
	"1/warta: no office with the slug \"kota-atlantis\" (see warta offices --search)"
dw sources add ftp://kpu.test/berita.xml
check "sources add refuses ftp" eq "$rc/$(cat "$T/err")" "1/warta: ftp://kpu.test/berita.xml: only http, https and file URLs can be subscribed"
dw sources add
check "sources add without anything: usage error" eq "$rc" 2

# ---- remove by id and by URL
dw sources remove 4 https://kab-sleman.kpu.go.id/index.php/feed
check "remove by id and URL" eq "$rc/$(cat "$T/out")" "0/removed: https://www.suarapemilu.test/feed/
removed: https://kab-sleman.kpu.go.id/index.php/feed"
dw sources remove 4
check "remove of a missing source" eq "$rc/$(cat "$T/err")" "1/warta: no source \"4\" (see warta sources list)"
dw offices --search sleman --format json
check "an office with no source left is not subscribed" eq "$(pyj "$T/out" '[o["subscribed"] for o in d]')" "[False]"

# ---- errors: one clear line on stderr naming the thing and the fix, non-zero exit
w --frobnicate list
check "unknown global option: exit 2, one line" eq "$rc/$(cat "$T/err")" "2/warta: unknown option --frobnicate (see warta --help)"
w list --frobnicate
check "unknown command option: exit 2, one line" eq "$rc/$(cat "$T/err")" "2/warta: unknown option --frobnicate (see warta list --help)"
w frobnicate
check "unknown command: exit 2, one line" eq "$rc/$(cat "$T/err")" "2/warta: unknown command \"frobnicate\" (see warta --help)"
"$WARTA" --db "$T/tidak/ada/warta.db" list >"$T/out" 2>"$T/err"
rc=$?
check "missing database directory: names it and the fix" eq "$rc/$(cat "$T/err")" \
	"1/warta: cannot create database $T/tidak/ada/warta.db: directory $T/tidak/ada does not exist (create it or use --db)"
check "...and creates nothing" test ! -e "$T/tidak"
head -c 8192 /dev/urandom >"$T/rusak.db"
"$WARTA" --db "$T/rusak.db" list >"$T/out" 2>"$T/err"
rc=$?
check "corrupt database: one line naming the file and the fix" eq "$rc/$(cat "$T/err")" \
	"1/warta: $T/rusak.db is not a warta database (file is not a database): move it aside or choose another file with --db"
"$PY" - "$D" "$T/damaged.db" <<'PY'
import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")
data = bytearray(open(sys.argv[1], "rb").read())
data[100:4100] = b"\xde\xad\xbe\xef" * 1000     # the schema page, header kept
open(sys.argv[2], "wb").write(data)
PY
"$WARTA" --db "$T/damaged.db" list >"$T/out" 2>"$T/err"
rc=$?
check "damaged schema: one line naming the file and the fix" eq "$rc/$(lines "$T/err")/$(grep -c "$T/damaged.db.*: restore a backup or move the file aside$" "$T/err")" "1/1/1"
printf 'jobs = banyak\n' >"$T/config"
w --config "$T/config" list
check "bad config value: names file and line" eq "$rc/$(cat "$T/err")" "1/warta: $T/config:1: jobs takes a whole number, not \"banyak\""
w --config "$T/tidak-ada.conf" list
check "missing --config file" eq "$rc/$(cat "$T/err")" "1/warta: cannot read config file $T/tidak-ada.conf: No such file or directory"
w --version
check "--version" eq "$rc/$(sed 's/[0-9][0-9.]*.*/N/' "$T/out")" "0/warta N"
for c in sources fetch list show export tag read flag offices; do
	w "$c" --help
	check "$c --help: usage on stdout, exit 0" eq "$rc/$(head -c 12 "$T/out")" "0/usage: warta"
done
finish
