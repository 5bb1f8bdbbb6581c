#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "extract.h"
#include "util/buf.h"

/* 2026-05-20T00:00:00Z, the fetch time every row is read at; offices in WIB. */
#define NOW 1779235200
#define WIB 420

/* ---- fixtures and helpers ----------------------------------------------------------------- */

static char *read_fixture(const char *rel, size_t *len)
{
	const char *root = getenv("TESTDATA") ? getenv("TESTDATA") : "tests/data";
	char path[1024];
	snprintf(path, sizeof path, "%s/sites/%s", root, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	struct buf b;
	buf_init(&b);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	char *s = buf_steal(&b);
	buf_free(&b);
	return s;
}

/* The text of body_html: tags dropped, the few entities the serialiser writes decoded. */
static char *text_of_html(const char *html)
{
	struct buf b;
	buf_init(&b);
	static const char *const ents[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
					       {"&quot;", "\""}};
	for (const char *p = html; *p; ) {
		if (*p == '<') {
			const char *e = strchr(p, '>');
			buf_addc(&b, ' ');
			p = e ? e + 1 : p + strlen(p);
			continue;
		}
		bool done = false;
		for (size_t i = 0; i < 4 && !done; i++)
			if (!strncmp(p, ents[i][0], strlen(ents[i][0]))) {
				buf_adds(&b, ents[i][1]);
				p += strlen(ents[i][0]);
				done = true;
			}
		if (!done)
			buf_addc(&b, *p++);
	}
	char *s = buf_steal(&b);
	buf_free(&b);
	return str_squeeze_space(s);
}

static void assert_starts(const char *s, const char *prefix, const char *what)
{
	if (strncmp(s, prefix, strlen(prefix)) != 0)
		fail_msg("%s: text starts \"%.80s\", expected \"%s\"", what, s, prefix);
}

static void assert_ends(const char *s, const char *suffix, const char *what)
{
	size_t n = strlen(s), k = strlen(suffix);
	if (n < k || strcmp(s + n - k, suffix) != 0)
		fail_msg("%s: text ends \"%s\", expected \"%s\"", what, n > 80 ? s + n - 80 : s,
			 suffix);
}

/* ---- article pages -------------------------------------------------------------------------- */

/* Files of the end-to-end sites, reached from sites/; their URL drops this prefix. */
#define KPU_SITES "../kpu/sites/"

static const char *url_path(const char *file)
{
	return strncmp(file, KPU_SITES, strlen(KPU_SITES)) ? file : file + strlen(KPU_SITES);
}

struct article_case {
	const char *covers;
	const char *file;               /* under sites/, also the URL after https:// */
	const char *title;
	const char *author;             /* NULL: none */
	const char *date;               /* ISO UTC, or "estimated" */
	const char *first, *last;       /* the body text's opening and closing words */
	const char *present[4];         /* must stay in the body */
	const char *absent[8];          /* must be cleaned away */
};

static const struct article_case ARTICLES[] = {
	{"div soup: dated (dd/mm/yyyy), credit kept, share block and counter dropped, photo caption",
	 "kota-semarang.kpu.go.id/index.php/blog/read/7712_kpu-kota-semarang-gelar-rakor-pemutakhiran-data-pemilih-berkelanjutan",
	 "KPU Kota Semarang Gelar Rakor Pemutakhiran Data Pemilih Berkelanjutan", NULL,
	 "2022-01-17T17:00:00Z",
	 "Suasana rapat koordinasi pemutakhiran data pemilih berkelanjutan",
	 "(erh/ed. Foto: awh/KPU Kota Semarang)",
	 {"Semarang, kota-semarang.kpu.go.id – Komisi Pemilihan Umum", "layanan tanggapan masyarakat",
	  "1.178.451 pemilih"},
	 {"Bagikan", "Telah dilihat", "facebook", "whatapps", "Berita Populer",
	  "Evaluasi Pelaksanaan Pemilihan", "Jaringan Dokumentasi", "statistik pengunjung"}},
	{"div soup: text in <br> runs, ALL CAPS title, weekday pins the year of Senin (2/2)",
	 "kota-semarang.kpu.go.id/index.php/blog/read/sosialisasi-pemilih-pemula-di-sma-negeri-3-semarang",
	 "SOSIALISASI PEMILIH PEMULA DI SMA NEGERI 3 SEMARANG", NULL, "2026-02-01T17:00:00Z",
	 "Semarang, kota-semarang.kpu.go.id – KPU Kota Semarang melaksanakan sosialisasi",
	 "sesi tanya jawab mengenai tahapan pemilu.",
	 {"Devisi Sosialisasi", "“Cek nama kalian"},
	 {"Bagikan", "Telah dilihat", "twitter", "whatapps", "Rapat Pleno Rekapitulasi DPB"}},
	{"semantic: byline Oleh in the body (kept there, also the author), figure caption, (dd/mm/yy)",
	 "kota-madiun.kpu.go.id/berita/baca/1523/coklit-serentak-di-kelurahan-nambangan-lor",
	 "Coklit Serentak di Kelurahan Nambangan Lor", "Nurwidyarini DP", "2022-01-12T17:00:00Z",
	 "Petugas pantarlih mendatangi rumah warga",
	 "(Reporter: Nurwidyarini DP, Foto: Humas KPU Kota Madiun)",
	 {"Oleh Nurwidyarini DP Kota Madiun (kota-madiun.kpu.go.id) –", "Kamis (13/01/22)"},
	 {"Bagikan", "Dilihat 1.204", "whatapps", "Berita Terbaru", "KPU Kota Madiun Lantik",
	  "Kebijakan Privasi"}},
	{"semantic: og:title with site name, article:published_time beats the body, JSON-LD author",
	 "kota-madiun.kpu.go.id/berita/baca/1530/kpu-kota-madiun-lantik-anggota-ppk-pemilu-2024",
	 "KPU Kota Madiun Lantik Anggota PPK Pemilu 2024", "Bagus Setiawan", "2023-01-04T02:15:00Z",
	 "Kota Madiun (kota-madiun.kpu.go.id) – Sebanyak 15 anggota",
	 "kode etik penyelenggara pemilu.",
	 {"profesionalitas"},
	 {"Telah dilihat", "Coklit Serentak", "Beranda"}},
	{"semantic: a metadata date in the future is ignored, the dateline gives the date; slug -",
	 "kota-madiun.kpu.go.id/berita/baca/1519/-",
	 "Rapat Kerja Penyusunan Anggaran Pemilihan 2024", NULL, "2022-09-28T17:00:00Z",
	 "Madiun, 29 September 2022 – KPU Kota Madiun", "kebutuhan riil setiap tahapan.",
	 {"standar biaya"}, {"Berita Terbaru", "2031"}},
	{"table layout: Hupmas dateline with a stated time in WIB, Dilihat: counter dropped",
	 "jatim.kpu.go.id/berita/baca/881/kpu-jatim-gelar-bimtek-tata-kelola-arsip",
	 "KPU JATIM GELAR BIMTEK TATA KELOLA ARSIP", NULL, "2022-01-12T00:00:00Z",
	 "Hupmas, SURABAYA – KPU Provinsi Jawa Timur", "aplikasi Srikandi. (hms)",
	 {"Pengelolaan yang tertib"},
	 {"Dilihat", "BERITA LAINNYA", "Apel Siaga", "Copyright", "Galeri Foto"}},
	{"table layout: no date anywhere, the fetch time stands in (estimated)",
	 "jatim.kpu.go.id/berita/baca/872/-",
	 "Pengumuman Pendaftaran Calon Anggota PPK", NULL, "estimated",
	 "KPU Provinsi Jawa Timur mengumumkan", "kantor sekretariat.",
	 {"Panitia Pemilihan Kecamatan"}, {"BERITA LAINNYA", "Rakor Persiapan"}},
	{"media portal: Baca Lainnya list and Baca juga inside the body, <time>, rel=author, title minus site",
	 "www.suarapemilu.test/2024/05/12/kpu-jatim-tetapkan-jadwal-rekapitulasi-suara-pilkada",
	 "KPU Jatim Tetapkan Jadwal Rekapitulasi Suara Pilkada", "Dewi Anggraini",
	 "2024-05-12T02:30:00Z",
	 "SUARAPEMILU.TEST, Surabaya – Komisi Pemilihan Umum (KPU)",
	 "memantau perkembangan rekapitulasi melalui laman resmi KPU.",
	 {"bekerja cermat, transparan"},
	 {"Baca Lainnya", "Baca juga", "Harga Cabai", "Timnas U23", "Resep Rendang", "Selengkapnya",
	  "Berita Terkait", "Bawaslu Temukan"}},
	/* The end-to-end sites (tests/data/kpu/sites, made by generate.py): how real CMSes
	 * render, clutter included. */
	{"Bootstrap KPU CMS: navbar, breadcrumb, badge, share buttons, counter, sidebar card, footer",
	 KPU_SITES "kota-semarang.kpu.go.id/index.php/blog/read/8114_sosialisasi-pendidikan-pemilih-bagi-penyandang-disabilitas",
	 "SOSIALISASI PENDIDIKAN PEMILIH BAGI PENYANDANG DISABILITAS", "Nurwidyarini DP",
	 "2024-09-23T17:00:00Z", "Oleh Nurwidyarini DP Semarang – KPU Kota Semarang",
	 "(nwd/ed. Foto: KPU Kota Semarang)", {"template braille di setiap TPS"},
	 {"Bagikan", "Telah dilihat", "whatapps", "Berita Terkini", "Rapat Pleno Rekapitulasi DPB",
	  "Hak Cipta", "Beranda", "Visi dan Misi"}},
	{"card CMS: body in <br> runs, og:title, sidebar headlines with their own dates",
	 KPU_SITES "kota-makassar.kpu.go.id/blog/read/sosialisasi-di-pesantren",
	 "Sosialisasi Pemilih Pemula di Pesantren", "Andi Rahmat Hidayat", "2022-03-30T17:00:00Z",
	 "Oleh Andi Rahmat Hidayat Makassar – KPU Kota Makassar", "(ARH/Humas)",
	 {"Koordinator Divisi Sosdiklih Parmas"},
	 {"Dilihat 57 kali", "Berita Lainnya", "Harga Cabai", "Januari 2023", "Hak Cipta",
	  "whatapps", "Perintis Kemerdekaan"}},
	{"HTML5: header/nav/main/article/aside/footer, a summary box after the text is not body",
	 KPU_SITES "kota-jayapura.kpu.go.id/berita/baca/2207/kpu-kota-jayapura-launching-maskot-pemilihan",
	 "KPU Kota Jayapura Launching Maskot Pemilihan", NULL, "2024-08-04T17:00:00Z",
	 "Dokumentasi KPU Kota Jayapura Jayapura, 5 Agustus 2024 –", "(Humas KPU Kota Jayapura)",
	 {"Taman Imbi"},
	 {"Ringkasan", "Telah dilihat", "Berita Terkini", "Jalan Tol", "Hak Cipta", "whatapps"}},
	{"KPU RI: date line above the text, tags, Berita Terkait list, stated time in WIB",
	 KPU_SITES "www.kpu.go.id/berita/baca/12604/kpu-gelar-rapat-koordinasi-nasional-persiapan-pemilihan",
	 "KPU Gelar Rapat Koordinasi Nasional Persiapan Pemilihan", NULL, "2025-05-12T03:00:00Z",
	 "Jakarta, kpu.go.id – Komisi Pemilihan Umum Republik Indonesia", "(humas/KPU RI)",
	 {"Betty Epsilon Idroos"},
	 {"Berita Terkait", "Tag:", "Timnas", "Imam Bonjol", "Bagikan", "KOMISI PEMILIHAN UMUM"}},
	{"Blogger: post-body in <br> runs, date-header, Diposting oleh author, labels, comments",
	 KPU_SITES "suarademokrasi.blogspot.test/2024/05/pleno-rekapitulasi-kpu-provinsi-jatim.html",
	 "Pleno Rekapitulasi KPU Provinsi Jatim Berlangsung Dua Hari", "Dimas Prakoso",
	 "2024-05-12T17:00:00Z", "SURABAYA – Rapat pleno rekapitulasi",
	 "(Reporter: Dimas Prakoso)", {"se-Jawa Timur"},
	 {"Diposting oleh", "Posting Komentar", "Postingan Populer", "Timnas", "Label",
	  "Posting Lama", "Diberdayakan"}},
	{"WordPress: Baca Juga, sharedaddy, related posts and comments inside and after the entry",
	 KPU_SITES "www.kabarpemilu.test/2024/11/25/kpu-kota-madiun-distribusikan-logistik/index.html",
	 "KPU Kota Madiun Distribusikan Logistik ke PPK", "Fajar Nugroho", "2024-11-25T01:15:00Z",
	 "MADIUN – KPU Kota Madiun", "(Reporter: Fajar Nugroho)", {"Ratna Dewi"},
	 {"Baca Juga", "Terkait", "Harga Cabai", "Tinggalkan Balasan", "Semoga pemilihan",
	  "Bagikan ini", "Tag:", "Terpopuler"}},
};

static void check_article(const struct article_case *c, const struct extract_article *a)
{
	assert_string_equal(a->title, c->title);
	if (c->author)
		assert_string_equal(a->author ? a->author : "(none)", c->author);
	else if (a->author)
		fail_msg("%s: unexpected author \"%s\"", c->covers, a->author);
	assert_true(a->has_published);
	if (strcmp(c->date, "estimated") == 0) {
		assert_true(a->published_estimated);
		assert_int_equal(a->published, NOW);
	} else {
		char iso[21];
		date_format_iso(a->published, iso);
		assert_false(a->published_estimated);
		assert_string_equal(iso, c->date);
	}
	char *text = text_of_html(a->body_html);
	assert_starts(text, c->first, c->covers);
	assert_ends(text, c->last, c->covers);
	for (size_t i = 0; i < 4 && c->present[i]; i++)
		if (!strstr(text, c->present[i]))
			fail_msg("%s: body lost \"%s\"", c->covers, c->present[i]);
	for (size_t i = 0; i < 8 && c->absent[i]; i++)
		if (strstr(text, c->absent[i]))
			fail_msg("%s: body kept \"%s\"", c->covers, c->absent[i]);
	free(text);
}

static void test_articles(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof ARTICLES / sizeof ARTICLES[0]; i++) {
		const struct article_case *c = &ARTICLES[i];
		print_message("article: %s\n", c->covers);
		size_t len;
		char *html = read_fixture(c->file, &len);
		char url[1024], err[256] = "";
		snprintf(url, sizeof url, "https://%s", url_path(c->file));
		struct extract_article a;
		int rc = extract_article(html, len, url, NULL, NOW, WIB, &a, err, sizeof err);
		if (rc != 0)
			fail_msg("%s: %s", c->covers, err);
		check_article(c, &a);
		extract_article_free(&a);
		free(html);
	}
}

