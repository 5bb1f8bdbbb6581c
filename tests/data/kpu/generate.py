#!/usr/bin/env python3
"""Renders the articles of articles.py into the fixture sites of tests/kpu_e2e.sh.

    python3 tests/data/kpu/generate.py      (from anywhere; rewrites sites/, later/, expected.json)

Each site imitates how a real CMS renders (a Bootstrap-like KPU CMS, a card-list variant
whose bodies are <br>-separated runs, semantic HTML5, the KPU RI portal, Blogger, WordPress
with full-content and teaser feeds), with the clutter real pages carry around the text:
menus, breadcrumbs, sidebars of other headlines, share blocks, view counters, tags, related
posts, comments and footers. URL path P with query Q is the file "P?Q" (tests/httpd.py).
The generated files are committed; this script documents and reproduces them."""

import datetime
import html
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from articles import ARTICLES, OTHER_HEADLINES, CLUTTER  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BY_KEY = {a["key"]: a for a in ARTICLES}
e = html.escape


def write(root, site, path, text):
    full = os.path.join(HERE, root, site, path.lstrip("/"))
    if full.endswith("/"):
        full += "index.html"
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def paras_p(a):
    out = ["<p>%s</p>" % e(p) for p in a["paras"]]
    if a["credit"]:
        out.append("<p>%s</p>" % e(a["credit"]))
    return "\n".join(out)


def share_block():
    return ('<div class="share-buttons d-flex mt-4"><span class="me-2">Bagikan:</span>\n'
            '<a class="btn btn-sm" href="https://www.facebook.com/sharer/sharer.php?u=x">'
            '<i class="fab fa-facebook"></i> facebook</a>\n'
            '<a class="btn btn-sm" href="https://twitter.com/intent/tweet?url=x">'
            '<i class="fab fa-twitter"></i> twitter</a>\n'
            '<a class="btn btn-sm" href="https://api.whatsapp.com/send?text=x">'
            '<i class="fab fa-whatsapp"></i> whatapps</a></div>')


# ---- KPU Kota Semarang: Bootstrap-like KPU CMS ----------------------------------------------

def kpu_nav(name):
    return ('<nav class="navbar navbar-expand-lg navbar-dark bg-danger"><div class="container">\n'
            '<a class="navbar-brand" href="/"><img src="/assets/img/logo.png" alt="logo"> %s</a>\n'
            '<ul class="navbar-nav ms-auto">\n'
            '<li class="nav-item"><a class="nav-link" href="/">Beranda</a></li>\n'
            '<li class="nav-item dropdown"><a class="nav-link" href="/index.php/page/profil">Profil</a>'
            '<ul class="dropdown-menu"><li><a href="/index.php/page/visi-misi">Visi dan Misi</a></li>'
            '<li><a href="/index.php/page/struktur-organisasi">Struktur Organisasi</a></li></ul></li>\n'
            '<li class="nav-item"><a class="nav-link" href="/index.php/blog/category/104">Berita Terkini</a></li>\n'
            '<li class="nav-item"><a class="nav-link" href="/index.php/page/ppid">PPID</a></li>\n'
            '<li class="nav-item"><a class="nav-link" href="/index.php/page/kontak">Kontak</a></li>\n'
            '</ul></div></nav>\n' % e(name))


def kpu_footer(name, address):
    return ('<footer class="bg-dark text-white py-4"><div class="container"><div class="row">\n'
            '<div class="col-md-6"><h5>%s</h5><p>%s<br>Email: humas@kpu.go.id</p></div>\n'
            '<div class="col-md-6"><h5>Tautan</h5><ul><li><a href="https://www.kpu.go.id">KPU RI</a></li>'
            '<li><a href="https://jdih.kpu.go.id">JDIH KPU</a></li><li><a href="https://infopemilu.kpu.go.id">'
            'Info Pemilu</a></li></ul></div></div>\n'
            '<p class="text-center small">Hak Cipta &copy; 2024 %s. Seluruh hak dilindungi.</p>'
            '</div></footer>\n<script src="/assets/js/bootstrap.bundle.min.js"></script>\n'
            '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}'
            '</script>\n</body>\n</html>\n' % (e(name), e(address), e(name)))


