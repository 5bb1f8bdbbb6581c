#!/bin/sh
# Test driver for 'make check-valgrind': build-aux/test-driver, with a private directory
# for the valgrind reports of every process the test starts (vg.PID.log; tests/valgrind/
# warta.sh keeps its sampling counters there too, under calls/). A test any of whose
# processes reported an error fails, and the reports are appended to its log.
name="" log="" trs="" prev=""
for a in "$@"; do
	case $prev in
	--test-name) name=$a ;;
	--log-file) log=$a ;;
	--trs-file) trs=$a ;;
	esac
	prev=$a
done
dir=${trs%.trs}.valgrind
rm -rf "$dir"
mkdir -p "$dir" || exit 99
WARTA_VALGRIND_LOGS=$(cd "$dir" && pwd)
export WARTA_VALGRIND_LOGS
${CONFIG_SHELL:-/bin/sh} "${top_srcdir:?}/build-aux/test-driver" "$@"
status=$?
find "$dir" -type f -name 'vg.*.log' -empty -delete
reports=$(find "$dir" -type f -name 'vg.*.log' | sort)
if [ -n "$reports" ]; then
	{
		echo "=== valgrind reported errors in $(echo "$reports" | wc -l) process(es):"
		for f in $reports; do
			echo "--- $f"
			head -200 "$f"
		done
	} >>"$log"
	sed -i -e 's/^:test-result: .*/:test-result: FAIL/' \
		-e 's/^:global-test-result: .*/:global-test-result: FAIL/' \
		-e 's/^:recheck: .*/:recheck: yes/' \
		-e 's/^:copy-in-global-log: .*/:copy-in-global-log: yes/' "$trs"
	echo "FAIL: $name (valgrind reported errors, see $log)"
fi
exit $status