static void test_article_urls_absolute(void **state)
{
	(void)state;
	size_t len;
	const char *file = ARTICLES[0].file;
	char *html = read_fixture(file, &len);
	char url[1024], err[256];
	snprintf(url, sizeof url, "https://%s", file);
	struct extract_article a;
	assert_int_equal(extract_article(html, len, url, NULL, NOW, WIB, &a, err, sizeof err), 0);
	assert_non_null(strstr(a.body_html,
		"<img src=\"https://kota-semarang.kpu.go.id/uploads/blog/rakor-dpb-2022.jpg\""));
	assert_non_null(strstr(a.body_html,
		"href=\"https://kota-semarang.kpu.go.id/index.php/page/layanan-tanggapan-masyarakat\""));
	assert_null(strstr(a.body_html, "class="));
	assert_null(strstr(a.body_html, "<script"));
	extract_article_free(&a);
	free(html);
}

/* ---- feed bodies ------------------------------------------------------------------------------ */

static void test_clean_fragment(void **state)
{
	(void)state;
	static const char feed_body[] =
		"<p>JAKARTA \xe2\x80\x93 KPU DKI Jakarta menggelar debat ketiga calon gubernur.</p>\n"
		"<p><strong>Baca Lainnya :</strong></p>\n"
		"<ul><li><a href=\"/2024/11/01/a/\">Harga Cabai Naik Jelang Akhir Tahun</a></li>\n"
		"<li><a href=\"/2024/11/02/b/\">Timnas U-23 Lolos ke Semifinal</a></li></ul>\n"
		"<p>Debat bertema penataan kawasan perkotaan, lihat <a href=\"/jadwal/\">jadwal</a>.</p>\n"
		"<div class=\"sharedaddy\">Bagikan: <a href=\"https://www.facebook.com/x\">Facebook</a></div>\n"
		"<p>Telah dilihat 381 kali</p>\n"
		"<p>(Reporter: Rina Wulandari)</p>";
	char *out = NULL;
	assert_int_equal(extract_clean_fragment(feed_body, strlen(feed_body),
						"https://www.kabarpemilu.test/2024/11/18/x/", &out), 0);
	char *text = text_of_html(out);
	assert_starts(text, "JAKARTA \xe2\x80\x93 KPU DKI Jakarta", "feed body");
	assert_ends(text, "(Reporter: Rina Wulandari)", "feed body");
	assert_non_null(strstr(text, "penataan kawasan perkotaan"));
	static const char *const gone[] = {"Baca Lainnya", "Harga Cabai", "Timnas", "Bagikan",
					   "Facebook", "Telah dilihat"};
	for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
		if (strstr(text, gone[i]))
			fail_msg("feed body kept \"%s\"", gone[i]);
	assert_non_null(strstr(out, "href=\"https://www.kabarpemilu.test/jadwal/\""));
	free(text);
	free(out);
	assert_int_equal(extract_clean_fragment("", 0, NULL, &out), -1);
	assert_null(out);
}

