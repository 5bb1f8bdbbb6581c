#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "query.h"
#include "util/buf.h"

/* 2024-06-01 00:00:00 UTC: relative dates in the tables count back from here. */
#define NOW INT64_C(1717200000)

#define OFFICE_MATCH "SELECT slug FROM offices WHERE CASE WHEN EXISTS (SELECT 1 FROM " \
	"offices WHERE slug = lower(?)) THEN slug = lower(?) ELSE (name LIKE ? ESCAPE '\\' " \
	"OR slug LIKE ? ESCAPE '\\') END"
#define OFFICE "a.office IN (" OFFICE_MATCH ")"
#define MENTIONS "EXISTS (SELECT 1 FROM article_offices m WHERE m.article_id = a.id " \
	"AND m.office IN (" OFFICE_MATCH "))"
#define PROVINCE "a.office IN (SELECT slug FROM offices WHERE province LIKE ? ESCAPE " \
	"'\\' OR province = (SELECT province FROM offices WHERE slug = lower(?) AND " \
	"level = 'provinsi'))"
#define DIVISION "EXISTS (SELECT 1 FROM article_divisions d WHERE d.article_id = a.id " \
	"AND d.division = ?)"
#define TAG "a.id IN (SELECT t.article_id FROM state_tag t WHERE t.tag = ? COLLATE NOCASE)"
#define READ "EXISTS (SELECT 1 FROM state_read r INDEXED BY state_read_ids " \
	"WHERE r.article_id = a.id)"
/* is: tests beside a tag go inside its set of ids */
#define TAG_READ "a.id IN (SELECT t.article_id FROM state_tag t WHERE t.tag = ? COLLATE NOCASE " \
	"AND EXISTS (SELECT 1 FROM state_read r INDEXED BY state_read_ids " \
	"WHERE r.article_id = t.article_id)) AND 1"
#define FLAG "EXISTS (SELECT 1 FROM state_flag f WHERE f.article_id = a.id)"
#define TAGGED "EXISTS (SELECT 1 FROM state_tag t WHERE t.article_id = a.id)"
#define WORD "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
#define SOURCE_ID "(a.source_id = ? OR a.id IN (SELECT article_id FROM article_sources " \
	"WHERE source_id = ?))"
#define SOURCE_URL "(a.source_id IN (SELECT id FROM sources WHERE url = ?) OR a.id IN " \
	"(SELECT article_id FROM article_sources WHERE source_id IN (SELECT id FROM " \
	"sources WHERE url = ?)))"
#define AUTHOR "a.author LIKE ? ESCAPE '\\'"
#define TITLE "a.title LIKE ? ESCAPE '\\'"

struct compile_case {
	const char *covers;
	const char *query;
	const char *where;
	const char *params;   /* 'text' or integer, joined by ", " */
	int uses_fts;
};

