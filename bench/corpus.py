"""Deterministic corpus of Indonesian election news for warta's benchmarks.

Every article is a pure function of (seed, source index, item index), so feeds served
over HTTP, warta's database, newsboat's cache.db and sfeed's TSV files all hold the very
same articles."""
import csv
import hashlib
import os
import random
import time
from xml.sax.saxutils import escape

DIVISIONS = [
    ("TEKNIS", "Teknis Penyelenggaraan"),
    ("HUKUM", "Hukum dan Pengawasan"),
    ("SOSDIKLIH", "Sosialisasi, Pendidikan Pemilih dan Partisipasi Masyarakat"),
    ("SDM", "Sumber Daya Manusia, Penelitian dan Pengembangan"),
    ("RENDATIN", "Perencanaan, Data dan Informasi"),
    ("KUL", "Keuangan, Umum, Rumah Tangga dan Logistik"),
]
FIRST = ["Ahmad", "Siti", "Budi", "Dewi", "Rahmat", "Nur", "Agus", "Sri", "Hendra", "Yuliana",
         "Muhammad", "Fitri", "Andi", "Ratna", "Yusuf", "Wahyuni", "Fajar", "Lestari", "Irwan", "Maria"]
LAST = ["Hidayat", "Saputra", "Wijaya", "Lubis", "Nasution", "Siregar", "Pratama", "Kurniawan",
        "Rahmawati", "Sitompul", "Manurung", "Setiawan", "Haris", "Tanjung", "Simanjuntak", "Wulandari"]
EVENTS = [
    ("Rapat Pleno Terbuka Rekapitulasi Daftar Pemilih Tetap", "rekapitulasi DPT"),
    ("Bimbingan Teknis Pemungutan dan Penghitungan Suara bagi KPPS", "bimtek KPPS"),
    ("Sosialisasi Pemilu 2024 kepada Pemilih Pemula", "sosialisasi pemilih pemula"),
    ("Pencocokan dan Penelitian Data Pemilih", "coklit"),
    ("Rapat Koordinasi Distribusi Logistik Pemilu", "distribusi logistik"),
    ("Pelantikan Anggota PPK dan PPS", "pelantikan badan ad hoc"),
    ("Uji Publik Rancangan Penataan Daerah Pemilihan", "uji publik dapil"),
    ("Verifikasi Faktual Dukungan Bakal Calon Perseorangan", "verifikasi faktual"),
    ("Penyusunan Laporan Pertanggungjawaban Dana Hibah Pilkada", "laporan dana hibah"),
    ("Simulasi Penggunaan Sirekap di Tempat Pemungutan Suara", "simulasi Sirekap"),
    ("Rapat Evaluasi Pelaksanaan Tahapan Pemilu", "evaluasi tahapan"),
    ("Penerimaan Pendaftaran Bakal Calon Anggota DPRD", "pendaftaran bacaleg"),
]
PLACES = ["aula kantor", "Hotel Grand Sahid", "gedung serbaguna", "kantor kecamatan",
          "ruang rapat utama", "balai desa", "Hotel Santika", "pendopo kabupaten"]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
TAGS = ["pemilu2024", "pilkada", "dpt", "logistik", "sosialisasi", "kpps", "sirekap", "hukum"]
EPOCH = 1707868800  # 2024-02-14 00:00 UTC, election day


