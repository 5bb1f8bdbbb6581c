#!/bin/sh
# A full disk during a fetch (issue 7): the archive lives on a small tmpfs that is filled
# up before the second fetch. The fetch says the disk is full, naming the database; the
# archive is left as it was (integrity ok, the earlier articles unchanged, nothing half
# stored); once space is freed the next fetch completes.
# Mounting needs root, or an unprivileged user and mount namespace (unshare -rm); when
# neither is allowed the test is skipped (77).
if [ -z "${WARTA_DISKFULL_NS:-}" ] && [ "$(id -u)" != 0 ]; then
	if command -v unshare >/dev/null 2>&1 && unshare -rm true 2>/dev/null; then
		WARTA_DISKFULL_NS=1 exec unshare -rm /bin/sh "$0" "$@"
	fi
	echo "SKIP: mounting a tmpfs needs root or user namespaces (unshare -rm)"
	exit 77
fi
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
. "$TESTDATA/cli/e2e_lib.sh"

DISK="$T/disk"
mkdir -p "$DISK" "$T/www"
if ! mount -t tmpfs -o size=16m,mode=0700 warta-diskfull "$DISK" 2>"$T/mount.err"; then
	echo "SKIP: cannot mount a tmpfs: $(cat "$T/mount.err")"
	exit 77
fi
disk_unmount() { umount "$DISK" 2>/dev/null || umount -l "$DISK" 2>/dev/null; }
cleanup_hooks="disk_unmount $cleanup_hooks"
DB="$DISK/arsip.db"

# feed.xml: FROM..TO items of a KPU office feed; every body is about 6 KB of Indonesian
# text, so 150 new items need several times the free space left below.
write_feed() {
	"$PY" - "$T/www/feed.xml" "$1" "$2" <<'PY'
import sys
path, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
para = ("<p>KPU Kota Semarang menggelar rapat pleno terbuka rekapitulasi daftar pemilih "
        "berkelanjutan triwulan %d bersama Bawaslu, partai politik dan Dinas Kependudukan "
        "dan Pencatatan Sipil. Divisi Perencanaan, Data dan Informasi memaparkan hasil "
        "pemutakhiran di 16 kecamatan dan 177 kelurahan.</p>")
items = []
for k in range(last, first - 1, -1):
    body = "".join(para % (k * 40 + j) for j in range(22))
    items.append(
        "<item><title>Rapat Pleno Rekapitulasi DPB Nomor %d</title>"
        "<link>https://kota-semarang.kpu.go.id/berita/%d</link>"
        "<guid isPermaLink=\"false\">diskfull-%d</guid>"
        "<pubDate>Mon, %02d Jun 2025 %02d:%02d:00 +0700</pubDate>"
        "<description><![CDATA[%s]]></description></item>"
        % (k, k, k, 1 + k % 28, k % 24, k % 60, body))
with open(path, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            "<title>KPU Kota Semarang</title><link>https://kota-semarang.kpu.go.id/</link>"
            + "".join(items) + "</channel></rss>")
PY
}

# snapshot: every stored article (guid, title, body) as one line, sorted.
snapshot() {
	"$PY" -c '
import hashlib, sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=30)
for row in con.execute("SELECT guid, title, coalesce(body_html, summary, body_text) FROM articles"
                       " ORDER BY guid"):
    print(row[0], row[1], hashlib.sha1((row[2] or "").encode()).hexdigest())' "$DB"
}
dbsql() { "$PY" -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1], timeout=30).execute(sys.argv[2]): print("|".join(map(str, r)))' "$DB" "$1"; }

httpd_start "$T/www" 120 || exit 1
write_feed 1 20
"$WARTA" --db "$DB" sources add "$HTTPD_URL/feed.xml" --title "KPU Kota Semarang" >"$T/out" 2>"$T/err"
check "subscribed on the small disk" eq "$?" 0
"$WARTA" --db "$DB" fetch >"$T/out" 2>"$T/err"
check "first fetch stores 20 articles" eq "$?/$(dbsql 'select count(*) from articles')" "0/20"
snapshot >"$T/before"

# Fill the disk but for 160 KB (room to open the archive and start writing), then 300
# new items arrive: the disk runs full in the middle of the fetch.
write_feed 1 170
dd if=/dev/zero of="$DISK/filler" bs=16k 2>/dev/null
truncate -s -160K "$DISK/filler"
check "the disk is nearly full" test "$(df -Pk "$DISK" | awk 'NR == 2 { print $4 }')" -le 176
"$WARTA" --db "$DB" fetch >"$T/out" 2>"$T/err"
rc=$?
cat "$T/out" "$T/err" >"$T/said"
check "the fetch on a full disk fails" test "$rc" -ne 0
check "it says the disk is full" grep -qi 'disk is full\|disk full\|no space' "$T/said"
check "it names the database" grep -q "$DB" "$T/said"
check "the summary counts nothing as stored" grep -q '^fetched 1 sources: 0 new, 0 updated' "$T/out"
check "no crash, no sanitizer report" test "$rc" -lt 64
grep -qi 'assert\|segmentation\|AddressSanitizer\|runtime error' "$T/said" && fail "a crash report: $(head -3 "$T/said")"

# The archive as it was (read while the disk is still full).
check "integrity ok" eq "$(dbsql 'PRAGMA integrity_check')" ok
snapshot >"$T/after"
check "the earlier articles are unchanged, nothing half stored" cmp -s "$T/before" "$T/after"
"$WARTA" --db "$DB" list --format json >"$T/list.json" 2>"$T/err"
check "warta still reads the archive" eq "$?/$(pyj "$T/list.json" 'len(d)')" "0/20"

# Space again: the next fetch completes and stores the new items once.
rm -f "$DISK/filler"
check "the full-text index is consistent" eq \
	"$(dbsql "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')" 2>&1)" ""
"$WARTA" --db "$DB" fetch >"$T/out" 2>"$T/err"
rc=$?
check "the next fetch completes" eq "$rc" 0
[ "$rc" = 0 ] || cat "$T/out" "$T/err" >&2
check "all 170 articles, each once" eq \
	"$(dbsql 'select count(*), count(distinct guid) from articles')" "170|170"
check "integrity ok after the recovery" eq "$(dbsql 'PRAGMA integrity_check')" ok
"$WARTA" --db "$DB" list --format json --query '"triwulan 6800"' >"$T/list.json" 2>"$T/err"
check "the new articles are searchable" eq "$?/$(pyj "$T/list.json" 'len(d)')" "0/1"
if [ "$FAILS" -gt 0 ]; then
	echo "--- what warta said on the full disk:"
	head -20 "$T/said"
fi
finish