static const struct compile_case compile_cases[] = {
	{ "empty query is true", "", "1", "", 0 },
	{ "only spaces", "  \t \n", "1", "", 0 },
	{ "office by part of name", "office:semarang", OFFICE,
	  "'semarang', 'semarang', '%semarang%', '%semarang%'", 0 },
	{ "key is case-insensitive", "OFFICE:Kota-Madiun", OFFICE,
	  "'Kota-Madiun', 'Kota-Madiun', '%Kota-Madiun%', '%Kota-Madiun%'", 0 },
	{ "quoted office with a space", "office:\"kota madiun\"", OFFICE,
	  "'kota madiun', 'kota madiun', '%kota madiun%', '%kota madiun%'", 0 },
	{ "office LIKE escapes % and _", "office:a%b_c", OFFICE,
	  "'a%b_c', 'a%b_c', '%a\\%b\\_c%', '%a\\%b\\_c%'", 0 },
	{ "province quoted", "province:\"jawa tengah\"", PROVINCE,
	  "'%jawa tengah%', 'jawa tengah'", 0 },
	{ "province by provincial slug", "province:jateng", PROVINCE, "'%jateng%', 'jateng'", 0 },
	{ "mentions", "mentions:jateng", MENTIONS,
	  "'jateng', 'jateng', '%jateng%', '%jateng%'", 0 },
	{ "division by id, any case", "division:hukum", DIVISION, "'HUKUM'", 0 },
	{ "division by spelling", "division:\"Hukum dan Pengawasan\"", DIVISION, "'HUKUM'", 0 },
	{ "tag", "tag:pilkada", TAG, "'pilkada'", 0 },
	{ "is:unread", "is:unread", "NOT " READ, "", 0 },
	{ "is:read", "is:read", READ, "", 0 },
	{ "is:flagged", "is:flagged", FLAG, "", 0 },
	{ "is:unflagged, value any case", "is:UNFLAGGED", "NOT " FLAG, "", 0 },
	{ "is:tagged", "is:tagged", TAGGED, "", 0 },
	{ "is:estimated", "is:estimated", "coalesce(a.published_estimated, 0) = 1", "", 0 },
	{ "since a day", "since:2024-01-01", "a.published >= ?", "1704067200", 0 },
	{ "until takes the whole day", "until:2024-12-31", "a.published < ?", "1735689600", 0 },
	{ "since a month", "since:2024-02", "a.published >= ?", "1706745600", 0 },
	{ "until a month (leap February)", "until:2024-02", "a.published < ?", "1709251200", 0 },
	{ "until a year", "until:2024", "a.published < ?", "1735689600", 0 },
	{ "leap day is a date", "since:2024-02-29", "a.published >= ?", "1709164800", 0 },
	{ "relative days", "since:7d", "a.published >= ?", "1716595200", 0 },
	{ "relative weeks", "since:2W", "a.published >= ?", "1715990400", 0 },
	{ "source by id", "source:12", SOURCE_ID, "12, 12", 0 },
	{ "source by URL", "source:https://jateng.kpu.go.id/feed", SOURCE_URL,
	  "'https://jateng.kpu.go.id/feed', 'https://jateng.kpu.go.id/feed'", 0 },
	{ "author", "author:humas", AUTHOR, "'%humas%'", 0 },
	{ "title quoted", "title:\"rapat pleno\"", TITLE, "'%rapat pleno%'", 0 },
	{ "free word", "pemilu", WORD, "'\"pemilu\"'", 1 },
	{ "phrase stays a phrase", "\"data pemilih\"", WORD, "'\"data pemilih\"'", 1 },
	{ "escaped quote inside a phrase is doubled for FTS", "\"kata \\\"final\\\"\"", WORD,
	  "'\"kata \"\"final\"\"\"'", 1 },
	{ "bare word with quote chars after it", "pemilu\"x\"", WORD,
	  "'\"pemilu\" \"x\"'", 1 },
	{ "FTS operators are just text", "\"NEAR(a b) OR c*\"", WORD,
	  "'\"NEAR(a b) OR c*\"'", 1 },
	{ "prefix search", "pemil*", WORD, "'\"pemil\"*'", 1 },
	{ "lowercase or is a word", "pilkada or pemilu", WORD,
	  "'\"pilkada\" \"or\" \"pemilu\"'", 1 },
	{ "words side by side are one match, other terms stay apart",
	  "pemilih tag:a pemula*", WORD " AND " TAG, "'\"pemilih\" \"pemula\"*', 'a'", 1 },
	{ "juxtaposition is AND", "tag:a is:read", TAG_READ, "'a'", 0 },
	{ "explicit AND", "tag:a AND is:read", TAG_READ, "'a'", 0 },
	{ "AND binds tighter than OR", "tag:a OR tag:b tag:c", TAG " OR " TAG " AND " TAG,
	  "'a', 'b', 'c'", 0 },
	{ "parentheses group OR under AND", "(tag:a OR tag:b) tag:c",
	  "(" TAG " OR " TAG ") AND " TAG, "'a', 'b', 'c'", 0 },
	{ "pipe is OR", "tag:a | tag:b", TAG " OR " TAG, "'a', 'b'", 0 },
	{ "NOT binds tighter than AND", "NOT tag:a tag:b", "NOT " TAG " AND " TAG,
	  "'a', 'b'", 0 },
	{ "minus prefix", "-tag:a", "NOT " TAG, "'a'", 0 },
	{ "NOT of a group", "NOT (tag:a OR is:read)", "NOT (" TAG " OR " READ ")", "'a'", 0 },
	{ "NOT of a nullable term counts NULL as false", "-author:x",
	  "NOT coalesce(" AUTHOR ", 0)", "'%x%'", 0 },
	{ "double negation", "--is:read", "NOT NOT " READ, "", 0 },
	{ "nested parentheses flatten", "((tag:a))", TAG, "'a'", 0 },
	{ "quoted key words are words", "\"OR\" \"NOT\"", WORD,
	  "'\"OR\" \"NOT\"'", 1 },
	{ "backslash kept unless it escapes", "title:\"C:\\path\\\\x\"", TITLE,
	  "'%C:\\\\path\\\\x%'", 0 },
	{ "SQL in a value is data", "title:\"'; DROP TABLE articles; --\"", TITLE,
	  "'%'; DROP TABLE articles; --%'", 0 },
	{ "mixed query from the issue",
	  "office:semarang division:hukum tag:pilkada since:2024-01-01 pemilu",
	  OFFICE " AND " DIVISION " AND " TAG " AND a.published >= ? AND " WORD,
	  "'semarang', 'semarang', '%semarang%', '%semarang%', 'HUKUM', 'pilkada', "
	  "1704067200, '\"pemilu\"'", 1 },
};

