#!/usr/bin/env python3
"""warta's benchmark suite against newsboat and sfeed (issue 6). See BENCHMARKS.md.

  bench.py --warta PATH [--quick] [--runs N] [--archive N] [--work DIR] [--only a,b] [--out FILE]

Scenarios: fetch (first and unchanged), screen (first screen of a big archive through a
pty), filters (warta list and inside the interface), parse (throughput of one big feed),
growth (fetch cost and database size per article as the archive grows)."""
import argparse
import json
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen-corpus")
SERVER = os.path.join(HERE, "server.sh")
PORT = 8089  # --port
QUIET = 0.3     # seconds of silence that mark a finished screen


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


class Result:
    def __init__(self, wall, cpu, rss_kb, rc):
        self.wall, self.cpu, self.rss, self.rc = wall, cpu, rss_kb, rc


def measure(cmd, env=None, cwd=None, timeout=600, stdin=subprocess.DEVNULL):
    """Wall time, user+system CPU (the whole process tree) and peak RSS of one command.
    GNU time runs it, so the peak RSS is the command's own and not inherited from python's
    fork (Linux keeps ru_maxrss across exec)."""
    fd, stats = tempfile.mkstemp(prefix="bench-time-")
    os.close(fd)
    t0 = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-q", "-o", stats, "-f", "%U %S %M"] + cmd, env=env,
                         cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        p.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    wall = time.perf_counter() - t0
    try:
        with open(stats) as f:
            last = [line for line in f.read().splitlines() if line.strip()][-1].split()
        cpu, rss = float(last[0]) + float(last[1]), int(last[2])
    except (IndexError, ValueError):
        cpu, rss = 0.0, 0
    os.unlink(stats)
    return Result(wall, cpu, rss, p.returncode)


def summary(values):
    return statistics.median(values), min(values), max(values)


def fmt_s(v):
    return "%.3f" % v if v < 10 else "%.1f" % v


def row(name, results, ref=None):
    w, c, r = ([getattr(x, k) for x in results] for k in ("wall", "cpu", "rss"))
    mw, lw, hw = summary(w)
    mc, lc, hc = summary(c)
    mr, lr, hr = summary(r)
    ratio = "%.2f" % (mw / ref) if ref else ""
    bad = sum(1 for x in results if x.rc != 0)
    return ("| %s | %s (%s–%s) | %s (%s–%s) | %.1f (%.1f–%.1f) | %s | %s |"
            % (name, fmt_s(mw), fmt_s(lw), fmt_s(hw), fmt_s(mc), fmt_s(lc), fmt_s(hc),
               mr / 1024, lr / 1024, hr / 1024, ratio, bad or ""), mw)


TABLE_HEAD = ("| tool | wall s median (min–max) | CPU s median (min–max) | peak RSS MB median (min–max)"
              " | warta/peer wall | failed runs |\n|---|---|---|---|---|---|")