/* ---- listing pages --------------------------------------------------------------------------- */

#define SEMARANG "https://kota-semarang.kpu.go.id/index.php/blog/"
#define MADIUN "https://kota-madiun.kpu.go.id/"
#define SIDEBAR_SEMARANG \
	SEMARANG "read/7650_kpu-kota-semarang-terima-kunjungan-mahasiswa-undip", \
	SEMARANG "read/7601_evaluasi-pelaksanaan-pemilihan-serentak-tahun-2020", \
	SEMARANG "read/rapat-pleno-rekapitulasi-dpb-desember"

struct listing_case {
	const char *covers;
	const char *file;
	const char *url;
	const char *links[12];
	const char *first_text;         /* anchor text kept for links[0] */
	const char *next;               /* NULL: none */
};

static const struct listing_case LISTINGS[] = {
	{"KPU /blog/read/<id>_<slug> and <slug> and <id>_-; the sidebar beside a list of items with "
	 "leads is not the list (its links would end a later walk early); menu and footer not, ?page=2",
	 "kota-semarang.kpu.go.id/index.php/blog/category/104",
	 SEMARANG "category/104",
	 {SEMARANG "read/7712_kpu-kota-semarang-gelar-rakor-pemutakhiran-data-pemilih-berkelanjutan",
	  SEMARANG "read/sosialisasi-pemilih-pemula-di-sma-negeri-3-semarang",
	  SEMARANG "read/7705_-"},
	 "KPU Kota Semarang Gelar Rakor Pemutakhiran Data Pemilih Berkelanjutan",
	 SEMARANG "category/104?page=2"},
	{"middle page: fragment stripped, next is ?page=3 not the ?page=1 link",
	 "kota-semarang.kpu.go.id/index.php/blog/category/104?page=2",
	 SEMARANG "category/104?page=2",
	 {SEMARANG "read/7698_kpu-kota-semarang-ikuti-bimtek-sistem-informasi-partai-politik",
	  SEMARANG "read/7690_rapat-pleno-terbuka-rekapitulasi-daftar-pemilih-berkelanjutan"},
	 "KPU Kota Semarang Ikuti Bimtek Sistem Informasi Partai Politik",
	 SEMARANG "category/104?page=3"},
	{"last page: no next page; one item with a lead is no recognisable list, so the sidebar "
	 "stays; a link seen in the list and the sidebar comes once",
	 "kota-semarang.kpu.go.id/index.php/blog/category/104?page=3",
	 SEMARANG "category/104?page=3",
	 {SIDEBAR_SEMARANG}, "KPU Kota Semarang Terima Kunjungan Mahasiswa UNDIP", NULL},
	{"KPU /berita/baca/<id>/<slug>, www. variant, other hosts dropped, title beats Baca selengkapnya",
	 "kota-madiun.kpu.go.id/blog/category/29",
	 MADIUN "blog/category/29",
	 {MADIUN "berita/baca/1530/kpu-kota-madiun-lantik-anggota-ppk-pemilu-2024",
	  MADIUN "berita/baca/1523/coklit-serentak-di-kelurahan-nambangan-lor",
	  "http://www.kota-madiun.kpu.go.id/berita/baca/1519/-"},
	 "KPU Kota Madiun Lantik Anggota PPK Pemilu 2024", MADIUN "blog/category/29?page=2"},
	{"second and last page: only a rel=prev link, so no next page",
	 "kota-madiun.kpu.go.id/blog/category/29?page=2",
	 MADIUN "blog/category/29?page=2",
	 {MADIUN "berita/baca/1501/sosialisasi-tahapan-pemilu-kepada-organisasi-kepemudaan",
	  MADIUN "berita/baca/1530/kpu-kota-madiun-lantik-anggota-ppk-pemilu-2024",
	  MADIUN "berita/baca/1523/coklit-serentak-di-kelurahan-nambangan-lor"},
	 "Sosialisasi Tahapan Pemilu kepada Organisasi Kepemudaan", NULL},
	{"Bootstrap cards with leads: the Berita Populer card (stored articles) is not the list",
	 KPU_SITES "kota-semarang.kpu.go.id/index.php/blog/category/104?page=2",
	 SEMARANG "category/104?page=2",
	 {SEMARANG "read/8101_kpu-kota-semarang-ikuti-rakor-kpu-provinsi-jateng",
	  SEMARANG "read/8090_bimtek-aplikasi-sirekap-bagi-ppk-se-kota-semarang"},
	 "KPU Kota Semarang Ikuti Rakor KPU Provinsi Jateng", SEMARANG "category/104?page=3"},
	{"card grid: ALL CAPS titles, image and Selengkapnya anchors, no paging",
	 KPU_SITES "kota-makassar.kpu.go.id/blog/category/29",
	 "https://kota-makassar.kpu.go.id/blog/category/29",
	 {"https://kota-makassar.kpu.go.id/blog/read/kpu-makassar-gelar-bimtek-kpps",
	  "https://kota-makassar.kpu.go.id/blog/read/rapat-koordinasi-bersama-kpu-provinsi-sulsel",
	  "https://kota-makassar.kpu.go.id/blog/read/sosialisasi-di-pesantren"},
	 "KPU MAKASSAR GELAR BIMTEK KPPS", NULL},
	{"KPU RI list: image link first, the title in an <h4> inside a second anchor",
	 KPU_SITES "www.kpu.go.id/berita/104/berita-terkini",
	 "https://www.kpu.go.id/berita/104/berita-terkini",
	 {"https://www.kpu.go.id/berita/baca/12604/kpu-gelar-rapat-koordinasi-nasional-persiapan-pemilihan",
	  "https://www.kpu.go.id/berita/baca/12598/kpu-luncurkan-aplikasi-cek-dpt-online-versi-baru"},
	 "KPU Gelar Rapat Koordinasi Nasional Persiapan Pemilihan", NULL},
	{"Blogger home: .html posts with snippets, label links dropped",
	 KPU_SITES "suarademokrasi.blogspot.test/index.html", "https://suarademokrasi.blogspot.test/",
	 {"https://suarademokrasi.blogspot.test/2024/06/kpu-kabupaten-sukoharjo-lantik-ppk.html",
	  "https://suarademokrasi.blogspot.test/2024/05/pleno-rekapitulasi-kpu-provinsi-jatim.html"},
	 "KPU Kabupaten Sukoharjo Lantik 60 Anggota PPK", NULL},
	{"table layout: index.php form with a query, a Selengkapnya duplicate, Selanjutnya paging",
	 "jatim.kpu.go.id/berita/index/index.html",
	 "https://jatim.kpu.go.id/berita/index",
	 {"https://jatim.kpu.go.id/berita/baca/870/kpu-jatim-gelar-apel-siaga-pemutakhiran-data",
	  "https://jatim.kpu.go.id/berita/baca/865/rakor-persiapan-pemilu-serentak-tahun-2024-se-jawa-timur",
	  "https://jatim.kpu.go.id/berita/baca/881/kpu-jatim-gelar-bimtek-tata-kelola-arsip",
	  "https://jatim.kpu.go.id/berita/baca/872/-",
	  "https://jatim.kpu.go.id/index.php/berita/baca/880/kpu-jatim-apresiasi-kinerja-kpu-kabupaten-kota?utm_source=beranda"},
	 "KPU Jatim Gelar Apel Siaga Pemutakhiran Data", "https://jatim.kpu.go.id/berita/index/2"},
	{"other site: dated and deeper paths with title text; menu, tag, login, pdf, share, javascript, "
	 "short text dropped; Next link",
	 "www.suarapemilu.test/index.html", "https://www.suarapemilu.test/",
	 {"https://www.suarapemilu.test/2024/05/11/harga-cabai-di-pasar-induk-naik-menjelang-idul-adha",
	  "https://www.suarapemilu.test/2024/05/12/kpu-jatim-tetapkan-jadwal-rekapitulasi-suara-pilkada",
	  "https://www.suarapemilu.test/nasional/bawaslu-temukan-ribuan-pemilih-ganda",
	  "https://suarapemilu.test/nasional/dpr-setujui-anggaran-pilkada",
	  "https://www.suarapemilu.test/2024/05/10/timnas-u23-lolos-ke-semifinal-piala-asia",
	  "https://www.suarapemilu.test/2024/05/09/resep-rendang-padang-yang-empuk-dan-gurih"},
	 "Harga Cabai di Pasar Induk Naik Menjelang Idul Adha", "https://www.suarapemilu.test/?page=2"},
};

