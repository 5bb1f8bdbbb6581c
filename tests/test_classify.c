#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "date.h"
#include "directory.h"
#include "util/buf.h"

/* ---- helpers ---- */

/* Does the space-separated list `set` hold `key`? */
static int set_has(const char *set, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = set; *p;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (len == n && strncmp(p, key, n) == 0)
			return 1;
		p += len;
	}
	return 0;
}

static size_t set_size(const char *set)
{
	size_t n = 0;
	for (const char *p = set; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n++;
		p += strcspn(p, " ");
	}
	return n;
}

static int matches_equal(const struct classify_match *m, size_t n, const char *expected)
{
	if (n != set_size(expected))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!set_has(expected, m[i].key))
			return 0;
	return 1;
}

static void print_matches(const char *what, const struct classify_match *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_message("  %s: %s \"%s\"\n", what, m[i].key, m[i].evidence);
}

/* ---- first use from many threads at once (runs first, before anything is built) ---- */

static const char thread_text[] = "Kadiv Hukum KPU Kota Semarang dan KPU Jateng.";

static void *classify_in_thread(void *arg)
{
	struct classify_result res;
	classify_text(NULL, thread_text, &res);
	*(int *)arg = res.n_mentions == 2 && res.n_divisions == 1 &&
		      strcmp(res.mentions[0].key, "kota-semarang") == 0 &&
		      strcmp(res.mentions[1].key, "jateng") == 0;
	classify_result_free(&res);
	return NULL;
}

static void test_first_use_from_threads(void **state)
{
	pthread_t threads[8];
	int ok[8] = {0};
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, classify_in_thread, &ok[i]), 0);
	for (size_t i = 0; i < 8; i++) {
		pthread_join(threads[i], NULL);
		assert_true(ok[i]);
	}
}

/* ---- gazetteer ---- */

