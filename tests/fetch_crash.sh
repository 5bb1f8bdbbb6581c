#!/bin/sh
# Crash safety (issues 3 and 7): warta fetch killed with SIGKILL at random moments, at
# least 20 times, against 200 local feeds that keep growing and answer slowly. After every
# kill the database passes PRAGMA integrity_check and still holds every article stored
# before; at the end a fetch completes and the archive equals a clean run's: nothing
# duplicated, nothing lost.
# Under valgrind (tests/lib.sh): 40 feeds and 4 kills; the killed fetches run plain (valgrind
# cannot check a process killed before its leak check, and would only slow the start so
# much that every kill landed before the first write), the fetch that completes after the
# kills and the clean run go through valgrind.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
. "$TESTDATA/cli/e2e_lib.sh"

FEEDS=200 KILLS=20
if under_valgrind; then FEEDS=40 KILLS=4; fi
mkdir -p "$T/www"
httpd_start "$T/www" 150 || exit 1
"$PY" "$GENFEEDS" "$T/www" $FEEDS 3 --base "$HTTPD_URL" --opml "$T/feeds.opml"
# Every request waits at the server (20 ms for 200 feeds), so a fetch takes a second or more.
sed -i "s|\\(feed-[0-9]*\\.xml\\)\"|\\1?delay=$((4000 / FEEDS))\"|" "$T/feeds.opml"
w sources import "$T/feeds.opml"
check "$FEEDS feeds subscribed" eq "$rc/$(cat "$T/out")" "0/$FEEDS sources imported, 0 already subscribed, 0 skipped"

WARTA_VALGRIND_PLAIN=1 "$PY" - "$WARTA" "$T/db" "$T/www" "$GENFEEDS" "${CRASH_SEED:-}" $FEEDS $KILLS \
	>"$T/crash.log" 2>&1 <<'PY'
import importlib.util, os, random, signal, sqlite3, subprocess, sys, time

warta, db, www, genfeeds, seed = sys.argv[1:6]
feeds, want_kills = int(sys.argv[6]), int(sys.argv[7])
spec = importlib.util.spec_from_file_location("genfeeds", genfeeds)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
seed = int(seed) if seed else random.randrange(1 << 30)
rng = random.Random(seed)
print("seed", seed)
base = open(os.path.join(www, "feed-0.xml")).read().split("<link>")[1].split("</link>")[0].rstrip("/")
items = {i: 3 for i in range(feeds)}

def articles():
    con = sqlite3.connect(db, timeout=30)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        rows = con.execute("SELECT guid, title FROM articles").fetchall()
        dups = con.execute("SELECT count(*) - count(DISTINCT guid) FROM articles").fetchone()[0]
        fts = con.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    finally:
        con.close()
    return ok, set(rows), dups, fts

kills = rounds = 0
seen = set()
problems = []
while kills < want_kills and rounds < want_kills * 2 + 5:
    rounds += 1
    for i in rng.sample(range(feeds), feeds // 8):       # new items keep the writer busy
        items[i] += 1
        with open(os.path.join(www, "feed-%d.xml" % i), "w", encoding="utf-8") as f:
            f.write(gen.feed_xml(base, i, items[i]))
    p = subprocess.Popen([warta, "--db", db, "fetch", "--quiet"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.05, 1.2))
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
        kills += 1
    p.wait()
    ok, now, dups, fts = articles()
    lost = seen - now
    if ok != "ok" or lost or dups or fts != len(now):
        problems.append("round %d: integrity %r, %d lost, %d duplicated, fts %d/%d"
                        % (rounds, ok, len(lost), dups, fts, len(now)))
    seen |= now
    print("round %d: %s, %d articles" % (rounds, "killed" if p.returncode == -9 else
                                         "finished %d" % p.returncode, len(now)))
print("kills", kills)
print("problems", len(problems))
for line in problems:
    print(line)
print("total_items", sum(items.values()))
PY
sed -n '/^seed/p;/^kills/p;/^problems/p' "$T/crash.log"
check "at least $KILLS kills landed mid-fetch" test "$(sed -n 's/^kills //p' "$T/crash.log")" -ge $KILLS
check "after every kill: integrity ok, nothing lost or duplicated, FTS in step" grep -qx 'problems 0' "$T/crash.log" \
	|| grep '^round.*integrity' "$T/crash.log" >&2
total=$(sed -n 's/^total_items //p' "$T/crash.log")

w fetch
check "the next fetch completes" eq "$rc/$(grep -c ' failed$' "$T/err" || true)" "0/0"
check "the next fetch's summary" grep -q "^fetched $FEEDS sources: .* 0 failed$" "$T/out"

# The same feeds fetched once, without kills, by a clean database.
"$WARTA" --db "$T/clean.db" sources import "$T/feeds.opml" >/dev/null
"$WARTA" --db "$T/clean.db" fetch --quiet
check "clean run completes" eq "$?" 0
"$PY" - "$T/db" "$T/clean.db" "$total" >"$T/compare" <<'PY'
import sqlite3, sys
def rows(path):
    con = sqlite3.connect(path)
    q = ("SELECT s.url, a.guid, a.url, a.title, a.published FROM articles a"
         " JOIN sources s ON s.id = a.source_id")
    r = con.execute(q).fetchall()
    ok = con.execute("PRAGMA integrity_check").fetchone()[0]
    return ok, sorted(r)
ok1, killed = rows(sys.argv[1])
ok2, clean = rows(sys.argv[2])
print(ok1, ok2, len(killed), len(clean), int(sys.argv[3]), killed == clean,
      len(set(killed)) == len(killed))
PY
check "killed archive equals the clean run (integrity, count, content, no duplicates)" eq \
	"$(cat "$T/compare")" "ok ok $total $total $total True True"
w list --format json
check "list sees every article once" eq "$(pyj "$T/out" '(len(d), len(set(a["url"] for a in d)))')" "($total, $total)"
finish
