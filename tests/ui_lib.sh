# Shared helpers for the interface's tmux tests (sourced after tests/lib.sh).
#   ui_seed DB                 subscribe the fixture feeds in tests/data/ui and fetch them
#   ui_start [VAR=VALUE...] -- [WARTA ARGS...]
#                              run warta in a private tmux server (80x24 unless UI_SIZE=COLSxROWS;
#                              with UI_GATE=FILE warta starts only once FILE exists)
#   ui_keys KEY...             tmux send-keys (key names as tmux knows them: Enter, Escape, C-l)
#   ui_type TEXT               send TEXT literally
#   ui_screen                  the visible screen as text
#   ui_wait TEXT [SECONDS]     poll the screen until TEXT shows (default 10 s); false on timeout
#   ui_wait_gone TEXT [SECONDS]  poll until TEXT is no longer on the screen
#   ui_wait_exit [SECONDS]     wait until warta has exited; false on timeout
#   ui_stop                    kill the tmux server (also run at exit)
#   article_field ID FIELD     a field of `warta show ID --format json` (python repr, e.g. True)
#   ui_row_of TEXT             the screen line (1-based) holding TEXT, or nothing
#   ui_focus                   the text of the selected row (run warta with NO_COLOR=1)
#   ui_wait_focus TEXT [SECONDS]  poll until the selected row holds TEXT
#   id_of TEXT                 the id of the article whose title holds TEXT ($DB)
#   count_query QUERY          how many articles in $DB match QUERY
UI_RUNS=0
UI_SOCKET="warta-test-$$-0"
UI_RUNNING=""
export LC_ALL=C.UTF-8
unset LANG LANGUAGE

ui_tmux() { tmux -L "$UI_SOCKET" "$@"; }

ui_stop() {
	[ -n "$UI_RUNNING" ] || return 0
	ui_tmux kill-server 2>/dev/null
	UI_RUNNING=""
}
cleanup_hooks="ui_stop $cleanup_hooks"

ui_seed() {
	_db=$1
	for _pair in ri:ri jateng:jateng kota-semarang:kota-semarang kab-sukoharjo:kab-sukoharjo \
		     jatim:jatim kota-madiun:kota-madiun; do
		# The same command six times: under valgrind the first and the fourth are checked.
		WARTA_VALGRIND_EVERY=3 "$WARTA" --db "$_db" sources add "$TESTDATA/ui/${_pair%%:*}.xml" \
			--office "${_pair##*:}" >/dev/null || return 1
	done
	"$WARTA" --db "$_db" sources add "$TESTDATA/ui/media.xml" --title "Suara Pemilu" >/dev/null &&
	# From a short path: the source's row shows its URL, which must fit the screen
	# wherever the tests run from (make distcheck unpacks deep under /tmp).
	cp "$TESTDATA/ui/rusak.txt" "$T/rusak.txt" &&
	"$WARTA" --db "$_db" sources add "$T/rusak.txt" >/dev/null &&
	"$WARTA" --db "$_db" fetch >/dev/null 2>&1
	# rusak.txt fails on purpose: fetch exits non-zero; check that the good ones landed.
	test "$("$WARTA" --db "$_db" list --format csv | wc -l)" -ge 12
}