static const struct {
	const char *covers, *text, *slugs, *evidence; /* evidence of the first mention */
} mention_rows[] = {
	{"kota", "KPU Kota Semarang menggelar rapat pleno terbuka.", "kota-semarang",
	 "KPU Kota Semarang"},
	{"kabupaten in full", "Rapat koordinasi di kantor KPU Kabupaten Sukoharjo.", "kab-sukoharjo",
	 "KPU Kabupaten Sukoharjo"},
	{"Kab. with a full stop", "Ketua KPU Kab. Sukoharjo membuka acara.", "kab-sukoharjo",
	 "KPU Kab. Sukoharjo"},
	{"Kab without a full stop", "Sekretariat KPU Kab Sukoharjo menerima kunjungan.",
	 "kab-sukoharjo", "KPU Kab Sukoharjo"},
	{"bare unique kabupaten name", "KPU Sukoharjo menetapkan DPT.", "kab-sukoharjo", NULL},
	{"province in full, not a kabupaten", "KPU Provinsi Jawa Tengah menggelar bimtek.", "jateng",
	 "KPU Provinsi Jawa Tengah"},
	{"Propinsi typo", "Surat edaran KPU Propinsi Jawa Timur sudah diterima.", "jatim",
	 "KPU Propinsi Jawa Timur"},
	{"Prov. with provincial slug", "Supervisi oleh KPU Prov. Jateng berjalan lancar.", "jateng",
	 "KPU Prov. Jateng"},
	{"provincial slug", "KPU Jateng memberikan arahan.", "jateng", "KPU Jateng"},
	{"more provincial slugs", "Hadir KPU Jatim, KPU Jabar, KPU Sumut dan KPU Sulsel.",
	 "jatim jabar sumut sulsel", "KPU Jatim"},
	{"short provinces", "Delegasi KPU NTB, KPU NTT, KPU DIY dan KPU Kaltim tiba.",
	 "ntb ntt diy kaltim", "KPU NTB"},
	{"DKI Jakarta", "KPU DKI Jakarta menetapkan pasangan calon.", "jakarta", "KPU DKI Jakarta"},
	{"DKJ", "Anggota KPU DKJ hadir.", "jakarta", "KPU DKJ"},
	{"official Jakarta name", "KPU Provinsi Daerah Khusus Jakarta menerima berkas.", "jakarta",
	 "KPU Provinsi Daerah Khusus Jakarta"},
	{"bare Jakarta", "KPU Jakarta menggelar debat.", "jakarta", "KPU Jakarta"},
	{"Jakarta city beats the province", "KPU Jakarta Selatan melantik PPK.", "jakartaselatan",
	 "KPU Jakarta Selatan"},
	{"Kota Administrasi", "KPU Kota Administrasi Jakarta Selatan menerima tamu.",
	 "jakartaselatan", NULL},
	{"Komisi Pemilihan Umum (KPU) Kota", "Komisi Pemilihan Umum (KPU) Kota Madiun menggelar rapat.",
	 "kota-madiun", "Komisi Pemilihan Umum (KPU) Kota Madiun"},
	{"KPU (Komisi Pemilihan Umum) Kota", "KPU (Komisi Pemilihan Umum) Kota Kediri menggelar rapat.",
	 "kota-kediri", "KPU (Komisi Pemilihan Umum) Kota Kediri"},
	{"Komisi Pemilihan Umum Kabupaten", "Komisi Pemilihan Umum Kabupaten Klaten membuka pendaftaran.",
	 "kab-klaten", "Komisi Pemilihan Umum Kabupaten Klaten"},
	{"KIP Aceh", "KIP Aceh menetapkan hasil rekapitulasi.", "kipaceh", "KIP Aceh"},
	{"Komisi Independen Pemilihan (KIP)", "Komisi Independen Pemilihan (KIP) Aceh mengundang media.",
	 "kipaceh", "Komisi Independen Pemilihan (KIP) Aceh"},
	{"KIP kabupaten, longest wins", "KIP Aceh Besar melantik PPS.", "kip-acehbesar",
	 "KIP Aceh Besar"},
	{"KIP Kabupaten", "KIP Kabupaten Aceh Besar menggelar sosialisasi.", "kip-acehbesar", NULL},
	{"KPU RI", "Surat KPU RI tentang tahapan.", "ri", "KPU RI"},
	{"KPU Republik Indonesia", "KPU Republik Indonesia menetapkan jadwal.", "ri", NULL},
	{"Komisi Pemilihan Umum RI", "Komisi Pemilihan Umum RI menerbitkan keputusan.", "ri", NULL},
	{"Komisi Pemilihan Umum Republik Indonesia",
	 "Komisi Pemilihan Umum Republik Indonesia (KPU RI) menggelar rapat.", "ri",
	 "Komisi Pemilihan Umum Republik Indonesia"},
	{"KPU Pusat", "Arahan dari KPU Pusat sudah jelas.", "ri", "KPU Pusat"},
	{"kabupaten of a pair", "KPU Kabupaten Madiun menggelar rakor.", "kab-madiun", NULL},
	{"both of a pair", "KPU Kota Madiun dan KPU Kabupaten Madiun berkolaborasi.",
	 "kota-madiun kab-madiun", NULL},
	{"bare name of a pair is ambiguous", "KPU Madiun menggelar rakor.", "", NULL},
	{"bare Semarang is ambiguous", "Rapat di KPU Semarang.", "", NULL},
	{"province vs kabupaten and kota of the same name", "KPU Gorontalo menggelar rapat.", "",
	 NULL},
	{"the province when its level is said", "KPU Provinsi Gorontalo menggelar rapat.",
	 "gorontalo", NULL},
	{"DPRD with a place is not KPU", "Ketua DPRD Kota Bogor menghadiri rapat.", "", NULL},
	{"governor with a provincial slug", "Gubernur Jatim meresmikan gedung.", "", NULL},
	{"Pemkot with a place", "Pemkot Semarang mendukung pemilu.", "", NULL},
	{"HUT RI", "Upacara HUT RI ke-79 di halaman kantor.", "", NULL},
	{"Bawaslu is not KPU", "Bawaslu Kota Semarang melakukan pengawasan.", "", NULL},
	{"kabupaten/kota se-province names none", "Rakor KPU Kabupaten/Kota se-Jawa Timur digelar.",
	 "", NULL},
	{"lower-case se-Provinsi", "seluruh KPU kabupaten/kota se-Provinsi Jawa Tengah hadir.", "",
	 NULL},
	{"KPU alone", "KPU mengajak masyarakat datang ke TPS.", "", NULL},
	{"sentence break after KPU", "Ia hadir di KPU. Kota Semarang juga menggelar acara.", "",
	 NULL},
	{"conjunction list", "KPU Kabupaten Sukoharjo, Kabupaten Klaten dan Kota Surakarta hadir.",
	 "kab-sukoharjo kab-klaten kota-surakarta", NULL},
	{"province then kabupaten by conjunction",
	 "KPU Provinsi Jawa Tengah dan Kabupaten Semarang meninjau gudang.", "jateng kab-semarang",
	 NULL},
	{"slug alias Pangkep", "KPU Kab. Pangkep menggelar rapat.", "kab-pangkep", NULL},
	{"Komisioner KPU Kab. Bandung Barat", "Komisioner KPU Kab. Bandung Barat hadir.",
	 "kab-bandungbarat", "KPU Kab. Bandung Barat"},
	{"KPU Provinsi with a short name", "KPU Provinsi Jatim menggelar rapat.", "jatim",
	 "KPU Provinsi Jatim"},
	{"KPU Prov. abbreviation", "KPU Prov. Jawa Barat menggelar rapat.", "jabar", NULL},
	{"KPU Kab without a dot", "KPU Kab Sukoharjo menggelar rapat.", "kab-sukoharjo", NULL},
	{"KPU Kab. without a space", "KPU Kab.Sukoharjo menggelar rapat.", "kab-sukoharjo", NULL},
	{"Kab. vs Kota of one name", "KPU Kab. Semarang dan KPU Kota Semarang.",
	 "kab-semarang kota-semarang", NULL},
	{"KPUD, the old name", "KPUD Kota Depok menggelar rapat.", "kota-depok", NULL},
	{"Komisi Pemilihan Umum without (KPU)", "Komisi Pemilihan Umum Kota Madiun menggelar rapat.",
	 "kota-madiun", NULL},
	{"KIP kabupaten with and without its level", "KIP Kabupaten Aceh Besar dan KIP Kota Banda Aceh.",
	 "kip-acehbesar kip-bandaaceh", NULL},
	{"Jakarta's administrative city", "KPU Jakarta Selatan menggelar rapat.", "jakartaselatan",
	 NULL},
	{"bare Komisi Pemilihan Umum names none", "Komisi Pemilihan Umum menetapkan jadwal.", "", NULL},
	{"Kantor KPU names none", "Rapat di kantor KPU setempat.", "", NULL},
	{"se-Jawa Tengah names none", "Seluruh KPU se-Jawa Tengah hadir.", "", NULL},
	{"hyphenated name", "KPU Kabupaten Toli-Toli menerima tamu.", "kab-tolitoli", NULL},
	{"hyphenated name without hyphen", "KPU Tolitoli menerima tamu.", "kab-tolitoli", NULL},
	{"NBSP and runs of spaces", "KPU\xc2\xa0Kota   Semarang hadir.", "kota-semarang",
	 "KPU\xc2\xa0Kota   Semarang"},
	{"case", "kpu KOTA semarang hadir.", "kota-semarang", NULL},
	{"photo credit", "(erh/ed. Foto: awh/KPU Kota Semarang)", "kota-semarang", NULL},
	{"typographic dash dateline",
	 "Semarang, kota-semarang.kpu.go.id \xe2\x80\x93 KPU Kota Semarang menggelar rapat.",
	 "kota-semarang", NULL},
	{"typographic quotes", "\xe2\x80\x9cKPU Kota Semarang\xe2\x80\x9d siap.", "kota-semarang",
	 "KPU Kota Semarang"},
	{"KPUD", "KPUD Kota Semarang pada 2013.", "kota-semarang", NULL},
	{"Kota Yogyakarta vs DIY", "KPU Kota Yogyakarta dan KPU DIY menggelar rapat.",
	 "kota-yogyakarta diy", NULL},
	{"longest Papua province", "KPU Papua Barat Daya dan KPU Papua Barat bertemu KPU Papua.",
	 "papuabaratdaya papuabarat papua", NULL},
	{"bare kabupaten longer than a province", "KPU Lampung Selatan dan KPU Lampung.",
	 "kab-lampungselatan lampung", NULL},
	{"secretariat of a province", "Sekretariat KPU Provinsi Sulawesi Selatan.", "sulsel", NULL},
	{"a name continues into other words", "KPU Kota Semarangan.", "", NULL},
	{"same office twice is one mention", "KPU Kota Semarang ... KPU Kota Semarang.",
	 "kota-semarang", NULL},
	{"Kabupaten Kepulauan Seribu", "KPU Kepulauan Seribu menyeberang.", "kepulauanseribu", NULL},
	{"abbreviated Tangsel", "KPU Tangsel menggelar rapat.", "kota-tangerangselatan", NULL},
};

