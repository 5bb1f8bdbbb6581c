#!/bin/sh
# Fetching in the background (R) against the local test server while keys are being sent:
# the status line shows progress and completion, the selected article stays where it was
# on screen, the article being read does not move, and new articles appear. A fetch by a
# second warta on the same database shows up on refresh (^L), never "database is locked".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
. "$top_srcdir/tests/ui_lib.sh"

DB="$T/warta.db"
ui_seed "$DB" || { fail "fixture archive seeded"; finish; }
httpd_start "$TESTDATA/ui/http" 60 || { fail "test server starts"; finish; }
# Slow answers, so that the fetch is still running while we type.
"$WARTA" --db "$DB" sources add "$HTTPD_URL/kab-semarang.xml?delay=2000" --office kab-semarang >/dev/null
"$WARTA" --db "$DB" sources add "$HTTPD_URL/kab-kendal.xml?delay=2500" --office kab-kendal >/dev/null

ui_start NO_COLOR=1 -- --db "$DB" || { fail "tmux starts"; finish; }
ui_wait "All news" >/dev/null
ui_keys Enter
check "list open" ui_wait "12 articles"
ui_keys j j
sleep 0.2
selected=$(ui_focus)
row=$(ui_row_of "Gelar Rapat Pleno")
check "selected before the fetch" contains "$selected" "Gelar Rapat Pleno"

ui_keys R
check "the status line shows progress" ui_wait "fetching: " 5
# Keys while the fetch runs: the screen answers them (the cursor moves and comes back).
ui_keys j
check "keys work during the fetch (j moved)" ui_wait_focus "Bimbingan Teknis" 2
ui_keys k
check "and k moved back" ui_wait_focus "Gelar Rapat Pleno" 2
check "still fetching while we typed" contains "$(ui_screen)" "fetching: "
# Every source is fetched: the 8 fixture files (rusak.txt fails again) and the 2 slow ones.
check "the status line reports completion" ui_wait "fetched 10 sources: 2 new, 1 failed" 20
check "completion names the failing source and why" contains "$(ui_screen)" "rusak.txt: the page could not"
check "the selection did not move" ui_wait_focus "Gelar Rapat Pleno"
check "nor did its line on screen" test "$(ui_row_of "Gelar Rapat Pleno")" = "$row"
ui_keys g
check "the new articles are in the list" ui_wait "KPU Kendal Sosialisasi kepada Komunitas" 3
check "counts include them" ui_wait "14 articles" 3
check "the server was asked (log)" grep -q "kab-kendal.xml" "$HTTPD_LOG"

# ---- reading while a fetch brings in more
"$WARTA" --db "$DB" sources add "$HTTPD_URL/kota-surakarta.xml?delay=1500" --office kota-surakarta >/dev/null
ui_keys j Enter
check "article open" ui_wait "Title: KPU Kabupaten Semarang Rakor"
ui_keys j
sleep 0.2
before=$(ui_screen | head -n 23)
ui_keys R
check "fetch from the article view: progress" ui_wait "fetching: " 5
check "fetch from the article view: completion" ui_wait "fetched 11 sources: 1 new," 20
check "the text being read did not move" test "$(ui_screen | head -n 23)" = "$before"
ui_keys q
check "back in the list: counts include the new article" ui_wait "15 articles" 3
check "the cursor stayed on the article that was read" ui_wait_focus "Kabupaten Semarang Rakor"
# New rows above the cursor come into view when scrolling up, not by moving what is read.
ui_keys g
check "the new article is at the top" ui_wait "Luncurkan Arsip Digital" 3

# ---- a second warta fetches the same database; ^L picks it up
"$WARTA" --db "$DB" sources add "$HTTPD_URL/kab-demak.xml" --office kab-demak >/dev/null
out=$("$WARTA" --db "$DB" fetch 2>&1)
check "a concurrent fetch is not locked out" sh -c '! printf "%s" "$1" | grep -qi "locked"' - "$out"
ui_keys C-l
check "^L updates the counts" ui_wait "16 articles" 3
check "^L shows the other fetch's article" ui_wait "KPU Demak Pastikan Gudang" 3
check "no lock errors on screen" sh -c '! printf "%s" "$1" | grep -qi "locked"' - "$(ui_screen)"
ui_keys Q
check "quits" ui_wait_exit 5
finish
