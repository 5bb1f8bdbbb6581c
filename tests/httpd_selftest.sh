#!/bin/sh
# The shared test server and its shell helpers behave as other modules' tests expect.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/httpd_lib.sh"

httpd_start "$TESTDATA/http" 30 || { fail "server starts"; finish; }
check "port is a number" test "$HTTPD_PORT" -gt 0
body=$(httpd_get /berita.xml)
check "serves a file under the root" contains "$body" "KPU Provinsi Jawa Tengah"
check "directory serves index.html" contains "$(httpd_get /)" "<h1>KPU Provinsi Jawa Tengah</h1>"
check "status route" contains "$(httpd_get /status/404)" "status 404"
check "counts requests per path" contains "$(httpd_get '/count?path=/berita.xml')" "requests 1"
check "stays inside the root" contains "$(httpd_get /../../../etc/passwd)" "not found"
check "logs method, path and status" grep -q '^GET /berita.xml 200$' "$HTTPD_LOG"
httpd_stop
check "stops on request" test -z "$HTTPD_PIDS"
finish