static void test_mentions(void **state)
{
	for (size_t r = 0; r < sizeof mention_rows / sizeof *mention_rows; r++) {
		struct classify_result res;
		assert_int_equal(classify_text(NULL, mention_rows[r].text, &res), 0);
		int ok = matches_equal(res.mentions, res.n_mentions, mention_rows[r].slugs);
		if (ok && mention_rows[r].evidence)
			ok = res.n_mentions > 0 &&
			     strcmp(res.mentions[0].evidence, mention_rows[r].evidence) == 0;
		if (!ok) {
			print_message("mentions row \"%s\": want {%s}\n", mention_rows[r].covers,
				      mention_rows[r].slugs);
			print_matches("got", res.mentions, res.n_mentions);
		}
		classify_result_free(&res);
		if (!ok)
			fail_msg("mentions row \"%s\"", mention_rows[r].covers);
	}
}

/* ---- divisions ---- */

static const struct {
	const char *covers, *text, *ids, *evidence; /* evidence of the first division */
} division_rows[] = {
	{"Divisi Teknis", "Ketua Divisi Teknis KPU Kota Semarang memaparkan.", "TEKNIS",
	 "Divisi Teknis"},
	{"Teknis Penyelenggara", "Kadiv Teknis Penyelenggara menjelaskan tahapan.", "TEKNIS",
	 "Kadiv Teknis Penyelenggara"},
	{"Teknis Penyelenggaraan Pemilu", "Divisi Teknis Penyelenggaraan Pemilu hadir.", "TEKNIS",
	 "Divisi Teknis Penyelenggaraan Pemilu"},
	{"Tenis typo", "Anggota KPU Divisi Tenis, Ahmad, hadir.", "TEKNIS", "Divisi Tenis"},
	{"Divisi Hukum", "Kordiv Hukum memberi materi.", "HUKUM", "Kordiv Hukum"},
	{"Hukum & Pengawasan", "Divisi Hukum & Pengawasan menggelar rapat.", "HUKUM",
	 "Divisi Hukum & Pengawasan"},
	{"Devisi typo", "Devisi Hukum Dan Pengawasan menggelar rapat.", "HUKUM",
	 "Devisi Hukum Dan Pengawasan"},
	{"Hukum dan Pengawasan evidence", "Anggota KPU Jateng Divisi Hukum dan Pengawasan.", "HUKUM",
	 "Divisi Hukum dan Pengawasan"},
	{"Sosdiklih", "Kadiv Sosdiklih membuka acara.", "SOSDIKLIH", "Kadiv Sosdiklih"},
	{"Sosdiklih Parmas", "Divisi Sosdiklih Parmas turun ke sekolah.", "SOSDIKLIH",
	 "Divisi Sosdiklih Parmas"},
	{"Sosdiklih, Parmas dan SDM", "Divisi Sosdiklih, Parmas dan SDM hadir.", "SOSDIKLIH",
	 "Divisi Sosdiklih, Parmas dan SDM"},
	{"Partisipasi Masyarakat dan SDM is SOSDIKLIH",
	 "Koordinator Divisi Partisipasi Masyarakat dan SDM menjelaskan.", "SOSDIKLIH",
	 "Divisi Partisipasi Masyarakat dan SDM"},
	{"long SOSDIKLIH with Hubmas",
	 "Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi, Hubmas, dan SDM menggelar lomba.",
	 "SOSDIKLIH", "Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi, Hubmas, dan SDM"},
	{"official SOSDIKLIH",
	 "Divisi Sosialisasi, Pendidikan Pemilih dan Partisipasi Masyarakat hadir.", "SOSDIKLIH",
	 NULL},
	{"SDM dan Litbang is SDM", "Divisi SDM dan Litbang KPU Jatim.", "SDM",
	 "Divisi SDM dan Litbang"},
	{"SDM in full", "Divisi Sumber Daya Manusia, Penelitian dan Pengembangan hadir.", "SDM", NULL},
	{"SDM at KPU RI", "Divisi SDM, Organisasi, Diklat dan Litbang KPU RI.", "SDM",
	 "Divisi SDM, Organisasi, Diklat dan Litbang"},
	{"Rendatin", "Kadiv Rendatin memaparkan data.", "RENDATIN", "Kadiv Rendatin"},
	{"Perencanaan Data dan Informasi", "Divisi Perencanaan Data dan Informasi.", "RENDATIN", NULL},
	{"Perencanaan, Data, dan Informasi", "Divisi Perencanaan, Data, dan Informasi.", "RENDATIN",
	 "Divisi Perencanaan, Data, dan Informasi"},
	{"older Perencanaan, Program dan Data", "Divisi Perencanaan, Program dan Data pada 2018.",
	 "RENDATIN", NULL},
	{"Program dan Data", "Divisi Program dan Data.", "RENDATIN", NULL},
	{"Perencanaan dan Data", "Divisi Perencanaan dan Data.", "RENDATIN", NULL},
	{"Data dan Informasi", "Wakadiv Data dan Informasi KPU Jabar.", "DATIN",
	 "Wakadiv Data dan Informasi"},
	{"Datin", "Divisi Datin KPU RI.", "DATIN", NULL},
	{"Perencanaan dan Logistik", "Divisi Perencanaan dan Logistik KPU Jatim.", "RENLOG", NULL},
	{"Renlog", "Kadiv Renlog mengecek gudang.", "RENLOG", NULL},
	{"Umum, Keuangan dan Logistik", "Divisi Umum, Keuangan dan Logistik.", "KUL", NULL},
	{"Keuangan, Umum, Logistik, dan Rumah Tangga",
	 "Divisi Keuangan, Umum, Logistik, dan Rumah Tangga.", "KUL",
	 "Divisi Keuangan, Umum, Logistik, dan Rumah Tangga"},
	{"KURL", "Ketua KPU sekaligus Kadiv KURL.", "KUL", "Kadiv KURL"},
	{"secretariat: Kasubbag", "Kasubbag Teknis Penyelenggaraan Pemilu, Partisipasi dan Hubungan "
	 "Masyarakat hadir.", "", NULL},
	{"secretariat: Kepala Subbagian", "Kepala Subbagian Perencanaan, Data, dan Informasi.", "",
	 NULL},
	{"secretariat: Kepala Sub Bagian", "Kepala Sub Bagian Hukum dan SDM.", "", NULL},
	{"secretariat: Subbag", "Subbag Keuangan, Umum dan Logistik menyusun laporan.", "", NULL},
	{"secretariat: Kabag", "Kabag Teknis Penyelenggaraan Pemilu dan Hukum.", "", NULL},
	{"secretariat since 2025", "Kasubbag SDM dan Partisipasi Masyarakat.", "", NULL},
	{"Tekmas and Rendatin sections", "Kasubbag Tekmas dan Kasubbag Rendatin.", "", NULL},
	{"Ketua KPU is a role", "Ketua KPU Kota Semarang membuka rapat.", "", NULL},
	{"bare hukum", "Masalah hukum dibahas bersama.", "", NULL},
	{"bare data", "Data pemilih dimutakhirkan.", "", NULL},
	{"bare Perencanaan is ambiguous", "Divisi Perencanaan hadir.", "", NULL},
	{"a division of another body", "Kadiv Humas Polri hadir.", "", NULL},
	{"sentence break after the anchor", "Ia di Divisi. Hukum berlaku.", "", NULL},
	{"several divisions",
	 "Kadiv Teknis, Kadiv Hukum dan Pengawasan, serta Kadiv Sosdiklih memaparkan materi.",
	 "TEKNIS HUKUM SOSDIKLIH", "Kadiv Teknis"},
	{"several divisions in one sentence",
	 "Hadir Ketua Divisi Rendatin dan Ketua Divisi Umum, Keuangan dan Logistik.",
	 "RENDATIN KUL", NULL},
	{"same division twice is one", "Divisi Hukum ... Divisi Hukum dan Pengawasan.", "HUKUM",
	 "Divisi Hukum"},
	{"Kadiv. abbreviation", "Kadiv. Hukum hadir.", "HUKUM", "Kadiv. Hukum"},
	{"Bawaslu's division before the anchor", "Anggota Bawaslu Kota Semarang Divisi Hukum, Budi.",
	 "", NULL},
	{"Bawaslu's division after the phrase", "Kordiv Hukum, Humas dan Datin Bawaslu Kota Madiun.",
	 "", NULL},
	{"Panwaslih Aceh's division", "Koordinator Divisi Teknis Panwaslih Aceh hadir.", "", NULL},
	{"Bawaslu named before another person's title",
	 "Ketua Bawaslu dan Kadiv Hukum KPU Kota Semarang hadir.", "HUKUM", "Kadiv Hukum"},
	{"KPU before the anchor, Bawaslu later in the clause",
	 "Anggota KPU Kota Semarang Divisi Hukum dan Pengawasan menerima audiensi Bawaslu Kota Semarang.",
	 "HUKUM", "Divisi Hukum dan Pengawasan"},
	{"a verb between the division and Bawaslu",
	 "Kadiv Teknis Penyelenggaraan menerima kunjungan Bawaslu Kota Semarang.", "TEKNIS",
	 "Kadiv Teknis Penyelenggaraan"},
	{"Bawaslu after KPU is not the division's body",
	 "Kadiv Hukum KPU Kota Semarang bersama Bawaslu hadir.", "HUKUM", "Kadiv Hukum"},
	{"Bawaslu in the sentence before", "Bawaslu Kota Semarang hadir. Divisi Teknis KPU memaparkan.",
	 "TEKNIS", "Divisi Teknis"},
	{"one member, two divisions", "Kadiv Datin dan Renlog KPU Jatim.", "DATIN RENLOG",
	 "Kadiv Datin"},
	{"Hukum dan SDM is no second division", "Kadiv Hukum dan SDM KPU Kota Bogor.", "HUKUM",
	 "Kadiv Hukum"},
	{"typo Sosialiasi", "Divisi Sosialiasi Pendidikan Pemilih hadir.", "SOSDIKLIH",
	 "Divisi Sosialiasi Pendidikan Pemilih"},
	{"typo Perencanan", "Divisi Perencanan Data dan Informasi hadir.", "RENDATIN", NULL},
	{"typo Tekhnis with Devisi", "Devisi Tekhnis Penyelenggaraan hadir.", "TEKNIS", NULL},
	{"capitals", "DIVISI TEKNIS PENYELENGGARAAN KPU KOTA SEMARANG", "TEKNIS", NULL},
	{"Anggota ... yang membidangi Divisi", "Anggota KPU yang membidangi Divisi Hukum hadir.",
	 "HUKUM", "Divisi Hukum"},
	{"secretariat: Kasubag with one b", "Kasubag Hukum dan SDM hadir.", "", NULL},
	{"secretariat: Kepala Bagian", "Kepala Bagian Keuangan, Umum dan Logistik hadir.", "", NULL},
};

