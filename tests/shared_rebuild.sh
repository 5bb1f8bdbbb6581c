#!/bin/sh
# The archive rebuilt from scratch (new ids, new identity): each reader's state follows
# the articles by their stable keys; state for articles not fetched yet waits for them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/shared_lib.sh"

as service sources add "$SHARED/kab-semarang.xml"
as service sources add "$SHARED/jateng.xml"
as service fetch --quiet
RAPAT=https://kab-semarang.kpu.go.id/berita/rapat-pleno-rekapitulasi
DPT=https://jateng.kpu.go.id/berita/penetapan-dpt-pilkada
old_rapat=$(url_id $RAPAT siti --archive "$ARCHIVE")
old_dpt=$(url_id $DPT siti --archive "$ARCHIVE")
as siti --archive "$ARCHIVE" read "$old_rapat"
as siti --archive "$ARCHIVE" flag "$old_dpt"
as siti --archive "$ARCHIVE" tag "$old_dpt" pilkada
as siti --archive "$ARCHIVE" tag "$old_rapat" rekap
before=$(marks siti --archive "$ARCHIVE")
check "state before the rebuild" eq "$before" "bimtek-kpps 0 0
pendaftaran-paslon 0 0
penetapan-dpt-pilkada 0 1 pilkada
rapat-pleno-rekapitulasi 1 0 rekap
sosialisasi-pemilih-pemula 0 0"

# ---- rebuilt: only jateng first (so the ids change and Semarang's articles are missing)
rm -f "$ARCHIVE" "$ARCHIVE-wal" "$ARCHIVE-shm"
as service sources add "$SHARED/jateng.xml"
as service fetch --quiet
check "rebuilt: new ids" test "$(url_id $DPT siti --archive "$ARCHIVE")" != "$old_dpt"
check "jateng's state attached by key" eq "$(marks siti --archive "$ARCHIVE")" "pendaftaran-paslon 0 0
penetapan-dpt-pilkada 0 1 pilkada"
as siti --archive "$ARCHIVE" list --tag rekap --format csv
check "state of a missing article matches nothing" eq "$(tail -n +2 "$T/out")" ""

# ---- Semarang comes back: its state attaches again
as service sources add "$SHARED/kab-semarang.xml"
as service fetch --quiet
check "all state attached after the refetch" eq "$(marks siti --archive "$ARCHIVE")" "$before"
check "ids did change" test "$(url_id $RAPAT siti --archive "$ARCHIVE")" != "$old_rapat"
as siti --archive "$ARCHIVE" list --unread --format csv
check "unread count follows" eq "$(($(wc -l <"$T/out") - 1))" 4
finish
