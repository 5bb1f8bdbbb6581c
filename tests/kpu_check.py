#!/usr/bin/env python3
"""Checks stored articles against tests/data/kpu/expected.json, field by field.

    kpu_check.py EXPECTED.json KEY...      (runs $WARTA list/show --format json)

For each KEY: the article is found by URL, then title, author, published (or the
estimated flag), office, mentions, divisions and their evidence, and the body (every
paragraph, in order; the credit line last; no clutter, no other headlines) are compared.
Prints "ok: KEY field" or "FAIL: KEY field: why"; exits 1 when anything failed."""

import json
import os
import re
import subprocess
import sys
import time


def warta(*args):
    cmd = [os.environ["WARTA"]] + list(args)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd), out.stderr.strip()))
    return json.loads(out.stdout)


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip()


def check_body(a, body, say):
    text = norm(body)
    pos = 0
    for p in a["paras"]:
        at = text.find(norm(p), pos)
        if at < 0:
            say("body", False, "paragraph missing or out of order: %.60s" % p)
            return
        pos = at + len(norm(p))
    say("body paragraphs", True)
    if a["credit"]:
        lines = [l for l in body.splitlines() if l.strip()]
        last = norm(lines[-1]) if lines else ""
        say("body credit line last", last == norm(a["credit"]), "last line %r" % last)
    bad = [w for w in EXPECT["clutter"] + EXPECT["other_headlines"] if w in text]
    say("body clean", not bad, "found %s" % bad)


def check(key, by_url, started):
    a = BY_KEY[key]
    fails = []

    def say(field, good, why=""):
        print("%s: %s %s%s" % ("ok" if good else "FAIL", key, field, "" if good else ": " + why))
        if not good:
            fails.append(field)

    url = "http://%s%s" % (a["site"], a["url"])
    row = by_url.get(url)
    if row is None:
        say("stored", False, "no article with URL %s" % url)
        return 1
    s = warta("show", str(row["id"]), "--format", "json")
    say("title", s["title"] == a["title"], "got %r" % s["title"])
    say("author", s.get("author") == a["author"], "got %r" % s.get("author"))
    if a["published"]:
        say("published", s["published"] == a["published"] and not s["published_estimated"],
            "got %r (estimated %r), expected %r" % (s["published"], s["published_estimated"],
                                                    a["published"]))
    else:
        when = time.mktime(time.strptime(s["published"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        say("published estimated", s["published_estimated"] and when >= started - 5,
            "got %r (estimated %r)" % (s["published"], s["published_estimated"]))
    office = (s.get("office") or {}).get("slug")
    say("office", office == a["office"], "got %r" % office)
    say("mentions", sorted(s["mentions"]) == a["mentions"],
        "got %s, expected %s" % (sorted(s["mentions"]), a["mentions"]))
    say("divisions", sorted(s["divisions"]) == sorted(a["divisions"]),
        "got %s, expected %s" % (sorted(s["divisions"]), sorted(a["divisions"])))
    for div, phrase in a["divisions"].items():
        ev = (s.get("evidence") or {}).get(div) or ""
        say("evidence " + div, norm(phrase).lower() in norm(ev).lower(),
            "got %r, expected it to hold %r" % (ev, phrase))
    check_body(a, s.get("body") or "", say)
    return 1 if fails else 0


def main():
    global EXPECT, BY_KEY
    with open(sys.argv[1], encoding="utf-8") as f:
        EXPECT = json.load(f)
    BY_KEY = {a["key"]: a for a in EXPECT["articles"]}
    started = float(os.environ.get("KPU_FETCH_STARTED", "0"))
    rows = warta("list", "--format", "json", "--limit", "1000")
    by_url = {r["url"]: r for r in rows}
    bad = sum(check(k, by_url, started) for k in sys.argv[2:])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
