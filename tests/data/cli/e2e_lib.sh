# Helpers for the command-line end-to-end tests (sourced after tests/lib.sh and
# tests/httpd_lib.sh).
PY=${PYTHON3:-python3}
GENFEEDS="$TESTDATA/cli/genfeeds.py"

# w ARGS...: runs warta on the test database; stdout in $T/out, stderr in $T/err, the
# exit status in $rc.
w() {
	"$WARTA" --db "$T/db" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# pyj FILE EXPR: evaluates a Python expression over the JSON document in FILE (as d)
# and prints the result; json is imported. Prints PYERROR when the file is not JSON.
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

# sql QUERY: runs a query on the test database with python's sqlite3 and prints the rows
# one a line, columns joined by "|".
sql() {
	"$PY" -c '
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=30)
for row in con.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))' "$T/db" "$1"
}

eq() {
	if [ "$1" = "$2" ]; then return 0; fi
	echo "   expected [$2], got [$1]" >&2
	return 1
}

# lines FILE: the number of lines in FILE.
lines() { wc -l <"$1" | tr -d ' '; }

# summary: the "fetched N sources: ..." line of the last fetch's output.
summary() { grep '^fetched ' "$T/out"; }

# A systemd journal would make fetch print its job line even with --quiet.
unset JOURNAL_STREAM