static char *params_text(const struct query_sql *q)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < q->n_params; i++) {
		if (i)
			buf_adds(&b, ", ");
		if (q->params[i].type == QUERY_PARAM_TEXT)
			buf_printf(&b, "'%s'", q->params[i].text);
		else
			buf_printf(&b, "%lld", (long long)q->params[i].integer);
	}
	return b.data;
}

static void test_compile_table(void **state)
{
	for (size_t i = 0; i < sizeof compile_cases / sizeof compile_cases[0]; i++) {
		const struct compile_case *c = &compile_cases[i];
		struct query_sql q;
		char err[512];
		size_t pos = 999;
		int rc = query_compile_at(c->query, NOW, &q, err, sizeof err, &pos);
		if (rc != 0)
			fail_msg("%s: %s: unexpected error %s", c->covers, c->query, err);
		if (strcmp(q.where, c->where) != 0)
			fail_msg("%s: %s:\n got      %s\n expected %s", c->covers, c->query,
				 q.where, c->where);
		char *params = params_text(&q);
		if (strcmp(params, c->params) != 0)
			fail_msg("%s: params\n got      %s\n expected %s", c->covers, params,
				 c->params);
		if (q.uses_fts != c->uses_fts)
			fail_msg("%s: uses_fts %d", c->covers, q.uses_fts);
		free(params);
		query_sql_free(&q);
	}
}

struct error_case {
	const char *covers;
	const char *query;
	const char *message;  /* a part of the message */
	size_t pos;
};

static const struct error_case error_cases[] = {
	{ "unknown key", "ofice:semarang", "unknown key \"ofice\" at column 1", 0 },
	{ "unknown key later", "tag:a Tahun:2024", "unknown key \"Tahun\" at column 7", 6 },
	{ "column counts characters", "\xc3\xa9 ofice:x", "at column 3", 3 },
	{ "stray close parenthesis", "is:read tag:x)", "unexpected \")\" at column 14", 13 },
	{ "lone close parenthesis", ")", "unexpected \")\" at column 1", 0 },
	{ "empty parentheses", "()", "unexpected \")\" at column 2", 1 },
	{ "missing close", "(is:read", "missing \")\"", 0 },
	{ "missing inner close", "a (b (c)", "missing \")\" for the \"(\" at column 3", 2 },
	{ "open at the end", "a (", "missing \")\"", 2 },
	{ "bad month", "since:2024-13-01",
	  "since: expects a date YYYY-MM-DD, got \"2024-13-01\"", 6 },
	{ "not a leap year", "until:2023-02-29", "until: expects a date", 6 },
	{ "date word", "since:kemarin", "got \"kemarin\"", 6 },
	{ "relative too far", "since:9999999d", "since: expects a date", 6 },
	{ "unknown state", "is:sleeping", "is: expects unread, read", 3 },
	{ "unknown division lists ids", "division:keuangan-x",
	  "unknown division \"keuangan-x\"", 9 },
	{ "division list names ids", "division:nope", "valid: TEKNIS, HUKUM", 9 },
	{ "OR at the end", "a OR", "nothing after \"OR\" at column 3", 2 },
	{ "OR at the start", "OR a", "unexpected \"OR\" at column 1", 0 },
	{ "OR twice", "a OR OR b", "unexpected \"OR\" at column 6", 5 },
	{ "pipe twice", "a | | b", "unexpected \"|\" at column 5", 4 },
	{ "AND at the end", "a AND", "nothing after \"AND\"", 2 },
	{ "NOT alone", "NOT", "nothing after \"NOT\" at column 1", 0 },
	{ "unterminated phrase", "\"data pemilih", "missing closing quote", 0 },
	{ "unterminated value", "title:\"abc", "missing closing quote for the quote at column 7",
	  6 },
	{ "escaped quote does not close", "\"abc\\\"", "missing closing quote", 0 },
	{ "key without value", "office:", "office: expects a value", 0 },
	{ "key with empty quotes", "a office:\"\"", "office: expects a value at column 3", 2 },
	{ "empty phrase", "a \"\"", "empty quotes at column 3", 2 },
	{ "lone minus", "x - y", "\"-\" must stand right before a term at column 3", 2 },
	{ "minus at the end", "x -", "\"-\"", 2 },
	{ "star alone", "*", "needs a word", 0 },
	{ "source neither id nor URL", "source:abc", "source: expects a numeric source id", 7 },
	{ "control bytes are not echoed", "is:a\x01" "b\x1b[31m", "got \"a?b?[31m\"", 3 },
};

