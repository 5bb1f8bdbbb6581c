#!/bin/sh
# Installs what is missing (apt-get, as root or through sudo), builds warta out of tree in
# ./build, then either opens it on the bundled offline sample (run, the default) or runs
# the whole test suite (check). Usage: sh tools/quickstart.sh [run|check]
#
# check runs four passes, each in its own build directory, one after the other:
#   build/             the normal build, make check
#   build/sanitizers/  --enable-sanitizers (ASan with LeakSanitizer, UBSan), make check
#   build/valgrind/    make check-valgrind: the whole suite again, every process under
#                      valgrind memcheck (the shell tests scaled down, see mk/ci.am)
#   build/fuzz/        with clang: each libFuzzer target for FUZZ_SECONDS (make fuzz-smoke)
# and ends with one line counted from the passes' test-suite.log files (a fuzz target
# counts as one test): "N passed, N failed, N skipped". WARTA_CHECK_PASSES="normal
# sanitizers" (say) runs only some passes; FUZZ_SECONDS overrides the fuzzing time.
set -eu
mode=${1:-run}
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build"

case "$mode" in
run|check) ;;
*)
	echo "usage: sh tools/quickstart.sh [run|check]" >&2
	exit 2 ;;
esac

packages="gcc make autoconf automake autopoint gettext pkg-config libncurses-dev \
libsqlite3-dev libcurl4-openssl-dev libxml2-dev zlib1g-dev ca-certificates"
[ "$mode" = check ] && packages="$packages libcmocka-dev python3 tmux valgrind clang \
libclang-rt-14-dev"

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "quickstart: installing$missing"
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
	elif command -v sudo >/dev/null 2>&1; then
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
	else
		echo "quickstart: please install:$missing (as root: apt-get install$missing)" >&2
		exit 1
	fi
fi

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	autoreconf -fi
fi
jobs=$(nproc 2>/dev/null || echo 2)

# configured DIR FLAGS...: DIR holds a build configured with FLAGS (configured afresh
# when the flags changed).
configured() {
	dir=$1
	shift
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$(cat "$dir/.quickstart-flags" 2>/dev/null)" != "$*" ]; then
		(cd "$dir" && "$top/configure" "$@") || return 1
		echo "$*" >"$dir/.quickstart-flags"
	fi
}

if [ "$mode" = run ]; then
	configured "$build" ${WARTA_CONFIGURE_FLAGS:-}
	cd "$build"
	make -j"$jobs"
	exec ./warta --demo
fi

# The valgrind pass in CI: every cmocka program, and the shell tests below, chosen to
# cover each part of warta that the units do not (the interface and its threads, the
# fetch pipeline on a KPU site, the whole hostile suite, fetch errors, a full disk)
# within CI's time. `make check-valgrind` with no VALGRIND_TESTS runs the whole suite
# under valgrind (every test can: WARTA_UNDER_VALGRIND lengthens deadlines and shortens
# the longest loops); that takes about 20 minutes on 2 cores, too long for CI, and is
# run by hand before a release (last full run, 2026-12-02: every test passed; bench/smoke.sh in a run of its own).
VALGRIND_SHELL_TESTS="tests/ui_e2e.sh tests/hostile/hostile_files.sh \
tests/hostile/hostile_network.sh tests/kpu_e2e.sh tests/diskfull_e2e.sh \
tests/ui_hostile_e2e.sh tests/fetch_errors.sh tests/ui_fetch_e2e.sh \
tests/hostile/hostile_terminal.sh tests/hostile/hostile_browser.sh tests/httpd_selftest.sh"
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
passes=${WARTA_CHECK_PASSES:-normal sanitizers valgrind fuzz}
failed_builds=0 fuzz_passed=0 fuzz_failed=0
say() { printf '\n=== quickstart: %s\n' "$*"; }

pass_normal() {
	say "normal build, make check"
	configured "$build" ${WARTA_CONFIGURE_FLAGS:-} && make -C "$build" -j"$jobs" &&
		make -C "$build" -j"$jobs" check
}

pass_sanitizers() {
	say "--enable-sanitizers (ASan, LeakSanitizer, UBSan), make check"
	configured "$build/sanitizers" --enable-sanitizers && make -C "$build/sanitizers" -j"$jobs" &&
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			make -C "$build/sanitizers" -j"$jobs" check
}

pass_valgrind() {
	say "valgrind memcheck: the cmocka programs and the shell tests listed in tools/quickstart.sh"
	configured "$build/valgrind" && make -C "$build/valgrind" -j"$jobs" || return 1
	unit=$(printf 'include Makefile\nquickstart-print:\n\t@echo $(TESTS)\n' |
		make -s -C "$build/valgrind" -f - quickstart-print | tr ' ' '\n' | grep -v '\.sh$' |
		tr '\n' ' ')
	make -C "$build/valgrind" -j"$jobs" check-valgrind \
		VALGRIND_TESTS="$unit $VALGRIND_SHELL_TESTS"
}

fuzz_possible() {
	if ! command -v clang >/dev/null 2>&1; then
		echo "clang is not installed" >&2
		return 1
	fi
	if ! grep -q 'fuzz-smoke:' "$top/Makefile.in"; then
		echo "this tree has no fuzz-smoke target" >&2
		return 1
	fi
}

