#!/bin/sh
# Two processes on one database (issues 3 and 7): a fetch loop keeps writing while 50
# `list` calls and 20 tag changes run at the same time. No "database is locked", every
# reader gets a whole answer, no tag is lost.
# Under valgrind (tests/lib.sh): 40 feeds, 10 lists and 4 tag changes, five at a time, every
# process under valgrind; the writer's time limit is SLOW times longer.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
. "$TESTDATA/cli/e2e_lib.sh"

FEEDS=100 LISTS=50 TAGS=20 BATCH=10
if under_valgrind; then FEEDS=40 LISTS=10 TAGS=4 BATCH=5; fi
mkdir -p "$T/www" "$T/runs"
httpd_start "$T/www" 150 || exit 1
"$PY" "$GENFEEDS" "$T/www" $FEEDS 5 --base "$HTTPD_URL" --opml "$T/feeds.opml"
sed -i 's|\(feed-[0-9]*\.xml\)"|\1?delay=10"|' "$T/feeds.opml"
w sources import "$T/feeds.opml"
w fetch --quiet
check "first fetch" eq "$rc/$(sql 'select count(*) from articles')" "0/$((FEEDS * 5))"

# The writer: fetch after fetch, each time with new items in 20 feeds, until told to stop.
cat >"$T/writer.py" <<'PY'
import importlib.util, os, random, subprocess, sys, time
warta, db, www, genfeeds, stop, runs = sys.argv[1:7]
feeds, limit = int(sys.argv[7]), int(sys.argv[8])
spec = importlib.util.spec_from_file_location("genfeeds", genfeeds)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
base = open(os.path.join(www, "feed-0.xml")).read().split("<link>")[1].split("</link>")[0].rstrip("/")
items = {i: 5 for i in range(feeds)}
rng = random.Random(7)
n = 0
deadline = time.time() + limit
while not os.path.exists(stop) and time.time() < deadline:
    n += 1
    for i in rng.sample(range(feeds), feeds // 5):
        items[i] += 1
        with open(os.path.join(www, "feed-%d.xml" % i), "w", encoding="utf-8") as f:
            f.write(gen.feed_xml(base, i, items[i]))
    with open(os.path.join(runs, "fetch-%d.err" % n), "w") as err:
        rc = subprocess.call([warta, "--db", db, "fetch", "--quiet"], stdout=subprocess.DEVNULL,
                             stderr=err)
    with open(os.path.join(runs, "fetch-%d.rc" % n), "w") as f:
        f.write("%d\n" % rc)
with open(os.path.join(runs, "items"), "w") as f:
    f.write("%d\n" % sum(items.values()))
PY
"$PY" "$T/writer.py" "$WARTA" "$T/db" "$T/www" "$GENFEEDS" "$T/stop" "$T/runs" $FEEDS $((60 * SLOW)) &
writer=$!
# Readers start once the writer is writing (python can be slow to start on a busy host).
n=0
while [ ! -e "$T/runs/fetch-1.err" ] && [ $n -lt $((300 * SLOW)) ]; do sleep 0.1; n=$((n + 1)); done

# The readers and the taggers, ten (BATCH) at a time, while the writer runs.
# Only the readers' own pids are waited for: bash's `jobs -p` would also list the test
# server, and waiting for it meant sitting out its whole lifetime with the writer stopped.
i=1
readers=""
while [ $i -le $LISTS ]; do
	(
		"$WARTA" --db "$T/db" list --format json --limit 200 >"$T/runs/list-$i.json" 2>"$T/runs/list-$i.err"
		echo $? >"$T/runs/list-$i.rc"
	) &
	readers="$readers $!"
	if [ $i -le $TAGS ]; then
		(
			"$WARTA" --db "$T/db" tag $((i * 20)) "rapat-$i" >"$T/runs/tag-$i.out" 2>"$T/runs/tag-$i.err"
			echo $? >"$T/runs/tag-$i.rc"
		) &
		readers="$readers $!"
	fi
	if [ $((i % BATCH)) -eq 0 ]; then
		# shellcheck disable=SC2086
		wait $readers 2>/dev/null
		readers=""
	fi
	i=$((i + 1))
done
# Let the writer finish one more fetch after the last reader, then stop it.
n=0
done_before=$(ls "$T/runs" | grep -c '^fetch-.*\.rc$' || true)
while [ "$(ls "$T/runs" | grep -c '^fetch-.*\.rc$' || true)" -le "$done_before" ] && [ $n -lt $((300 * SLOW)) ]; do
	sleep 0.1
	n=$((n + 1))
done
: >"$T/stop"
wait "$writer"

fetches=$(ls "$T/runs" | grep -c '^fetch-.*\.rc$')
check "the writer fetched several times meanwhile" test "$fetches" -ge 2
check "every fetch exited 0" eq "$(cat "$T"/runs/fetch-*.rc | sort -u)" "0"
check "every list exited 0" eq "$(cat "$T"/runs/list-*.rc | sort -u)/$(ls "$T"/runs/list-*.rc | wc -l | tr -d ' ')" "0/$LISTS"
check "every tag change exited 0" eq "$(cat "$T"/runs/tag-*.rc | sort -u)/$(ls "$T"/runs/tag-*.rc | wc -l | tr -d ' ')" "0/$TAGS"
check "nobody saw 'database is locked' (or any error)" eq "$(cat "$T"/runs/*.err | head -5)" ""
bad=0
for f in "$T"/runs/list-*.json; do
	[ "$(pyj "$f" 'len(d) == 200 and all(set(a) >= {"id", "title", "tags"} for a in d)')" = True ] || bad=$((bad + 1))
done
check "every reader got a whole JSON answer" eq "$bad" 0
w list --format json --query "$("$PY" -c 'import sys; print(" OR ".join("tag:rapat-%d" % i for i in range(1, int(sys.argv[1]) + 1)))' $TAGS)"
check "no tag lost" eq "$(pyj "$T/out" 'sorted((a["id"], a["tags"]) for a in d)')" \
	"$("$PY" -c 'import sys; print(sorted((i * 20, ["rapat-%d" % i]) for i in range(1, int(sys.argv[1]) + 1)))' $TAGS)"
check "integrity ok, every item stored once" eq \
	"$(sql 'PRAGMA integrity_check')/$(sql 'select count(*), count(distinct guid) from articles')" \
	"ok/$(cat "$T/runs/items")|$(cat "$T/runs/items")" \
	|| { w fetch --quiet; true; }
finish
