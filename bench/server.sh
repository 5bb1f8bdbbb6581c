#!/bin/sh
# A private nginx on 127.0.0.1 serving a generated corpus: ETag and Last-Modified on,
# feeds pre-compressed (gzip_static) so the server spends no CPU compressing.
#   server.sh start PORT DOCROOT STATEDIR [URLS]     server.sh stop STATEDIR
# With URLS (a file of feed URLs), nginx also listens on every loopback address they name.
set -eu
cmd=$1
case $cmd in
start)
	port=$2 root=$(cd "$3" && pwd) state=$4 urls=${5:-}
	mkdir -p "$state/tmp"
	listen="		listen 127.0.0.1:$port;"
	if [ -n "$urls" ]; then
		listen=$(sed -n 's|^http://\(127\.[0-9.]*\):.*|\1|p' "$urls" | grep -v '^127\.0\.0\.1$' |
			sort -u | sed "s|.*|		listen &:$port;|")
		listen="		listen 127.0.0.1:$port;
$listen"
	fi
	cat >"$state/nginx.conf" <<CONF
daemon on;
worker_processes 1;
pid $state/nginx.pid;
error_log $state/error.log warn;
events { worker_connections 1024; }
http {
	access_log $state/access.log;
	client_body_temp_path $state/tmp;
	proxy_temp_path $state/tmp;
	fastcgi_temp_path $state/tmp;
	uwsgi_temp_path $state/tmp;
	scgi_temp_path $state/tmp;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	types { application/rss+xml xml; text/html html; }
	etag on;
	if_modified_since before;  # the If-Modified-Since semantics of RFC 9110 (Last-Modified <= date)
	gzip_static on;
	gzip_vary on;
	open_file_cache max=4000 inactive=60s;
	server {
$listen
		root $root;
	}
}
CONF
	nginx -c "$state/nginx.conf" -p "$state"
	i=0
	while ! [ -s "$state/nginx.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	;;
stop)
	state=$2
	if [ -s "$state/nginx.pid" ]; then
		kill "$(cat "$state/nginx.pid")" 2>/dev/null || true
		i=0
		while [ -s "$state/nginx.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	fi
	;;
*) echo "usage: server.sh start PORT DOCROOT STATEDIR | stop STATEDIR" >&2; exit 2 ;;
esac
