#!/bin/sh
# warta sync against a second local "host" reached through a fake ssh: the laptop pulls
# the articles and exchanges reading state with its user on the shared server; a second
# run transfers nothing new; an interrupted run is finished by the next one.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/shared_lib.sh"

export FAKE_SSH_ROOT="$T/home"
export WARTA_SSH="sh $top_srcdir/tests/sync_fake_ssh"
mkdir -p "$FAKE_SSH_ROOT"
echo "archive = $ARCHIVE" >"$FAKE_SSH_ROOT/etc-warta-config"
as service sources add "$SHARED/kab-semarang.xml"
as service sources add "$SHARED/jateng.xml"
as service fetch --quiet
S="siti --archive $ARCHIVE"
DPT=https://jateng.kpu.go.id/berita/penetapan-dpt-pilkada
SOS=https://kab-semarang.kpu.go.id/berita/sosialisasi-pemilih-pemula
as $S tag "$(url_id $DPT $S)" pilkada
as $S read "$(url_id $SOS $S)"

sync() { as laptop sync --remote-command "$WARTA" "$@" siti@server; }

# ---- first sync: everything comes over
sync
check "sync exits 0" eq "$rc" 0
check "progress is shown" contains "$(cat "$T/out")" "pulling new articles from siti@server..."
check "summary line" contains "$(cat "$T/out")" \
	"synced with siti@server: 5 new articles, 0 updated; 0 state changes sent, 2 received (2 applied)"
check "the remote ran warta through ssh" contains "$(cat "$T/home/commands.log")" "'archive' 'export'"
check "laptop has the articles and siti's marks" eq "$(marks laptop)" "bimtek-kpps 0 0
pendaftaran-paslon 0 0
penetapan-dpt-pilkada 0 0 pilkada
rapat-pleno-rekapitulasi 0 0
sosialisasi-pemilih-pemula 1 0"

# ---- offline work on the laptop, then a sync sends it
as laptop read "$(url_id $DPT laptop)"
as laptop tag "$(url_id $DPT laptop)" laptop
sync
# (changes received earlier go back too; the server ignores them as known)
check "second sync sends the laptop's changes" contains "$(cat "$T/out")" \
	"synced with siti@server: 0 new articles, 0 updated; 4 state changes sent"
check "siti sees the laptop's marks on the server" eq "$(marks $S | grep dpt)" \
	"penetapan-dpt-pilkada 1 0 laptop,pilkada"
as laptop list --format json
check "no duplicates after two syncs" eq "$(pyj "$T/out" "len(d), len(set(a['url'] for a in d))")" "(5, 5)"

# ---- a new article on the server; the sync is cut off while sending state
cat >"$T/baru.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>KPU Kota Semarang</title>
<item><title>Debat Publik Calon Wali Kota Semarang</title>
<link>https://kota-semarang.kpu.go.id/berita/debat-publik</link>
<pubDate>Wed, 30 Oct 2024 19:00:00 +0700</pubDate>
<description>KPU Kota Semarang menggelar debat publik pertama pasangan calon wali kota.</description></item>
</channel></rss>
XML
as service sources add "$T/baru.xml"
as service fetch --quiet
as laptop flag "$(url_id $SOS laptop)"
FAKE_SSH_FAIL="'state' 'import'" sync
check "interrupted sync fails" eq "$rc" 1
check "and says how to finish" contains "$(cat "$T/err")" "run it again to finish"
check "the article already pulled is kept" eq "$(url_id https://kota-semarang.kpu.go.id/berita/debat-publik laptop)" 6
check "the flag has not reached the server" eq "$(marks $S | grep sosialisasi)" "sosialisasi-pemilih-pemula 1 0"
sync
check "the next sync finishes" eq "$rc" 0
check "it pulls nothing twice" contains "$(cat "$T/out")" "synced with siti@server: 0 new articles, 0 updated; 1 state changes sent"
check "the flag reached the server" eq "$(marks $S | grep sosialisasi)" "sosialisasi-pemilih-pemula 1 1"
as laptop list --format json
check "six articles, no duplicates" eq "$(pyj "$T/out" "len(d), len(set(a['url'] for a in d))")" "(6, 6)"

# ---- an unreachable host is one clear error
WARTA_SSH=false sync
check "unreachable host fails" eq "$rc" 1
check "the error names the remote" contains "$(cat "$T/err")" "failed (exit 1)"
finish