static void check_links(const char *covers, const struct extract_listing *l,
			const char *const *want, size_t max)
{
	size_t n = 0;
	while (n < max && want[n])
		n++;
	for (size_t i = 0; i < l->n_links && i < n; i++)
		if (strcmp(l->links[i].url, want[i]) != 0)
			fail_msg("%s: link %zu is %s, expected %s", covers, i, l->links[i].url, want[i]);
	if (l->n_links != n)
		fail_msg("%s: %zu links, expected %zu (first extra: %s)", covers, l->n_links, n,
			 l->n_links > n ? l->links[n].url : "-");
}

static void test_listings(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof LISTINGS / sizeof LISTINGS[0]; i++) {
		const struct listing_case *c = &LISTINGS[i];
		print_message("listing: %s\n", c->covers);
		size_t len;
		char *html = read_fixture(c->file, &len);
		struct extract_listing l;
		assert_int_equal(extract_listing_links(html, len, c->url, NULL, &l), 0);
		check_links(c->covers, &l, c->links, 12);
		assert_string_equal(l.links[0].text, c->first_text);
		if (c->next)
			assert_string_equal(l.next_page ? l.next_page : "(none)", c->next);
		else if (l.next_page)
			fail_msg("%s: unexpected next page %s", c->covers, l.next_page);
		extract_listing_free(&l);
		free(html);
	}
}

