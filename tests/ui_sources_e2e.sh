#!/bin/sh
# Sources in the interface: the failing source's error one key away on the first screen,
# the sources screen (status, error, counts; re-fetch, remove), the first-run offer to
# subscribe to the directory (no fetch leaves the machine: the proxy is a closed loopback
# port), and a smoke run of --demo.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui_lib.sh"

DB="$T/warta.db"
ui_seed "$DB" || { fail "fixture archive seeded"; finish; }
ui_start NO_COLOR=1 -- --db "$DB" || { fail "tmux starts"; finish; }
check "first screen" ui_wait "All news"
ui_keys G
check "the last row is the failing source" ui_wait_focus "rusak.txt"
ui_keys e
check "e shows its last error" ui_wait "could not be read as HTML"

# ---- the sources screen
ui_keys S
check "S opens the sources screen" ui_wait "Sources"
scr=$(ui_screen)
check "sources: status, counts and title" sh -c 'printf "%s" "$1" | grep -Eq "ok +3 +3/3 +KPU Kota Semarang"' - "$scr"
check "sources: last success" contains "$scr" "last ok: 20"
check "sources: the failing one" sh -c 'printf "%s" "$1" | grep -Eq "^! FAIL +8 .*rusak.txt"' - "$scr"
check "sources: its error" contains "$scr" "error: the page could not be read"
ui_keys G e
check "sources: e shows the error" ui_wait "the page could not be read as HTML"
ui_keys r
check "sources: r re-fetches the source" ui_wait "fetched 1 source" 15
check "sources: the re-fetch failed again, as it must" contains "$(ui_screen)" "1 failed"
ui_keys D
check "sources: D asks first" ui_wait "Remove this source"
ui_keys n
sleep 0.2
check "sources: n keeps it" contains "$("$WARTA" --db "$DB" sources list)" "rusak.txt"
ui_keys D
ui_wait "Remove this source" >/dev/null
ui_keys y
check "sources: y removes it" ui_wait_gone "rusak.txt"
check "removal is stored (database)" sh -c '! "$WARTA" --db "$1" sources list | grep -q rusak.txt' - "$DB"
ui_keys g Enter
check "Enter on a source lists its articles" ui_wait "2 articles"
ui_keys q
check "q from the list returns to the sources screen" ui_wait "re-fetch"
ui_keys q
check "q from sources returns to the first screen" ui_wait "All news"
ui_keys Q
check "Q quits" ui_wait_exit 5
ui_stop

# ---- first run: an empty archive offers the directory
mkdir -p "$XDG_CONFIG_HOME/warta"
echo "proxy http://127.0.0.1:9" >"$XDG_CONFIG_HOME/warta/config"
OFFLINE="http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 no_proxy= NO_PROXY="
# shellcheck disable=SC2086
ui_start NO_COLOR=1 $OFFLINE -- --db "$T/empty.db"
check "empty archive: the offer" ui_wait "Subscribe to KPU RI and the 38 provincial offices"
ui_keys Enter
check "empty archive: subscribed and fetched (offline, so they fail)" ui_wait "fetched 39 sources" 10
ui_keys Q
check "quits while the fetch runs" ui_wait_exit 10
n=$("$WARTA" --db "$T/empty.db" sources list --format json | "$PYTHON3" -c 'import json,sys; print(len(json.load(sys.stdin)))')
check "KPU RI and 38 provinces subscribed (database: $n)" test "$n" -eq 39
src=$("$WARTA" --db "$T/empty.db" sources list)
check "KPU RI is among them" contains "$src" "office: ri"
check "a provincial office is among them" contains "$src" "office: jateng"
ui_stop

# shellcheck disable=SC2086
ui_start NO_COLOR=1 $OFFLINE -- --db "$T/province.db"
check "one province: the offer" ui_wait "Subscribe to one province"
ui_keys j Enter
check "one province: the chooser" ui_wait "Choose a province"
ui_type "bali"
ui_keys Enter
check "one province: subscribed and fetched" ui_wait "fetched 10 sources" 10
ui_keys Q
check "quits" ui_wait_exit 10
src=$("$WARTA" --db "$T/province.db" sources list)
check "the provincial office of Bali" contains "$src" "office: bali"
check "a kabupaten of Bali" contains "$src" "office: kab-badung"
check "nothing outside Bali" sh -c '! printf "%s" "$1" | grep -q "office: jateng"' - "$src"
ui_stop

# ---- the demo
ui_start NO_COLOR=1 -- --demo
check "demo: first screen" ui_wait "All news"
ui_keys Enter
check "demo: articles" ui_wait "unread"
ui_keys Q
check "demo: quits" ui_wait_exit 5
finish