def load_offices(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [row for row in csv.DictReader(f)]


def office_for(offices, s):
    """Source s publishes as an office; beyond the directory, offices repeat with a suffix."""
    o = dict(offices[s % len(offices)])
    if s >= len(offices):
        o["slug"] = "%s-%d" % (o["slug"], s // len(offices))
    return o


def host_for(s, distinct):
    """Loopback address of source s: its own (127.1.x.y) like the offices' own subdomains,
    or 127.0.0.1 for every source."""
    return "127.1.%d.%d" % (s // 250, 1 + s % 250) if distinct else "127.0.0.1"


def slugify(text):
    out = []
    for ch in text.lower():
        out.append(ch if ch.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)[:80]


def person(rng):
    return "%s %s" % (rng.choice(FIRST), rng.choice(LAST))


def article(seed, office, s, i, paragraphs=6):
    """Item i of source s (i grows with time: higher i is newer)."""
    h = hashlib.blake2b(b"%d/%d/%d" % (seed, s, i), digest_size=8).digest()
    rng = random.Random(h)
    div_id, div_name = DIVISIONS[(s * 7 + i) % len(DIVISIONS)]
    event, short = rng.choice(EVENTS)
    name = office["name"]
    kadiv = person(rng)
    title = "%s Gelar %s" % (name, event) if i % 3 else \
        "Kadiv %s %s Pimpin %s" % (div_name.split(",")[0], name, short.capitalize())
    published = EPOCH - (4000 - i) * 14400 - (s * 37) % 3600
    tm = time.gmtime(published + 7 * 3600)
    when = "%d %s %d" % (tm.tm_mday, MONTHS_ID[tm.tm_mon - 1], tm.tm_year)
    place = rng.choice(PLACES)
    paras = [
        "%s, %s &#8211; %s menggelar %s bertempat di %s pada %s. Kegiatan ini dibuka oleh "
        "Ketua %s dan dihadiri jajaran komisioner, sekretariat, serta perwakilan partai politik "
        "peserta Pemilu 2024." % (office.get("province") or "Jakarta", when, name, event.lower(),
                                   place, when, name),
        "Kordiv %s %s, %s, menyampaikan bahwa %s merupakan bagian penting dari tahapan "
        "penyelenggaraan pemilu yang harus dilaksanakan secara transparan dan akuntabel. "
        "&#8220;Kami ingin memastikan setiap warga yang memenuhi syarat dapat menggunakan hak "
        "pilihnya,&#8221; ujarnya." % (div_name, name, kadiv, short),
        "Dalam kesempatan tersebut, peserta juga menerima penjelasan mengenai Peraturan KPU "
        "Nomor %d Tahun 2023 serta mekanisme tanggapan masyarakat terhadap %s. Sebanyak %d "
        "peserta dari %d kecamatan mengikuti kegiatan hingga selesai."
        % (rng.randint(1, 25), short, rng.randint(40, 400), rng.randint(5, 30)),
        "Sekretaris %s, %s, menambahkan bahwa dukungan anggaran dan logistik telah disiapkan "
        "sesuai jadwal. Koordinasi dengan pemerintah daerah, Bawaslu, dan aparat keamanan terus "
        "dilakukan agar seluruh tahapan berjalan lancar, aman, dan damai." % (name, person(rng)),
        "Kegiatan ditutup dengan sesi tanya jawab. Masyarakat dapat memantau informasi tahapan "
        "melalui laman resmi dan media sosial %s, atau datang langsung ke kantor pada jam kerja."
        % name,
        "Sebagai tindak lanjut, %s akan menyusun laporan hasil kegiatan dan menyampaikannya "
        "kepada KPU Provinsi serta KPU RI paling lambat tujuh hari setelah kegiatan berakhir."
        % name,
    ]
    body = "".join("<p>%s</p>\n" % p for p in paras[:paragraphs])
    url = "https://%s/berita/%d/%s" % (office["domain"], 100000 + i, slugify(title))
    return {
        "title": title, "link": url, "guid": url, "author": "Humas " + name,
        "published": published, "summary": paras[0][:paras[0].rfind(" ", 0, 220)] + " &#8230;", "body": body,
        "categories": ["Berita", div_name.split(",")[0], TAGS[(s + i) % len(TAGS)]],
        "division": div_id,
    }


def rfc822(t):
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(t))


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def feed_is_atom(s):
    return s % 4 == 3


def render_feed(seed, office, s, first, count, paragraphs=6):
    """Items first .. first+count-1, newest first, as RSS 2.0 or (every fourth source) Atom."""
    items = [article(seed, office, s, i, paragraphs) for i in range(first + count - 1, first - 1, -1)]
    site = "https://%s/" % office["domain"]
    name = escape(office["name"])
    out = []
    if feed_is_atom(s):
        out.append('<?xml version="1.0" encoding="utf-8"?>\n'
                   '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">\n'
                   '<title>%s</title>\n<link rel="alternate" href="%s"/>\n<id>%s</id>\n'
                   '<updated>%s</updated>\n<subtitle>Berita dan informasi %s</subtitle>\n'
                   % (name, site, site, rfc3339(items[0]["published"] if items else EPOCH), name))
        for a in items:
            out.append('<entry>\n<title>%s</title>\n<link rel="alternate" type="text/html" href="%s"/>\n'
                       '<id>%s</id>\n<published>%s</published>\n<updated>%s</updated>\n'
                       '<author><name>%s</name></author>\n%s'
                       '<summary type="html">%s</summary>\n<content type="html">%s</content>\n</entry>\n'
                       % (escape(a["title"]), escape(a["link"]), escape(a["guid"]),
                          rfc3339(a["published"]), rfc3339(a["published"]), escape(a["author"]),
                          "".join('<category term="%s"/>\n' % escape(c) for c in a["categories"]),
                          escape(a["summary"]), escape(a["body"])))
        out.append("</feed>\n")
    else:
        out.append('<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n<title>%s</title>\n'
                   '<link>%s</link>\n<description>Berita dan informasi %s</description>\n'
                   '<language>id-ID</language>\n<lastBuildDate>%s</lastBuildDate>\n'
                   % (name, site, name, rfc822(items[0]["published"] if items else EPOCH)))
        for a in items:
            out.append('<item>\n<title>%s</title>\n<link>%s</link>\n'
                       '<guid isPermaLink="true">%s</guid>\n<pubDate>%s</pubDate>\n'
                       '<dc:creator>%s</dc:creator>\n%s<description>%s</description>\n'
                       '<content:encoded><![CDATA[%s]]></content:encoded>\n</item>\n'
                       % (escape(a["title"]), escape(a["link"]), escape(a["guid"]),
                          rfc822(a["published"]), escape(a["author"]),
                          "".join("<category>%s</category>\n" % escape(c) for c in a["categories"]),
                          escape(a["summary"]), a["body"]))
        out.append("</channel>\n</rss>\n")
    return "".join(out)


def render_listing(seed, office, s, first, count):
    """A KPU-style news listing page (the shape of kpu.go.id office sites)."""
    rows = []
    for i in range(first + count - 1, first - 1, -1):
        a = article(seed, office, s, i, 1)
        rows.append('<div class="col-md-4 berita-item"><a href="/site/%s/berita/%d.html">'
                    '<h4>%s</h4></a><span class="tanggal">%s</span></div>\n'
                    % (office["slug"], i, escape(a["title"]), rfc822(a["published"])[5:16]))
    return ('<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Berita - %s</title>'
            '</head><body><nav class="navbar">Beranda | Berita | PPID | Kontak</nav>\n'
            '<div class="container"><h2>Berita Terkini</h2>\n%s</div><footer>&copy; %s</footer>'
            '</body></html>\n' % (escape(office["name"]), "".join(rows), escape(office["name"])))


def render_article_page(seed, office, s, i):
    a = article(seed, office, s, i)
    return ('<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>%s</title>'
            '<meta property="og:title" content="%s"><meta property="article:published_time" content="%s">'
            '</head><body><nav class="navbar">Beranda | Berita | PPID | Kontak</nav>\n'
            '<div class="container"><article><h1>%s</h1><div class="meta">%s | %s</div>\n%s</article>'
            '<aside>Berita lainnya</aside></div><footer>&copy; %s</footer></body></html>\n'
            % (escape(a["title"]), escape(a["title"]), rfc3339(a["published"]), escape(a["title"]),
               escape(a["author"]), rfc822(a["published"]), a["body"], escape(office["name"])))