/* ---- profiles --------------------------------------------------------------------------------- */

static void test_profile_listing(void **state)
{
	(void)state;
	size_t len;
	char *html = read_fixture(LISTINGS[0].file, &len);
	struct extract_profile p = {.listing_links = "//div[contains(@class,'populer')]//a"};
	struct extract_listing l;
	assert_int_equal(extract_listing_links(html, len, LISTINGS[0].url, &p, &l), 0);
	const char *want[] = {SIDEBAR_SEMARANG, NULL};
	check_links("profile picks the sidebar", &l, want, 4);
	assert_string_equal(l.next_page, SEMARANG "category/104?page=2");
	extract_listing_free(&l);

	/* selecting nothing, or not parsing at all, falls back to the heuristics */
	const char *fallbacks[] = {"//div[@id='tidak-ada']//a", "//[", NULL};
	for (size_t i = 0; fallbacks[i]; i++) {
		p.listing_links = fallbacks[i];
		assert_int_equal(extract_listing_links(html, len, LISTINGS[0].url, &p, &l), 0);
		check_links("profile falls back", &l, LISTINGS[0].links, 12);
		extract_listing_free(&l);
	}
	free(html);
}

static void test_profile_article(void **state)
{
	(void)state;
	size_t len;
	const struct article_case *c = &ARTICLES[2];
	char *html = read_fixture(c->file, &len);
	char url[1024], err[256];
	snprintf(url, sizeof url, "https://%s", c->file);
	struct extract_profile p = {
		.title = "//span[@class='label']",
		.body = "//aside//section",
		.date = "//aside//li[1]/time",
		.author = "string(//footer/p[1])",
	};
	struct extract_article a;
	assert_int_equal(extract_article(html, len, url, &p, NOW, WIB, &a, err, sizeof err), 0);
	assert_string_equal(a.title, "Berita");
	assert_string_equal(a.author, "KPU Kota Madiun · Jl. Mayjen Panjaitan No. 16 Madiun");
	char iso[21];
	date_format_iso(a.published, iso);
	assert_string_equal(iso, "2022-12-29T17:00:00Z");
	char *text = text_of_html(a.body_html);
	assert_non_null(strstr(text, "KPU Kota Madiun Lantik Anggota PPK Pemilu 2024"));
	assert_null(strstr(text, "pencocokan dan penelitian"));
	free(text);
	extract_article_free(&a);

	/* selectors that find nothing leave the heuristics in charge */
	struct extract_profile none = {.title = "//h6", .body = "//div[@id='x']", .date = "//h6",
				       .author = "//h6"};
	assert_int_equal(extract_article(html, len, url, &none, NOW, WIB, &a, err, sizeof err), 0);
	check_article(c, &a);
	extract_article_free(&a);
	free(html);
}