static void check_error(const char *covers, const char *query, const char *message,
			size_t expected_pos)
{
	struct query_sql q = { .where = (char *)"untouched" };
	char err[512] = "";
	size_t pos = 999;
	int rc = query_compile_at(query, NOW, &q, err, sizeof err, &pos);
	if (rc != -1)
		fail_msg("%s: expected an error, got %s", covers, q.where);
	if (!strstr(err, message))
		fail_msg("%s: message \"%s\" lacks \"%s\"", covers, err, message);
	if (pos != expected_pos)
		fail_msg("%s: err_pos %zu, expected %zu (%s)", covers, pos, expected_pos, err);
	assert_null(q.where);
	assert_null(q.params);
	assert_int_equal(q.n_params, 0);
	for (const char *s = err; *s; s++)
		assert_true((unsigned char)*s >= 0x20);
}

static void test_error_table(void **state)
{
	for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++)
		check_error(error_cases[i].covers, error_cases[i].query, error_cases[i].message,
			    error_cases[i].pos);
}

static char *repeat(const char *head, size_t n_head, const char *middle, const char *tail,
		    size_t n_tail)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n_head; i++)
		buf_adds(&b, head);
	buf_adds(&b, middle);
	for (size_t i = 0; i < n_tail; i++)
		buf_adds(&b, tail);
	return b.data;
}

static int compiles(const char *text)
{
	struct query_sql q;
	char err[256];
	int rc = query_compile_at(text, NOW, &q, err, sizeof err, NULL);
	query_sql_free(&q);
	return rc;
}

static void test_limits(void **state)
{
	char *s = repeat("(", QUERY_MAX_DEPTH, "a", ")", QUERY_MAX_DEPTH);
	assert_int_equal(compiles(s), 0);
	free(s);
	s = repeat("(", QUERY_MAX_DEPTH + 1, "a", ")", QUERY_MAX_DEPTH + 1);
	check_error("parentheses too deep", s, "nests too deeply", QUERY_MAX_DEPTH);
	free(s);
	s = repeat("NOT ", QUERY_MAX_DEPTH + 1, "a", "", 0);
	check_error("NOT chain too deep", s, "nests too deeply", 4 * QUERY_MAX_DEPTH);
	free(s);
	s = repeat("-", QUERY_MAX_DEPTH, "a", "", 0);
	assert_int_equal(compiles(s), 0);
	free(s);
	s = repeat("a ", QUERY_MAX_LENGTH / 2, "", "", 0);
	assert_int_equal(compiles(s), 0);    /* 2048 words: long AND lists are flat */
	free(s);
	s = repeat("a|", QUERY_MAX_LENGTH / 2 - 1, "bb", "", 0);
	assert_int_equal(compiles(s), 0);
	free(s);
	s = repeat("a", QUERY_MAX_LENGTH + 1, "", "", 0);
	check_error("query too long", s, "too long", QUERY_MAX_LENGTH);
	free(s);
}

static void test_arguments(void **state)
{
	struct query_sql q;
	assert_int_equal(query_compile(NULL, &q, NULL, 0, NULL), 0);
	assert_string_equal(q.where, "1");
	query_sql_free(&q);
	assert_int_equal(query_compile("ofice:x", &q, NULL, 0, NULL), -1);
	char tiny[8];
	assert_int_equal(query_compile("ofice:x", &q, tiny, sizeof tiny, NULL), -1);
	assert_int_equal(strlen(tiny), 7);
	query_sql_free(&q);   /* freeing an empty result is harmless */
	query_sql_free(NULL);

	/* without a clock given, relative dates count back from the current time */
	int64_t before = (int64_t)time(NULL);
	assert_int_equal(query_compile("since:1d", &q, NULL, 0, NULL), 0);
	int64_t after = (int64_t)time(NULL);
	assert_int_equal(q.params[0].type, QUERY_PARAM_INT);
	assert_in_range(q.params[0].integer, before - 86400, after - 86400);
	query_sql_free(&q);
}

struct quote_case {
	const char *covers;
	const char *value;
	const char *quoted;
};

static const struct quote_case quote_cases[] = {
	{ "plain slug stays bare", "kota-semarang", "kota-semarang" },
	{ "URL stays bare", "https://jateng.kpu.go.id/feed?x=1", "https://jateng.kpu.go.id/feed?x=1" },
	{ "space", "jawa tengah", "\"jawa tengah\"" },
	{ "quote", "a\"b", "\"a\\\"b\"" },
	{ "backslash", "a\\b", "\"a\\\\b\"" },
	{ "parenthesis", "x(y)", "\"x(y)\"" },
	{ "pipe", "a|b", "\"a|b\"" },
	{ "empty", "", "\"\"" },
	{ "control byte", "a\tb", "\"a\tb\"" },
};

