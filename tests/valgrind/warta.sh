#!/bin/sh
# $WARTA for 'make check-valgrind': the built warta (WARTA_REAL) under valgrind memcheck.
#
# Sampling, for tests that start warta many times: with WARTA_VALGRIND_EVERY=N (N > 1) the
# calls are sorted into kinds (the command, its subcommand and the names of the options
# given, not their values); the first call of each kind runs under valgrind, and of the
# later calls of that kind every Nth; the others run plain, so every command and option
# that the test uses is checked at least once. A test sets it only where its repeated calls
# walk the same code (each test says which), never for calls whose inputs differ in what
# they exercise. WARTA_VALGRIND_PLAIN=1 runs one call plain: for processes killed with
# SIGKILL, which valgrind cannot check (it dies before its leak check), when the same
# command also runs to its end under valgrind in that test.
real=${WARTA_REAL:?WARTA_REAL must name the built warta}
here=$(dirname "$0")
[ -z "${WARTA_VALGRIND_PLAIN:-}" ] || exec "$real" "$@"

every=${WARTA_VALGRIND_EVERY:-1}
if [ "$every" -gt 1 ] && [ -n "${WARTA_VALGRIND_LOGS:-}" ]; then
	kind="" words=0 skip=""
	for a in "$@"; do
		if [ -n "$skip" ]; then skip=""; continue; fi
		case $a in
		--db|--archive|--config) skip=1 ;;       # global options: their value is a path
		--*) kind="$kind ${a%%=*}" ;;
		-*) kind="$kind $a" ;;
		*)
			# the command and, for the commands that have them, one subcommand
			case "$words:$kind" in
			0:*) kind="$kind $a"; words=1 ;;
			1:" sources"|1:" archive"|1:" state"|1:" views") kind="$kind $a"; words=2 ;;
			esac ;;
		esac
	done
	# One counter file per kind, in the test's own directory (driver.sh); flock(1) keeps
	# concurrent calls from counting the same number.
	dir="$WARTA_VALGRIND_LOGS/calls"
	mkdir -p "$dir"
	name=$(printf '%s' "$kind" | tr -c 'A-Za-z0-9-' '_')
	n=$(flock "$dir/.lock" sh -c 'n=$(($(cat "$1" 2>/dev/null || echo 0) + 1)); echo "$n" >"$1"; echo "$n"' \
		- "$dir/kind$name")
	[ $(((n - 1) % every)) = 0 ] || exec "$real" "$@"
fi
exec "$here/memcheck.sh" "$real" "$@"
