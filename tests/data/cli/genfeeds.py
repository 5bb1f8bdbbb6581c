#!/usr/bin/env python3
"""Writes N KPU-style RSS feeds of M items each into a directory (for the end-to-end tests).

    genfeeds.py DIR N M [--base URL] [--opml FILE]

Feed i is DIR/feed-<i>.xml; items have a guid, a link on the office's site, an Indonesian title
and body naming an office and a division, and a publication date (one day apart, newest
first).  --opml also writes a subscription list of the feeds, nested in folders the way
newsboat and other readers export them.  Output is deterministic.
"""
import argparse
import datetime
import os
from xml.sax.saxutils import escape

OFFICES = [
    ("kota-semarang", "KPU Kota Semarang"), ("kab-sukoharjo", "KPU Kabupaten Sukoharjo"),
    ("jateng", "KPU Provinsi Jawa Tengah"), ("kota-madiun", "KPU Kota Madiun"),
    ("kab-sleman", "KPU Kabupaten Sleman"), ("kota-makassar", "KPU Kota Makassar"),
    ("kab-banyumas", "KPU Kabupaten Banyumas"), ("kota-denpasar", "KPU Kota Denpasar"),
]
EVENTS = [
    ("Gelar Rapat Pleno Rekapitulasi Daftar Pemilih Berkelanjutan",
     "Divisi Perencanaan, Data dan Informasi menggelar rapat pleno terbuka rekapitulasi "
     "daftar pemilih berkelanjutan bersama Bawaslu dan partai politik."),
    ("Sosialisasi Pemilih Pemula di SMA Negeri",
     "Divisi Sosialisasi, Pendidikan Pemilih dan Partisipasi Masyarakat mengajak siswa "
     "kelas XII untuk menggunakan hak pilihnya secara cerdas."),
    ("Bimbingan Teknis Pemungutan dan Penghitungan Suara",
     "Divisi Teknis Penyelenggaraan memberikan bimbingan teknis kepada anggota PPK dan PPS "
     "tentang tata cara pemungutan suara di TPS."),
    ("Rapat Koordinasi Penanganan Sengketa Pemilihan",
     "Divisi Hukum dan Pengawasan membahas langkah penanganan permohonan sengketa "
     "bersama jajaran sekretariat."),
    ("Seleksi Calon Anggota Panitia Pemilihan Kecamatan",
     "Divisi Sumber Daya Manusia, Organisasi, Pendidikan dan Pelatihan, dan Penelitian dan "
     "Pengembangan mengumumkan hasil seleksi tertulis calon anggota PPK."),
]
BASE_DATE = datetime.datetime(2025, 5, 12, 2, 30, tzinfo=datetime.timezone.utc)


def item_xml(base, feed, k):
    slug, office = OFFICES[feed % len(OFFICES)]
    title, body = EVENTS[(feed + k) % len(EVENTS)]
    when = BASE_DATE - datetime.timedelta(days=k, minutes=feed)
    link = "https://%s.kpu.go.id/index.php/blog/read/%d%02d_berita-%d-%d" % (
        slug, feed, k, feed, k)
    return ("<item><title>%s %s (%d-%d)</title>\n<link>%s</link>\n"
            "<guid isPermaLink=\"false\">warta-test-%d-%d</guid>\n<pubDate>%s</pubDate>\n"
            "<author>humas@%s.kpu.go.id (Humas %s)</author>\n"
            "<description>%s</description></item>\n") % (
        escape(office), escape(title), feed, k, escape(link), feed, k,
        when.strftime("%a, %d %b %Y %H:%M:%S +0000"), slug, escape(office),
        escape("<p>%s (%s) &#8211; %s</p><p>Ketua %s berharap kegiatan ini berjalan "
               "lancar. <a href=\"%s/galeri/%d\">Galeri foto</a></p>"
               % (office.replace("KPU ", ""), slug + ".kpu.go.id", body, office,
                  "https://" + slug + ".kpu.go.id", k)))


def feed_xml(base, feed, items):
    _, office = OFFICES[feed % len(OFFICES)]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
            "<title>%s - Berita %d</title>\n<link>%s/</link>\n"
            "<description>Berita %s</description>\n%s</channel></rss>\n") % (
        escape(office), feed, escape(base), escape(office),
        "".join(item_xml(base, feed, k) for k in range(items)))


def opml(base, n):
    out = ['<?xml version="1.0"?>\n<opml version="1.0">\n<head><title>newsboat - Exported '
           'Feeds</title></head>\n<body>\n<outline text="KPU">\n']
    for i in range(n):
        if i % 50 == 0:
            out.append('<outline title="Kelompok %d" text="Kelompok %d">\n' % (i // 50, i // 50))
        out.append('<outline type="rss" xmlUrl="%s/feed-%d.xml" htmlUrl="%s/" '
                   'title="Feed %d"/>\n' % (base, i, base, i))
        if i % 50 == 49 or i == n - 1:
            out.append("</outline>\n")
    out.append("</outline>\n</body>\n</opml>\n")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("feeds", type=int)
    ap.add_argument("items", type=int)
    ap.add_argument("--base", default="http://kpu.test")
    ap.add_argument("--opml")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    for i in range(a.feeds):
        with open(os.path.join(a.dir, "feed-%d.xml" % i), "w", encoding="utf-8") as f:
            f.write(feed_xml(a.base, i, a.items))
    if a.opml:
        with open(a.opml, "w", encoding="utf-8") as f:
            f.write(opml(a.base, a.feeds))


if __name__ == "__main__":
    main()