/* Every value, quoted and put after tag:, must come back as the same parameter. */
static void test_quote(void **state)
{
	for (size_t i = 0; i < sizeof quote_cases / sizeof quote_cases[0]; i++) {
		const struct quote_case *c = &quote_cases[i];
		char *quoted = query_quote(c->value);
		if (strcmp(quoted, c->quoted) != 0)
			fail_msg("%s: %s, expected %s", c->covers, quoted, c->quoted);
		if (!c->value[0]) {
			free(quoted);
			continue;
		}
		struct buf text;
		buf_init(&text);
		buf_printf(&text, "tag:%s", quoted);
		struct query_sql q;
		char err[256];
		if (query_compile(text.data, &q, err, sizeof err, NULL) != 0)
			fail_msg("%s: %s: %s", c->covers, text.data, err);
		assert_int_equal(q.n_params, 1);
		assert_string_equal(q.params[0].text, c->value);
		query_sql_free(&q);
		buf_free(&text);
		free(quoted);
	}
}

/* Random and half-random input: always 0 or -1, never a crash, a sane err_pos. */
static void test_hostile_input(void **state)
{
	static const char *pieces[] = {
		"(", ")", "\"", "\\", "-", "|", "OR ", "NOT ", "AND ", "office:", "is:",
		"since:", "tag:", " ", "a", "*", ":", "\xc3", "\xa9", "\x01", "division:",
	};
	uint32_t seed = 12345;
	for (int round = 0; round < 20000; round++) {
		char text[64];
		size_t n = 0, len;
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % 24;
		while (n < len) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
			if (round % 2)
				text[n++] = (char)((seed >> 8) & 0xff ? (seed >> 8) & 0xff : 'x');
			else
				for (; *p && n < sizeof text - 1; p++)
					text[n++] = *p;
			if (n >= sizeof text - 1)
				break;
		}
		text[n] = '\0';
		struct query_sql q;
		char err[256] = "";
		size_t pos = 0;
		int rc = query_compile_at(text, NOW, &q, err, sizeof err, &pos);
		assert_true(rc == 0 || rc == -1);
		if (rc == 0) {
			assert_non_null(q.where);
		} else {
			assert_true(err[0] != '\0');
			assert_true(pos <= n);
		}
		query_sql_free(&q);
	}
}

/* ---- execution against a small archive ---- */

static const char schema[] =
	"CREATE TABLE offices(slug PRIMARY KEY, level, name, province, domain, tz);"
	"CREATE TABLE sources(id INTEGER PRIMARY KEY, url, title, kind, office);"
	"CREATE TABLE articles(id INTEGER PRIMARY KEY, source_id, url, guid, title, author,"
	" published INTEGER, published_estimated, fetched, summary, body_html, body_text,"
	" office TEXT);"
	"CREATE TABLE article_sources(source_id, key, article_id);"
	"CREATE TABLE article_offices(article_id, office, evidence);"
	"CREATE TABLE article_divisions(article_id, division, evidence);"
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, body);"
	"CREATE TABLE state_read(article_id PRIMARY KEY, at);"
	"CREATE INDEX state_read_ids ON state_read(article_id);"
	"CREATE TABLE state_flag(article_id PRIMARY KEY, at);"
	"CREATE TABLE state_tag(article_id, tag, at);";

