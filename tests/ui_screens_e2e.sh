#!/bin/sh
# The interface's screens and terminals: help generated from the bindings (and a `bind` in
# the config), the count prefix, the : command line, resizing to 40x12 and back, colours
# from the config, NO_COLOR, TERM=linux, mouse wheel and click, Q from deep inside.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui_lib.sh"

DB="$T/warta.db"
ui_seed "$DB" || { fail "fixture archive seeded"; finish; }
mkdir -p "$XDG_CONFIG_HOME/warta"
CONFIG="$XDG_CONFIG_HOME/warta/config"

# ---- bind: a new key for next-unread, and n taken over by toggle-flag
cat >"$CONFIG" <<'EOF'
# warta test configuration
bind x next-unread
bind n toggle-flag
mouse yes
EOF
ui_start NO_COLOR=1 -- --db "$DB" || { fail "tmux starts"; finish; }
check "starts with a config" ui_wait "All news"
ui_keys '?'
check "help opens" ui_wait "next-unread"
scr=$(ui_screen)
check "help shows the bound key for next-unread" sh -c 'printf "%s" "$1" | grep -Eq "^ +x +next-unread "' - "$scr"
check "help shows n on toggle-flag" sh -c 'printf "%s" "$1" | grep -Eq "^ +f n +toggle-flag "' - "$scr"
check "help no longer shows n for next-unread" sh -c '! printf "%s" "$1" | grep -Eq "^ +n +next-unread"' - "$scr"
ui_keys C-f
check "help scrolls to the later actions" ui_wait "redraw"
ui_keys q Enter
check "list opens" ui_wait "12 articles"
ui_keys x
check "the bound key runs next-unread" ui_wait_focus "Evaluasi Distribusi"
ui_keys n
check "n now flags" ui_wait "flagged"
check "n flagged in the database" test "$(count_query is:flagged)" -eq 1

# ---- mouse: wheel scrolls, click selects, double click opens (X10 mouse reports)
mouse() { ui_tmux send-keys -t ui -H 1b 5b 4d "$(printf %x $((32 + $1)))" \
	"$(printf %x $((33 + $2)))" "$(printf %x $((33 + $3)))"; }
ui_keys g
sleep 0.2
mouse 65 10 1
check "wheel down moves the selection (3 rows a step)" ui_wait_focus "Bimbingan Teknis"
mouse 64 10 1
check "wheel up moves it back" ui_wait_focus "KPU RI Tetapkan"
row=$(ui_row_of "Kota Madiun Ajak")
mouse 0 20 $((row - 1)); mouse 3 20 $((row - 1))
check "a click selects the row under the pointer" ui_wait_focus "Kota Madiun Ajak"

# ---- the : command line
ui_keys :
check ": prompts" ui_wait ":"
ui_type "filter office:jatim"
ui_keys Enter
check ":filter applies a filter" ui_wait "1 article, 1 unread"
ui_keys : C-u
ui_type "clear-filter"
ui_keys Enter
check ":ACTION runs an action" ui_wait "12 articles"
ui_keys : C-u
ui_type "frobnicate"
ui_keys Enter
check "an unknown command is reported" ui_wait 'unknown command "frobnicate"'

# ---- resize to 40x12 and back
ui_keys g Enter
check "article open before resizing" ui_wait "Title: KPU RI Tetapkan"
ui_keys q
sleep 0.2
before=$(ui_screen)
ui_tmux resize-window -t ui -x 40 -y 12
check "redrawn at 40x12" ui_wait "06-12" 5
small=$(ui_screen)
check "40x12: title bar on top" sh -c 'printf "%s\n" "$1" | head -1 | grep -q "^warta"' - "$small"
check "40x12: counts on the status line (row 12)" sh -c 'printf "%s\n" "$1" | sed -n 12p | grep -q "12 articles"' - "$small"
check "40x12: no stale wide rows left" sh -c '! printf "%s\n" "$1" | grep -q "KPU RI   "' - "$small"
check "40x12: the selected row is kept" ui_wait_focus "KPU RI Tetapkan"
ui_keys Enter
check "article at 40x12" ui_wait "Title:" 5
art=$(ui_screen)
check "40x12: the article is wrapped at a word" contains "$art" "Pemutakhiran Data"
ui_keys q
ui_tmux resize-window -t ui -x 80 -y 24
check "redrawn at 80x24" ui_wait "2025-06-12" 5
sleep 0.2
check "back at 80x24 the screen is as before" test "$(ui_screen)" = "$before"

# ---- Q quits from anywhere (here: the article view)
ui_keys Enter
check "article open" ui_wait "Title:"
ui_keys Q
check "Q quits from the article view" ui_wait_exit 5
ui_stop

# ---- colours from the config; without NO_COLOR
cat >"$CONFIG" <<'EOF'
color listfocus yellow red bold
color info black green
EOF
ui_start -- --db "$DB" || fail "tmux starts again"
check "starts with colours" ui_wait "All news"
raw=$(ui_tmux capture-pane -p -e -t ui)
check "configured focus colour (yellow on red)" sh -c 'printf "%s" "$1" | grep -q "33m.*41m\|41m.*33m\|33;41m"' - "$raw"
check "configured bar colour (black on green)" sh -c 'printf "%s\n" "$1" | head -1 | grep -q "30m.*42m\|42m.*30m\|30;42m"' - "$raw"
ui_keys q
ui_wait_exit 5
ui_stop

# ---- NO_COLOR: no colour at all, focus still visible
ui_start NO_COLOR=1 -- --db "$DB"
check "NO_COLOR starts" ui_wait "All news"
raw=$(ui_tmux capture-pane -p -e -t ui)
check "NO_COLOR: no colour escapes" sh -c '! printf "%s" "$1" | grep -Eq "\[(3[0-7]|4[0-7])m|;(3[0-7]|4[0-7])m"' - "$raw"
check "NO_COLOR: the focus is in reverse video" test -n "$(ui_focus)"
ui_keys Q
ui_wait_exit 5
ui_stop

# ---- TERM=linux and xterm-256color
for term in linux xterm-256color; do
	ui_start TERM=$term -- --db "$DB"
	check "TERM=$term: first screen" ui_wait "/12     All news"
	ui_keys Enter
	check "TERM=$term: list" ui_wait "12 articles"
	ui_keys Q
	check "TERM=$term: quits" ui_wait_exit 5
	ui_stop
done
finish
