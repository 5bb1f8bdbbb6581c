#!/bin/sh
# Laptop round trip by files: an archive subset exported on the server and imported on
# the laptop (incremental, no duplicates), reading state marked offline on both sides and
# exchanged both ways, conflicts settled by the rule (newest change wins; tags merge).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/shared_lib.sh"

as service sources add "$SHARED/kab-semarang.xml"
as service sources add "$SHARED/jateng.xml"
as service fetch --quiet
S="siti --archive $ARCHIVE"
DPT=https://jateng.kpu.go.id/berita/penetapan-dpt-pilkada
PASLON=https://jateng.kpu.go.id/berita/pendaftaran-paslon
SOS=https://kab-semarang.kpu.go.id/berita/sosialisasi-pemilih-pemula
sid() { url_id "$1" siti --archive "$ARCHIVE"; }
lid() { url_id "$1" laptop; }

# ---- archive subset: Jawa Tengah since August
as $S archive export --since 2024-08-01 --office jateng "$T/subset.db"
check "subset exported" eq "$rc/$(cat "$T/out")" "0/exported 2 articles to $T/subset.db"
as laptop --db "$T/subset.db" list --format csv
check "the subset opens on its own" eq "$(($(wc -l <"$T/out") - 1))" 2
as laptop archive import "$T/subset.db"
check "import adds two" contains "$(cat "$T/out")" "2 new articles"
as laptop archive import "$T/subset.db"
check "repeated import adds nothing" contains "$(cat "$T/out")" "0 new articles, 0 updated, 2 already here"
as $S archive export "$T/all.db"
as laptop archive import "$T/all.db"
check "the whole archive adds the other three" contains "$(cat "$T/out")" "3 new articles"
as laptop list --format json
check "laptop: five articles, no duplicates" eq "$(pyj "$T/out" "len(d), len(set(a['url'] for a in d))")" "(5, 5)"
as laptop show "$(lid $DPT)"
check "laptop reads the article body" contains "$(cat "$T/out")" "28.427.616"

# ---- marks on the server before the laptop goes away
as $S tag "$(sid $DPT)" pilkada
as $S read "$(sid $SOS)"
as $S state export "$T/server1.chg"
check "server export prints the next token" contains "$(cat "$T/out")" "next: warta state export --since"
as laptop state import "$T/server1.chg"
check "laptop applies the server's state" contains "$(cat "$T/out")" "2 state changes applied"
check "laptop has the server's marks" eq "$(marks laptop | grep -E 'dpt|sosialisasi')" \
	"penetapan-dpt-pilkada 0 0 pilkada
sosialisasi-pemilih-pemula 1 0"
as laptop state export "$T/ignored.chg"
LTOKEN=$(sed -n 's/^next: warta state export --since \([0-9]*\) FILE$/\1/p' "$T/out")
check "laptop token printed" test -n "$LTOKEN"
as $S state export "$T/ignored.chg"
STOKEN=$(sed -n 's/^next: warta state export --since \([0-9]*\) FILE$/\1/p' "$T/out")

# ---- offline on both sides, with conflicts; the later change of each pair wins
as $S tag "$(sid $DPT)" dpt                        # server adds a tag
as laptop tag "$(lid $DPT)" laptop                 # laptop adds another: union
as laptop read "$(lid $DPT)"                       # only the laptop reads it
as $S flag "$(sid $PASLON)"                        # server flags first ...
sleep 0.05
as laptop unread "$(lid $SOS)"                     # laptop unreads after the server read it
as laptop untag "$(lid $DPT)" pilkada              # laptop removes the server's older tag
sleep 0.05
as laptop flag "$(lid $PASLON)"
as laptop unflag "$(lid $PASLON)"                  # ... laptop unflags later: unflagged
as $S views save jateng "office:jateng"

as laptop state export --since "$LTOKEN" "$T/laptop.chg"
check "laptop exports its changes since the token" contains "$(cat "$T/out")" "5 state changes written"
as $S state export --since "$STOKEN" "$T/server2.chg"
check "server exports its changes since the token" contains "$(cat "$T/out")" "3 state changes written"
as $S state import "$T/laptop.chg"
check "server applies the laptop's changes" eq "$rc" 0
as laptop state import "$T/server2.chg"
check "laptop applies the server's changes" eq "$rc" 0
expected="bimtek-kpps 0 0
pendaftaran-paslon 0 0
penetapan-dpt-pilkada 1 0 dpt,laptop
rapat-pleno-rekapitulasi 0 0
sosialisasi-pemilih-pemula 0 0"
check "server state after the exchange" eq "$(marks $S)" "$expected"
check "laptop state after the exchange" eq "$(marks laptop)" "$expected"
as laptop views
check "the saved view travelled" contains "$(cat "$T/out")" "office:jateng"

# ---- repeating an import changes nothing
as $S state import "$T/laptop.chg"
check "repeat: nothing applied" contains "$(cat "$T/out")" "0 state changes applied"
check "repeat: server unchanged" eq "$(marks $S)" "$expected"

# ---- garbage is refused whole
printf 'bukan changeset' >"$T/junk.chg"
as laptop state import "$T/junk.chg"
check "a damaged state file is refused" eq "$rc" 1
check "and nothing changed" eq "$(marks laptop)" "$expected"
finish
