#!/bin/sh
# Installs what is missing (apt-get, as root or through sudo), builds warta out of tree in
# ./build, then either opens it on the bundled offline sample (run, the default) or runs
# the whole test suite (check). Usage: sh tools/quickstart.sh [run|check]
set -eu
mode=${1:-run}
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build"

packages="gcc make autoconf automake autopoint gettext pkg-config libncurses-dev \
libsqlite3-dev libcurl4-openssl-dev libxml2-dev ca-certificates"
[ "$mode" = check ] && packages="$packages libcmocka-dev python3 tmux valgrind locales"

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
mkdir -p "$build"
cd "$build"
[ -f Makefile ] || "$top/configure" ${WARTA_CONFIGURE_FLAGS:-}
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs"

case "$mode" in
run)
	exec ./warta --demo ;;
check)
	make -j"$jobs" check ;;
*)
	echo "usage: sh tools/quickstart.sh [run|check]" >&2
	exit 2 ;;
esac
