#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "directory.h"

static void test_counts_per_level(void **state)
{
	static const struct {
		const char *level;
		size_t expected;
	} rows[] = {
		{"ri", 1}, {"provinsi", 38}, {"kabupaten", 416}, {"kota", 98},
	};
	assert_int_equal(directory_count(), 553);
	assert_null(directory_at(553));
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		size_t n = 0;
		for (size_t i = 0; i < directory_count(); i++)
			n += strcmp(directory_at(i)->level, rows[r].level) == 0;
		print_message("level %s: %zu offices\n", rows[r].level, n);
		assert_int_equal(n, rows[r].expected);
	}
}

/* Every office can be found again by its slug and by its domain, and has a zone. */
static void test_every_office_round_trips(void **state)
{
	for (size_t i = 0; i < directory_count(); i++) {
		const struct office *o = directory_at(i);
		assert_ptr_equal(directory_find_slug(o->slug), o);
		assert_ptr_equal(directory_find_host(o->domain), o);
		assert_true(o->tz_offset_min == 420 || o->tz_offset_min == 480 ||
			    o->tz_offset_min == 540);
		assert_non_null(o->name);
		assert_true(strlen(o->domain) > strlen(".kpu.go.id"));
	}
}

static void test_fields(void **state)
{
	const struct office *o = directory_find_slug("kota-semarang");
	assert_non_null(o);
	assert_string_equal(o->code, "33.74");
	assert_string_equal(o->level, "kota");
	assert_string_equal(o->name, "KPU Kota Semarang");
	assert_string_equal(o->province, "Jawa Tengah");
	assert_string_equal(o->domain, "kota-semarang.kpu.go.id");
	assert_string_equal(o->domain_status, "verified");
	o = directory_find_slug("ri");
	assert_non_null(o);
	assert_string_equal(o->code, "");
	assert_string_equal(o->province, "");
	assert_null(directory_find_slug("KOTA-SEMARANG"));
	assert_null(directory_find_slug("atlantis"));
	assert_null(directory_find_slug(NULL));
}

static void test_time_zones(void **state)
{
	static const struct {
		const char *slug, *what, *tz;
		int offset;
	} rows[] = {
		{"ri", "KPU RI is in Jakarta", "WIB", 420},
		{"kota-semarang", "Java", "WIB", 420},
		{"kipaceh", "Aceh", "WIB", 420},
		{"kepri", "Kepulauan Riau", "WIB", 420},
		{"kalbar", "Kalimantan Barat is WIB", "WIB", 420},
		{"kalteng", "Kalimantan Tengah is WIB", "WIB", 420},
		{"kalsel", "Kalimantan Selatan is WITA", "WITA", 480},
		{"kaltara", "Kalimantan Utara", "WITA", 480},
		{"bali", "Bali", "WITA", 480},
		{"kab-kupang", "NTT kabupaten", "WITA", 480},
		{"gorontalo", "Gorontalo", "WITA", 480},
		{"sulbar", "Sulawesi Barat", "WITA", 480},
		{"kab-pangkep", "Sulawesi Selatan kabupaten", "WITA", 480},
		{"maluku", "Maluku", "WIT", 540},
		{"malut", "Maluku Utara", "WIT", 540},
		{"kota-jayapura", "Papua kota", "WIT", 540},
		{"papuabaratdaya", "Papua Barat Daya", "WIT", 540},
		{"papuapegunungan", "Papua Pegunungan", "WIT", 540},
	};
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		const struct office *o = directory_find_slug(rows[r].slug);
		print_message("tz %s (%s)\n", rows[r].slug, rows[r].what);
		assert_non_null(o);
		assert_string_equal(o->tz, rows[r].tz);
		assert_int_equal(o->tz_offset_min, rows[r].offset);
	}
}

static void test_find_host_and_url(void **state)
{
	static const struct {
		const char *input, *slug, *what;
		int is_url;
	} rows[] = {
		{"kota-semarang.kpu.go.id", "kota-semarang", "plain host", 0},
		{"KOTA-SEMARANG.KPU.GO.ID", "kota-semarang", "upper case", 0},
		{"www.kota-semarang.kpu.go.id", "kota-semarang", "www. prefix", 0},
		{"kota-semarang.kpu.go.id.", "kota-semarang", "trailing dot", 0},
		{"kota-semarang.kpu.go.id:443", "kota-semarang", "port", 0},
		{"www.kpu.go.id", "ri", "KPU RI with www", 0},
		{"kpu.go.id", "ri", "KPU RI without www", 0},
		{"kab-madiun.kpu.go.id", "kab-madiun", "kabupaten of a pair", 0},
		{"kota-madiun.kpu.go.id", "kota-madiun", "kota of a pair", 0},
		{"evil.kpu.go.id.example.com", NULL, "look-alike host", 0},
		{"semarang.kpu.go.id", NULL, "no such office", 0},
		{"", NULL, "empty", 0},
		{"https://kota-semarang.kpu.go.id/index.php/blog/read/123_rapat", "kota-semarang",
		 "article url", 1},
		{"https://www.kpu.go.id/berita/baca/12345/-", "ri", "KPU RI article", 1},
		{"http://JATENG.kpu.go.id:8080/blog/category/104?page=2", "jateng", "port and case",
		 1},
		{"https://user@kab-pangkep.kpu.go.id/", "kab-pangkep", "userinfo", 1},
		{"https://example.com/kota-semarang.kpu.go.id", NULL, "office host only in path", 1},
		{"kota-semarang.kpu.go.id/blog", NULL, "no scheme", 1},
	};
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		print_message("find %s (%s)\n", rows[r].input, rows[r].what);
		const struct office *o = rows[r].is_url ? directory_find_url(rows[r].input)
							: directory_find_host(rows[r].input);
		if (!rows[r].slug) {
			assert_null(o);
			continue;
		}
		assert_non_null(o);
		assert_string_equal(o->slug, rows[r].slug);
	}
	assert_null(directory_find_host(NULL));
	assert_null(directory_find_url(NULL));
}

