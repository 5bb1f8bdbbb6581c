#!/bin/sh
# Issue 3's "done when": a few hundred local feeds subscribed (OPML), fetched with
# --jobs 8 and stored whole, progress one line per source (a live line on a terminal,
# nothing with --quiet), and a second fetch that transfers only 304s and adds nothing.
# Under valgrind (tests/lib.sh): 60 feeds instead of 300, the same checks.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
. "$TESTDATA/cli/e2e_lib.sh"

FEEDS=300
if under_valgrind; then FEEDS=60; fi
ITEMS=5
mkdir -p "$T/www"
httpd_start "$T/www" 150 || exit 1
"$PY" "$GENFEEDS" "$T/www" $FEEDS $ITEMS --base "$HTTPD_URL" --opml "$T/feeds.opml"

w sources import "$T/feeds.opml"
check "import exits 0" eq "$rc" 0
check "import counts the feeds" eq "$(cat "$T/out")" \
	"$FEEDS sources imported, 0 already subscribed, 0 skipped"
w sources list --format json
check "every feed subscribed" eq "$(pyj "$T/out" 'len(d)')" $FEEDS
check "titles from the nested OPML" eq "$(pyj "$T/out" 'd[7]["title"], d[7]["url"].endswith("/feed-7.xml")')" \
	"('Feed 7', True)"

# ---- first fetch: everything stored, one line per source
w fetch --jobs 8
check "first fetch exits 0" eq "$rc" 0
check "first fetch: nothing on stderr" eq "$(cat "$T/err")" ""
check "one progress line per source" eq "$(grep -c "^\[[0-9]*/$FEEDS\] .*: 5 new, 0 updated\$" "$T/out")" $FEEDS
check "progress counts up to the total" eq "$(grep -c "^\[$FEEDS/$FEEDS\]" "$T/out")" 1
check "summary line" eq "$(summary)" \
	"fetched $FEEDS sources: $((FEEDS * ITEMS)) new, 0 updated, 0 not modified, 0 failed"
check "the server saw one request per feed" eq "$(grep -c '^GET /feed-[0-9]*\.xml 200$' "$HTTPD_LOG")" $FEEDS

w list --format json
check "every article listed" eq "$(pyj "$T/out" 'len(d)')" $((FEEDS * ITEMS))
check "no article twice" eq "$(pyj "$T/out" 'len(set(a["url"] for a in d))')" $((FEEDS * ITEMS))
check "every source holds its five" eq \
	"$(pyj "$T/out" 'sorted(set(__import__("collections").Counter(a["source"]["id"] for a in d).values()))')" "[5]"
check "newest first" eq "$(pyj "$T/out" '[a["published"] for a in d] == sorted((a["published"] for a in d), reverse=True)')" True
check "article 0 of feed 42 stored with its fields" eq "$(pyj "$T/out" '[(a["title"], a["published"], a["office"]["slug"], a["divisions"]) for a in d if a["url"].endswith("/4200_berita-42-0")]')" \
	"[('KPU Provinsi Jawa Tengah Bimbingan Teknis Pemungutan dan Penghitungan Suara (42-0)', '2025-05-12T01:48:00Z', 'jateng', ['TEKNIS'])]"
check "sources list: all ok, five articles each" eq \
	"$("$WARTA" --db "$T/db" sources list --format json >"$T/src.json"; pyj "$T/src.json" 'sorted(set((s["kind"], s["articles"], s["last_status"], s["last_error"]) for s in d))')" \
	"[('feed', 5, 200, None)]"

# ---- second fetch: conditional requests only, nothing added
: >"$HTTPD_LOG"
w fetch --jobs 8
check "second fetch exits 0" eq "$rc" 0
check "second fetch: every source not modified" eq "$(grep -c ': not modified$' "$T/out")" $FEEDS
check "second fetch summary" eq "$(summary)" \
	"fetched $FEEDS sources: 0 new, 0 updated, $FEEDS not modified, 0 failed"
check "server answered 304 to every request" eq "$(grep -c ' 304$' "$HTTPD_LOG")/$(lines "$HTTPD_LOG")" "$FEEDS/$FEEDS"
check "requests were conditional" eq "$(httpd_get '/count?path=/feed-42.xml')" "requests 2
conditional 1"
w list --format json
check "nothing added by the second fetch" eq "$(pyj "$T/out" 'len(d)')" $((FEEDS * ITEMS))

# ---- --quiet prints nothing on success
w fetch --quiet
check "quiet fetch exits 0" eq "$rc" 0
check "quiet fetch prints nothing" eq "$(cat "$T/out" "$T/err")" ""

# ---- on a terminal: one live line rewritten in place
"$PY" - "$WARTA" "$T/db" >"$T/tty.out" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "--db", sys.argv[2], "fetch"])
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(repr(out.decode("utf-8", "replace")) + "\n")
sys.stdout.write("exit %d\n" % os.waitstatus_to_exitcode(status))
PY
check "tty fetch exits 0" grep -qx 'exit 0' "$T/tty.out"
check "tty: live line rewritten in place" eq \
	"$(grep -o "\\\\r\\\\x1b\\[K[0-9]*/$FEEDS sources" "$T/tty.out" | wc -l | tr -d ' ')" $FEEDS
check "tty: final count with new articles and failures" \
	grep -q "\\\\r\\\\x1b\[K$FEEDS/$FEEDS sources, 0 new articles, 0 failed" "$T/tty.out"
check "tty: no per-source lines" eq "$(grep -c ': not modified' "$T/tty.out")" 0
check "tty: summary after the live line" \
	grep -q "failed\\\\r\\\\nfetched $FEEDS sources: 0 new, 0 updated, $FEEDS not modified, 0 failed" "$T/tty.out"
finish
