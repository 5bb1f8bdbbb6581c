#!/bin/sh
# A private nginx on 127.0.0.1 serving a generated corpus: ETag and Last-Modified on,
# feeds pre-compressed (gzip_static) so the server spends no CPU compressing.
#   server.sh start PORT DOCROOT STATEDIR [URLS]     server.sh stop STATEDIR
# With URLS (a file of feed URLs), nginx also listens on every loopback address they name.
set -eu
cmd=$1

# Alive and not a zombie (a daemon's parent may never reap it here).
running() {
	[ -r "/proc/$1/stat" ] || return 1
	letter=$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
	[ "$letter" != Z ]
}
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
	rm -f "$state/nginx.pid"  # a stale pid must not pass for the new server's
	nginx -c "$state/nginx.conf" -p "$state"
	i=0
	while ! [ -s "$state/nginx.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	;;
stop)
	state=$2
	if [ -s "$state/nginx.pid" ]; then
		pid=$(cat "$state/nginx.pid")
		kill "$pid" 2>/dev/null || true
		i=0  # wait for the process itself, not its pid file (up to 10 s, then KILL)
		while running "$pid" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$pid" 2>/dev/null || true
		rm -f "$state/nginx.pid"
	fi
	;;
*) echo "usage: server.sh start PORT DOCROOT STATEDIR | stop STATEDIR" >&2; exit 2 ;;
esac