static void test_news_url(void **state)
{
	static const struct {
		const char *slug, *url;
	} rows[] = {
		{"kota-semarang", "https://kota-semarang.kpu.go.id/index.php/blog/category/104"},
		{"jateng", "https://jateng.kpu.go.id/index.php/blog/category/104"},
		{"kip-acehbesar", "https://kip-acehbesar.kpu.go.id/index.php/blog/category/104"},
		{"ri", "https://www.kpu.go.id/berita/104/berita-terkini"},
	};
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		char *url = directory_news_url(directory_find_slug(rows[r].slug));
		assert_non_null(url);
		assert_string_equal(url, rows[r].url);
		free(url);
	}
	assert_null(directory_news_url(NULL));
}

static void test_short_names(void **state)
{
	static const struct {
		const char *slug, *expected;
	} rows[] = {
		{"kota-semarang", "Kota Semarang"},
		{"kab-sukoharjo", "Kab. Sukoharjo"},
		{"kab-semarang", "Kab. Semarang"},
		{"jateng", "Jawa Tengah"},
		{"jakarta", "Daerah Khusus Jakarta"},
		{"kipaceh", "Aceh"},
		{"kip-acehbesar", "Kab. Aceh Besar"},
		{"kip-bandaaceh", "Kota Banda Aceh"},
		{"ri", "KPU RI"},
	};
	char buf[64];
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		const struct office *o = directory_find_slug(rows[r].slug);
		assert_non_null(o);
		assert_string_equal(directory_short_name(o, buf, sizeof buf), rows[r].expected);
	}
	char tiny[6];
	assert_string_equal(directory_short_name(directory_find_slug("kab-sukoharjo"), tiny,
						 sizeof tiny), "Kab. ");
	assert_string_equal(directory_short_name(NULL, buf, sizeof buf), "");
}

/* Short names must tell offices apart in a list column. */
static void test_short_names_unique(void **state)
{
	size_t n = directory_count();
	char (*names)[96] = calloc(n, sizeof *names);
	assert_non_null(names);
	for (size_t i = 0; i < n; i++) {
		directory_short_name(directory_at(i), names[i], sizeof names[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				fail_msg("short name \"%s\" shared by %s and %s", names[i],
					 directory_at(i)->slug, directory_at(j)->slug);
	}
	free(names);
}

static void test_provinces(void **state)
{
	static const struct {
		const char *query, *province, *what;
	} rows[] = {
		{"Jawa Tengah", "Jawa Tengah", "exact"},
		{"jawa tengah", "Jawa Tengah", "case"},
		{"  jawa   tengah ", "Jawa Tengah", "spaces"},
		{"Jateng", "Jawa Tengah", "provincial slug"},
		{"DKI Jakarta", "Daerah Khusus Jakarta", "alias"},
		{"jakarta", "Daerah Khusus Jakarta", "part"},
		{"DIY", "Daerah Istimewa Yogyakarta", "slug of DIY"},
		{"yogya", "Daerah Istimewa Yogyakarta", "unambiguous part"},
		{"Papua", "Papua", "exact beats the other Papua provinces"},
		{"pegunungan", "Papua Pegunungan", "part"},
		{"babel", "Kepulauan Bangka Belitung", "slug"},
		{"Aceh", "Aceh", "exact"},
		{"tengah", NULL, "ambiguous part"},
		{"sulawesi", NULL, "ambiguous part"},
		{"narnia", NULL, "unknown"},
		{"", NULL, "empty"},
	};
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		print_message("province \"%s\" (%s)\n", rows[r].query, rows[r].what);
		const char *name = directory_province_name(rows[r].query);
		if (!rows[r].province) {
			assert_null(name);
			continue;
		}
		assert_non_null(name);
		assert_string_equal(name, rows[r].province);
	}
	assert_null(directory_province_name(NULL));
	const struct office *o = directory_province_office("jawa timur");
	assert_non_null(o);
	assert_string_equal(o->slug, "jatim");
	o = directory_province_office("Aceh");
	assert_non_null(o);
	assert_string_equal(o->slug, "kipaceh");
	assert_null(directory_province_office("tengah"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_per_level),
		cmocka_unit_test(test_every_office_round_trips),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_time_zones),
		cmocka_unit_test(test_find_host_and_url),
		cmocka_unit_test(test_news_url),
		cmocka_unit_test(test_short_names),
		cmocka_unit_test(test_short_names_unique),
		cmocka_unit_test(test_provinces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
