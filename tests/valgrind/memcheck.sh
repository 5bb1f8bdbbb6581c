#!/bin/sh
# Runs PROGRAM ARGS... under valgrind memcheck: invalid reads and writes, uninitialised
# values and definite leaks are errors (exit status 99). With WARTA_VALGRIND_LOGS set (by
# tests/valgrind/driver.sh) each process reports into its own file there, so a report is
# seen even when a test ignores the exit status (while expecting a failure, say).
#   sh tests/valgrind/memcheck.sh PROGRAM [ARGS...]
here=$(cd "$(dirname "$0")" && pwd)
set -- --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --track-fds=no --num-callers=30 -q \
	--suppressions="$here/warta.supp" "$@"
if [ -n "${WARTA_VALGRIND_LOGS:-}" ]; then
	exec valgrind --log-file="$WARTA_VALGRIND_LOGS/vg.%p.log" "$@"
fi
exec valgrind "$@"