static void test_divisions(void **state)
{
	for (size_t r = 0; r < sizeof division_rows / sizeof *division_rows; r++) {
		struct classify_result res;
		assert_int_equal(classify_text(division_rows[r].text, NULL, &res), 0);
		int ok = matches_equal(res.divisions, res.n_divisions, division_rows[r].ids);
		if (ok && division_rows[r].evidence)
			ok = res.n_divisions > 0 &&
			     strcmp(res.divisions[0].evidence, division_rows[r].evidence) == 0;
		if (!ok) {
			print_message("divisions row \"%s\": want {%s}\n", division_rows[r].covers,
				      division_rows[r].ids);
			print_matches("got", res.divisions, res.n_divisions);
		}
		classify_result_free(&res);
		if (!ok)
			fail_msg("divisions row \"%s\"", division_rows[r].covers);
	}
}

static void test_division_vocabulary(void **state)
{
	static const char *const ids[] = {"TEKNIS", "HUKUM", "SOSDIKLIH", "SDM", "RENDATIN",
					  "DATIN", "RENLOG", "KUL"};
	assert_int_equal(division_count(), 8);
	for (size_t i = 0; i < 8; i++) {
		assert_string_equal(division_id_at(i), ids[i]);
		assert_non_null(division_name(ids[i]));
	}
	assert_null(division_id_at(8));
	assert_string_equal(division_name("hukum"), "Divisi Hukum dan Pengawasan");
	assert_null(division_name("POLRI"));
	assert_null(division_name(NULL));
}

