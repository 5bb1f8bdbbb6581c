#!/bin/sh
# make check: the benchmark suite's quick mode runs end to end (no timing is asserted).
# Skips (77) when the peers or nginx are not installed.
. "$top_srcdir/tests/lib.sh" 2>/dev/null || true
for tool in newsboat sfeed_update sfeed_curses xmllint curl; do
	command -v "$tool" >/dev/null 2>&1 || { echo "skip: $tool is not installed"; exit 77; }
done
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || { echo "skip: nginx is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/warta-bench-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
${PYTHON3:-python3} "$top_srcdir/bench/bench.py" --quick --warta "$WARTA" --work "$work" \
	--port $((20000 + $$ % 20000)) --out "$work/results.md" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
for heading in "## 1. Fetch" "## 2. First screen" "## 3. Filters" "## 4. Parse" "## 5. Growth"; do
	grep -q "^$heading" "$work/results.md" || { echo "missing section: $heading"; cat "$work/log"; exit 1; }
done
grep -q '^| warta |' "$work/results.md" || { echo "no warta row"; exit 1; }
echo "bench smoke: every scenario ran"
