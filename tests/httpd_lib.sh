# Shell helpers for tests/httpd.py (sourced after tests/lib.sh, which provides $T and
# cleanup_hooks).
#   httpd_start ROOT [LIFETIME]  serve ROOT on 127.0.0.1 for LIFETIME seconds (times SLOW,
#                                see tests/lib.sh); sets HTTPD_PORT, HTTPD_URL and
#                                HTTPD_LOG ("METHOD path status" lines); stops at exit
#   httpd_get PATH               print the body of $HTTPD_URL$PATH (e.g. /count, /stats)
#   httpd_stop                   stop every server this test started
HTTPD_PIDS=""

httpd_start() {
	_httpd_dir=$(mktemp -d "$T/httpd.XXXXXX")
	"${PYTHON3:-python3}" "$top_srcdir/tests/httpd.py" --root "$1" \
		--port-file "$_httpd_dir/port" --lifetime "$((${2:-120} * ${SLOW:-1}))" --log "$_httpd_dir/log" &
	_httpd_pid=$!
	[ -n "$HTTPD_PIDS" ] || cleanup_hooks="$cleanup_hooks httpd_stop"
	HTTPD_PIDS="$HTTPD_PIDS $_httpd_pid"
	_httpd_wait=0
	while [ ! -s "$_httpd_dir/port" ]; do
		if ! kill -0 "$_httpd_pid" 2>/dev/null; then
			echo "httpd_start: tests/httpd.py exited before listening" >&2
			return 1
		fi
		_httpd_wait=$((_httpd_wait + 1))
		if [ "$_httpd_wait" -gt 200 ]; then
			echo "httpd_start: tests/httpd.py wrote no port within 10 s" >&2
			return 1
		fi
		sleep 0.05
	done
	HTTPD_PORT=$(cat "$_httpd_dir/port")
	HTTPD_URL="http://127.0.0.1:$HTTPD_PORT"
	HTTPD_LOG="$_httpd_dir/log"
}

httpd_get() {
	"${PYTHON3:-python3}" - "$HTTPD_URL$1" <<'PY'
import sys, urllib.error, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    body = opener.open(sys.argv[1], timeout=10).read()
except urllib.error.HTTPError as e:
    body = e.read()
sys.stdout.write(body.decode("utf-8", "replace"))
PY
}

httpd_stop() {
	for _httpd_pid in $HTTPD_PIDS; do
		kill "$_httpd_pid" 2>/dev/null
		wait "$_httpd_pid" 2>/dev/null
	done
	HTTPD_PIDS=""
}