/* ---- hostile pages ----------------------------------------------------------------------------- */

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, head);
	for (size_t i = 0; i < times; i++)
		buf_adds(&b, unit);
	buf_adds(&b, tail);
	char *s = buf_steal(&b);
	buf_free(&b);
	return s;
}

static const char ARTICLE_HTML[] =
	"<html><body><h1>KPU Kabupaten Sleman Gelar Rapat Pleno Terbuka</h1><div><p>Sleman, "
	"kab-sleman.kpu.go.id – KPU Kabupaten Sleman menggelar rapat pleno terbuka rekapitulasi "
	"daftar pemilih berkelanjutan, Rabu (5/1/2022), di aula kantor.</p><p>Rapat dihadiri "
	"Bawaslu, dinas kependudukan, dan perwakilan partai politik.</p></div>";

static void expect_no_text(const char *html, size_t len, const char *covers)
{
	struct extract_article a;
	char err[256] = "";
	int rc = extract_article(html, len, "https://kab-sleman.kpu.go.id/x", NULL, NOW, WIB, &a,
				 err, sizeof err);
	if (rc != -1)
		fail_msg("%s: extracted something", covers);
	assert_string_equal(err, "no article text found in https://kab-sleman.kpu.go.id/x");
	assert_null(a.body_html);
}

