"""Writes one archive of generated articles three ways: sfeed TSV files, newsboat's cache.db,
and warta's database (inserted with sqlite3 into the schema warta itself created; warta's
triggers keep the FTS index, and `warta reclassify` is left to the caller)."""
import html
import os
import re
import sqlite3
import time

import corpus

TAG = re.compile(r"<[^>]+>")


def body_text(body_html):
    paras = [html.unescape(TAG.sub("", p)).strip() for p in body_html.split("</p>")]
    return "\n\n".join(p for p in paras if p)


def sfeed_field(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def sources(a, offices):
    out = []
    for s in range(a.sources):
        o = corpus.office_for(offices, s)
        base = a.base
        if a.hosts:
            base = "http://%s:%s" % (corpus.host_for(s, True), a.base.rsplit(":", 1)[1])
        out.append((s, o, "%s/feeds/%s.xml" % (base, o["slug"])))
    return out


def per_source(a):
    base, extra = divmod(a.articles, a.sources)
    return [base + (1 if s < extra else 0) for s in range(a.sources)]


NEWSBOAT_SCHEMA = [
    'CREATE TABLE rss_feed (  rssurl VARCHAR(1024) PRIMARY KEY NOT NULL,  url VARCHAR(1024) NOT NULL,  title VARCHAR(1024) NOT NULL , lastmodified INTEGER(11) NOT NULL DEFAULT 0, is_rtl INTEGER(1) NOT NULL DEFAULT 0, etag VARCHAR(128) NOT NULL DEFAULT "")',
    'CREATE TABLE rss_item (  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,  guid VARCHAR(64) NOT NULL,  title VARCHAR(1024) NOT NULL,  author VARCHAR(1024) NOT NULL,  url VARCHAR(1024) NOT NULL,  feedurl VARCHAR(1024) NOT NULL,  pubDate INTEGER NOT NULL,  content VARCHAR(65535) NOT NULL, unread INTEGER(1) NOT NULL , enclosure_url VARCHAR(1024), enclosure_type VARCHAR(1024), enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52), deleted INTEGER(1) NOT NULL DEFAULT 0, base VARCHAR(128) NOT NULL DEFAULT "")',
    'CREATE TABLE google_replay (  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,  guid VARCHAR(64) NOT NULL,  state INTEGER NOT NULL,  ts INTEGER NOT NULL )',
    'CREATE INDEX idx_rssurl ON rss_feed(rssurl)',
    'CREATE INDEX idx_guid ON rss_item(guid)',
    'CREATE INDEX idx_feedurl ON rss_item(feedurl)',
    'CREATE INDEX idx_lastmodified ON rss_feed(lastmodified)',
    'CREATE INDEX idx_deleted ON rss_item(deleted)',
    'CREATE TABLE metadata (  db_schema_version_major INTEGER NOT NULL,  db_schema_version_minor INTEGER NOT NULL )',
    'INSERT INTO metadata VALUES (2, 11)',
]


def log_state(w, key, kind, name, now):
    """The change-log entry warta's own schema upgrade writes for existing state."""
    cur = w.execute("INSERT INTO state_log(key, kind, name, value, at) VALUES (?,?,?,1,?)",
                    (key, kind, name, now * 1000000))
    w.execute("UPDATE state_log SET seq = rowid WHERE rowid = ?", (cur.lastrowid,))


def build(a, offices):
    """Sources s = 0..sources-1 each get items 0..n_s-1 (same articles as the feeds)."""
    os.makedirs(os.path.join(a.out, "sfeed", "feeds"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "newsboat"), exist_ok=True)
    nb_path = os.path.join(a.out, "newsboat", "cache.db")
    if os.path.exists(nb_path):
        os.unlink(nb_path)
    nb = sqlite3.connect(nb_path)
    nb.execute("PRAGMA journal_mode = OFF")
    nb.execute("PRAGMA synchronous = OFF")
    for sql in NEWSBOAT_SCHEMA:
        nb.execute(sql)
    w = sqlite3.connect(a.warta_db)
    w.execute("PRAGMA synchronous = OFF")
    ids = {url: sid for sid, url in w.execute("SELECT id, url FROM sources")}
    # schema 3 and later: an article's stable key and the reading state's change log
    keyed = "skey" in [r[1] for r in w.execute("PRAGMA table_info(articles)")]
    now = int(time.time())
    counts = per_source(a)
    started = time.time()
    urls = []
    for s, o, url in sources(a, offices):
        if url not in ids:
            raise SystemExit("archive: %s is not a source of %s (import sources.opml first)"
                             % (url, a.warta_db))
        sid = ids[url]
        urls.append(url)
        nb.execute("INSERT INTO rss_feed(rssurl, url, title) VALUES (?, ?, ?)",
                   (url, "https://%s/" % o["domain"], o["name"]))
        rows_nb, tsv = [], []
        w.execute("BEGIN")
        for i in range(counts[s] - 1, -1, -1):
            art = corpus.article(a.seed, o, s, i, a.paragraphs)
            text = body_text(art["body"])
            rows_nb.append((art["guid"], art["title"], art["author"], art["link"], url,
                            art["published"], art["body"], 1))
            tsv.append("\t".join([str(art["published"]), sfeed_field(art["title"]), art["link"],
                                  sfeed_field(art["body"]), "html", art["guid"],
                                  sfeed_field(art["author"]), "", "|".join(art["categories"])]))
            cur = w.execute(
                "INSERT INTO articles(source_id, url, guid, title, author, published, fetched, "
                "summary, body_html, body_text, content_hash, office) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (sid, art["link"], art["guid"], art["title"], art["author"], art["published"], now,
                 art["summary"], art["body"], text,
                 corpus.hashlib.blake2b(text.encode(), digest_size=8).hexdigest(), o["slug"]))
            aid = cur.lastrowid
            if keyed:
                w.execute("UPDATE articles SET skey = url WHERE id = ?", (aid,))
            w.execute("INSERT INTO article_sources(source_id, key, article_id) VALUES (?,?,?)",
                      (sid, art["guid"], aid))
            w.execute("INSERT INTO article_offices(article_id, office, evidence) VALUES (?,?,?)",
                      (aid, o["slug"].split("-")[0] if s >= len(offices) else o["slug"], o["name"]))
            if aid % 2 == 0:  # half of the archive has been read
                if keyed:
                    w.execute("INSERT INTO state_read(article_id, at, key) VALUES (?,?,?)",
                              (aid, now, art["link"]))
                    log_state(w, art["link"], "read", "", now)
                else:
                    w.execute("INSERT INTO state_read(article_id, at) VALUES (?,?)", (aid, now))
            if aid % 50 == 0:  # and one article in fifty carries the tag "penting"
                if keyed:
                    w.execute("INSERT INTO state_tag(article_id, tag, at, key) VALUES (?,?,?,?)",
                              (aid, "penting", now, art["link"]))
                    log_state(w, art["link"], "tag", "penting", now)
                else:
                    w.execute("INSERT INTO state_tag(article_id, tag, at) VALUES (?,?,?)",
                              (aid, "penting", now))
            div = [d for d in corpus.DIVISIONS if d[0] == art["division"]][0]
            w.execute("INSERT INTO article_divisions(article_id, division, evidence) VALUES (?,?,?)",
                      (aid, div[0], "Kordiv " + div[1]))
        w.execute("COMMIT")
        nb.executemany("INSERT INTO rss_item(guid, title, author, url, feedurl, pubDate, content, "
                       "unread) VALUES (?,?,?,?,?,?,?,?)", rows_nb)
        with open(os.path.join(a.out, "sfeed", "feeds", o["slug"]), "w", encoding="utf-8") as f:
            f.write("\n".join(tsv) + "\n")
        if s % 50 == 49:
            print("archive: %d/%d sources, %.0f s" % (s + 1, a.sources, time.time() - started),
                  flush=True)
    nb.commit()
    nb.execute("ANALYZE")
    nb.close()
    w.close()
    print("archive: %d articles in %.0f s" % (a.articles, time.time() - started))
