# Shared helpers for the shell end-to-end tests (sourced, not run).
# Every test gets its own scratch directory and a private XDG environment.
set -u
: "${WARTA:?WARTA must point at the built binary}"
: "${top_srcdir:=.}"
TESTDATA=${TESTDATA:-$top_srcdir/tests/data}
T=$(mktemp -d "${TMPDIR:-/tmp}/warta-test.XXXXXX")
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_CACHE_HOME="$T/cache" HOME="$T"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*'
FAILS=0
# make check-valgrind sets WARTA_UNDER_VALGRIND=1 (mk/ci.am): every warta process then runs
# 20-50 times slower. Deadlines that wait on warta are multiplied by SLOW (a deadline met
# early costs nothing), and tests that loop over many warta runs take fewer rounds under
# valgrind (each says which, and keeps the property it checks); the normal and sanitizer
# passes do the full work.
if [ -n "${WARTA_UNDER_VALGRIND:-}" ]; then SLOW=10; else SLOW=1; fi
under_valgrind() { [ -n "${WARTA_UNDER_VALGRIND:-}" ]; }
cleanup_hooks=""
on_exit() { for h in $cleanup_hooks; do $h; done; rm -rf "$T"; }
trap on_exit EXIT
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }
# check NAME CONDITION...: runs the condition, reports.
check() { name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
contains() { case "$1" in *"$2"*) return 0;; *) return 1;; esac; }
finish() { if [ "$FAILS" -gt 0 ]; then echo "$FAILS check(s) failed" >&2; exit 1; fi; exit 0; }