static void test_division_lookup(void **state)
{
	static const struct {
		const char *text, *id;
	} rows[] = {
		{"HUKUM", "HUKUM"}, {"hukum", "HUKUM"}, {"Sosdiklih", "SOSDIKLIH"},
		{"Hukum dan Pengawasan", "HUKUM"}, {"hukum & pengawasan", "HUKUM"},
		{"sosdiklih parmas", "SOSDIKLIH"}, {"Partisipasi Masyarakat dan SDM", "SOSDIKLIH"},
		{"SDM dan Litbang", "SDM"}, {"  datin ", "DATIN"}, {"Divisi Teknis", "TEKNIS"},
		{"Kadiv Rendatin", "RENDATIN"}, {"KURL", "KUL"}, {"renlog", "RENLOG"},
		{"Divisi Teknis Penyelenggaraan", "TEKNIS"}, {"Tenis", "TEKNIS"},
		{"Perencanaan, Data, dan Informasi", "RENDATIN"},
		{"polri", NULL}, {"", NULL}, {"Divisi", NULL}, {"hukum pidana", NULL},
	};
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		const char *id = division_lookup(rows[r].text);
		if (!rows[r].id) {
			if (id)
				fail_msg("division_lookup(\"%s\") = %s, want none", rows[r].text, id);
			continue;
		}
		if (!id || strcmp(id, rows[r].id) != 0)
			fail_msg("division_lookup(\"%s\") = %s, want %s", rows[r].text,
				 id ? id : "none", rows[r].id);
	}
	assert_null(division_lookup(NULL));
}

