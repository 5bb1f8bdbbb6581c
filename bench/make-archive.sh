#!/bin/sh
# make-archive.sh WARTA DIR ARTICLES [SOURCES [BASE-URL [--hosts]]]: the archive of ARTICLES generated articles for
# warta (DIR/warta.db), newsboat (DIR/newsboat/cache.db) and sfeed (DIR/sfeed/feeds/*).
set -eu
warta=$1 dir=$2 n=$3 sources=${4:-553} base=${5:-http://127.0.0.1:8089} hosts=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
rm -rf "$dir/feeds-src" "$dir/warta.db" "$dir/warta.db-wal" "$dir/warta.db-shm"
# the sources exactly as warta subscribes them (the OPML of the feed corpus)
"$here/gen-corpus" feeds --out "$dir/feeds-src" --sources "$sources" --items 1 --base "$base" $hosts >/dev/null
"$warta" --db "$dir/warta.db" sources import "$dir/feeds-src/sources.opml" >/dev/null
"$here/gen-corpus" archive --out "$dir" --articles "$n" --sources "$sources" --base "$base" $hosts --warta-db "$dir/warta.db"
# offices and divisions by warta's own classifier, not by the generator
"$warta" --db "$dir/warta.db" reclassify
echo "$n $base $hosts" >"$dir/.complete"