static const char fixture[] =
	"INSERT INTO offices VALUES"
	" ('ri','ri','KPU RI',NULL,'www.kpu.go.id','Asia/Jakarta'),"
	" ('jateng','provinsi','KPU Provinsi Jawa Tengah','Jawa Tengah','jateng.kpu.go.id',"
	"  'Asia/Jakarta'),"
	" ('kota-semarang','kota','KPU Kota Semarang','Jawa Tengah','kota-semarang.kpu.go.id',"
	"  'Asia/Jakarta'),"
	" ('kab-semarang','kabupaten','KPU Kabupaten Semarang','Jawa Tengah',"
	"  'kab-semarang.kpu.go.id','Asia/Jakarta'),"
	" ('jatim','provinsi','KPU Provinsi Jawa Timur','Jawa Timur','jatim.kpu.go.id',"
	"  'Asia/Jakarta'),"
	" ('kab-madiun','kabupaten','KPU Kabupaten Madiun','Jawa Timur','kab-madiun.kpu.go.id',"
	"  'Asia/Jakarta'),"
	" ('kota-madiun','kota','KPU Kota Madiun','Jawa Timur','kota-madiun.kpu.go.id',"
	"  'Asia/Jakarta');"
	"INSERT INTO sources VALUES (1,'https://jateng.kpu.go.id/feed','KPU Jateng','feed',"
	" 'jateng'), (2,'https://kota-madiun.kpu.go.id/berita','KPU Kota Madiun','html',"
	" 'kota-madiun'), (3,'https://www.antaranews.com/rss/pemilu','Antara','feed',NULL);"
	/* id, source, title, author, published, estimated, office, body */
	"CREATE TEMP TABLE seed(id, source_id, title, author, published, est, office, body);"
	"INSERT INTO seed VALUES"
	" (1,1,'KPU Jateng Tetapkan Rekapitulasi Pilkada 2024','Humas KPU Jateng',1704067200,0,"
	"  'jateng','Rapat pleno rekapitulasi hasil penghitungan suara dipimpin Divisi Hukum"
	"  dan Pengawasan.'),"
	" (2,1,'KPU Kota Semarang Gelar Bimtek PPK','Humas',1710460800,0,'kota-semarang',"
	"  'Bimbingan teknis pemungutan suara bagi anggota PPK se-Kota Semarang.'),"
	" (3,1,'KPU Kabupaten Semarang Sosialisasi Pemilih Pemula','Tim Sosdiklih',1735689599,0,"
	"  'kab-semarang','Sosialisasi kepada siswa sekolah menengah atas.'),"
	" (4,2,'KPU Kota Madiun Buka Pendaftaran PPS','Admin',1735689600,0,'kota-madiun',"
	"  'Pendaftaran anggota PPS dibuka hingga akhir Januari.'),"
	" (5,2,'KPU Kabupaten Madiun Distribusi Logistik',NULL,1704067199,1,'kab-madiun',"
	"  'Distribusi logistik pemilu ke seluruh kecamatan.'),"
	" (6,3,'Rapat Koordinasi KPU RI','Redaksi Antara',1717200000,0,'ri',"
	"  'Ketua menyebut \"data pemilih\" sudah final; kata O''Brien) -- DROP TABLE articles;'),"
	" (7,3,'KPU Jatim Awasi Coklit','Redaksi Antara',1716163200,0,'jatim',"
	"  'Coklit pemutakhiran data pemilih oleh pantarlih.'),"
	" (8,3,'Promo 100%_diskon',NULL,NULL,0,NULL,'Iklan, bukan berita KPU.');"
	"INSERT INTO articles(id, source_id, title, author, published, published_estimated,"
	" office, body_text) SELECT * FROM seed;"
	"INSERT INTO articles_fts(rowid, title, body) SELECT id, title, body FROM seed;"
	"INSERT INTO article_sources VALUES (1,'dup-6',6);"
	"INSERT INTO article_offices VALUES (1,'kota-semarang','KPU Kota Semarang'),"
	" (1,'kab-semarang','KPU Kabupaten Semarang'), (2,'jateng','KPU Jateng'),"
	" (5,'kota-madiun','KPU Kota Madiun'), (7,'kab-madiun','KPU Kab. Madiun'),"
	" (4,'jatim','KPU Jatim');"
	"INSERT INTO article_divisions VALUES (1,'HUKUM','Divisi Hukum dan Pengawasan'),"
	" (2,'TEKNIS','Divisi Teknis'), (3,'SOSDIKLIH','Divisi Sosdiklih'),"
	" (7,'DATIN','Divisi Data dan Informasi'), (7,'HUKUM','Divisi Hukum');"
	"INSERT INTO state_read VALUES (1,0),(2,0),(5,0);"
	"INSERT INTO state_flag VALUES (2,0),(7,0);"
	"INSERT INTO state_tag VALUES (2,'pilkada',0),(3,'Pilkada',0),(7,'coklit',0);";

struct run_case {
	const char *covers;
	const char *query;
	const char *ids;     /* matching article ids, ascending, space-separated */
};

