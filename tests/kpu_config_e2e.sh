#!/bin/sh
# KPU subscriptions by province, an extraction profile from the config file, and offices
# whose sites do not answer (reported per source, never the internet).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"
KPU="$TESTDATA/kpu"
httpd_start "$KPU/sites" 60 || exit 1
export http_proxy="http://127.0.0.1:$HTTPD_PORT" https_proxy="http://127.0.0.1:9" no_proxy=""
unset HTTP_PROXY HTTPS_PROXY
py() { "${PYTHON3:-python3}" -c "$@"; }

# --province: the provincial office and every kabupaten/kota office of the province.
$WARTA --db "$T/prov.db" sources add --province gorontalo >"$T/prov.out" 2>&1
check "sources add --province succeeds" test $? -eq 0
offices=$($WARTA --db "$T/prov.db" sources list --format json |
	py 'import json,sys; print(" ".join(sorted(s["office"] or "-" for s in json.load(sys.stdin))))')
check "province subscribes its 7 offices" test "$offices" = \
	"gorontalo kab-boalemo kab-bonebolango kab-gorontalo kab-gorontaloutara kab-pohuwato kota-gorontalo"
urls=$($WARTA --db "$T/prov.db" sources list --format json |
	py 'import json,sys; print(sum(s["url"].endswith(".kpu.go.id/index.php/blog/category/104") for s in json.load(sys.stdin)))')
check "list URLs default to the CMS news list" test "$urls" = 7
$WARTA --db "$T/prov.db" sources add --province Gorontalo >"$T/prov2.out" 2>&1
check "subscribing twice adds nothing" \
	test "$($WARTA --db "$T/prov.db" sources list --format json | py 'import json,sys; print(len(json.load(sys.stdin)))')" = 7
# Their https sites cannot be reached here: each is reported, nothing hangs.
$WARTA --db "$T/prov.db" fetch >"$T/prov-fetch.out" 2>&1
check "unreachable offices are reported as failed" grep -q "7 failed" "$T/prov-fetch.out"
check "the failure names the site" grep -q "kota-gorontalo.kpu.go.id" "$T/prov-fetch.out"

# A profile in the config file changes what is read for that office's site.
add_jayapura() {
	$WARTA "$@" sources add --office kota-jayapura \
		--url http://kota-jayapura.kpu.go.id/blog/category/104 >/dev/null
}
body_of_j1() {
	$WARTA "$@" list --format json --limit 100 | py '
import json, subprocess, sys
rows = [r for r in json.load(sys.stdin) if "/berita/baca/2207/" in r["url"]]
if not rows:
    sys.exit("no article 2207")
show = subprocess.run(sys.argv[1:] + ["show", str(rows[0]["id"]), "--format", "json"],
                      capture_output=True, text=True, check=True)
print(json.loads(show.stdout)["body"].strip())' "$WARTA" "$@"
}
add_jayapura --db "$T/plain.db"
$WARTA --db "$T/plain.db" fetch --quiet >/dev/null 2>&1
plain=$(body_of_j1 --db "$T/plain.db")
check "without a profile the body is the article text" contains "$plain" "Jayapura, 5 Agustus 2024"

cat >"$T/config" <<'EOF'
# the site moved its text: read the summary box instead
profile kota-jayapura body //div[@class='ringkasan']
profile kota-jayapura.kpu.go.id title //p[@class='category']
EOF
add_jayapura --db "$T/profile.db" --config "$T/config"
$WARTA --db "$T/profile.db" --config "$T/config" fetch --quiet >"$T/profile-fetch.out" 2>&1
check "fetch with a profile succeeds" test $? -eq 0
body=$(body_of_j1 --db "$T/profile.db" --config "$T/config")
check "profile body (by office slug) is used" \
	test "$body" = "Ringkasan: KPU Kota Jayapura Launching Maskot Pemilihan"
title=$($WARTA --db "$T/profile.db" --config "$T/config" list --format json --office jayapura |
	py 'import json,sys; print(sorted(r["title"] for r in json.load(sys.stdin)))')
check "profile title (by host) is used" test "$title" = "['Berita', 'Berita']"

finish
