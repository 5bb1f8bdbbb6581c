#!/bin/sh
# list / show / export / tag / untag / read / unread / flag / unflag as documented:
# the exact JSON shape, CSV and text, every filter, links numbered in show, and the
# deduplication rules (same guid updated in place, same URL from two sources once).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
. "$TESTDATA/cli/e2e_lib.sh"
TZ=UTC
export TZ

mkdir -p "$T/www"
cp "$TESTDATA/cli/berita.xml" "$TESTDATA/cli/portal.xml" "$T/www/"
httpd_start "$T/www" 90 || exit 1
w sources add "$HTTPD_URL/berita.xml"
w sources add "$HTTPD_URL/portal.xml"
# One source at a time: the ids below follow the order the articles were stored in,
# and two parallel transfers may finish in either order.
w fetch 1
check "fetch of the first fixture feed" eq "$rc/$(summary)" \
	"0/fetched 1 sources: 6 new, 0 updated, 0 not modified, 0 failed"
w fetch 2
check "fetch of the second fixture feed" eq "$rc/$(summary)" \
	"0/fetched 1 sources: 2 new, 0 updated, 0 not modified, 0 failed"

# ids follow feed order: 1 Semarang, 2 Sukoharjo, 3 Jateng, 4 Madiun, 5 Sleman,
# 6 Makassar (media), 7 Demak (portal); the portal's Semarang item is article 1.
ids() { w list "$@" --format json; pyj "$T/out" '" ".join(str(a["id"]) for a in d)'; }

# ---- list JSON: exactly the documented shape
w list --format json
check "list json: exact keys of every row" eq \
	"$(pyj "$T/out" 'sorted(set(tuple(a) for a in d)) + sorted(set(tuple(a["source"]) for a in d)) + sorted(set(tuple(a["office"]) for a in d if a["office"]))')" \
	"[('id', 'url', 'title', 'published', 'author', 'source', 'office', 'mentions', 'divisions', 'tags', 'read', 'flagged'), ('id', 'url', 'title'), ('slug', 'name', 'province')]"
check "list json: one row, every field" eq "$(pyj "$T/out" '[a for a in d if a["id"] == 3]')" \
	"[{'id': 3, 'url': 'https://jateng.kpu.go.id/index.php/blog/read/3301_supervisi-hukum', 'title': 'KPU Jateng Supervisi Penanganan Sengketa di Semarang dan Sukoharjo', 'published': '2025-05-08T01:00:00Z', 'author': None, 'source': {'id': 1, 'url': '$HTTPD_URL/berita.xml', 'title': 'Warta Pemilu - Berita KPU Daerah'}, 'office': {'slug': 'jateng', 'name': 'KPU Provinsi Jawa Tengah', 'province': 'Jawa Tengah'}, 'mentions': ['jateng', 'kab-sukoharjo', 'kota-semarang'], 'divisions': ['HUKUM'], 'tags': [], 'read': False, 'flagged': False}]"
check "list json: a media article has no office" eq "$(pyj "$T/out" '[(a["office"], a["mentions"], a["author"]) for a in d if a["id"] == 6]')" \
	"[(None, ['kota-makassar'], 'Redaksi Suara Pemilu')]"
check "list json: newest first, all eight" eq "$(ids)" "1 7 2 3 5 4 6"
check "a date found in the text (Sleman, WIB)" eq "$(pyj "$T/out" '[a["published"] for a in d if a["id"] == 5]')" "['2025-05-04T17:00:00Z']"

# ---- dedup: the portal's copy of article 1 is the same article, linked to both sources
check "same URL from two sources stored once" eq "$(sql "select count(*) from articles where url like '%7712_rapat-pleno-dpb'")" 1
check "...and listed under both sources" eq "$(ids --source 1)|$(ids --source 2)" "1 2 3 5 4 6|1 7"

# ---- filters
check "--office slug" eq "$(ids --office kota-semarang)" "1"
check "--office part of the name" eq "$(ids --office madiun)" "4"
check "--province" eq "$(ids --province "jawa tengah")" "1 2 3"
check "--mentions" eq "$(ids --mentions kota-semarang)" "1 3"
check "--division id" eq "$(ids --division HUKUM)" "3"
check "--division spelling" eq "$(ids --division "teknis penyelenggaraan")" "2"
check "--division RENLOG (portal)" eq "$(ids --division renlog)" "7"
check "--search words" eq "$(ids --search "pemilih muda")" "6"
check "--search is plain words, not filter syntax" eq "$(ids --search OR)|$(ids --search office:jateng)" "|"
check "--since/--until (days, inclusive)" eq "$(ids --since 2025-05-08 --until 2025-05-10)" "2 3"
check "--limit" eq "$(ids --limit 2)" "1 7"
check "--query with OR" eq "$(ids --query 'office:semarang OR division:hukum')" "1 3"
check "--query with NOT and a quoted province" eq "$(ids --query '-division:teknis province:"jawa tengah"')" "1 3"
check "filters combine with AND" eq "$(ids --province "jawa tengah" --mentions kab-sukoharjo --search sengketa)" "3"