static const struct run_case run_cases[] = {
	{ "empty query", "", "1 2 3 4 5 6 7 8" },
	{ "office part of name", "office:semarang", "2 3" },
	{ "office slug exact", "office:kota-semarang", "2" },
	{ "madiun part matches both", "office:madiun", "4 5" },
	{ "kota-madiun is not kab-madiun", "office:kota-madiun", "4" },
	{ "kab-madiun is not kota-madiun", "office:kab-madiun", "5" },
	{ "slug any case", "office:KOTA-MADIUN", "4" },
	{ "office by quoted name part", "office:\"kota madiun\"", "4" },
	{ "provincial office itself", "office:jateng", "1" },
	{ "province by name", "province:\"jawa tengah\"", "1 2 3" },
	{ "province by provincial slug", "province:jateng", "1 2 3" },
	{ "province other", "province:JATIM", "4 5 7" },
	{ "province part", "province:jawa", "1 2 3 4 5 7" },
	{ "mentions slug", "mentions:jateng", "2" },
	{ "mentions part", "mentions:semarang", "1" },
	{ "mentions kota not kab", "mentions:kota-madiun", "5" },
	{ "mentions both madiun", "mentions:madiun", "5 7" },
	{ "division id", "division:hukum", "1 7" },
	{ "division spelling", "division:\"hukum dan pengawasan\"", "1 7" },
	{ "division other", "division:TEKNIS", "2" },
	{ "division short spelling", "division:\"sosdiklih parmas\"", "3" },
	{ "tag any case", "tag:PILKADA", "2 3" },
	{ "tag and unread (tested inside the tag)", "tag:pilkada is:unread", "3" },
	{ "tag and read", "is:read tag:pilkada", "2" },
	{ "tag and flagged", "tag:coklit is:flagged", "7" },
	{ "tag and unflagged", "tag:pilkada is:unflagged", "3" },
	{ "tag and not read", "tag:pilkada -is:read", "3" },
	{ "tag and unread or another tag", "tag:pilkada is:unread OR tag:coklit", "3 7" },
	{ "two tags and unread", "tag:pilkada tag:coklit is:unread", "" },
	{ "is:unread", "is:unread", "3 4 6 7 8" },
	{ "is:read", "is:read", "1 2 5" },
	{ "is:flagged", "is:flagged", "2 7" },
	{ "is:unflagged", "is:unflagged", "1 3 4 5 6 8" },
	{ "is:tagged", "is:tagged", "2 3 7" },
	{ "is:untagged", "is:untagged", "1 4 5 6 8" },
	{ "is:estimated", "is:estimated", "5" },
	{ "since boundary at midnight", "since:2024-01-01", "1 2 3 4 6 7" },
	{ "until includes the last second", "until:2024-12-31", "1 2 3 5 6 7" },
	{ "a year", "since:2024-01-01 until:2024-12-31", "1 2 3 6 7" },
	{ "until the day before", "until:2023-12-31", "5" },
	{ "since a year", "since:2025", "4" },
	{ "relative days (3 and 4 are dated after now)", "since:7d", "3 4 6" },
	{ "not since keeps undated", "-since:2024-01-01", "5 8" },
	{ "source id incl. linked", "source:1", "1 2 3 6" },
	{ "source URL", "source:https://kota-madiun.kpu.go.id/berita", "4 5" },
	{ "source none", "source:999", "" },
	{ "author part", "author:humas", "1 2" },
	{ "not author keeps NULL authors", "-author:humas", "3 4 5 6 7 8" },
	{ "title part", "title:madiun", "4 5" },
	{ "title % is literal", "title:\"%\"", "8" },
	{ "title _ is literal", "title:0_", "" },
	{ "word", "pemilih", "3 6 7" },
	{ "two words", "pemilih pemula", "3" },
	{ "phrase", "\"data pemilih\"", "6 7" },
	{ "phrase order matters", "\"pemilih data\"", "" },
	{ "prefix", "pemil*", "3 5 6 7" },
	{ "word and not word", "pemilih -pemula", "6 7" },
	{ "AND before OR", "office:kota-madiun OR tag:pilkada is:flagged", "2 4" },
	{ "parentheses", "(office:kota-madiun OR tag:pilkada) is:flagged", "2" },
	{ "NOT before OR", "NOT is:read OR is:flagged", "2 3 4 6 7 8" },
	{ "NOT of a group", "NOT (is:read OR is:flagged)", "3 4 6 8" },
	{ "minus then AND", "-tag:pilkada is:unread", "4 6 7 8" },
	{ "double negation", "--is:read", "1 2 5" },
	{ "NOT NOT", "NOT NOT is:read", "1 2 5" },
	{ "pipe", "is:flagged | is:estimated", "2 5 7" },
	{ "explicit AND", "is:read AND is:flagged", "2" },
	{ "FTS syntax in a phrase is text", "\"pemilih AND pemula\"", "" },
	{ "FTS NEAR is text", "\"NEAR(data pemilih)\"", "" },
	{ "FTS column filter is text", "\"title:coklit\"", "" },
	{ "hostile phrase matches as words", "\"O'Brien) -- DROP\"", "6" },
	{ "escaped quotes in a phrase", "\"\\\"data pemilih\\\"\"", "6 7" },
	{ "SQL in title is data", "title:\"' OR 1=1 --\"", "" },
	{ "SQL in office is data", "office:\"x') OR 1=1 --\"", "" },
	{ "SQL in tag is data", "tag:\"'; DROP TABLE state_tag; --\"", "" },
	{ "tables survive", "tag:coklit", "7" },
	{ "mixed", "province:jateng -is:read (division:hukum OR tag:pilkada)", "3" },
};

