#!/bin/sh
# A KPU office site without a feed (issue 4 through the pipeline of issue 3): the news
# list and its ?page=2 are read as a listing, every article page is fetched and extracted
# (title, date in WIB, office, divisions, clean body), a second fetch reads nothing new,
# and a new article on page 1 is the only page fetched next time.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
. "$TESTDATA/cli/e2e_lib.sh"

mkdir -p "$T/www"
cp -R "$TESTDATA/cli/site/." "$T/www/"
httpd_start "$T/www" 90 || exit 1
LIST="$HTTPD_URL/index.php/blog/category/104"
READ="$HTTPD_URL/index.php/blog/read"

w sources add --office kab-sukoharjo --url "$LIST"
check "office site subscribed with --url" eq "$(cat "$T/out")" "subscribed: $LIST (source 1, kab-sukoharjo)"
w fetch
check "first fetch: three articles from two listing pages" eq "$rc/$(summary)" \
	"0/fetched 1 sources: 3 new, 0 updated, 0 not modified, 0 failed"
check "page 2 followed" grep -q '^GET /index.php/blog/category/104?page=2 200$' "$HTTPD_LOG"
check "each article page fetched once" eq "$(grep -c '^GET /index.php/blog/read/' "$HTTPD_LOG")" 3
w sources list --format json
check "the source is a listing with the office" eq "$(pyj "$T/out" '[(s["kind"], s["office"], s["title"], s["articles"]) for s in d]')" \
	"[('listing', 'kab-sukoharjo', 'KPU Kabupaten Sukoharjo', 3)]"

w list --format json
check "articles: title, date (WIB to UTC), office, divisions" eq \
	"$(pyj "$T/out" '[(a["url"].rsplit("/", 1)[1], a["title"], a["published"], a["office"]["slug"], a["divisions"], a["mentions"]) for a in d]')" \
	"[('915_rapat-pleno-dpb', 'Rapat Pleno Rekapitulasi DPB Triwulan II', '2025-05-12T03:15:00Z', 'kab-sukoharjo', ['RENDATIN'], ['kab-sukoharjo']), ('912_bimtek-kpps', 'Bimtek KPPS Pemungutan Suara Ulang', '2025-05-09T01:00:00Z', 'kab-sukoharjo', ['TEKNIS'], ['kab-sukoharjo']), ('907_sosialisasi-pemilih-pemula', 'Sosialisasi Pemilih Pemula di SMA Negeri 1 Sukoharjo', '2025-05-05T02:30:00Z', 'kab-sukoharjo', ['SOSDIKLIH'], ['kab-sukoharjo'])]"
w show 1 --format json
check "body: the whole article with its credit line" eq \
	"$(pyj "$T/out" '(d["published_estimated"], "Divisi Perencanaan, Data dan Informasi KPU Kabupaten Sukoharjo menggelar rapat pleno" in d["body"], "tercatat 712.406 orang." in d["body"], d["body"].splitlines()[-1])')" \
	"(False, True, True, '(ang/ed. Foto: Humas KPU Kabupaten Sukoharjo)')"
check "body: no navigation, sidebar, share block or view counter" eq \
	"$(pyj "$T/out" '[p for p in ("Beranda", "Berita Terbaru", "Bimtek KPPS", "Bagikan", "Facebook", "Telah dilihat", "Jl. Jenderal Sudirman") if p in d["body"]]')" "[]"
w list --division teknis --office sukoharjo --format json
check "filters on the listing's articles" eq "$(pyj "$T/out" '[a["id"] for a in d]')" "[2]"

# ---- second fetch: nothing new, no article page requested again
: >"$HTTPD_LOG"
w fetch
check "second fetch adds nothing" eq "$rc/$(summary)" "0/fetched 1 sources: 0 new, 0 updated, 1 not modified, 0 failed"
check "...and reads no article page" eq "$(grep -c '/blog/read/' "$HTTPD_LOG")" 0

# ---- a new article on page 1: only it is fetched, the walk stops at a known article
"$PY" - "$T/www/index.php/blog" <<'PY'
import sys
d = sys.argv[1]
new = ('<div class="post"><h4><a href="/index.php/blog/read/921_rakor-logistik">Rakor Distribusi '
       'Logistik PSU</a></h4><p class="tanggal">Rabu, 14 Mei 2025 | 13:00 WIB</p></div>\n')
for name in ("category/104", "category/104?page=1"):
    s = open(d + "/" + name, encoding="utf-8").read()
    s = s.replace("<h3>Berita</h3>\n", "<h3>Berita</h3>\n" + new, 1)
    open(d + "/" + name, "w", encoding="utf-8").write(s)
page = open(d + "/read/912_bimtek-kpps", encoding="utf-8").read()
page = page.replace("<title>Bimtek KPPS Pemungutan Suara Ulang", "<title>Rakor Distribusi Logistik PSU")
page = page.replace("Bimtek KPPS Pemungutan Suara Ulang</h2>", "Rakor Distribusi Logistik PSU</h2>")
page = page.replace("Jumat, 9 Mei 2025 | 08:00 WIB", "Rabu, 14 Mei 2025 | 13:00 WIB")
start = page.index("<p>")
end = page.index('<div class="share">')
page = page[:start] + ("<p>Sukoharjo &#8211; Divisi Perencanaan dan Logistik KPU Kabupaten Sukoharjo "
                       "menggelar rapat koordinasi distribusi logistik pemungutan suara ulang "
                       "bersama PPK.</p>\n<p>(ang/ed)</p>\n") + page[end:]
open(d + "/read/921_rakor-logistik", "w", encoding="utf-8").write(page)
PY
: >"$HTTPD_LOG"
w fetch
check "third fetch: the one new article" eq "$rc/$(summary)" "0/fetched 1 sources: 1 new, 0 updated, 0 not modified, 0 failed"
check "...fetched alone, page 2 not walked" eq "$(grep -v '^GET /index.php/blog/category/104 200$' "$HTTPD_LOG")" \
	"GET /index.php/blog/read/921_rakor-logistik 200"
w list --limit 1 --format json
check "the new article stored whole" eq "$(pyj "$T/out" '[(a["title"], a["published"], a["divisions"]) for a in d]')" \
	"[('Rakor Distribusi Logistik PSU', '2025-05-14T06:00:00Z', ['RENLOG'])]"
# A full-text feed whose item has no title: the feed's first words stand in for one only
# until the page is read, then the page's own title wins.
cat > "$T/www/ringkas.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Ringkasan</title><link>$HTTPD_URL/</link>
<item><link>$READ/915_rapat-pleno-dpb</link><pubDate>Mon, 12 May 2025 10:15:00 +0700</pubDate>
<description>KPU Kabupaten Sukoharjo menggelar rapat pleno terbuka rekapitulasi daftar pemilih berkelanjutan triwulan kedua</description>
</item></channel></rss>
EOF
"$WARTA" --db "$T/ft.db" sources add "$HTTPD_URL/ringkas.xml" --full-text >/dev/null &&
"$WARTA" --db "$T/ft.db" fetch --quiet >/dev/null 2>&1 &&
"$WARTA" --db "$T/ft.db" list --format json > "$T/ft.json"
check "a title-less full-text item takes the page's title" eq \
	"$(pyj "$T/ft.json" '[a["title"] for a in d]')" "['Rapat Pleno Rekapitulasi DPB Triwulan II']"
finish
