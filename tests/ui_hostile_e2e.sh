#!/bin/sh
# Terminal safety: a feed whose title, author, source title, body and links carry CSI 2J,
# OSC 52 (clipboard), OSC 8 (hyperlink), C1 controls and a bidi override. Everything warta
# writes to the terminal is recorded (tmux pipe-pane from before it starts) and scanned for
# those payloads; ncurses' own CSI sequences are allowed. Wide and combining characters
# keep the list's columns.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui_lib.sh"

DB="$T/warta.db"
"$WARTA" --db "$DB" sources add "$TESTDATA/ui/hostile.xml" >/dev/null &&
	"$WARTA" --db "$DB" fetch >/dev/null 2>&1 || { fail "hostile fixture fetched"; finish; }
RAW="$T/terminal.raw"
: >"$RAW"
UI_GATE="$T/go" ui_start -- --db "$DB" || { fail "tmux starts"; finish; }
ui_tmux pipe-pane -o -t ui "cat >>'$RAW'"
touch "$T/go"
check "first screen" ui_wait "All news"
ui_keys Enter
check "the list" ui_wait "1 article"
scr=$(ui_screen)
check "the title is drawn (text kept)" contains "$scr" "kilbup"
check "wide characters drawn" contains "$scr" "選挙"
line=$(printf "%s\n" "$scr" | grep "選挙")
width=$(printf "%s" "$line" | "$PYTHON3" -c '
import sys, unicodedata
s = sys.stdin.read()
print(sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))')
check "the row fits the 80 columns (width $width)" test "$width" -le 80
ui_keys Enter
check "the article" ui_wait "Title:"
check "the body is drawn" ui_wait "HAPUS-LAYAR"
ui_keys u
check "the links" ui_wait "Links"
ui_keys q q q S
check "the sources screen" ui_wait "Sources"
ui_keys q
ui_wait "All news" >/dev/null
ui_keys Q
check "quits" ui_wait_exit 5
ui_stop
check "output was recorded (the title is in it)" grep -q kilbup "$RAW"
"$PYTHON3" - "$RAW" <<'PY' >"$T/scan" 2>&1
import sys
data = open(sys.argv[1], "rb").read()
bad = []
for name, needle in [("CSI 2J from the feed", b"\x1b[2JHAPUS"), ("CSI 2J (C1 form)", b"\x9b2J"),
                     ("OSC 52", b"\x1b]52"), ("OSC 8", b"\x1b]8;"), ("U+202E", "\u202e".encode()),
                     ("U+202C", "\u202c".encode()), ("C1 U+0085", "\u0085".encode()),
                     ("C1 U+009B", "\u009b".encode()), ("BEL", b"\x07")]:
    if needle in data:
        bad.append(name)
text = data.decode("utf-8", "surrogateescape")
if any(ord(c) == 0xDC9B for c in text):
    bad.append("raw 0x9b byte")
print("hostile payloads reached the terminal: " + ", ".join(bad) if bad else "clean")
PY
check "no hostile payload reached the terminal ($(cat "$T/scan"))" grep -q '^clean$' "$T/scan"
finish
