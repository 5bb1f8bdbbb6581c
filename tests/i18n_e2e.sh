#!/bin/sh
# Indonesian: po/id.po translates every message the sources mark, `warta --help`, a command's
# help and errors come out in Indonesian with LANGUAGE=id and in English without it, and the
# curses interface is Indonesian under LANG=id_ID.UTF-8 (tmux).
# The catalogue is compiled from the source tree into a scratch locale directory that warta
# finds through WARTA_LOCALEDIR, so nothing has to be installed.
. "$top_srcdir/tests/lib.sh"

for tool in msgfmt msgmerge xgettext; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: $tool not found (apt-get install gettext)"; exit 77; }
done

# --- the catalogue -----------------------------------------------------------------------
mkdir -p "$T/locale/id/LC_MESSAGES"
stats=$(msgfmt -c --statistics -o "$T/locale/id/LC_MESSAGES/warta.mo" "$top_srcdir/po/id.po" 2>&1)
check "po/id.po compiles with format checks ($stats)" test -s "$T/locale/id/LC_MESSAGES/warta.mo"
check "po/id.po has no fuzzy or untranslated entries" \
	eval 'case "$stats" in *fuzzy*|*untranslated*) false;; *" translated message"*) true;; *) false;; esac'

# Every source file that marks strings must be in POTFILES.in (generated tables excepted).
listed=$(grep -v '^#' "$top_srcdir/po/POTFILES.in")
missing=""
for f in $(cd "$top_srcdir" && grep -l -e '[^A-Za-z0-9_]N\{0,1\}_("' src/*.c src/*.h src/*/*.c src/*/*.h); do
	case "$f" in src/demo_sample.c|src/directory_data.c|src/i18n.h) continue;; esac
	printf '%s\n' "$listed" | grep -qx "$f" || missing="$missing $f"
done
[ -z "$missing" ] || echo "not in po/POTFILES.in:$missing" >&2
check "po/POTFILES.in lists every file with translatable strings" test -z "$missing"

# The strings as the sources have them now, merged with id.po: nothing may be left out.
printf '%s\n' "$listed" | grep . >"$T/potfiles"
(cd "$top_srcdir" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 \
	-f "$T/potfiles" -o "$T/warta.pot") 2>"$T/xgettext.err" || cat "$T/xgettext.err" >&2
msgmerge -q "$top_srcdir/po/id.po" "$T/warta.pot" -o "$T/merged.po" 2>&1
merged=$(msgfmt -c --statistics -o /dev/null "$T/merged.po" 2>&1)
case "$merged" in *fuzzy*|*untranslated*)
	echo "messages of the sources without a translation (run make -C po update-po, translate):" >&2
	for which in --untranslated --only-fuzzy; do
		msgattrib "$which" --no-obsolete --no-wrap "$T/merged.po" | sed '1,/^$/d' | grep -A1 '^msgid' >&2
	done;;
esac
check "every message in the sources is translated ($merged)" \
	eval 'case "$merged" in *fuzzy*|*untranslated*) false;; *" translated message"*) true;; *) false;; esac'

# --- the command line --------------------------------------------------------------------
in_id() { env -u LC_ALL -u LC_MESSAGES WARTA_LOCALEDIR="$T/locale" LANG=C.UTF-8 LANGUAGE=id "$WARTA" "$@"; }
in_en() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE WARTA_LOCALEDIR="$T/locale" LANG=C.UTF-8 "$WARTA" "$@"; }

out=$(in_id --help); rc=$?
check "LANGUAGE=id: --help exits 0" test "$rc" -eq 0
check "LANGUAGE=id: --help usage line" contains "$out" "penggunaan: warta [--db FILE] [--archive FILE]"
check "LANGUAGE=id: --help describes warta" \
	contains "$out" "Pembaca berita di terminal untuk berita kantor-kantor KPU"
check "LANGUAGE=id: --help headings" eval 'contains "$out" "Perintah:" && contains "$out" "Opsi:"'
check "LANGUAGE=id: --help command descriptions, names kept" \
	contains "$out" "fetch       mengambil sumber dan menyimpan artikel barunya"
check "LANGUAGE=id: --help options kept, description translated" \
	contains "$out" "--demo          membuka arsip contoh luring bawaan"
check "LANGUAGE=id: --help has no English heading left" eval '! contains "$out" "Commands:"'

out=$(in_id fetch --help); rc=$?
check "LANGUAGE=id: fetch --help exits 0" test "$rc" -eq 0
check "LANGUAGE=id: fetch --help usage" \
	contains "$out" "penggunaan: warta fetch [--jobs N] [--pages N] [--quiet] [SOURCE...]"
check "LANGUAGE=id: fetch --help options" \
	contains "$out" "--jobs N    jumlah transfer sekaligus (bawaan 8)"

err=$(in_id frobnicate 2>&1 >/dev/null); rc=$?
check "LANGUAGE=id: unknown command exits 2" test "$rc" -eq 2
check "LANGUAGE=id: unknown command message" \
	contains "$err" 'perintah "frobnicate" tidak dikenal (lihat warta --help)'
err=$(in_id list --bogus 2>&1 >/dev/null)
check "LANGUAGE=id: unknown option message" \
	contains "$err" "opsi --bogus tidak dikenal (lihat warta list --help)"
err=$(in_id --db "$T/no-such-dir/warta.db" list 2>&1 >/dev/null)
check "LANGUAGE=id: a database error from the store" \
	contains "$err" "direktori $T/no-such-dir tidak ada (buat direktori itu atau gunakan --db)"
in_en --db "$T/warta.db" list >/dev/null 2>&1
err=$(in_id --db "$T/warta.db" list --query 'is:baru' 2>&1 >/dev/null)
check "LANGUAGE=id: a filter error names the column, keywords kept" \
	contains "$err" 'filter salah: is: mengharapkan unread, read, flagged, unflagged, tagged, untagged, atau estimated, tetapi mendapat "baru" di kolom 5'

out=$(in_en --help)
check "LANGUAGE unset: --help is English" \
	eval 'contains "$out" "usage: warta [--db FILE]" && contains "$out" "Commands:" && ! contains "$out" "Perintah"'
err=$(in_en frobnicate 2>&1 >/dev/null)
check "LANGUAGE unset: errors are English" contains "$err" 'unknown command "frobnicate" (see warta --help)'

# --- LANG=id_ID.UTF-8 and the interface ----------------------------------------------------
# A fresh Debian has no id_ID locale compiled: build one into the scratch directory
# (localedef, from the Debian package locales) unless the system already has it.
locpath=""
if locale -a 2>/dev/null | grep -qix 'id_ID\.utf-\{0,1\}8'; then
	have_id=yes
elif command -v localedef >/dev/null 2>&1 && [ -f /usr/share/i18n/locales/id_ID ]; then
	mkdir -p "$T/locales"
	localedef -i id_ID -f UTF-8 "$T/locales/id_ID.UTF-8" >"$T/localedef.log" 2>&1
	if [ -f "$T/locales/id_ID.UTF-8/LC_CTYPE" ]; then
		have_id=yes
		locpath="$T/locales"
	else
		have_id=no
		cat "$T/localedef.log" >&2
	fi
else
	have_id=no
fi
ui_env="LANG=C.UTF-8 LANGUAGE=id"
if [ "$have_id" = yes ]; then
	ui_env="LANG=id_ID.UTF-8${locpath:+ LOCPATH=$locpath}"
	out=$(env -u LC_ALL -u LC_MESSAGES -u LANGUAGE ${locpath:+LOCPATH="$locpath"} \
		WARTA_LOCALEDIR="$T/locale" LANG=id_ID.UTF-8 "$WARTA" --help)
	check "LANG=id_ID.UTF-8 alone: --help is Indonesian" contains "$out" "Perintah:"
else
	echo "SKIP: no id_ID locale (apt-get install locales); the interface is checked with LANGUAGE=id"
fi

if command -v tmux >/dev/null 2>&1; then
	sock="i18n-$$"
	stop_tmux() { tmux -L "$sock" kill-server 2>/dev/null; }
	cleanup_hooks="stop_tmux $cleanup_hooks"
	screen() { tmux -L "$sock" capture-pane -p -t i18n; }
	# Polls every 0.1 s for up to 10 s (times SLOW under valgrind, see tests/lib.sh).
	wait_for() {
		n=$((100 * SLOW))
		while [ "$n" -gt 0 ]; do
			case "$(screen)" in *"$1"*) return 0;; esac
			sleep 0.1
			n=$((n - 1))
		done
		screen >&2
		return 1
	}
	# wait_for_re ERE: the same, until a line of the screen matches ERE.
	wait_for_re() {
		n=$((100 * SLOW))
		while [ "$n" -gt 0 ]; do
			screen | grep -Eq "$1" && return 0
			sleep 0.1
			n=$((n - 1))
		done
		screen >&2
		return 1
	}
	tmux -L "$sock" -f /dev/null new-session -d -s i18n -x 80 -y 24 \
		"env -u LC_ALL -u LC_MESSAGES -u LANGUAGE $ui_env WARTA_LOCALEDIR='$T/locale' TERM=screen '$WARTA' --demo; sleep 30"
	check "interface ($ui_env): first screen shows \"Semua berita\"" wait_for "Semua berita"
	# The status bar can be drawn a moment after the tree (under valgrind, say).
	wait_for "q keluar" >/dev/null
	first=$(screen)
	check "interface: title and status bar are Indonesian" \
		eval 'contains "$first" "Kantor dan tampilan" && contains "$first" "? bantuan  q keluar"'
	check "interface: no English left on the first screen" \
		eval '! contains "$first" "All news" && ! contains "$first" "Offices and views"'
	tmux -L "$sock" send-keys -t i18n '?'
	check "interface: help screen is Indonesian, action names kept" \
		eval 'wait_for "Bantuan" && contains "$(screen)" "next-unread        artikel belum dibaca berikutnya"'
	tmux -L "$sock" send-keys -t i18n q Enter
	check "interface: article list status line" \
		wait_for_re "[0-9]+ artikel, [0-9]+ belum dibaca"
	stop_tmux
else
	echo "SKIP: tmux not found; the interface is not checked"
fi

finish