def semarang_sidebar(exclude):
    items = [BY_KEY[k] for k in ("s1", "s2", "s3", "s4") if k != exclude][:3]
    lis = "".join('<li class="list-group-item"><a href="%s">%s</a><br><small class="text-muted">'
                  '<i class="fa fa-eye"></i> %d</small></li>\n' % (a["url"], e(a["title"]), 90 + i)
                  for i, a in enumerate(items))
    return ('<div class="col-md-4"><div class="card mb-3"><div class="card-header fw-bold">'
            'Berita Terkini</div>\n<ul class="list-group list-group-flush">\n%s'
            '<li class="list-group-item"><a href="/index.php/blog/read/7990_-">%s</a></li>\n'
            '</ul></div>\n<div class="card"><div class="card-header">Pengumuman</div><div class="card-body">'
            '<a href="/index.php/page/pengumuman">Lihat semua pengumuman</a></div></div></div>\n'
            % (lis, e(OTHER_HEADLINES[0])))


def semarang_article(a):
    name = "KPU Kota Semarang"
    return ('<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<title>%s | %s</title>\n<link rel="stylesheet" href="/assets/css/bootstrap.min.css">\n'
            '</head>\n<body>\n%s<div class="container mt-4"><div class="row">\n<div class="col-md-8">\n'
            '<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item">'
            '<a href="/">Beranda</a></li><li class="breadcrumb-item"><a href="/index.php/blog/category/104">'
            'Berita</a></li><li class="breadcrumb-item active">Detail</li></ol></nav>\n'
            '<span class="badge bg-danger">Berita</span>\n<h3 class="fw-bold mt-2">%s</h3>\n'
            '<img class="img-fluid rounded" src="/uploads/blog/%s.jpg" alt="">\n'
            '<div class="text-justify mt-3">\n%s\n</div>\n%s\n'
            '<p class="text-muted mt-2"><i class="fa fa-eye"></i> Telah dilihat 381 kali</p>\n'
            '</div>\n%s</div></div>\n%s'
            % (e(a["title"]), name, kpu_nav(name), e(a["title"]), a["key"], paras_p(a),
               share_block(), semarang_sidebar(a["key"]),
               kpu_footer(name, "Jl. Kokrosono No. 76, Semarang. Telepon (024) 3551015.")))


def semarang_listing(keys, page, pages):
    name = "KPU Kota Semarang"
    items = []
    for i, k in enumerate(keys):
        a = BY_KEY[k]
        items.append('<div class="card mb-3"><div class="card-body">\n'
                     '<small class="text-muted"><i class="fa fa-eye"></i> %d</small>\n'
                     '<h5 class="card-title"><a href="%s">%s</a></h5>\n'
                     '<p class="card-text">%s ...</p>\n'
                     '<a href="%s" class="btn btn-outline-danger btn-sm">Selengkapnya</a>\n'
                     '</div></div>' % (200 - 10 * i, a["url"], e(a["title"]), e(a["lead"]), a["url"]))
    base = "/index.php/blog/category/104"
    pager = ['<li class="page-item"><a class="page-link" href="%s?page=%d">%d</a></li>' % (base, n, n)
             for n in range(1, pages + 1)]
    if page < pages:
        pager.append('<li class="page-item"><a class="page-link" href="%s?page=%d">&raquo;</a></li>'
                     % (base, page + 1))
    popular = "".join('<li><a href="%s">%s</a></li>' % (BY_KEY[k]["url"], e(BY_KEY[k]["title"]))
                      for k in ("s2", "s5"))
    return ('<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            '<title>Berita Terkini | %s</title>\n</head>\n<body>\n%s'
            '<div class="container mt-4"><div class="row">\n<div class="col-md-8">\n'
            '<h4 class="border-bottom pb-2">Berita Terkini</h4>\n%s\n'
            '<nav><ul class="pagination">%s</ul></nav>\n</div>\n'
            '<div class="col-md-4"><div class="card"><div class="card-header">Berita Populer</div>'
            '<ul class="list-unstyled p-2">%s</ul></div></div>\n</div></div>\n%s'
            % (name, kpu_nav(name), "\n".join(items), "".join(pager), popular,
               kpu_footer(name, "Jl. Kokrosono No. 76, Semarang.")))