class Bench:
    def __init__(self, a):
        self.a = a
        self.work = a.work
        self.warta = os.path.abspath(a.warta)
        self.out = []
        self.data = {}
        os.makedirs(self.work, exist_ok=True)
        self.env = dict(os.environ, LC_ALL="C.UTF-8", TERM="xterm-256color",
                        HOME=os.path.join(self.work, "home"),
                        XDG_CONFIG_HOME=os.path.join(self.work, "home", ".config"),
                        XDG_DATA_HOME=os.path.join(self.work, "home", ".local", "share"))
        os.makedirs(self.env["XDG_CONFIG_HOME"], exist_ok=True)
        os.makedirs(os.path.join(self.work, "state"), exist_ok=True)

    def emit(self, text=""):
        self.out.append(text)
        print(text, flush=True)

    # ---- server and corpus

    def corpus(self, name, sources, items, rnd=0, hosts=True):
        d = os.path.join(self.work, name)
        sh([GEN, "feeds", "--out", d, "--sources", str(sources), "--items", str(items),
            "--round", str(rnd), "--gzip", "--base", "http://127.0.0.1:%d" % PORT]
           + (["--hosts"] if hosts else []), stdout=subprocess.DEVNULL)
        return d

    def serve(self, corpus_dir):
        self.stop()
        self.srv = os.path.join(self.work, "srv")
        sh([SERVER, "start", str(PORT), os.path.join(corpus_dir, "www"), self.srv,
            os.path.join(corpus_dir, "urls.txt")])

    def stop(self):
        if getattr(self, "srv", None):
            sh([SERVER, "stop", self.srv])
            self.srv = None

    # ---- peers' configurations

    def sfeedrc(self, d, corpus_dir, etag):
        with open(os.path.join(corpus_dir, "urls.txt")) as f:
            urls = [u.strip() for u in f]
        lines = ['sfeedpath="%s/feeds"' % d, "maxjobs=8"]
        if etag:  # the README's recipe, with the ETag directory inside the run's own state
            lines += ["fetch() {", '\tetag="%s/etags/$(basename "$3")"' % d, "\tcurl \\",
                      '\t\t-L --max-redirs 0 -H "User-Agent:" -f -s -m 15 \\',
                      "\t\t--compressed \\",
                      '\t\t--etag-save "${etag}" --etag-compare "${etag}" \\',
                      '\t\t-z "${etag}" \\', '\t\t"$2" 2>/dev/null', "}"]
            os.makedirs(os.path.join(d, "etags"), exist_ok=True)
        lines.append("feeds() {")
        lines += ['\tfeed "%s" "%s"' % (os.path.basename(u)[:-4], u) for u in urls]
        lines.append("}")
        with open(os.path.join(d, "sfeedrc"), "w") as f:
            f.write("\n".join(lines) + "\n")

    def tools_fetch(self, corpus_dir):
        """name -> (prepare(state dir), command(state dir))"""
        opml = os.path.join(corpus_dir, "sources.opml")
        urls = os.path.join(corpus_dir, "urls.txt")

        def prep_warta(d):
            sh([self.warta, "--db", d + "/w.db", "sources", "import", opml], env=self.env,
               stdout=subprocess.DEVNULL)

        def prep_newsboat(d):
            shutil.copy(urls, d + "/urls")
            with open(d + "/config", "w") as f:
                f.write("reload-threads 8\n")

        return {
            "warta": (prep_warta, lambda d: [self.warta, "--db", d + "/w.db", "fetch", "--jobs", "8", "--quiet"]),
            "newsboat": (prep_newsboat, lambda d: ["newsboat", "-x", "reload", "-u", d + "/urls",
                                                   "-c", d + "/cache.db", "-C", d + "/config"]),
            "sfeed": (lambda d: self.sfeedrc(d, corpus_dir, False),
                      lambda d: ["sfeed_update", d + "/sfeedrc"]),
            "sfeed-etag": (lambda d: self.sfeedrc(d, corpus_dir, True),
                           lambda d: ["sfeed_update", d + "/sfeedrc"]),
        }

    def state(self, tool, kind, i):
        d = os.path.join(self.work, "state", "%s-%s-%d" % (tool, kind, i))
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return d

    # ---- scenario 1: fetch

    def fetch(self, hosts=True):
        a = self.a
        sources, items = (20, 5) if a.quick else (553, 30)
        c = self.corpus("feeds" if hosts else "feeds-onehost", sources, items, hosts=hosts)
        mb = sum(os.path.getsize(os.path.join(c, "www", "feeds", f))
                 for f in os.listdir(os.path.join(c, "www", "feeds")) if f.endswith(".xml")) / 1e6
        self.serve(c)
        tools = self.tools_fetch(c)
        if not hosts:  # only warta limits transfers per host; the peers' figures do not change
            tools = {t: v for t, v in tools.items() if t in a.onehost_tools.split(",")}
        first = {t: [] for t in tools}
        again = {t: [] for t in tools}
        snap = {}
        order = list(tools)
        for r in range(a.runs + 1):
            order = order[1:] + order[:1]  # alternate who goes first
            for t in order:
                prep, cmd = tools[t]
                d = self.state(t, "first", 0)
                prep(d)
                res = measure(cmd(d), env=self.env)
                if r:
                    first[t].append(res)
                snap[t] = d + ".snap"
                shutil.rmtree(snap[t], ignore_errors=True)
                shutil.copytree(d, snap[t])
            for t in order:
                d = self.state(t, "again", 0)
                shutil.rmtree(d)
                shutil.copytree(snap[t], d)
                if t.startswith("sfeed"):  # its configuration names its own directory
                    self.sfeedrc(d, c, t == "sfeed-etag")
                log_before = os.path.getsize(os.path.join(self.srv, "access.log"))
                res = measure(tools[t][1](d), env=self.env)
                res.log = self.status_counts(log_before)
                if r:
                    again[t].append(res)
            log("fetch run %d done" % r)
        self.stop()
        self.emit("## 1%s. Fetch %d feeds x %d items (%.1f MB), %s\n" % (
            "" if hosts else "b", sources, items, mb,
            "each feed on its own loopback host (127.1.x.y), as the offices have their own subdomains"
            if hosts else "every feed on one host, 127.0.0.1"))
        for title, table in (("First fetch", first), ("Unchanged second fetch", again)):
            self.emit("### %s\n\n%s" % (title, TABLE_HEAD))
            base = {t: summary([x.wall for x in v])[0] for t, v in table.items()}
            for t, v in table.items():
                ref = None if t == "warta" else base[t]
                line, _ = row(t if t == "warta" else t, v, None)
                if ref and "warta" in base:
                    line = line.replace("|  |", "| %.2f |" % (base["warta"] / ref), 1)
                self.emit(line)
            if title.startswith("Unchanged"):
                self.emit("\nHTTP statuses seen by the server in the last unchanged run: " + "; ".join(
                    "%s %s" % (t, v[-1].log) for t, v in table.items()))
            self.emit()
        self.data["fetch"] = {k: {t: [vars(x) for x in v] for t, v in tab.items()}
                              for k, tab in (("first", first), ("again", again))}
        wdb = os.path.join(snap["warta"], "w.db")
        w_before = self.sqlcount(wdb)
        d = self.state("warta", "check", 0)
        shutil.rmtree(d)
        shutil.copytree(snap["warta"], d)
        self.serve(c)
        measure(tools["warta"][1](d), env=self.env)
        self.stop()
        self.emit("warta articles stored: %d after the first fetch, %d after the unchanged fetch.\n"
                  % (w_before, self.sqlcount(os.path.join(d, "w.db"))))

    def fetch1(self):
        self.fetch(hosts=False)

    def status_counts(self, offset):
        counts = {}
        with open(os.path.join(self.srv, "access.log"), "rb") as f:
            f.seek(offset)
            for line in f:
                parts = line.split(b'"')
                if len(parts) > 2:
                    st = parts[2].split()[0].decode()
                    counts[st] = counts.get(st, 0) + 1
        return " ".join("%sx%d" % kv for kv in sorted(counts.items()))

    @staticmethod
    def sqlcount(db):
        import sqlite3
        c = sqlite3.connect(db)
        n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        c.close()
        return n

    # ---- archives

    def archive(self, n):
        d = os.path.join(self.work, "archive-%d" % n)
        done = os.path.join(d, ".complete")
        base = "http://127.0.0.1:%d" % PORT
        if not (os.path.exists(done) and open(done).read().split() == [str(n), base, "--hosts"]):
            log("building the %d-article archive in %s" % (n, d))
            sh([os.path.join(HERE, "make-archive.sh"), self.warta, d, str(n), "553", base,
                "--hosts"], stdout=sys.stderr)
        return d

    # ---- pty

    def pty_run(self, cmd, marker, keys=(), timeout=60, cwd=None):
        """Spawns cmd in a 40x120 pty. Returns (first screen s, peak RSS KB, [per-key s]):
        the first screen is the first output that holds `marker` (once output has gone
        quiet after it);
        each entry of keys is (text typed first, final key timed): the time runs from the
        final key to the last byte before quiet."""
        import fcntl
        import struct
        import termios
        t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                if cwd:
                    os.chdir(cwd)
                os.execvpe(cmd[0], cmd, self.env)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.kill(pid, signal.SIGWINCH)
        seen = bytearray()

        drawn = []  # when the output first held `page` (the first page is on screen)

        def pump(until_quiet, need=None, start=None, idle=False, page=None):
            """With idle, the screen is done only once the reader also waits for a key:
            asleep, and no CPU time spent over the quiet window. With page, the time at
            which that text first appeared is put in drawn."""
            last = None
            mark = len(seen)
            cpu = (None, 0.0)
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline:
                r, _, _ = select.select([fd], [], [], 0.02)
                now = time.perf_counter()
                if r:
                    try:
                        chunk = os.read(fd, 65536)
                    except OSError:
                        return None
                    if not chunk:
                        return None
                    seen.extend(chunk)
                    last = now
                    if page and not drawn and page.encode() in seen[max(0, mark - len(page)):]:
                        drawn.append(now - start)
                    continue
                ready = need is None or need.encode() in seen
                if idle:
                    state, ticks = self.proc_state(pid)
                    if state != "S" or ticks != cpu[0]:
                        cpu = (ticks, now)
                    ready = ready and state == "S" and now - cpu[1] >= until_quiet
                if ready and last is not None and now - last >= until_quiet:
                    return last - start
            return None

        # The first screen counts from the start to the output that first holds the marker
        # (warta then fills in the unread counts in the background and draws them again).
        settled = pump(QUIET, marker, t0, page=marker)
        first = drawn[0] if drawn and settled is not None else settled
        rss = self.hwm(pid)
        timed = []
        for text, final, *page in keys:
            if first is None:
                break
            if text:
                os.write(fd, text.encode())
                pump(QUIET, None, time.perf_counter())
            del seen[:]
            del drawn[:]
            ts = time.perf_counter()
            os.write(fd, final.encode())
            settled = pump(QUIET, None, ts, idle=True, page=page[0] if page else None)
            timed.append((drawn[0] if drawn else settled, settled) if page else settled)
        rss = max(rss, self.hwm(pid))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
        return first, rss, timed

    @staticmethod
    def proc_state(pid):
        """(state letter, utime + stime ticks) of a process."""
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return fields[0], int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            return "?", -1

    @staticmethod
    def hwm(pid):
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    # ---- scenario 2: first screen

    def screen(self):
        a = self.a
        d = self.archive(a.archive)
        feeds = sorted(os.path.join(d, "sfeed", "feeds", f) for f in os.listdir(os.path.join(d, "sfeed", "feeds")))
        nbdir = os.path.join(self.work, "state", "newsboat-screen")
        os.makedirs(nbdir, exist_ok=True)
        with open(os.path.join(d, "feeds-src", "urls.txt")) as f, open(nbdir + "/urls", "w") as g:
            g.write(f.read())
        with open(nbdir + "/config", "w") as f:
            f.write("reload-threads 8\n")
        wdb = os.path.join(self.work, "state", "warta-screen.db")
        cap = 30 if a.quick else a.newsboat_cap
        runs = {"warta": [], "sfeed_curses": [], "newsboat": []}
        nb_runs = 1 if not a.quick else 1
        for r in range(a.runs + 1):
            for t in (["warta", "sfeed_curses"] if r % 2 else ["sfeed_curses", "warta"]):
                if t == "warta":
                    shutil.copy(os.path.join(d, "warta.db"), wdb)
                    res = self.pty_run([self.warta, "--db", wdb, "ui"], "All news", timeout=30)
                else:
                    res = self.pty_run(["sfeed_curses"] + feeds, "kpu", timeout=120)
                if r:
                    runs[t].append(res)
            log("screen run %d done" % r)
        for r in range(nb_runs):  # newsboat: one capped run (it can take many minutes)
            shutil.copy(os.path.join(d, "newsboat", "cache.db"), nbdir + "/cache.db")
            runs["newsboat"].append(self.pty_run(
                ["newsboat", "-u", nbdir + "/urls", "-c", nbdir + "/cache.db", "-C", nbdir + "/config"],
                "KPU", timeout=cap))
        self.emit("## 2. First screen of an archive of %d articles (553 sources), through a pty\n" % a.archive)
        self.emit("| reader | first screen s median (min–max) | peak RSS MB median (min–max) | warta/peer | runs |\n|---|---|---|---|---|")
        wmed = None
        for t, v in runs.items():
            times = [x[0] for x in v if x[0] is not None]
            rss = [x[1] / 1024 for x in v]
            if not times:
                self.emit("| %s | > %d s (timed out) | %.1f at the cap | | %d |" % (t, cap, max(rss), len(v)))
                continue
            m, lo, hi = summary(times)
            wmed = m if t == "warta" else wmed
            ratio = "" if t == "warta" or not wmed else "%.3f" % (wmed / m)
            self.emit("| %s | %.3f (%.3f–%.3f) | %.1f (%.1f–%.1f) | %s | %d |" % (
                t, m, lo, hi, statistics.median(rss), min(rss), max(rss), ratio, len(v)))
        self.emit()
        self.data["screen"] = {t: v for t, v in runs.items()}

    # ---- scenario 3: filters and search

    def filters(self):
        a = self.a
        d = self.archive(a.archive)
        wdb = os.path.join(self.work, "state", "warta-filters.db")
        shutil.copy(os.path.join(d, "warta.db"), wdb)
        # Searches of every frequency: two words (83k matches at 1M), a common word
        # (375k) and a word found nowhere.
        queries = [("office:jabar division:TEKNIS", "filter"), ("is:unread tag:penting", "filter"),
                   ("pemilih pemula", "search"), ("pemilih", "search"), ("sengketa", "search")]
        self.emit("## 3. Filters and search on the %d-article archive (first page)\n" % a.archive)
        self.emit("| query | `warta list --limit 40` wall ms median (min–max) | peak RSS MB | interface: first page drawn, ms median (min–max) | interface: counts drawn, ms | target ms |\n|---|---|---|---|---|---|")
        opened, opened_counted = [], []
        for q, kind in queries:
            cli, ui, counted = [], [], []
            for r in range(a.runs + 1):
                res = measure([self.warta, "--db", wdb, "list", "--query", q, "--limit", "40"], env=self.env)
                # open "All news" (the first page of every article), then type the query
                key = ("l", q) if kind == "filter" else ("/", q)
                # The list draws its first page with "counting..." on the status line, then
                # the counts when the background count is done: both times are kept.
                _, _, timed = self.pty_run([self.warta, "--db", wdb, "ui"], "All news",
                                           keys=[("", "\r", "counting"),
                                                 (key[0] + key[1], "\r", "counting")],
                                           timeout=30)
                if r:
                    cli.append(res)
                    if len(timed) == 2 and timed[1] is not None and timed[0] is not None:
                        ui.append(timed[1][0])
                        opened.append(timed[0][0])
                        # The counts may not be drawn before the timeout (a warta under
                        # valgrind in make check-valgrind): then no time, not a crash.
                        if timed[1][1] is not None:
                            counted.append(timed[1][1])
                        if timed[0][1] is not None:
                            opened_counted.append(timed[0][1])
            m, lo, hi = summary([x.wall * 1000 for x in cli])
            ui_txt = "%.1f (%.1f–%.1f)" % tuple(x * 1000 for x in summary(ui)) if ui else "no redraw seen"
            counted_txt = "%.1f" % (statistics.median(counted) * 1000) if counted else ""
            self.emit("| `%s` | %.1f (%.1f–%.1f) | %.1f | %s | %s | %d |" % (
                q, m, lo, hi, statistics.median([x.rss for x in cli]) / 1024, ui_txt,
                counted_txt, 20 if kind == "filter" else 50))
            self.data.setdefault("filters", {})[q] = {"cli": [vars(x) for x in cli], "ui": ui,
                                                      "ui_counted": counted}
        if opened:
            self.emit("| opening \"All news\" (first page, no filter) | | | %.1f (%.1f–%.1f) | %s | 20 |"
                      % (tuple(x * 1000 for x in summary(opened))
                         + ("%.1f" % (statistics.median(opened_counted) * 1000)
                            if opened_counted else "",)))
        self.emit("\nIn the interface the time runs from the Enter key to the first output that holds the new page (its status line says \"counting...\"), and to the last byte of the screen with the counts filled in by the background count (then %d ms with no output while warta sleeps without using CPU, waiting for a key). Keys are answered while the count runs.\n" % (QUIET * 1000))

    # ---- scenario 4: parse throughput

    def parse(self):
        a = self.a
        sizes = [2] if a.quick else [10, 50]
        for mb in sizes:
            f = os.path.join(self.work, "big-%d.xml" % mb)
            if not os.path.exists(f):
                sh([GEN, "bigfeed", "--out", f, "--mb", str(mb)], stdout=subprocess.DEVNULL)
        big = os.path.join(self.work, "big-%d.xml" % sizes[-1])
        real_mb = os.path.getsize(big) / 1e6
        tools = {
            "warta parse": lambda f: [self.warta, "parse", f],
            "sfeed": lambda f: ["sh", "-c", 'exec sfeed < "$1" > /dev/null', "sh", f],
            "xmllint --stream": lambda f: ["xmllint", "--stream", "--noout", f],
        }
        self.emit("## 4. Parse throughput of one %.1f MB RSS feed\n" % real_mb)
        self.emit("| tool | wall s median (min–max) | MB/s | CPU s | peak RSS MB (%s) | warta/peer throughput |\n|---|---|---|---|---|---|"
                  % " / ".join("%d MB file" % s for s in sizes))
        res = {t: [] for t in tools}
        rss = {t: {} for t in tools}
        for r in range(a.runs + 1):
            for t in (list(tools) if r % 2 else list(tools)[::-1]):
                x = measure(tools[t](big), env=self.env)
                if r:
                    res[t].append(x)
        for t in tools:
            for mb in sizes:
                rss[t][mb] = measure(tools[t](os.path.join(self.work, "big-%d.xml" % mb)), env=self.env).rss / 1024
        wmed = summary([x.wall for x in res["warta parse"]])[0]
        for t, v in res.items():
            m, lo, hi = summary([x.wall for x in v])
            ratio = "" if t == "warta parse" else "%.2f" % (m / wmed)
            self.emit("| %s | %.3f (%.3f–%.3f) | %.0f | %.3f | %s | %s |" % (
                t, m, lo, hi, real_mb / m, statistics.median([x.cpu for x in v]),
                " / ".join("%.1f" % rss[t][mb] for mb in sizes), ratio))
        self.emit()
        self.data["parse"] = {t: [vars(x) for x in v] for t, v in res.items()}

    # ---- scenario 5: growth

    def growth(self):
        a = self.a
        sizes = [1000, 5000] if a.quick else [int(x) for x in a.growth.split(",")]
        sources, items = (20, 5) if a.quick else (553, 30)
        c = self.corpus("growth-feeds", sources, items, rnd=100)  # items never in an archive
        self.emit("## 5. Growth: fetching %d new articles into archives of growing size\n" % (sources * items))
        self.emit("| archive articles | fetch wall s (min–max) | ms per new article | DB MB before | DB bytes per article (whole DB) | bytes per new article (growth of the DB) |\n|---|---|---|---|---|---|")
        for n in sizes:
            if a.quick:
                d = os.path.join(self.work, "archive-q%d" % n)
                if not os.path.exists(os.path.join(d, ".complete")):
                    sh([os.path.join(HERE, "make-archive.sh"), self.warta, d, str(n), str(sources),
                        "http://127.0.0.1:%d" % PORT, "--hosts"], stdout=sys.stderr)
            else:
                d = self.archive(n)
            src = os.path.join(d, "warta.db")
            before = os.path.getsize(src)
            walls, grown = [], []
            for r in range(a.growth_runs):
                db = os.path.join(self.work, "state", "growth.db")
                for ext in ("", "-wal", "-shm"):
                    if os.path.exists(db + ext):
                        os.unlink(db + ext)
                shutil.copy(src, db)
                self.serve(c)
                res = measure([self.warta, "--db", db, "fetch", "--jobs", "8", "--quiet"], env=self.env)
                self.stop()
                sh([self.warta, "--db", db, "list", "--limit", "1"], env=self.env, stdout=subprocess.DEVNULL)
                walls.append(res.wall)
                grown.append(os.path.getsize(db) - before)
                total = self.sqlcount(db)
            m, lo, hi = summary(walls)
            new = total - n
            self.emit("| %d | %.2f (%.2f–%.2f) | %.3f | %.0f | %.0f | %.0f |" % (
                n, m, lo, hi, m / max(new, 1) * 1000, before / 1e6, os.path.getsize(db) / total,
                statistics.median(grown) / max(new, 1)))
        self.emit("\nEach row copies the archive, serves %d feeds of new items and runs `warta fetch --jobs 8`; %d runs per size.\n" % (sources, a.growth_runs))


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = open("/proc/meminfo").readline().split()[1]
    ver = {}
    for name, cmd in (("newsboat", ["newsboat", "-v"]), ("sqlite3 (python)", None)):
        pass
    return "%d cores, %s, %.1f GB RAM, %s" % (os.cpu_count(), model, int(mem) / 1e6, os.uname().release)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--warta", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--archive", type=int, default=1000000)
    p.add_argument("--growth", default="10000,100000,1000000")
    p.add_argument("--growth-runs", type=int, default=3)
    p.add_argument("--newsboat-cap", type=int, default=300)
    p.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "warta-bench"))
    p.add_argument("--port", type=int, default=8089)
    p.add_argument("--onehost-tools", default="warta",
                   help="tools run in scenario 1b (every feed on one host), comma-separated")
    p.add_argument("--only", default="fetch,fetch1,screen,filters,parse,growth")
    p.add_argument("--out")
    a = p.parse_args()
    global PORT
    PORT = a.port
    if a.quick:
        a.runs, a.archive, a.growth_runs = 1, 3000, 1
    for tool in ("nginx", "newsboat", "sfeed_update", "sfeed_curses", "xmllint", "curl"):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
            sys.exit("bench: %s is missing (apt-get install nginx-light newsboat sfeed libxml2-utils curl)" % tool)
    os.environ["PATH"] += ":/usr/sbin"
    b = Bench(a)
    b.emit("Machine: %s. Date: %s. Mode: %s, %d counted runs after one warm-up.\n"
           % (machine(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "quick" if a.quick else "full", a.runs))
    try:
        for name in a.only.split(","):
            getattr(b, name)()
    finally:
        b.stop()
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join(b.out) + "\n")
        with open(a.out + ".json", "w") as f:
            json.dump(b.data, f, default=str)


if __name__ == "__main__":
    main()