# ---- reading state
w tag 3 pilkada "sengketa proses"
check "tag exits 0" eq "$rc" 0
w tag 1 pilkada
w tag 3 penting
w untag 3 "sengketa proses"
w read 1 2
w unread 2
w flag 4 6
w unflag 6
w list --format json
check "tags, read and flagged" eq "$(pyj "$T/out" '[(a["id"], a["tags"], a["read"], a["flagged"]) for a in d if a["id"] in (1, 2, 3, 4, 6)]')" \
	"[(1, ['pilkada'], True, False), (2, [], False, False), (3, ['penting', 'pilkada'], False, False), (4, [], False, True), (6, [], False, False)]"
check "--tag" eq "$(ids --tag pilkada)" "1 3"
check "--unread" eq "$(ids --unread)" "7 2 3 5 4 6"
check "--flagged" eq "$(ids --flagged)" "4"
check "--flagged --unread --office" eq "$(ids --flagged --unread --office madiun)" "4"
w tag 99 x
check "tag of a missing article: exit 1, one line" eq "$rc/$(cat "$T/err")" "1/warta: no article 99 (see warta list)"
w read 5 99
check "read with one missing id marks the others" eq "$rc/$(ids --query 'is:read')" "1/1 5"
w tag 3 " lead"
check "a tag with a leading space is refused" eq "$rc" 2

# ---- text and CSV
w list --limit 3
check "text list: one line per article" eq "$(lines "$T/out")" 3
check "text list: id, date (local time), office, flags (read, tagged), title" eq "$(sed -n 1p "$T/out")" \
	"     1  2025-05-12 02:30   kota-semarang            T  KPU Kota Semarang Gelar Rapat Pleno Rekapitulasi Daftar Pemilih Berkelanjutan"
check "text list: unread marked N, no office -" eq "$(sed -n 2p "$T/out")" \
	"     7  2025-05-11 09:20   -                      N    Banjir Rob, Logistik Pemilihan di Demak Diamankan"
w list --format csv --office jateng
"$PY" - "$T/out" >"$T/csv.txt" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
for r in rows:
    print(r)
PY
check "csv: header and one row, fields quoted by csv rules" eq "$(cat "$T/csv.txt")" \
	"['id', 'published', 'office', 'title', 'url', 'author', 'source', 'mentions', 'divisions', 'tags', 'read', 'flagged']
['3', '2025-05-08T01:00:00Z', 'jateng', 'KPU Jateng Supervisi Penanganan Sengketa di Semarang dan Sukoharjo', 'https://jateng.kpu.go.id/index.php/blog/read/3301_supervisi-hukum', '', '1', 'jateng kab-sukoharjo kota-semarang', 'HUKUM', 'penting pilkada', 'false', 'false']"
check "csv: CRLF line ends" eq "$(grep -c "$(printf '\r')\$" "$T/out")" 2

# ---- export: JSON (default) equals list JSON; CSV; no text
w list --format json --province "jawa tengah"
cp "$T/out" "$T/list.json"
w export --province "jawa tengah"
check "export defaults to the list's JSON" cmp -s "$T/out" "$T/list.json"
w export --format csv --division hukum
check "export csv" eq "$(lines "$T/out")/$(sed -n 2p "$T/out" | cut -d, -f1-3)" "2/3,2025-05-08T01:00:00Z,jateng"
w export --format text
check "export has no text format: usage error" eq "$rc" 2
w export --limit 3
check "export has no --limit: usage error" eq "$rc" 2

# ---- show
w show 1 --width 72
check "show exits 0" eq "$rc" 0
check "show: headers, a long title wrapped under itself" eq "$(sed '/^$/q' "$T/out")" \
	"Title:     KPU Kota Semarang Gelar Rapat Pleno Rekapitulasi Daftar
           Pemilih Berkelanjutan