static sqlite3 *open_archive(void)
{
	sqlite3 *db;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	if (sqlite3_exec(db, schema, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, fixture, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("fixture: %s", msg);
	return db;
}

static char *run_query(sqlite3 *db, const char *text, int64_t now)
{
	struct query_sql q;
	char err[512];
	if (query_compile_at(text, now, &q, err, sizeof err, NULL) != 0)
		fail_msg("%s: %s", text, err);
	struct buf sql, ids;
	buf_init(&sql);
	buf_init(&ids);
	buf_printf(&sql, "SELECT a.id FROM articles a WHERE %s ORDER BY a.id", q.where);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql.data, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s\n%s", text, sqlite3_errmsg(db), sql.data);
	assert_int_equal(sqlite3_bind_parameter_count(st), (int)q.n_params);
	for (size_t i = 0; i < q.n_params; i++) {
		int at = (int)i + 1;
		if (q.params[i].type == QUERY_PARAM_TEXT)
			sqlite3_bind_text(st, at, q.params[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, at, q.params[i].integer);
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		buf_printf(&ids, "%s%lld", ids.len ? " " : "", sqlite3_column_int64(st, 0));
	if (rc != SQLITE_DONE)
		fail_msg("%s: %s", text, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	query_sql_free(&q);
	buf_free(&sql);
	return ids.data;
}

static void test_run_table(void **state)
{
	sqlite3 *db = open_archive();
	/* a day after the newest article, so that since:7d reaches back to 2024-05-26 */
	int64_t now = NOW + 86400;
	for (size_t i = 0; i < sizeof run_cases / sizeof run_cases[0]; i++) {
		const struct run_case *c = &run_cases[i];
		char *ids = run_query(db, c->query, now);
		if (strcmp(ids, c->ids) != 0)
			fail_msg("%s: %s: got [%s], expected [%s]", c->covers, c->query, ids,
				 c->ids);
		free(ids);
	}
	sqlite3_close(db);
}

/* Every SQL the compile table expects is valid against the schema. */
static void test_compile_table_runs(void **state)
{
	sqlite3 *db = open_archive();
	for (size_t i = 0; i < sizeof compile_cases / sizeof compile_cases[0]; i++)
		free(run_query(db, compile_cases[i].query, NOW));
	sqlite3_close(db);
}

/* What the store may do with a query: page its top-level words by probing, and sort an
 * id set by the narrow index only when nothing else reads the articles table. */
static void test_page_hints(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bool probe;      /* has where_probe */
		bool id_driven;
		const char *match;
	} cases[] = {
		{ "pemilih", true, true, "\"pemilih\"" },
		{ "pemilih pemula", true, true, "\"pemilih\" \"pemula\"" },
		{ "is:unread pemilih", true, true, "\"pemilih\"" },
		{ "tag:penting -is:read", false, true, NULL },
		{ "office:semarang pemilih", true, false, "\"pemilih\"" },
		{ "author:humas pemilih", true, false, "\"pemilih\"" },
		{ "pemilih OR pemula", false, false, NULL },
		{ "NOT pemilih", false, false, NULL },
		{ "(pemilih OR tag:x) sengketa", true, true, "\"sengketa\"" },
		{ "is:estimated pemilih", true, false, "\"pemilih\"" },
		{ "", false, false, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct query_sql q;
		char err[256];
		assert_int_equal(query_compile(cases[i].text, &q, err, sizeof err, NULL), 0);
		if ((q.where_probe != NULL) != cases[i].probe || (q.id_driven != 0) != cases[i].id_driven)
			fail_msg("%s: probe %d id_driven %d", cases[i].text, q.where_probe != NULL,
				 q.id_driven);
		if (cases[i].match) {
			assert_true(q.fts_param >= 0 && (size_t)q.fts_param < q.n_params);
			assert_string_equal(q.params[q.fts_param].text, cases[i].match);
			assert_non_null(strstr(q.where_probe, "EXISTS (SELECT 1 FROM articles_fts"));
		}
		query_sql_free(&q);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compile_table),
		cmocka_unit_test(test_error_table),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_run_table),
		cmocka_unit_test(test_compile_table_runs),
		cmocka_unit_test(test_page_hints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