static void test_office_lookup(void **state)
{
	static const struct {
		const char *text, *slug;
	} rows[] = {
		{"kota-semarang", "kota-semarang"}, {"Kota-Semarang", "kota-semarang"},
		{"jateng", "jateng"}, {"KPU Jateng", "jateng"}, {"kota semarang", "kota-semarang"},
		{"KPU Kota Madiun", "kota-madiun"}, {"kabupaten madiun", "kab-madiun"},
		{"Kab. Sukoharjo", "kab-sukoharjo"}, {"sukoharjo", "kab-sukoharjo"},
		{"Jawa Tengah", "jateng"}, {"Provinsi Jawa Tengah", "jateng"},
		{"KIP Aceh Besar", "kip-acehbesar"}, {"KPU RI", "ri"}, {"ri", "ri"},
		{"DKI Jakarta", "jakarta"}, {"kota-madiun.kpu.go.id", "kota-madiun"},
		{"https://www.kpu.go.id/berita/baca/1/-", "ri"},
		{"madiun", NULL}, {"KPU", NULL}, {"", NULL}, {"Kota Semarang raya", NULL},
		{"bawaslu kota semarang", NULL},
	};
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		const char *slug = classify_office_lookup(rows[r].text);
		if (!rows[r].slug) {
			if (slug)
				fail_msg("office_lookup(\"%s\") = %s, want none", rows[r].text, slug);
			continue;
		}
		if (!slug || strcmp(slug, rows[r].slug) != 0)
			fail_msg("office_lookup(\"%s\") = %s, want %s", rows[r].text,
				 slug ? slug : "none", rows[r].slug);
	}
	assert_null(classify_office_lookup(NULL));
}