def semarang(root, listing):
    for a in ARTICLES:
        if a["site"] == "kota-semarang.kpu.go.id":
            write("sites", a["site"], a["url"], semarang_article(a))
    base = "/index.php/blog/category/104"
    for n, keys in enumerate(listing, 1):
        page = semarang_listing(keys, n, len(listing))
        write(root, "kota-semarang.kpu.go.id", "%s?page=%d" % (base, n), page)
        if n == 1:
            write(root, "kota-semarang.kpu.go.id", base, page)


# ---- KPU Kota Makassar: cards, <br> runs, dated sidebar -------------------------------------

def makassar_article(a):
    runs = "<br>\n<br>\n".join(e(p) for p in a["paras"] + [a["credit"]])
    others = "".join('<div class="media"><a href="/blog/read/%s"><img src="/img/t.jpg"></a>'
                     '<div class="media-body"><a href="/blog/read/%s">%s</a><br>'
                     '<span class="date">Senin, 2 Januari 2023</span></div></div>\n'
                     % (s, s, e(t)) for s, t in (("berita-lama-1", OTHER_HEADLINES[1]),
                                                 ("berita-lama-2", OTHER_HEADLINES[2])))
    return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>%s - KPU Kota Makassar'
            '</title>\n<meta property="og:title" content="%s">\n</head>\n<body>\n'
            '<div class="wrapper"><div class="main-header"><div class="logo">KPU KOTA MAKASSAR</div>'
            '<ul class="menu"><li><a href="/">Home</a></li><li><a href="/blog/category/29">Berita</a>'
            '</li><li><a href="/page/profil">Profil</a></li></ul></div>\n'
            '<div class="content-wrapper"><div class="left">\n<div class="post-detail">\n'
            '<h2 class="post-title">%s</h2>\n<div class="post-meta"><span class="cat">Berita</span> '
            '<span class="views">Dilihat 57 kali</span></div>\n'
            '<div class="post-content">\n%s\n</div>\n%s\n</div></div>\n'
            '<div class="right"><h4>Berita Lainnya</h4>\n%s</div></div>\n'
            '<div class="copyright">Hak Cipta 2024 KPU Kota Makassar | Jl. Perintis Kemerdekaan</div>'
            '</div>\n</body>\n</html>\n'
            % (e(a["title"]), e(a["title"]), e(a["title"]), runs, share_block(), others))


def makassar(root):
    arts = [a for a in ARTICLES if a["site"] == "kota-makassar.kpu.go.id"]
    cards = []
    for a in arts:
        write("sites", a["site"], a["url"], makassar_article(a))
        cards.append('<div class="col-md-4"><div class="card"><img src="/img/%s.jpg" class="card-img-top">'
                     '<div class="card-body"><h5><a href="%s">%s</a></h5><p>%s</p>'
                     '<a href="%s">Selengkapnya &raquo;</a></div></div></div>'
                     % (a["key"], a["url"], e(a["title"]).upper(), e(a["lead"]), a["url"]))
    write(root, "kota-makassar.kpu.go.id", "/blog/category/29",
          '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Berita - KPU Kota Makassar</title>'
          '</head><body>\n<div class="main-header"><ul class="menu"><li><a href="/">Home</a></li>'
          '<li><a href="/page/profil">Profil</a></li></ul></div>\n<h3>Berita</h3>\n'
          '<div class="row">\n%s\n</div>\n<div class="copyright">Hak Cipta 2024 KPU Kota Makassar</div>'
          '\n</body></html>\n' % "\n".join(cards))


