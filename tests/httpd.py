#!/usr/bin/env python3
"""warta's local HTTP/1.1 server for tests (python3 standard library only).

    python3 tests/httpd.py --root DIR --port-file FILE [--lifetime SECONDS] [--log FILE]

Binds 127.0.0.1 on an ephemeral port, writes the port to --port-file (atomically), serves
the files under --root and exits by itself after --lifetime seconds (default 60, at most 600)
or on SIGTERM.  Requests in absolute form ("GET http://kpu.example/x HTTP/1.1", as sent to a
proxy) are served from the same tree, so the server doubles as a proxy for fixture sites
under any host name; when the root holds a directory named after that host, the host's
files come from it (one root, several fixture sites).  A URL path P with a query Q is
first looked up as the file named "P?Q" (listing pages such as "104?page=2").

Files: ETag (hash of the content), Last-Modified (mtime), 304 for If-None-Match /
If-Modified-Since, gzip when the client accepts it and FILE.gz exists or ?gzip=1 is given,
?coding=gzip|deflate|raw-deflate forces that Content-Encoding, ?cut=N drops the last N
bytes of the (encoded) body while Content-Length stays right (a truncated stream),
?delay=MS waits before answering, ?type=MIME overrides the Content-Type.  A directory
serves its index.html.

Routes for tests:
  /status/NNN                 that status, a one-line body
  /redirect/N?to=URL          N redirects, the last one to URL (default /status/200)
  /redirect-loop              redirects to itself
  /redirect-to?url=URL        one 302 to any URL (&status=301 to choose the code)
  /retry-after/S?times=K      429 with Retry-After: S the first K times for this exact URL,
                              then 200 with a small feed (&status=503, &date=1 for an HTTP-date)
  /slow?bytes=N&delay=MS      N bytes, a chunk (&chunk=C bytes, default 1) every MS ms
  /endless                    a chunked body that never ends (&delay=MS between 1 KiB chunks)
  /big?bytes=N                N bytes (&chunked=1: no Content-Length)
  /gzip-bomb                  small gzip body expanding to ?mb=N MiB (default 100)
  /wrong-length               Content-Length larger than the body, then the connection closes
  /headers                    the request line and headers, echoed as text
  /count                      requests seen per path ("N path" lines); ?path=P gives
                              "requests N" and "conditional M" for that path
  /stats                      most requests in flight at once, overall and per Host header,
                              and most connections open at once; ?reset=1 starts afresh
"""

