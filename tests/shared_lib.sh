# Helpers for the shared-server and laptop tests (sourced after tests/lib.sh).
# The archive is owned by a "service account" (its own XDG dirs, warta --db); readers use
# --archive with their own XDG dirs, as two Unix users would.
PY=${PYTHON3:-python3}
SHARED="$TESTDATA/shared"
ARCHIVE="$T/srv/warta/archive.db"
mkdir -p "$T/srv/warta"

# as NAME ARGS...: runs warta as "user" NAME (own HOME and XDG dirs); stdout in $T/out,
# stderr in $T/err, status in $rc. NAME "service" owns the archive (warta --db).
as() {
	_who=$1
	shift
	if [ "$_who" = service ]; then
		set -- --db "$ARCHIVE" "$@"
	fi
	HOME="$T/home/$_who" XDG_DATA_HOME="$T/home/$_who/data" \
		XDG_CONFIG_HOME="$T/home/$_who/config" WARTA_VALGRIND_EVERY=${_as_every:-1} \
		"$WARTA" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# url_id and marks only look: the same `list --format json`, called again and again. Under
# valgrind the first of each test and every fourth after it is checked (tests/valgrind/warta.sh).

eq() {
	if [ "$1" = "$2" ]; then return 0; fi
	echo "   expected [$2], got [$1]" >&2
	return 1
}

# jq-like: pyj FILE EXPR over JSON in FILE (as d).
pyj() {
	"$PY" -c '
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception as e:
    print("PYERROR", e)
    sys.exit(0)
print(eval(sys.argv[2]))' "$1" "$2"
}

# url_id URL NAME [GLOBAL OPTIONS]: the id user NAME sees for the article with this URL.
url_id() {
	_url=$1
	shift
	_as_every=4 && as "$@" list --format json
	_as_every=1
	pyj "$T/out" "([a['id'] for a in d if a['url'] == '$_url'] + ['none'])[0]"
}

# marks NAME [GLOBAL OPTIONS]: "page read flagged tags" per article user NAME sees,
# sorted by the URL's last part.
marks() {
	_as_every=4 && as "$@" list --format json
	_as_every=1
	pyj "$T/out" "'\n'.join(sorted(('%s %d %d %s' % (a['url'].rsplit('/', 1)[1], a['read'], a['flagged'], ','.join(a['tags']))).strip() for a in d))"
}