Office:    KPU Kota Semarang
Source:    Warta Pemilu - Berita KPU Daerah
Date:      2025-05-12 02:30 UTC
Author:    Humas KPU Kota Semarang
Division:  RENDATIN (\"Divisi Perencanaan, Data dan Informasi\")
Mentions:  kota-semarang
Tags:      pilkada
Link:      https://kota-semarang.kpu.go.id/index.php/blog/read/7712_rapat-pleno-dpb"
check "show: links numbered in the text" grep -q "laman dokumen\[1\] dan diumumkan melalui Instagram resmi\[2\]" "$T/out"
check "show: numbered link list at the end" eq "$(tail -n 3 "$T/out")" "Links:
[1] https://kota-semarang.kpu.go.id/index.php/dokumen/dpb-triwulan-2
[2] https://www.instagram.com/kpukotasemarang/"
check "show: credit line kept" grep -qx "(hms/ed. Foto: Humas KPU Kota Semarang)" "$T/out"
check "show: text wrapped to --width (URLs aside)" test \
	"$(sed '1,/^$/d; /^\[[0-9]*\] http/d' "$T/out" | awk '{ if (length($0) > m) m = length($0) } END { print m }')" -le 72
w show 1 --format json
check "show json: the list object plus body, links and extras" eq \
	"$(pyj "$T/out" 'list(d)')" \
	"['id', 'url', 'title', 'published', 'author', 'source', 'office', 'mentions', 'divisions', 'tags', 'read', 'flagged', 'published_estimated', 'body', 'links', 'evidence']"
check "show json: links and body" eq "$(pyj "$T/out" '(d["links"], d["body"].splitlines()[-1], d["evidence"], d["published_estimated"])')" \
	"(['https://kota-semarang.kpu.go.id/index.php/dokumen/dpb-triwulan-2', 'https://www.instagram.com/kpukotasemarang/'], '(hms/ed. Foto: Humas KPU Kota Semarang)', {'RENDATIN': 'Divisi Perencanaan, Data dan Informasi'}, False)"
w list --format json
pyj "$T/out" '[a for a in d if a["id"] == 1][0]' >"$T/from-list"
w show 1 --format json
check "show json agrees with the list row" eq \
	"$(pyj "$T/out" '{k: d[k] for k in list(d)[:12]}')" "$(cat "$T/from-list")"
w show 99
check "show of a missing article" eq "$rc/$(cat "$T/err")" "1/warta: no article 99 (see warta list)"

# ---- the same guid with new content: updated in place, same id, state kept
"$PY" - "$T/www/berita.xml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("Bimtek Pemungutan dan Penghitungan Suara bagi Anggota PPK Sukoharjo",
              "Bimtek Pemungutan Suara bagi PPK Sukoharjo Diikuti 60 Peserta")
s = s.replace("kepada anggota PPK se-Kabupaten Sukoharjo.",
              "kepada 60 anggota PPK se-Kabupaten Sukoharjo di Aula KPU.")
s = s.replace("</channel>", """<item>
<title>Pengumuman Hasil Seleksi Administrasi Calon Anggota PPS</title>
<link>https://www.suarapemilu.test/pengumuman/seleksi-pps</link>
<guid isPermaLink="false">suarapemilu-pps</guid>
<description>Daftar nama calon anggota PPS yang lolos seleksi administrasi.</description>
</item>
</channel>""")
open(p, "w", encoding="utf-8").write(s)
PY
w tag 2 bimtek
w fetch 1
check "changed item updated, new item added" eq "$rc/$(summary)" \
	"0/fetched 1 sources: 1 new, 1 updated, 0 not modified, 0 failed"
w show 2 --format json
check "updated in place: same id, new title and body, tag kept" eq \
	"$(pyj "$T/out" '(d["id"], d["title"], d["body"].endswith("di Aula KPU."), d["tags"])')" \
	"(2, 'Bimtek Pemungutan Suara bagi PPK Sukoharjo Diikuti 60 Peserta', True, ['bimtek'])"
check "no second copy of the updated article" eq "$(sql "select count(*) from articles where guid = 'sukoharjo-455'")" 1
w list --format json --search "seleksi administrasi"
new_id=$(pyj "$T/out" '" ".join(str(a["id"]) for a in d)')
check "the new item is stored" test -n "$new_id"
now=$(date -u +%Y-%m-%dT%H)
check "an undated item gets the fetch time, marked estimated in show" eq \
	"$("$WARTA" --db "$T/db" show "$new_id" --format json >"$T/s9"; pyj "$T/s9" '(d["published"][:13], d["published_estimated"])')" "('$now', True)"
w list --search "seleksi administrasi"
check "text list marks an estimated date with ~" grep -q "^ *$new_id  [0-9-]* [0-9:]*~ " "$T/out"
check "fetching again changes nothing" eq "$("$WARTA" --db "$T/db" fetch | grep "^fetched ")" \
	"fetched 2 sources: 0 new, 0 updated, 2 not modified, 0 failed"
finish