import argparse
import email.utils
import gzip
import hashlib
import io
import mimetypes
import os
import signal
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_LIFETIME = 600
MAX_BYTES = 1 << 30          # no route sends more than this
MAX_DELAY_MS = 10000
FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>KPU Kota Semarang - Berita Terkini</title>
<link>https://kota-semarang.kpu.go.id/</link>
<description>Berita KPU Kota Semarang</description>
<item><title>KPU Kota Semarang Gelar Rapat Pleno Rekapitulasi Daftar Pemilih</title>
<link>https://kota-semarang.kpu.go.id/blog/read/rapat-pleno-rekapitulasi</link>
<pubDate>Senin, 12 Mei 2025 09:30:00 +0700</pubDate>
<description>Divisi Perencanaan, Data dan Informasi menggelar rapat pleno terbuka.</description></item>
</channel></rss>
"""


class Stats:
    """Counters shared by the handler threads, behind one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}          # path -> [requests, conditional requests]
        self.retry_seen = {}      # full URL -> times answered
        self.reset()

    def reset(self):
        self.inflight = 0
        self.max_inflight = 0
        self.host_inflight = {}
        self.host_max = {}
        self.connections = 0
        self.max_connections = 0

    def begin(self, host):
        with self.lock:
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
            n = self.host_inflight.get(host, 0) + 1
            self.host_inflight[host] = n
            self.host_max[host] = max(self.host_max.get(host, 0), n)

    def end(self, host):
        with self.lock:
            self.inflight = max(0, self.inflight - 1)
            self.host_inflight[host] = max(0, self.host_inflight.get(host, 1) - 1)

    def connect(self, delta):
        with self.lock:
            self.connections = max(0, self.connections + delta)
            self.max_connections = max(self.max_connections, self.connections)

    def count(self, path, conditional):
        with self.lock:
            c = self.counts.setdefault(path, [0, 0])
            c[0] += 1
            c[1] += 1 if conditional else 0

    def retry_turn(self, key):
        with self.lock:
            n = self.retry_seen.get(key, 0)
            self.retry_seen[key] = n + 1
            return n


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "warta-test-httpd"
    sys_version = ""

    # --- plumbing -------------------------------------------------------------------

    def setup(self):
        super().setup()
        self.server.stats.connect(+1)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.stats.connect(-1)

    def log_message(self, fmt, *args):
        pass

    def log_request(self, code="-", size="-"):
        log = self.server.log
        if log is None:
            return
        with self.server.log_lock:
            log.write("%s %s %s\n" % (self.command, self.path, getattr(code, "value", code)))
            log.flush()

    def do_GET(self):
        self.dispatch(head=False)

    def do_HEAD(self):
        self.dispatch(head=True)

    def dispatch(self, head):
        self.head = head
        target = self.path
        self.proxied_host = None
        if "://" in target.split("?", 1)[0]:           # absolute form: we are the proxy
            parts = urllib.parse.urlsplit(target)
            self.proxied_host = parts.hostname
            target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        url = urllib.parse.urlsplit(target)
        self.route = urllib.parse.unquote(url.path)
        self.raw_query = url.query
        self.target = target
        self.query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        self.host = self.headers.get("Host", "")
        conditional = bool(self.headers.get("If-None-Match") or
                           self.headers.get("If-Modified-Since"))
        self.tracked = self.route not in ("/stats", "/count")
        if self.tracked:
            self.server.stats.count(self.route, conditional)
            self.server.stats.begin(self.host)
        try:
            self.serve()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.done()

    def done(self):
        """Leaves the in-flight count; called before the last bytes go out so that a
        client which has seen a whole response never finds it still counted."""
        if self.tracked:
            self.tracked = False
            self.server.stats.end(self.host)

    def qint(self, name, default, low=0, high=MAX_BYTES):
        try:
            return max(low, min(high, int(self.query.get(name, default))))
        except ValueError:
            return default

    def send(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304 and status >= 200:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.done()
        self.end_headers()
        if body and not self.head and status != 304:
            self.wfile.write(body)

    def sleep_ms(self, ms):
        time.sleep(max(0, min(ms, MAX_DELAY_MS)) / 1000.0)

    # --- routes ---------------------------------------------------------------------

    def serve(self):
        r = self.route
        if "delay" in self.query and not r.startswith(("/slow", "/endless")):
            self.sleep_ms(self.qint("delay", 0))
        routes = [("/status/", self.r_status), ("/redirect/", self.r_redirect),
                  ("/retry-after/", self.r_retry_after)]
        for prefix, fn in routes:
            if r.startswith(prefix):
                return fn(r[len(prefix):])
        exact = {"/redirect-loop": self.r_redirect_loop, "/redirect-to": self.r_redirect_to,
                 "/slow": self.r_slow, "/endless": self.r_endless, "/big": self.r_big,
                 "/gzip-bomb": self.r_gzip_bomb, "/wrong-length": self.r_wrong_length,
                 "/headers": self.r_headers, "/count": self.r_count, "/stats": self.r_stats}
        if r in exact:
            return exact[r]()
        return self.r_file()

    def r_status(self, rest):
        try:
            code = int(rest)
        except ValueError:
            code = 400
        code = code if 200 <= code <= 599 else 400
        self.send(code, "status %d\n" % code)

    def r_redirect(self, rest):
        try:
            n = max(0, min(100, int(rest)))
        except ValueError:
            n = 0
        to = self.query.get("to", "/status/200")
        if n == 0:
            return self.send(200, "redirect chain done\n")
        location = to if n == 1 else "/redirect/%d?%s" % (
            n - 1, urllib.parse.urlencode({"to": to}))
        self.send(302, "redirect\n", headers=[("Location", location)])

    def r_redirect_loop(self):
        self.send(302, "loop\n", headers=[("Location", "/redirect-loop")])

    def r_redirect_to(self):
        code = self.qint("status", 302, 300, 399)
        self.send(code, "redirect\n", headers=[("Location", self.query.get("url", "/"))])

    def r_retry_after(self, rest):
        try:
            seconds = max(0, min(86400, int(rest)))
        except ValueError:
            seconds = 1
        times = self.qint("times", 1, 0, 1000)
        if self.server.stats.retry_turn(self.target) < times:
            value = str(seconds)
            if self.query.get("date") == "1":
                value = email.utils.formatdate(time.time() + seconds, usegmt=True)
            code = 503 if self.query.get("status") == "503" else 429
            return self.send(code, "slow down\n", headers=[("Retry-After", value)])
        self.send(200, FEED, ctype="application/rss+xml; charset=utf-8")

    def r_slow(self):
        total = self.qint("bytes", 10)
        chunk = self.qint("chunk", 1, 1)
        delay = self.qint("delay", 100, 0, MAX_DELAY_MS)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        while sent < total:
            n = min(chunk, total - sent)
            self.sleep_ms(delay)
            if sent + n == total:
                self.done()
            self.wfile.write(b"s" * n)
            self.wfile.flush()
            sent += n

    def r_endless(self):
        delay = self.qint("delay", 10, 0, MAX_DELAY_MS)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        piece = b"e" * 1024
        deadline = time.time() + self.server.lifetime
        while time.time() < deadline:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
            self.sleep_ms(delay)
        self.close_connection = True

    def r_big(self):
        total = self.qint("bytes", 1024)
        line = b"Komisi Pemilihan Umum menetapkan daftar pemilih tetap.\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        chunked = self.query.get("chunked") == "1"
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        while sent < total:
            piece = (line * 1200)[:min(65536, total - sent)]
            if sent + len(piece) == total:
                self.done()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            sent += len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def r_gzip_bomb(self):
        mb = self.qint("mb", 100, 1, 1024)
        body = self.server.bomb(mb)
        self.send(200, body, ctype="text/plain", headers=[("Content-Encoding", "gzip")])

    def r_wrong_length(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.done()
        self.wfile.write(b"short body\n" * 9)
        self.close_connection = True

    def r_headers(self):
        lines = [self.requestline] + ["%s: %s" % (k, v) for k, v in self.headers.items()]
        self.send(200, "\n".join(lines) + "\n")

    def r_count(self):
        stats = self.server.stats
        with stats.lock:
            if "path" in self.query:
                c = stats.counts.get(self.query["path"], [0, 0])
                text = "requests %d\nconditional %d\n" % (c[0], c[1])
            else:
                text = "".join("%d %s\n" % (c[0], p) for p, c in sorted(stats.counts.items()))
        self.send(200, text)

    def r_stats(self):
        stats = self.server.stats
        with stats.lock:
            text = "max_inflight %d\nmax_connections %d\n" % (
                stats.max_inflight, stats.max_connections)
            text += "".join("max_inflight_host %s %d\n" % (h, n)
                            for h, n in sorted(stats.host_max.items()))
            if self.query.get("reset") == "1":
                stats.reset()
        self.send(200, text)

    # --- files ----------------------------------------------------------------------

    def r_file(self):
        path = self.local_path(self.route)
        if path is None:
            return self.send(404, "not found\n")
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES)
            mtime = os.stat(path).st_mtime
        except OSError:
            return self.send(404, "not found\n")
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:20]
        validators = [("ETag", etag),
                      ("Last-Modified", email.utils.formatdate(mtime, usegmt=True)),
                      ("Vary", "Accept-Encoding")]
        if self.fresh(etag, mtime):
            return self.send(304, headers=validators)
        ctype = self.query.get("type") or self.guess_type(path, data)
        headers = list(validators)
        coding = self.query.get("coding")
        if coding:
            data = self.encoded(data, coding)
            headers.append(("Content-Encoding", coding.replace("raw-", "")))
        elif "gzip" in self.headers.get("Accept-Encoding", ""):
            packed = self.gzipped(path, data)
            if packed is not None:
                data = packed
                headers.append(("Content-Encoding", "gzip"))
        cut = self.qint("cut", 0, 0, len(data))
        self.send(200, data[:len(data) - cut], ctype=ctype, headers=headers)

    @staticmethod
    def encoded(data, coding):
        """?coding=gzip|deflate|raw-deflate (deflate without its zlib wrapper, as some
        servers send it) or any other name, sent as is with that Content-Encoding."""
        if coding == "gzip":
            return gzip.compress(data, mtime=0)
        if coding == "deflate":
            return zlib.compress(data)
        if coding == "raw-deflate":
            c = zlib.compressobj(wbits=-15)
            return c.compress(data) + c.flush()
        return data

    def local_path(self, route):
        root = self.server.root
        # As a proxy, a host with its own directory under the root is served from it.
        host = self.proxied_host
        if host and "/" not in host and os.path.isdir(os.path.join(root, host)):
            root = os.path.realpath(os.path.join(root, host))
        # The URL path P with query Q may be the file "P?Q" (fixture listing pages).
        names = [route + "?" + urllib.parse.unquote(self.raw_query)] if self.raw_query else []
        for name in names + [route]:
            path = os.path.realpath(os.path.join(root, name.lstrip("/")))
            if path != root and not path.startswith(root + os.sep):
                continue
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            if os.path.isfile(path):
                return path
        return None

    def fresh(self, etag, mtime):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags or ("W/" + etag) in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                when = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
            return int(mtime) <= when
        return False

    def gzipped(self, path, data):
        if self.query.get("gzip") == "1":
            return gzip.compress(data, mtime=0)
        try:
            with open(path + ".gz", "rb") as f:
                return f.read(MAX_BYTES)
        except OSError:
            return None

    @staticmethod
    def guess_type(path, data=b""):
        special = {".xml": "application/xml", ".rss": "application/rss+xml",
                   ".atom": "application/atom+xml", ".json": "application/json"}
        ext = os.path.splitext(path)[1].lower()
        ctype = special.get(ext) or mimetypes.guess_type(path)[0]
        if ctype is None:
            # Fixture pages are named after their URLs (".../blog/read/slug"): sniff them.
            head = data[:512].lstrip().lower()
            if head.startswith((b"<!doctype html", b"<html")):
                ctype = "text/html"
            elif head.startswith(b"<?xml") or head.startswith(b"<rss"):
                ctype = "application/xml"
            else:
                ctype = "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith(("xml", "json")):
            ctype += "; charset=utf-8"
        return ctype


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, root, lifetime, log):
        super().__init__(("127.0.0.1", 0), Handler)
        self.root = os.path.realpath(root)
        self.lifetime = lifetime
        self.log = log
        self.log_lock = threading.Lock()
        self.stats = Stats()
        self.bomb_lock = threading.Lock()
        self.bombs = {}

    def handle_error(self, request, client_address):
        # A client hanging up (timeouts, aborted downloads) is what the tests provoke.
        err = sys.exc_info()[1]
        if not isinstance(err, (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def bomb(self, mb):
        with self.bomb_lock:
            if mb not in self.bombs:
                out = io.BytesIO()
                with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as g:
                    zeros = b"\0" * (1 << 20)
                    for _ in range(mb):
                        g.write(zeros)
                self.bombs[mb] = out.getvalue()
            return self.bombs[mb]


def main():
    ap = argparse.ArgumentParser(description="warta's local test HTTP server")
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--lifetime", type=float, default=60)
    ap.add_argument("--log")
    args = ap.parse_args()
    if not os.path.isdir(args.root):
        sys.exit("httpd.py: %s: not a directory" % args.root)
    lifetime = max(1.0, min(MAX_LIFETIME, args.lifetime))
    log = open(args.log, "a", encoding="utf-8") if args.log else None
    server = Server(args.root, lifetime, log)

    # Whatever the handler threads are doing, the process ends on time.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    timer = threading.Timer(lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()

    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, args.port_file)
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