/* Every office is found by its official name, in a sentence. */
static void test_every_official_name(void **state)
{
	struct buf text;
	buf_init(&text);
	for (size_t i = 0; i < directory_count(); i++) {
		const struct office *o = directory_at(i);
		buf_reset(&text);
		buf_printf(&text, "Hari ini %s menggelar rapat pleno.", o->name);
		struct classify_result res;
		classify_text(NULL, text.data, &res);
		int ok = res.n_mentions == 1 && strcmp(res.mentions[0].key, o->slug) == 0;
		classify_result_free(&res);
		if (!ok)
			fail_msg("official name \"%s\" does not give %s", o->name, o->slug);
	}
	buf_free(&text);
}

/* Hostile input: long words, lone UTF-8 bytes, many anchors, no NUL games. */
static void test_hostile_text(void **state)
{
	size_t n = 200000;
	char *text = malloc(n + 1);
	assert_non_null(text);
	static const char pattern[] = "KPU Divisi \xe2\x80\x93\xc2 Kota,&. x";
	for (size_t i = 0; i < n; i++)
		text[i] = pattern[i % (sizeof pattern - 1)];
	text[n] = '\0';
	struct classify_result res;
	assert_int_equal(classify_text(text, text, &res), 0);
	classify_result_free(&res);
	memset(text, 'a', n);
	assert_int_equal(classify_text(text, "", &res), 0);
	assert_int_equal(res.n_mentions, 0);
	classify_result_free(&res);
	free(text);
	assert_int_equal(classify_text(NULL, NULL, &res), 0);
	assert_int_equal(res.n_mentions + res.n_divisions, 0);
	classify_result_free(&res);
}

/* ---- labelled articles ---- */

struct article {
	char *file;
	char *title, *source, *mentions, *divisions, *date, *now;
	char *body;
};

static char *read_whole(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b;
	buf_init(&b);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, got);
	fclose(f);
	char *s = buf_steal(&b);
	buf_free(&b);
	return s;
}

/* Header lines "key: value" up to a line "---", then the body. */
static int parse_article(char *text, struct article *a)
{
	char *p = text;
	while (*p) {
		char *eol = strchr(p, '\n');
		if (!eol)
			return -1;
		*eol = '\0';
		if (strcmp(p, "---") == 0) {
			a->body = eol + 1;
			return 0;
		}
		char *colon = strchr(p, ':');
		if (!colon)
			return -1;
		*colon = '\0';
		char *value = str_trim(colon + 1);
		if (strcmp(p, "title") == 0)
			a->title = value;
		else if (strcmp(p, "source") == 0)
			a->source = value;
		else if (strcmp(p, "mentions") == 0)
			a->mentions = value;
		else if (strcmp(p, "divisions") == 0)
			a->divisions = value;
		else if (strcmp(p, "date") == 0)
			a->date = value;
		else if (strcmp(p, "now") == 0)
			a->now = value;
		else
			return -1;
		p = eol + 1;
	}
	return -1;
}

struct score {
	size_t true_positive, false_positive, false_negative;
};

