# Shared set-up of the hostile-input suite (sourced after tests/lib.sh): the hostile
# documents generated into $H, a secret file XXE would have to leak, a config with short
# network limits so that the whole suite stays well under two minutes, and helpers.
#   hostile_make [LOOPBACK_URL]   generate the documents (entities point at LOOPBACK_URL)
#   W ARGS...                      run warta on this test's database and config (a shell
#                                  function: with timeout, spell out "$WARTA" --config ...)
#   no_terminal_controls FILE      true when FILE holds no ESC, no C1 (raw 0x9b or U+0080..
#                                  U+009F) and no bidi override/isolate
H="$T/hostile"
SECRET="$T/rahasia.txt"
echo "RAHASIA-KPU-$$-JANGAN-BOCOR" > "$SECRET"
DB="$T/warta.db"
CONF="$T/config"
cat > "$CONF" <<'CONF'
connect_timeout = 3
timeout = 10
low_speed_limit = 200
low_speed_time = 2
max_body = 4194304
max_redirects = 5
max_retries = 2
max_retry_after = 3
CONF

hostile_make() {
	"${PYTHON3:-python3}" "$top_srcdir/tests/hostile/make_hostile.py" "$H" "$SECRET" \
		"${1:-http://127.0.0.1:9}"
}

W() { "$WARTA" --config "$CONF" --db "$DB" "$@"; }

no_terminal_controls() {
	"${PYTHON3:-python3}" - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
bad = re.search(rb"\x1b|\x9b|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]", data)
if bad:
    at = bad.start()
    sys.stderr.write("terminal control at byte %d: %r\n" % (at, data[max(0, at - 20):at + 20]))
sys.exit(1 if bad else 0)
PY
}

# run_bounded SECONDS OUT ERR CMD...: runs CMD with a deadline of SECONDS times SLOW (see
# tests/lib.sh; a hang is a failure)
run_bounded() {
	_secs=$(($1 * SLOW)) _out=$2 _err=$3
	shift 3
	timeout "$_secs" "$@" > "$_out" 2> "$_err"
	_rc=$?
	[ "$_rc" = 124 ] && echo "TIMEOUT after $_secs s: $*" >> "$_err"
	return "$_rc"
}