ui_start() {
	_env=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		_env="$_env $(printf "%s" "$1" | sed "s/'/'\\\\''/g; s/=/='/; s/\$/'/")"
		shift
	done
	[ $# -gt 0 ] && shift
	_args=""
	for _a in "$@"; do
		_args="$_args '$(printf "%s" "$_a" | sed "s/'/'\\\\''/g")'"
	done
	# A fresh socket for every run: a server being killed may still hold the old one.
	UI_RUNS=$((UI_RUNS + 1))
	UI_SOCKET="warta-test-$$-$UI_RUNS"
	_size=${UI_SIZE:-80x24}
	printf 'set -g remain-on-exit on\nset -g default-terminal screen-256color\nset -g status off\n' \
		>"$T/tmux.conf"
	rm -f "$T/exit-status"
	ui_tmux -u -f "$T/tmux.conf" new-session -d -s ui -x "${_size%x*}" -y "${_size#*x}" \
		"${UI_GATE:+while [ ! -e '$UI_GATE' ]; do sleep 0.05; done; }env$_env '$WARTA'$_args; echo \$? >'$T/exit-status'" || return 1
	UI_RUNNING=1
}

ui_keys() { ui_tmux send-keys -t ui "$@"; }
ui_type() { ui_tmux send-keys -t ui -l "$1"; }
ui_screen() { ui_tmux capture-pane -p -t ui; }

# Polls every 0.05 s; the deadline is counted in polls, so a slow machine gets the same budget
# (times SLOW under valgrind, see tests/lib.sh).
ui_wait() {
	_polls=$(( ${2:-10} * 20 * SLOW ))
	while [ "$_polls" -gt 0 ]; do
		case "$(ui_screen)" in *"$1"*) return 0;; esac
		sleep 0.05
		_polls=$((_polls - 1))
	done
	echo "--- waited for \"$1\"; the screen was:" >&2
	ui_screen >&2
	return 1
}

ui_wait_gone() {
	_polls=$(( ${2:-10} * 20 * SLOW ))
	while [ "$_polls" -gt 0 ]; do
		case "$(ui_screen)" in *"$1"*) ;; *) return 0;; esac
		sleep 0.05
		_polls=$((_polls - 1))
	done
	echo "--- waited for \"$1\" to go; the screen was:" >&2
	ui_screen >&2
	return 1
}

# warta's exit status is written by the shell that ran it (tmux's own pane status can
# lag behind the pane's death).
ui_wait_exit() {
	_polls=$(( ${1:-10} * 20 * SLOW ))
	while [ "$_polls" -gt 0 ]; do
		[ -s "$T/exit-status" ] && return 0
		sleep 0.05
		_polls=$((_polls - 1))
	done
	echo "--- warta did not exit; the screen was:" >&2
	ui_screen >&2
	return 1
}


# Polls until the selected row holds TEXT.
ui_wait_focus() {
	_polls=$(( ${2:-5} * 20 * SLOW ))
	while [ "$_polls" -gt 0 ]; do
		case "$(ui_focus)" in *"$1"*) return 0;; esac
		sleep 0.05
		_polls=$((_polls - 1))
	done
	echo "--- waited for the selection on \"$1\"; it is on: $(ui_focus)" >&2
	return 1
}

ui_exit_status() { cat "$T/exit-status"; }

ui_row_of() { ui_screen | grep -n -F -- "$1" | head -1 | cut -d: -f1; }

# The text of the focused row. Run with NO_COLOR=1: the focus is then drawn in reverse
# video, which capture-pane -e shows as an SGR 7 before the first character of a body line.
ui_focus() {
	ui_tmux capture-pane -p -e -t ui | "${PYTHON3:-python3}" -c '
import re, sys
lines = sys.stdin.read().split("\n")
for line in lines[1:-2]:
    prefix = re.match(r"(\x1b\[[0-9;]*m)*", line).group(0)
    if re.search(r"[\[;]7[;m]", prefix):
        print(re.sub(r"\x1b\[[0-9;]*m", "", line).strip())
        break'
}

# count_query, id_of and article_field only look, the same commands again and again: under
# valgrind the first call of each and every fourth after it are checked (tests/valgrind/warta.sh).
count_query() {
	WARTA_VALGRIND_EVERY=4 "$WARTA" --db "$DB" list --query "$1" --format json |
		"${PYTHON3:-python3}" -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

# The id of the article whose title holds TEXT.
id_of() {
	WARTA_VALGRIND_EVERY=4 "$WARTA" --db "$DB" list --format json | "${PYTHON3:-python3}" -c '
import json, sys
for a in json.load(sys.stdin):
    if sys.argv[1] in a["title"]:
        print(a["id"]); break' "$1"
}

article_field() {
	WARTA_VALGRIND_EVERY=4 "$WARTA" --db "$DB" show "$1" --format json | "${PYTHON3:-python3}" -c '
import json, sys
a = json.load(sys.stdin)
v = a
for k in sys.argv[1].split("."):
    v = v[k]
print(v if not isinstance(v, list) else ",".join(map(str, v)))' "$2"
}