# ---- KPU Kota Jayapura: semantic HTML5 ------------------------------------------------------

def jayapura_article(a):
    return ('<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            '<title>KPU Kota Jayapura | %s</title>\n</head>\n<body>\n'
            '<header><a href="/"><img src="/logo.png" alt="KPU Kota Jayapura"></a>\n'
            '<nav><a href="/">Beranda</a> <a href="/blog/category/104">Berita</a> '
            '<a href="/page/ppid">PPID</a></nav></header>\n<main>\n<article>\n'
            '<p class="category">Berita</p>\n<h1>%s</h1>\n'
            '<figure><img src="/uploads/%s.jpg" alt=""><figcaption>Dokumentasi KPU Kota Jayapura'
            '</figcaption></figure>\n<div class="entry">\n%s\n</div>\n'
            '<div class="ringkasan">Ringkasan: %s</div>\n'
            '<div class="share">Bagikan: <a href="#">facebook</a> <a href="#">twitter</a> '
            '<a href="#">whatapps</a></div>\n<p class="views">Telah dilihat 42 kali</p>\n'
            '</article>\n<aside><h2>Berita Terkini</h2><ul><li><a href="/berita/baca/2150/-">%s</a>'
            '</li><li><a href="/berita/baca/2140/-">%s</a></li></ul></aside>\n</main>\n'
            '<footer><p>KPU Kota Jayapura, Jl. Raya Abepura. Hak Cipta 2024.</p></footer>\n'
            '</body>\n</html>\n'
            % (e(a["title"]), e(a["title"]), a["key"], paras_p(a), e(a["title"]),
               e(OTHER_HEADLINES[1]), e(OTHER_HEADLINES[3])))


def jayapura(root):
    arts = [a for a in ARTICLES if a["site"] == "kota-jayapura.kpu.go.id"]
    items = []
    for a in arts:
        write("sites", a["site"], a["url"], jayapura_article(a))
        items.append('<article class="post-item"><h2><a href="%s">%s</a></h2><p>%s</p></article>'
                     % (a["url"], e(a["title"]), e(a["lead"])))
    write(root, "kota-jayapura.kpu.go.id", "/blog/category/104",
          '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Berita | KPU Kota '
          'Jayapura</title></head><body>\n<header><nav><a href="/">Beranda</a> <a href="/page/profil">'
          'Profil</a></nav></header>\n<main><h1>Berita Terkini</h1>\n%s\n</main>\n<footer>KPU Kota '
          'Jayapura</footer>\n</body></html>\n' % "\n".join(items))


# ---- KPU RI ---------------------------------------------------------------------------------

def ri_article(a):
    day = datetime.datetime.strptime(a["date"][0][:10], "%Y-%m-%d")
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember"]
    shown = "%d %s %d" % (day.day, months[day.month - 1], day.year)
    related = "".join('<li><a href="/berita/baca/%d/-">%s</a></li>' % (12500 + i, e(t))
                      for i, t in enumerate(OTHER_HEADLINES[1:]))
    return ('<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            '<title>%s - Komisi Pemilihan Umum RI</title>\n'
            '<meta property="og:title" content="%s">\n<meta property="og:site_name" content="KPU RI">\n'
            '</head>\n<body>\n<div id="header"><div class="logo">KOMISI PEMILIHAN UMUM</div>'
            '<ul id="menu"><li><a href="/">Beranda</a></li><li><a href="/berita/104/berita-terkini">'
            'Berita</a></li><li><a href="/page/read/1/profil">Profil</a></li></ul></div>\n'
            '<div id="content"><div class="berita-detail">\n<h2 class="judul">%s</h2>\n'
            '<div class="tanggal"><i class="fa fa-calendar"></i> %s</div>\n'
            '<div class="isi-berita">\n%s\n</div>\n'
            '<div class="tags">Tag: <a href="/tag/pemilu">pemilu</a> <a href="/tag/kpu">kpu</a></div>\n'
            '%s</div>\n<div class="berita-terkait"><h3>Berita Terkait</h3><ul>%s</ul></div></div>\n'
            '<div id="footer">Komisi Pemilihan Umum Republik Indonesia, Jl. Imam Bonjol No. 29, '
            'Jakarta. Hak Cipta 2025.</div>\n</body>\n</html>\n'
            % (e(a["title"]), e(a["title"]), e(a["title"]), shown, paras_p(a), share_block(),
               related))


