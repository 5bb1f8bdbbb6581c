#!/bin/sh
# The fetch job: a lock so that overlapping runs skip, a one-line journal summary, two
# readers working while a fetch writes, and "offline" said once.
# Under valgrind (tests/lib.sh): 10 feeds instead of 30 and 3 rounds of reads instead of 10.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/shared_lib.sh"

# ---- many feeds so that a fetch writes for a while
FEEDS=30 ROUNDS=10
if under_valgrind; then FEEDS=10 ROUNDS=3; fi
"$PY" - "$T/feeds" $FEEDS <<'PY'
import os, sys
root = sys.argv[1]
os.makedirs(root)
for f in range(int(sys.argv[2])):
    items = "".join(
        "<item><title>Rapat koordinasi KPU %d nomor %d</title>"
        "<link>https://kab-%d.kpu.go.id/berita/%d</link>"
        "<pubDate>Mon, 0%d Sep 2024 10:%02d:00 +0700</pubDate>"
        "<description>Rapat koordinasi persiapan Pilkada 2024 bersama PPK dan PPS.</description>"
        "</item>" % (f, i, f, i, 1 + i % 9, i % 60) for i in range(60))
    with open(os.path.join(root, "feed%02d.xml" % f), "w") as out:
        out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>KPU %d</title>%s</channel></rss>' % (f, items))
PY
for f in "$T"/feeds/*.xml; do as service sources add "$f"; done
as service sources add "$SHARED/jateng.xml"
as service fetch --quiet $((FEEDS + 1))
as service list --format csv
check "archive ready for readers" test "$(($(wc -l <"$T/out") - 1))" -ge 1

# ---- the fetch job writes while two readers list, show and mark
HOME="$T/home/service" XDG_DATA_HOME="$T/home/service/data" \
	XDG_CONFIG_HOME="$T/home/service/config" "$WARTA" --db "$ARCHIVE" fetch >"$T/fetch.log" 2>&1 &
fetch_pid=$!
for round in $(seq $ROUNDS); do
	for who in siti budi; do
		as $who --archive "$ARCHIVE" list --limit 50 --format csv
		[ "$rc" = 0 ] || echo "list $who $rc $(cat "$T/err")" >>"$T/reader.err"
		grep -i "locked" "$T/err" >>"$T/reader.err"
		as $who --archive "$ARCHIVE" read 1
		[ "$rc" = 0 ] || echo "read $who $rc $(cat "$T/err")" >>"$T/reader.err"
	done
done
wait $fetch_pid
check "fetch finished while readers worked" eq "$?" 0
check "no reader failed, nothing locked" eq "$(cat "$T/reader.err" 2>/dev/null)" ""
as service list --format csv
check "every article stored" eq "$(($(wc -l <"$T/out") - 1))" $((FEEDS * 60 + 2))
check "journal line at the end" test -n "$(tail -n 1 "$T/fetch.log" | grep -E "^warta fetch: $((FEEDS + 1)) sources, [0-9]+ new, 0 failed, [0-9]+\.[0-9] s\$")"

# ---- overlapping runs skip
"$PY" - "$ARCHIVE.lock" "$T/locked" "$SLOW" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(5 * int(sys.argv[3]))
PY
holder=$!
n=0
while [ ! -e "$T/locked" ] && [ $n -lt $((100 * SLOW)) ]; do sleep 0.05; n=$((n + 1)); done
as service fetch
check "a second fetch skips" eq "$rc/$(cat "$T/out")" "0/warta fetch: another fetch is running; skipped"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
as service fetch --quiet
check "with the lock free it runs" eq "$rc" 0
check "--quiet prints nothing outside systemd" eq "$(cat "$T/out")" ""
JOURNAL_STREAM=8:1234 as service fetch --quiet
check "--quiet under systemd prints the journal line" \
	test -n "$(grep -E "^warta fetch: $((FEEDS + 1)) sources, 0 new, 0 failed" "$T/out")"

# ---- offline: unresolvable hosts are reported once, stored articles stay readable
as laptop sources add "$SHARED/jateng.xml"
as laptop fetch --quiet
for i in 1 2 3 4 5 6; do as laptop sources add "http://kpu-kab-$i.invalid/feed/"; done
as laptop fetch --quiet 2 3 4 5 6 7
check "offline fetch fails" eq "$rc" 1
check "offline said once" eq "$(grep -c offline "$T/err")/$(wc -l <"$T/err")" "1/1"
check "offline line counts the sources" contains "$(cat "$T/err")" "6 sources"
as laptop list --format csv
check "stored articles readable offline" eq "$(($(wc -l <"$T/out") - 1))" 2
finish
