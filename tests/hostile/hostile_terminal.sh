#!/bin/sh
# Terminal safety: titles, source names and bodies carrying ESC [2J, OSC 52, OSC 8, C1 CSI
# (U+009B) and U+202E never reach the stdout of list/show/export/sources raw, in any format.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/hostile/hostile_lib.sh"
hostile_make
W sources add "$H/terminal.xml" > /dev/null && W fetch > "$T/fetch.out" 2> "$T/fetch.err"
check "escape feed fetched" grep -q "1 new" "$T/fetch.out"
check "fetch progress line is clean" no_terminal_controls "$T/fetch.out"
n=0
for args in "list" "list --format json" "list --format csv" "show 1" "show 1 --format json" \
	    "show 1 --width 40" "export --format json" "export --format csv" "sources list" \
	    "sources list --format json"; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	W $args > "$T/out.$n" 2> "$T/err.$n"
	check "$args: exits 0" test $? = 0
	check "$args: stdout carries no ESC, C1 or bidi control" no_terminal_controls "$T/out.$n"
	check "$args: stderr carries no ESC, C1 or bidi control" no_terminal_controls "$T/err.$n"
done
check "list still shows the title's words" grep -q "kebalik" "$T/out.1"
check "show still shows the body's words" grep -q "akhir" "$T/out.4"
check "JSON keeps U+009B and U+202E as escapes (lossless)" \
	sh -c "grep -q '\\\\u009b' '$T/out.2' && grep -q '\\\\u202e' '$T/out.2'"
finish