def ri(root):
    arts = [a for a in ARTICLES if a["site"] == "www.kpu.go.id"]
    items = []
    for a in arts:
        write("sites", a["site"], a["url"], ri_article(a))
        items.append('<div class="list-berita"><a href="%s"><img src="/img/%s.jpg"></a>'
                     '<a href="%s"><h4>%s</h4></a><p>%s</p></div>'
                     % (a["url"], a["key"], a["url"], e(a["title"]), e(a["lead"])))
    write(root, "www.kpu.go.id", "/berita/104/berita-terkini",
          '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Berita Terkini - KPU RI'
          '</title></head><body>\n<div id="header"><ul id="menu"><li><a href="/">Beranda</a></li>'
          '</ul></div>\n<div id="content">\n%s\n</div>\n<div id="footer">KPU RI</div>\n</body></html>\n'
          % "\n".join(items))


# ---- Blogger --------------------------------------------------------------------------------

def blog_article(a, local):
    runs = "<br />\n<br />\n".join(e(p) for p in a["paras"] + [a["credit"]])
    return ("<!DOCTYPE html>\n<html class='v2' dir='ltr' lang='id'>\n<head>\n"
            "<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>\n"
            "<title>Suara Demokrasi: %s</title>\n<meta content='%s' property='og:title'/>\n"
            "</head>\n<body>\n<div class='navbar section'><div class='widget Navbar'></div></div>\n"
            "<div class='header-outer'><h1 class='title'><a href='/'>Suara Demokrasi</a></h1>"
            "<p class='description'>Kabar pemilu dari daerah</p></div>\n"
            "<div class='main-outer'><div class='main section'><div class='widget Blog'>\n"
            "<div class='date-outer'><h2 class='date-header'><span>%s</span></h2>\n"
            "<div class='post hentry'>\n<h3 class='post-title entry-title'>%s</h3>\n"
            "<div class='post-header'></div>\n<div class='post-body entry-content'>\n%s\n</div>\n"
            "<div class='post-footer'><span class='post-author vcard'>Diposting oleh "
            "<span class='fn'>%s</span></span> <span class='post-timestamp'>di "
            "<abbr class='published' title='%s'>%s</abbr></span>\n"
            "<span class='post-labels'>Label: <a href='/search/label/KPU' rel='tag'>KPU</a></span>"
            "</div>\n</div></div>\n<div class='comments' id='comments'><h4>0 komentar:</h4>"
            "<p>Posting Komentar</p></div>\n"
            "<div class='blog-pager'><a class='blog-pager-older-link' href='/'>Posting Lama</a>"
            "</div>\n</div></div></div>\n<div class='sidebar section'><div class='widget PopularPosts'>"
            "<h2>Postingan Populer</h2><ul><li><a href='/2024/01/harga-cabai.html'>%s</a></li>"
            "<li><a href='/2024/01/timnas.html'>%s</a></li></ul></div></div>\n"
            "<div class='footer-outer'>Tema Sederhana. Diberdayakan oleh Blogger.</div>\n"
            "</body>\n</html>\n"
            % (e(a["title"]), e(a["title"]), local, e(a["title"]), runs, e(a["author"]),
               iso(a), local, e(OTHER_HEADLINES[1]), e(OTHER_HEADLINES[2])))


