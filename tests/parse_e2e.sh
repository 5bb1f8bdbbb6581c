#!/bin/sh
# End-to-end tests of `warta parse`: every fixture in tests/data/feeds is parsed with --json
# and compared (as JSON values) with its .expected.json; fixtures that are not feeds have an
# .expected.err holding the message and must exit 1. Then usage errors, standard input,
# terminal-safe plain output, no network for hostile DTDs, and the huge inputs (generated
# here, never stored).
. "$top_srcdir/tests/lib.sh"
: "${PYTHON3:=python3}"
FEEDS=$TESTDATA/feeds
BASE=https://www.kpu.go.id/rss/berita.xml

same_json() {
	"$PYTHON3" - "$1" "$2" <<'PY'
import json, sys
got, want = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
if got != want:
    print(json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True), file=sys.stderr)
    sys.exit(1)
PY
}

for fixture in "$FEEDS"/*; do
	case $fixture in *.expected.*|*.py) continue;; esac
	name=$(basename "$fixture")
	stem=${fixture%.*}
	"$WARTA" parse --json --base "$BASE" "$fixture" >"$T/out.json" 2>"$T/err"
	rc=$?
	if [ -f "$stem.expected.json" ]; then
		check "$name: exit 0" [ "$rc" -eq 0 ]
		check "$name: JSON as expected" same_json "$T/out.json" "$stem.expected.json"
	elif [ -f "$stem.expected.err" ]; then
		check "$name: exit 1 (not a feed)" [ "$rc" -eq 1 ]
		check "$name: message" grep -qxF "$(sed "s|@FILE@|$fixture|" "$stem.expected.err")" "$T/err"
		check "$name: nothing on stdout" [ ! -s "$T/out.json" ]
	else
		fail "$name: has no .expected.json or .expected.err"
	fi
done

# Usage errors exit 2; --help exits 0.
"$WARTA" parse --frobnicate "$FEEDS/rss20-basic.xml" >/dev/null 2>"$T/err"
check "unknown option exits 2" [ $? -eq 2 ]
check "unknown option is named" grep -q -- "--frobnicate" "$T/err"
"$WARTA" parse --json >/dev/null 2>"$T/err"
check "missing file exits 2" [ $? -eq 2 ]
"$WARTA" parse --json --base >/dev/null 2>&1
check "--base without URL exits 2" [ $? -eq 2 ]
"$WARTA" parse a.xml b.xml >/dev/null 2>&1
check "two files exit 2" [ $? -eq 2 ]
"$WARTA" parse --help >"$T/help"
check "--help exits 0" [ $? -eq 0 ]
check "--help shows usage" grep -q "warta parse \[--json\]" "$T/help"
"$WARTA" parse "$T/does-not-exist.xml" 2>"$T/err"
check "missing file exits 1" [ $? -eq 1 ]
check "missing file is named" grep -q "does-not-exist.xml" "$T/err"

# Standard input, and the plain summary.
"$WARTA" parse - <"$FEEDS/rss20-basic.xml" >"$T/plain"
check "stdin parses" [ $? -eq 0 ]
check "plain: format" grep -qx "format: rss2.0" "$T/plain"
check "plain: feed title" grep -qx "title: KPU Kota Semarang" "$T/plain"
check "plain: item line" grep -q "^2024-02-14 12:30  KPU Kota Semarang Gelar Rapat Pleno" "$T/plain"
check "plain: item count" grep -qx "2 items" "$T/plain"
"$WARTA" parse "$FEEDS/hostile-terminal-escapes.xml" >"$T/plain"
check "plain: no ESC reaches the terminal" sh -c "! LC_ALL=C grep -q \"\$(printf '\\033')\" '$T/plain'"
check "plain: no bidi override" sh -c "! grep -q \"\$(printf '\\342\\200\\256')\" '$T/plain'"
check "plain: no C1 control" sh -c "! grep -q \"\$(printf '\\302\\205')\" '$T/plain'"
"$WARTA" parse "$FEEDS/bad-truncated.xml" >"$T/plain"
check "plain: recovered feeds say so" grep -q "recovered" "$T/plain"
"$WARTA" parse "$FEEDS/bad-jsonfeed-truncated.json" >"$T/plain" 2>/dev/null
check "plain: a recovered JSON Feed says JSON" grep -qx "1 item (recovered from ill-formed JSON)" "$T/plain"
"$WARTA" parse "$FEEDS/enc-unknown.xml" >/dev/null 2>"$T/err"
check "unknown encoding warns, naming the file" grep -q "enc-unknown.xml: .*unknown encoding" "$T/err"

# Hostile DTDs must not reach the network: a loopback listener counts connections.
"$PYTHON3" - "$T" "$SLOW" <<'PY' &
import socket, sys, os
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8); s.settimeout(0.5)
open(os.path.join(sys.argv[1], "port.tmp"), "w").write(str(s.getsockname()[1]))
os.rename(os.path.join(sys.argv[1], "port.tmp"), os.path.join(sys.argv[1], "port"))
hits = 0
for _ in range(20 * int(sys.argv[2])):  # stops by itself after ten seconds (times SLOW)
    if os.path.exists(os.path.join(sys.argv[1], "done")):
        break
    try:
        c, _ = s.accept(); hits += 1; c.close()
    except socket.timeout:
        pass
open(os.path.join(sys.argv[1], "hits"), "w").write(str(hits))
PY
listener=$!
i=0; while [ ! -f "$T/port" ] && [ $i -lt $((50 * SLOW)) ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$T/port" 2>/dev/null || echo 9)
u="http://127.0.0.1:$port"
cat >"$T/net.xml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "$u/rss.dtd" [
<!ENTITY % remote SYSTEM "$u/param.dtd"> %remote;
<!ENTITY xxe SYSTEM "$u/secret">
]>
<rss version="2.0"><channel><title>Loopback</title>
<item><title>Awal &xxe; akhir</title><enclosure url="$u/ok.mp3"/></item></channel></rss>
EOF
"$WARTA" parse --json "$T/net.xml" >"$T/out.json" 2>/dev/null
check "loopback DTD feed still parses" grep -q '"Awal akhir"' "$T/out.json"
touch "$T/done"
wait $listener
check "no connection was made to the loopback listener" [ "$(cat "$T/hits")" = 0 ]

# Huge inputs, generated here.
"$PYTHON3" - "$T" <<'PY'
import sys, os
t = sys.argv[1]
head = '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Besar</title>\n'
with open(os.path.join(t, "deep.xml"), "w") as f:
    f.write(head + "<item><title>Sebelum sarang</title></item>\n<item><title>Bersarang</title>")
    f.write("<x>" * 200000 + "isi" + "</x>" * 200000 + "</item></channel></rss>\n")
with open(os.path.join(t, "longtitle.xml"), "w") as f:
    f.write(head + "<item><title>" + "Panjang " * 140000 + "</title><link>https://kpu.example/panjang</link></item></channel></rss>\n")
with open(os.path.join(t, "many.xml"), "w") as f:
    f.write(head)
    for i in range(100005):
        f.write("<item><title>Berita %d</title></item>\n" % i)
    f.write("</channel></rss>\n")
PY
"$WARTA" parse --json "$T/deep.xml" >"$T/out.json" 2>"$T/err"
check "deep nesting: exit 0" [ $? -eq 0 ]
check "deep nesting: warned" grep -q "deep.xml: .*nested deeper than 256" "$T/err"
check "deep nesting: earlier item kept" grep -q '"Sebelum sarang"' "$T/out.json"
"$WARTA" parse --json "$T/longtitle.xml" >"$T/out.json" 2>"$T/err"
check "long title: exit 0" [ $? -eq 0 ]
check "long title: warned" grep -q "title longer than 1048576 bytes cut" "$T/err"
check "long title: cut to 1 MiB" "$PYTHON3" -c "
import json,sys; d=json.load(open('$T/out.json'))
t=d['items'][0]['title'].encode(); sys.exit(0 if 1040000 < len(t) <= 1048576 else 1)"
check "long title: the rest of the item survives" grep -q "kpu.example/panjang" "$T/out.json"
"$WARTA" parse "$T/many.xml" >"$T/plain" 2>"$T/err"
check "many items: exit 0" [ $? -eq 0 ]
check "many items: stopped at the cap" grep -qx "100000 items" "$T/plain"
check "many items: warned" grep -q "more than 100000 items" "$T/err"

finish