static void score_add(struct score *s, const char *file, const char *field,
		      const struct classify_match *m, size_t n, const char *expected)
{
	for (size_t i = 0; i < n; i++) {
		if (set_has(expected, m[i].key)) {
			s->true_positive++;
		} else {
			s->false_positive++;
			print_message("%s: %s: unexpected %s (\"%s\")\n", file, field, m[i].key,
				      m[i].evidence);
		}
	}
	for (const char *p = expected; *p;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		int found = 0;
		for (size_t i = 0; i < n; i++)
			found |= strlen(m[i].key) == len && strncmp(m[i].key, p, len) == 0;
		if (!found) {
			s->false_negative++;
			print_message("%s: %s: missed %.*s\n", file, field, (int)len, p);
		}
		p += len;
	}
}

static double precision(const struct score *s)
{
	size_t d = s->true_positive + s->false_positive;
	return d ? (double)s->true_positive / (double)d : 1.0;
}

static double recall(const struct score *s)
{
	size_t d = s->true_positive + s->false_negative;
	return d ? (double)s->true_positive / (double)d : 1.0;
}

static int64_t day_of(const char *ymd)
{
	int y, m, d;
	int64_t t;
	if (sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3 || date_from_fields(y, m, d, 0, 0, 0, 0, &t))
		return -1;
	return t;
}

/* The date module reads the publication date; compare the office's local calendar day. */
static int check_date(const struct article *a, const struct office *o)
{
	int64_t now = a->now && a->now[0] ? day_of(a->now) : day_of("2026-03-01");
	struct date_found found;
	int rc = date_find_in_text(a->body, now, o ? o->tz_offset_min : 420, &found);
	if (strcmp(a->date, "none") == 0)
		return rc != 0;
	if (rc != 0)
		return 0;
	char iso[21];
	date_format_iso(found.when + (o ? o->tz_offset_min : 420) * 60, iso);
	return strncmp(iso, a->date, 10) == 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t list_articles(const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	size_t n = 0;
	*names = NULL;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < 1000) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		*names = realloc(*names, (n + 1) * sizeof **names);
		(*names)[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(*names, n, sizeof **names, compare_names);
	return n;
}

static void test_labelled_articles(void **state)
{
	const char *testdata = getenv("TESTDATA") ? getenv("TESTDATA") : "tests/data";
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/labelled", testdata);
	char **names = NULL;
	size_t n = list_articles(dir, &names);
	print_message("%zu labelled articles in %s\n", n, dir);
	assert_true(n >= 40);
	struct score mentions = {0}, divisions = {0};
	size_t dates_right = 0, dates_checked = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4200];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		char *text = read_whole(path);
		assert_non_null(text);
		struct article a = {.file = names[i]};
		if (parse_article(text, &a) != 0 || !a.title || !a.mentions || !a.divisions)
			fail_msg("%s: malformed (need title, mentions, divisions, ---)", path);
		const struct office *o = a.source ? directory_find_slug(a.source) : NULL;
		if (a.source && !o)
			fail_msg("%s: unknown source office %s", path, a.source);
		struct classify_result res;
		classify_text(a.title, a.body, &res);
		score_add(&mentions, names[i], "mentions", res.mentions, res.n_mentions, a.mentions);
		score_add(&divisions, names[i], "divisions", res.divisions, res.n_divisions,
			  a.divisions);
		classify_result_free(&res);
		if (a.date) {
			dates_checked++;
			if (check_date(&a, o))
				dates_right++;
			else
				print_message("%s: date: want %s\n", names[i], a.date);
		}
		free(text);
		free(names[i]);
	}
	free(names);
	print_message("mentions:  precision %.3f recall %.3f (tp %zu fp %zu fn %zu)\n",
		      precision(&mentions), recall(&mentions), mentions.true_positive,
		      mentions.false_positive, mentions.false_negative);
	print_message("divisions: precision %.3f recall %.3f (tp %zu fp %zu fn %zu)\n",
		      precision(&divisions), recall(&divisions), divisions.true_positive,
		      divisions.false_positive, divisions.false_negative);
	print_message("dates:     %zu of %zu right\n", dates_right, dates_checked);
	assert_true(mentions.true_positive > 0 && divisions.true_positive > 0);
	assert_true(precision(&mentions) >= 0.95);
	assert_true(recall(&mentions) >= 0.95);
	assert_true(precision(&divisions) >= 0.95);
	assert_true(recall(&divisions) >= 0.95);
	assert_true(dates_checked >= 40);
	assert_true(dates_right * 100 >= dates_checked * 95);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_use_from_threads),
		cmocka_unit_test(test_mentions),
		cmocka_unit_test(test_divisions),
		cmocka_unit_test(test_division_vocabulary),
		cmocka_unit_test(test_division_lookup),
		cmocka_unit_test(test_office_lookup),
		cmocka_unit_test(test_every_official_name),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_labelled_articles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