def blog(root):
    arts = [a for a in ARTICLES if a["site"] == "suarademokrasi.blogspot.test"]
    posts = []
    for a, local in zip(arts, ("Senin, 10 Juni 2024", "Senin, 13 Mei 2024")):
        write("sites", a["site"], a["url"], blog_article(a, local))
        posts.append("<div class='post hentry'><h3 class='post-title entry-title'><a href='%s'>%s"
                     "</a></h3><div class='post-body'>%s ...</div><a href='%s'>Baca selengkapnya "
                     "&#187;</a></div>" % (a["url"], e(a["title"]), e(a["lead"]), a["url"]))
    write(root, "suarademokrasi.blogspot.test", "/index.html",
          "<!DOCTYPE html>\n<html lang='id'><head><meta charset='utf-8'><title>Suara Demokrasi"
          "</title></head><body>\n<div class='header-outer'><h1><a href='/'>Suara Demokrasi</a>"
          "</h1></div>\n<div class='main'>\n%s\n</div>\n<div class='sidebar'><h2>Label</h2>"
          "<a href='/search/label/KPU'>KPU</a> <a href='/search/label/Pemilu'>Pemilu</a></div>\n"
          "</body></html>\n" % "\n".join(posts))


# ---- WordPress portal: full-content feed, teaser feed, article pages ------------------------

def iso(a):
    stamp, hours = a["date"]
    return "%sT%s:00%+03d:00" % (stamp[:10], stamp[11:], hours)


def rfc822(a):
    stamp, hours = a["date"]
    t = datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(
        tzinfo=datetime.timezone(datetime.timedelta(hours=hours)))
    return t.strftime("%a, %d %b %Y %H:%M:%S ") + "%+03d00" % hours


def also_block():
    return ("<p><strong>Baca Lainnya :</strong></p>\n<ul>\n%s</ul>" %
            "".join("<li><a href=\"/2024/11/0%d/berita-lain/\">%s</a></li>\n" % (i + 1, e(t))
                    for i, t in enumerate(OTHER_HEADLINES[1:])))


def portal_body(a):
    p = ["<p>%s</p>" % e(x) for x in a["paras"]]
    p.insert(1, also_block())
    p.append("<p>%s</p>" % e(a["credit"]))
    return "\n".join(p)


def portal_page(a):
    related = "".join("<div class=\"jp-relatedposts-post\"><a href=\"/2024/10/%02d/lain/\">%s</a>"
                      "</div>" % (i + 1, e(t)) for i, t in enumerate(OTHER_HEADLINES[1:]))
    comment = ("Semoga pemilihan berjalan lancar, aman, dan damai. Saya berharap penyelenggara "
               "tetap netral dan profesional, serta masyarakat datang ke TPS menggunakan hak pilih.")
    return ('<!DOCTYPE html>\n<html lang="id-ID">\n<head>\n<meta charset="UTF-8">\n'
            '<title>%s &#8211; Kabar Pemilu</title>\n'
            '<meta property="og:title" content="%s">\n<meta property="og:site_name" content="Kabar Pemilu">\n'
            '<meta property="article:published_time" content="%s">\n'
            '<meta name="author" content="%s">\n</head>\n<body class="post-template-default single">\n'
            '<header id="masthead" class="site-header"><p class="site-title"><a href="/">Kabar Pemilu</a>'
            '</p><nav class="main-navigation"><ul><li><a href="/kategori/nasional/">Nasional</a></li>'
            '<li><a href="/kategori/daerah/">Daerah</a></li></ul></nav></header>\n'
            '<div id="content" class="site-content"><main id="main">\n'
            '<article class="post type-post status-publish hentry">\n<header class="entry-header">'
            '<h1 class="entry-title">%s</h1>\n<div class="entry-meta"><span class="posted-on">'
            '<time class="entry-date published" datetime="%s">%s</time></span> <span class="byline">'
            'oleh <span class="author vcard"><a class="url fn n" href="/author/x/">%s</a></span>'
            '</span></div></header>\n<div class="entry-content">\n%s\n'
            '<p><strong>Baca Juga:</strong> <a href="/2024/10/30/x/">%s</a></p>\n'
            '<div class="sharedaddy"><h3 class="sd-title">Bagikan ini:</h3><ul><li><a href="#">'
            'Facebook</a></li><li><a href="#">WhatsApp</a></li></ul></div>\n'
            '<div id="jp-relatedposts" class="jp-relatedposts"><h3>Terkait</h3>%s</div>\n</div>\n'
            '<footer class="entry-footer"><span class="tags-links">Tag: <a href="/tag/kpu/" '
            'rel="tag">KPU</a>, <a href="/tag/pilkada/" rel="tag">Pilkada</a></span></footer>\n'
            '</article>\n<div id="comments" class="comments-area"><h2 class="comments-title">'
            'Satu tanggapan</h2><ol class="comment-list"><li class="comment"><div class="comment-body">'
            '<b class="fn">Warga</b><p>%s</p></div></li></ol>\n<div id="respond"><h3>Tinggalkan '
            'Balasan</h3><form><textarea></textarea></form></div></div>\n</main>\n'
            '<aside id="secondary" class="widget-area"><h2>Terpopuler</h2><ul><li><a href="/a/">%s</a>'
            '</li></ul></aside></div>\n<footer id="colophon">&copy; 2024 Kabar Pemilu</footer>\n'
            '</body>\n</html>\n'
            % (e(a["title"]), e(a["title"]), iso(a), e(a["author"]), e(a["title"]), iso(a),
               a["date"][0][:10], e(a["author"]), portal_body(a).replace(also_block() + "\n", ""),
               e(OTHER_HEADLINES[3]), related, comment, e(OTHER_HEADLINES[2])))