pass_fuzz() {
	if ! fuzz_possible; then
		say "fuzz smoke skipped: $(fuzz_possible 2>&1)"
		return 0
	fi
	say "fuzz smoke: each libFuzzer target for $FUZZ_SECONDS s"
	dir="$build/fuzz"
	configured "$dir" --enable-fuzzing CC=clang && make -C "$dir" -j"$jobs" fuzz || return 1
	targets=$(printf 'include Makefile\nquickstart-print:\n\t@echo $(FUZZ_TARGETS)\n' |
		make -s -C "$dir" -f - quickstart-print)
	# Two targets at a time (one per core); each half reports into its own log.
	set -- $targets
	half=$((($# + 1) / 2))
	first="" second="" i=0
	for t in $targets; do
		i=$((i + 1))
		if [ $i -le $half ]; then first="$first $t"; else second="$second $t"; fi
	done
	rm -rf "$dir/fuzz-work"
	(cd "$dir" && sh "$top/fuzz/run.sh" --seconds "$FUZZ_SECONDS" --top-srcdir "$top" \
		--work fuzz-work $first >fuzz-1.log 2>&1) &
	one=$!
	(cd "$dir" && sh "$top/fuzz/run.sh" --seconds "$FUZZ_SECONDS" --top-srcdir "$top" \
		--work fuzz-work $second >fuzz-2.log 2>&1) &
	two=$!
	wait $one || true
	wait $two || true
	cat "$dir/fuzz-1.log" "$dir/fuzz-2.log"
	for t in $targets; do
		if grep -q "^FAIL: $(basename "$t"):" "$dir/fuzz-1.log" "$dir/fuzz-2.log"; then
			fuzz_failed=$((fuzz_failed + 1))
		else
			fuzz_passed=$((fuzz_passed + 1))
		fi
	done
}

# The later passes' trees are configured and built at the lowest priority while the normal
# pass's tests run (those mostly wait on timers and sockets); each pass waits for its own.
prebuild() {
	for p in $passes; do
		case $p in
		sanitizers) configured "$build/sanitizers" --enable-sanitizers &&
			make -C "$build/sanitizers" -j"$jobs" ;;
		valgrind) configured "$build/valgrind" && make -C "$build/valgrind" -j"$jobs" ;;
		fuzz) fuzz_possible && configured "$build/fuzz" --enable-fuzzing CC=clang &&
			make -C "$build/fuzz" -j"$jobs" fuzz ;;
		*) continue ;;
		esac
		touch "$build/.prebuilt-$p"
	done
}
prebuilder=""
wait_prebuilt() {
	[ -n "$prebuilder" ] || return 0
	while [ ! -e "$build/.prebuilt-$1" ] && kill -0 "$prebuilder" 2>/dev/null; do
		sleep 1
	done
}

status=0
for p in $passes; do
	if [ "$p" = normal ] && [ -z "$prebuilder" ]; then
		configured "$build" ${WARTA_CONFIGURE_FLAGS:-} && make -C "$build" -j"$jobs" || status=1
		mkdir -p "$build"
		rm -f "$build"/.prebuilt-*
		(renice -n 19 -p "$(sh -c 'echo $PPID')" >/dev/null 2>&1 || true
			prebuild) >"$build/prebuild.log" 2>&1 &
		prebuilder=$!
	fi
	wait_prebuilt "$p"
	started=$(date +%s)
	case $p in normal) rm -f "$build/test-suite.log" ;; *) rm -f "$build/$p/test-suite.log" ;; esac
	case $p in
	normal) pass_normal || status=1 ;;
	sanitizers) pass_sanitizers || status=1 ;;
	valgrind) pass_valgrind || status=1 ;;
	fuzz) pass_fuzz || { status=1; fuzz_failed=$((fuzz_failed + 1)); } ;;
	*) echo "quickstart: unknown pass $p (normal, sanitizers, valgrind, fuzz)" >&2; exit 2 ;;
	esac
	echo "=== quickstart: $p pass took $(($(date +%s) - started)) s"
done

# The tail of every failing test's log, then the count over all passes.
count() { n=$(sed -n "s/^# $1: *//p" "$log" | head -1); echo "${n:-0}"; }
pass=0 fail=0 skip=0
for p in $passes; do
	case $p in
	normal) dir=$build ;;
	sanitizers|valgrind) dir=$build/$p ;;
	*) continue ;;
	esac
	log="$dir/test-suite.log"
	if [ ! -f "$log" ]; then
		echo "quickstart: the $p pass produced no test-suite.log (it failed to build)"
		fail=$((fail + 1))
		continue
	fi
	pass=$((pass + $(count PASS) + $(count XFAIL)))
	fail=$((fail + $(count FAIL) + $(count XPASS) + $(count ERROR)))
	skip=$((skip + $(count SKIP)))
	# automake heads each failing test's section with "FAIL: NAME" over a line of "=".
	for t in $(awk '/^=+$/ && prev ~ /^(FAIL|ERROR|XPASS): / { sub(/^[A-Z]+: /, "", prev); print prev }
			{ prev = $0 }' "$log" | sort -u); do
		echo "--- $p pass: $t failed; the end of ${dir#"$top"/}/${t%.sh}.log:"
		tail -40 "$dir/${t%.sh}.log"
	done
done
pass=$((pass + fuzz_passed))
fail=$((fail + fuzz_failed))
[ "$fail" -eq 0 ] || status=1
echo "$pass passed, $fail failed, $skip skipped" | tee "$build/.quickstart-summary"
exit $status
