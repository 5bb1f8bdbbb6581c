#!/bin/sh
# Shared server: one archive fetched by a service account, two readers with their own
# reading state, read-only refusals that name the owner, file modes, and the
# system-wide configuration.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/shared_lib.sh"

# ---- the service account subscribes and fetches, with `shared yes`
mkdir -p "$T/home/service/config/warta"
echo "shared yes" >"$T/home/service/config/warta/config"
as service sources add "$SHARED/kab-semarang.xml"
as service sources add "$SHARED/jateng.xml"
as service fetch
check "service fetch exits 0" eq "$rc" 0
check "archive created group-readable (0640)" eq "$(stat -c %a "$ARCHIVE")" 640
check "WAL kept for readers, same mode" eq "$(stat -c %a "$ARCHIVE-wal" 2>/dev/null)" 640

# ---- two users, one archive, different state
as siti --archive "$ARCHIVE" list --format csv
check "siti sees the five articles" eq "$(($(wc -l <"$T/out") - 1))" 5
SOS=$(url_id https://kab-semarang.kpu.go.id/berita/sosialisasi-pemilih-pemula siti --archive "$ARCHIVE")
DPT=$(url_id https://jateng.kpu.go.id/berita/penetapan-dpt-pilkada siti --archive "$ARCHIVE")
as siti --archive "$ARCHIVE" read "$SOS"
as siti --archive "$ARCHIVE" tag "$DPT" pilkada
as siti --archive "$ARCHIVE" views save jateng "office:jateng"
as budi --archive "$ARCHIVE" flag "$SOS"
as budi --archive "$ARCHIVE" tag "$SOS" sosialisasi
check "siti's marks" eq "$(marks siti --archive "$ARCHIVE")" "bimtek-kpps 0 0
pendaftaran-paslon 0 0
penetapan-dpt-pilkada 0 0 pilkada
rapat-pleno-rekapitulasi 0 0
sosialisasi-pemilih-pemula 1 0"
check "budi's marks" eq "$(marks budi --archive "$ARCHIVE")" "bimtek-kpps 0 0
pendaftaran-paslon 0 0
penetapan-dpt-pilkada 0 0
rapat-pleno-rekapitulasi 0 0
sosialisasi-pemilih-pemula 0 1 sosialisasi"
as siti --archive "$ARCHIVE" list --unread --format csv
check "siti: four unread" eq "$(($(wc -l <"$T/out") - 1))" 4
as budi --archive "$ARCHIVE" list --unread --format csv
check "budi: five unread" eq "$(($(wc -l <"$T/out") - 1))" 5
as siti --archive "$ARCHIVE" views
check "siti's saved view" contains "$(cat "$T/out")" "office:jateng"
as budi --archive "$ARCHIVE" views
check "budi has no views" eq "$(cat "$T/out")" ""
check "state databases are private (0600)" eq \
	"$(stat -c %a "$T/home/siti/data/warta/state.db") $(stat -c %a "$T/home/budi/data/warta/state.db")" "600 600"
check "state WAL private too" eq "$(stat -c %a "$T/home/siti/data/warta/state.db-wal" 2>/dev/null || echo 600)" 600
check "the archive holds no reading state" eq "$("$PY" -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(sum(c.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in ("state_read", "state_flag", "state_tag")))' "$ARCHIVE")" 0
as siti --archive "$ARCHIVE" show "$DPT"
check "show works on the shared archive" contains "$(cat "$T/out")" "28.427.616"
as siti --archive "$ARCHIVE" list --search rekapitulasi --format csv
check "full-text search works on the shared archive" eq "$(($(wc -l <"$T/out") - 1))" 1

# ---- writing to the archive is refused, naming who can
owner=$(stat -c %U "$ARCHIVE")
for cmd in "sources add $SHARED/baru.xml" "sources remove 1" "fetch" "reclassify"; do
	as siti --archive "$ARCHIVE" $cmd
	check "refused: $cmd" eq "$rc" 1
	check "refusal names the owner: $cmd" contains "$(cat "$T/err")" \
		"is shared and read-only for you; subscriptions and fetching are done by its owner (user $owner)"
done
as siti --archive "$ARCHIVE" fetch
check "refused fetch says it once" eq "$(grep -c 'read-only' "$T/err")" 1
as service sources list
check "nothing was removed" contains "$(cat "$T/out")" "jateng.xml"

# ---- /etc/warta/config (WARTA_SYSTEM_CONFIG) points everyone at the archive
echo "archive = $ARCHIVE" >"$T/system.conf"
export WARTA_SYSTEM_CONFIG="$T/system.conf"
as siti list --tag pilkada --format csv
check "system config: siti's state without --archive" eq "$(tail -n +2 "$T/out" | cut -d, -f1)" "$DPT"
mkdir -p "$T/home/budi/config/warta"
echo "archive =" >"$T/home/budi/config/warta/config"
as budi list --format csv
check "user config overrides the system file (own empty database)" eq "$rc/$(($(wc -l <"$T/out") - 1))" 0/0
unset WARTA_SYSTEM_CONFIG

# ---- single-user setup: unchanged, one file, no configuration
as solo sources add "$SHARED/jateng.xml"
as solo fetch --quiet
as solo read 1
as solo list --unread --format csv
check "single user: one database (and the fetch lock)" eq "$(ls "$T/home/solo/data/warta" | tr '\n' ' ')" "warta.db warta.db.lock "
check "single user: state kept" eq "$(($(wc -l <"$T/out") - 1))" 1
check "single user database is private" eq "$(stat -c %a "$T/home/solo/data/warta/warta.db")" 600
finish