static void test_hostile_no_text(void **state)
{
	(void)state;
	expect_no_text("", 0, "empty page");
	expect_no_text(NULL, 0, "no page at all");
	const char *scripts = "<html><head><script>var a='<p>Sleman, kab-sleman.kpu.go.id – teks "
			      "di dalam skrip yang panjang sekali, sekali, sekali</p>';</script>"
			      "</head><body><script>document.write(a)</script><style>p{}</style>"
			      "<iframe src=\"https://x.invalid\"></iframe></body></html>";
	expect_no_text(scripts, strlen(scripts), "scripts only");
	const char *menu = "<nav><ul><li><a href=\"/\">Beranda</a></li><li><a href=\"/p\">Profil "
			   "KPU Kabupaten Sleman dan Sekretariat</a></li></ul></nav>";
	expect_no_text(menu, strlen(menu), "navigation only");
	char *deep = repeat("<html><body>", "<div>", 10000,
			    "<p>Teks yang tersembunyi sangat dalam di halaman, dengan koma, koma.</p>");
	expect_no_text(deep, strlen(deep), "10,000-deep nesting, text beyond the depth cap");
	free(deep);
}

static void test_hostile_still_read(void **state)
{
	(void)state;
	char *cases[3];
	cases[0] = repeat(ARTICLE_HTML, "<div><span>", 10000, "x</body></html>");
	cases[1] = repeat("<html><head><meta http-equiv=\"refresh\" content=\"0;url=/x\">"
			  "<meta http-equiv=\"refresh\" content=\"0\"></head>",
			  "<script>while(1){}</script><iframe src=\"/x\"></iframe>", 2000,
			  ARTICLE_HTML + 6);
	/* 17 MiB: the first 16 MiB are read, in bounded time */
	cases[2] = repeat(ARTICLE_HTML, "<p>Paragraf pengisi, berulang, untuk halaman raksasa.</p>",
			  17 << 14, "</body></html>");
	const char *covers[] = {"article then 10,000-deep junk", "meta refresh, scripts, iframes",
				"17 MiB page"};
	for (size_t i = 0; i < 3; i++) {
		print_message("hostile: %s\n", covers[i]);
		struct extract_article a;
		char err[256];
		int rc = extract_article(cases[i], strlen(cases[i]), "https://kab-sleman.kpu.go.id/x",
					 NULL, NOW, WIB, &a, err, sizeof err);
		if (rc != 0)
			fail_msg("%s: %s", covers[i], err);
		assert_string_equal(a.title, "KPU Kabupaten Sleman Gelar Rapat Pleno Terbuka");
		if (i < 2) {
			char *text = text_of_html(a.body_html);
			assert_starts(text, "Sleman, kab-sleman.kpu.go.id", covers[i]);
			assert_null(strstr(a.body_html, "<iframe"));
			assert_null(strstr(a.body_html, "while(1)"));
			free(text);
			char iso[21];
			date_format_iso(a.published, iso);
			assert_string_equal(iso, "2022-01-04T17:00:00Z");
		}
		extract_article_free(&a);
		free(cases[i]);
	}
}