def feed(items, full):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n<title>Kabar Pemilu</title>\n'
           '<link>http://www.kabarpemilu.test/</link>\n<description>Berita pemilu</description>\n']
    for a in items:
        link = "http://www.kabarpemilu.test" + a["url"]
        body = ("<description><![CDATA[%s]]></description>\n<content:encoded><![CDATA[%s]]>"
                "</content:encoded>\n" % (a["lead"], portal_body(a)) if full else
                "<description><![CDATA[%s [&#8230;]]]></description>\n" % a["paras"][0][:90])
        out.append("<item>\n<title>%s</title>\n<link>%s</link>\n<guid>%s</guid>\n"
                   "<dc:creator><![CDATA[%s]]></dc:creator>\n<pubDate>%s</pubDate>\n%s</item>\n"
                   % (e(a["title"]), link, link, a["author"], rfc822(a), body))
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def portal(root):
    for a in ARTICLES:
        if a["site"] == "www.kabarpemilu.test":
            write("sites", a["site"], a["url"], portal_page(a))
    write(root, "www.kabarpemilu.test", "/feed.xml",
          feed([BY_KEY["p1"], BY_KEY["p2"]], True))
    write(root, "www.kabarpemilu.test", "/ringkas.xml",
          feed([BY_KEY["t1"], BY_KEY["t2"]], False))


def expected():
    out = []
    for a in ARTICLES:
        x = dict(a)
        if a["date"]:
            stamp, hours = a["date"]
            t = datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M") - datetime.timedelta(hours=hours)
            x["published"] = t.strftime("%Y-%m-%dT%H:%M:00Z")
        else:
            x["published"] = None
        paras = [p for p in a["paras"] if not (a["author"] and p == "Oleh " + a["author"])]
        x["paras"] = paras
        del x["date"], x["lead"]
        out.append(x)
    return {"articles": out, "other_headlines": OTHER_HEADLINES, "clutter": CLUTTER}


def main():
    for d in ("sites", "later"):
        shutil.rmtree(os.path.join(HERE, d), ignore_errors=True)
    semarang("sites", [["s1", "s2"], ["s3", "s4"], ["s5", "s6"], ["s7", "s8"]])
    semarang("later", [["n1", "n2"], ["n3", "s1"], ["s2", "s3"], ["s4", "s5"]])
    makassar("sites")
    jayapura("sites")
    ri("sites")
    blog("sites")
    portal("sites")
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected(), f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