static void test_hostile_listing(void **state)
{
	(void)state;
	char *many = repeat("<html><body>",
			    "<a href=\"/blog/read/berita-yang-sama-diulang\">Berita yang sama diulang "
			    "terus</a><a href=\"javascript:alert(1)\">Judul berita palsu yang "
			    "panjang sekali</a><a href=\"#atas\">Kembali ke bagian atas halaman</a>",
			    50000, "</body></html>");
	struct extract_listing l;
	assert_int_equal(extract_listing_links(many, strlen(many), "https://kab-sleman.kpu.go.id/",
					       NULL, &l), 0);
	assert_int_equal(l.n_links, 1);
	assert_string_equal(l.links[0].url, "https://kab-sleman.kpu.go.id/blog/read/berita-yang-sama-diulang");
	extract_listing_free(&l);
	free(many);

	char *deep = repeat("<html><body>", "<div><a href=\"/blog/read/x\">", 10000, "");
	assert_int_equal(extract_listing_links(deep, strlen(deep), "https://kab-sleman.kpu.go.id/",
					       NULL, &l), 0);
	assert_true(l.n_links <= 1);
	assert_null(l.next_page);
	extract_listing_free(&l);
	free(deep);

	assert_int_equal(extract_listing_links("", 0, "https://kab-sleman.kpu.go.id/", NULL, &l), -1);
	assert_int_equal(extract_listing_links("<p>x</p>", 8, "not a url", NULL, &l), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_articles),
		cmocka_unit_test(test_article_urls_absolute),
		cmocka_unit_test(test_listings),
		cmocka_unit_test(test_profile_listing),
		cmocka_unit_test(test_profile_article),
		cmocka_unit_test(test_clean_fragment),
		cmocka_unit_test(test_hostile_no_text),
		cmocka_unit_test(test_hostile_still_read),
		cmocka_unit_test(test_hostile_listing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
