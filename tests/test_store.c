#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "query.h"
#include "store.h"
#include "util/buf.h"

/* ---- fixture: a fresh directory and database per test */

struct fixture {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	struct store *s;
	int64_t semarang, jateng;   /* two sources */
};

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/test_store.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/warta.db", f->dir);
	char err[512];
	if (store_open(f->path, STORE_CREATE, &f->s, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (store_source_add(f->s, "https://kab-semarang.kpu.go.id/feed/", "KPU Kabupaten Semarang",
			     "kab-semarang", false, &f->semarang) != 0 ||
	    store_source_add(f->s, "https://jateng.kpu.go.id/feed/", "KPU Provinsi Jawa Tengah",
			     "prov-jateng", false, &f->jateng) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static struct store_article article(int64_t source, const char *guid, const char *url,
				    const char *title, int64_t published)
{
	struct store_article a = {
		.source_id = source, .guid = (char *)guid, .url = (char *)url,
		.title = (char *)title, .author = (char *)"Humas KPU",
		.published = published, .has_published = true, .fetched = 1710000000,
		.summary = (char *)"<p>Ringkasan berita.</p>",
		.body_html = (char *)"<p>KPU menggelar rapat koordinasi.</p>",
		.body_text = (char *)"KPU menggelar rapat koordinasi.",
		.office = (char *)"kab-semarang",
	};
	return a;
}

static enum store_put put(struct fixture *f, const struct store_article *a, int64_t *id)
{
	enum store_put result = 99;
	int64_t ignored;
	assert_int_equal(store_article_put(f->s, a, &result, id ? id : &ignored), 0);
	return result;
}

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return value;
}

/* A hand-written filter, as query_compile would hand it over. */
struct filter {
	struct query_sql sql;
	struct query_param params[4];
};

static const struct query_sql *filter_text(struct filter *w, const char *where, const char *text)
{
	memset(w, 0, sizeof *w);
	w->sql.where = (char *)where;
	w->params[0].type = QUERY_PARAM_TEXT;
	w->params[0].text = (char *)text;
	w->sql.params = w->params;
	w->sql.n_params = text ? 1 : 0;
	return &w->sql;
}

static const struct query_sql *filter_int(struct filter *w, const char *where, int64_t value)
{
	memset(w, 0, sizeof *w);
	w->sql.where = (char *)where;
	w->params[0].type = QUERY_PARAM_INT;
	w->params[0].integer = value;
	w->sql.params = w->params;
	w->sql.n_params = 1;
	return &w->sql;
}

#define FTS_WHERE "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

/* Collects page rows. */
struct rows {
	int64_t ids[2048];
	int64_t published[2048];
	char titles[8][128];
	char tags[8][128];
	bool read[8], flagged[8];
	char source_title[128], office_name[128];
	size_t n;
};

static int collect(void *ctx, const struct store_article *a)
{
	struct rows *r = ctx;
	assert_null(a->body_text);
	assert_null(a->body_html);
	if (r->n < 8) {
		snprintf(r->titles[r->n], sizeof r->titles[0], "%s", a->title ? a->title : "");
		r->tags[r->n][0] = '\0';
		for (size_t i = 0; i < a->n_tags; i++)
			snprintf(r->tags[r->n] + strlen(r->tags[r->n]),
				 sizeof r->tags[0] - strlen(r->tags[r->n]), "%s%s", i ? "," : "",
				 a->tags[i]);
		r->read[r->n] = a->read;
		r->flagged[r->n] = a->flagged;
		snprintf(r->source_title, sizeof r->source_title, "%s",
			 a->source_title ? a->source_title : "");
		snprintf(r->office_name, sizeof r->office_name, "%s",
			 a->office_name ? a->office_name : "");
	}
	assert_true(r->n < 2048);
	r->ids[r->n] = a->id;
	r->published[r->n++] = a->published;
	return 0;
}

static size_t page(struct fixture *f, const struct query_sql *where, struct rows *r)
{
	memset(r, 0, sizeof *r);
	assert_int_equal(store_article_page(f->s, where, NULL, false, 0, collect, r), 0);
	return r->n;
}

/* ---- opening */

static void test_open_settings(void **state)
{
	struct fixture *f = *state;
	char line[256];
	assert_int_equal(store_describe(f->s, line, sizeof line), 0);
	assert_string_equal(line, "journal_mode=wal synchronous=1 foreign_keys=1"
				  " busy_timeout=10000 user_version=9");
	assert_int_equal(store_schema_version(f->s), 9);
	assert_int_equal(access(f->path, F_OK), 0);

	/* reopening an existing archive migrates nothing and keeps the sources */
	store_close(f->s);
	char err[512];
	assert_int_equal(store_open(f->path, 0, &f->s, err, sizeof err), 0);
	struct store_source src;
	assert_int_equal(store_source_find(f->s, "https://jateng.kpu.go.id/feed/", &src), 0);
	assert_string_equal(src.title, "KPU Provinsi Jawa Tengah");
	store_source_clear(&src);
}

static void expect_open_error(const char *path, int flags, const char *expected)
{
	struct store *s = (struct store *)1;
	char err[512] = "";
	assert_int_equal(store_open(path, flags, &s, err, sizeof err), -1);
	assert_null(s);
	if (!strstr(err, expected))
		fail_msg("expected \"%s\" in \"%s\"", expected, err);
}

static void test_open_errors(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 64], expected[3 * PATH_MAX + 256];

	snprintf(path, sizeof path, "%s/absent/warta.db", f->dir);
	snprintf(expected, sizeof expected, "cannot create database %s: directory %s/absent does"
		 " not exist (create it or use --db)", path, f->dir);
	expect_open_error(path, STORE_CREATE, expected);

	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	snprintf(expected, sizeof expected, "database %s does not exist", path);
	expect_open_error(path, 0, expected);
	expect_open_error(path, STORE_READONLY, expected);
	assert_int_not_equal(access(path, F_OK), 0);

	snprintf(path, sizeof path, "%s/notes.db", f->dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("Catatan rapat pleno KPU, bukan basis data.\n", fp);
	fclose(fp);
	snprintf(expected, sizeof expected, "%s is not a warta database (file is not a database)",
		 path);
	expect_open_error(path, STORE_CREATE, expected);
	expect_open_error(path, STORE_READONLY, expected);

	snprintf(path, sizeof path, "%s/other.db", f->dir);
	sqlite3 *db = raw_open(path);
	raw_exec(db, "CREATE TABLE recipes(name TEXT)");
	sqlite3_close(db);
	snprintf(expected, sizeof expected, "%s is not a warta database", path);
	expect_open_error(path, STORE_CREATE, expected);

	snprintf(path, sizeof path, "%s/future.db", f->dir);
	db = raw_open(path);
	raw_exec(db, "CREATE TABLE later(x); PRAGMA user_version = 99");
	sqlite3_close(db);
	expect_open_error(path, 0, "newer warta (schema version 99");

	expect_open_error(f->dir, 0, "is a directory");

	snprintf(path, sizeof path, "%s/empty.db", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	expect_open_error(path, STORE_READONLY, "is empty, not a warta database yet");
}

static void load_v1(const char *path)
{
	char fixture[PATH_MAX];
	const char *data = getenv("TESTDATA");
	snprintf(fixture, sizeof fixture, "%s/store/v1.sql", data && *data ? data : "tests/data");
	FILE *fp = fopen(fixture, "r");
	if (!fp)
		fail_msg("cannot read %s", fixture);
	struct buf sql;
	buf_init(&sql);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&sql, chunk, n);
	fclose(fp);
	sqlite3 *db = raw_open(path);
	raw_exec(db, sql.data);
	sqlite3_close(db);
	buf_free(&sql);
}

static void test_migration_from_v1(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 16], err[512];
	snprintf(path, sizeof path, "%s/old.db", f->dir);
	load_v1(path);

	/* a reader cannot upgrade, and says so */
	expect_open_error(path, STORE_READONLY, "schema version 1, older than");

	struct store *s;
	assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
	assert_int_equal(store_schema_version(s), 9);

	struct store_article a;
	assert_int_equal(store_article_get(s, 1, &a), 0);
	assert_string_equal(a.title, "Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan Suara");
	assert_string_equal(a.office_name, "KPU Kabupaten Semarang");
	assert_string_equal(a.source_title, "KPU Kabupaten Semarang");
	assert_true(a.read);
	assert_int_equal(a.n_tags, 1);
	assert_string_equal(a.tags[0], "pemilu2024");
	assert_int_equal(a.n_mentions, 1);
	assert_string_equal(a.mentions[0].evidence, "KPU Kabupaten Semarang");
	assert_int_equal(a.n_divisions, 1);
	assert_string_equal(a.divisions[0].id, "TEKNIS");
	store_article_clear(&a);
	assert_int_equal(store_article_get(s, 2, &a), 0);
	assert_true(a.flagged);
	assert_true(a.published_estimated);
	store_article_clear(&a);

	struct store_source src;
	assert_int_equal(store_source_find(s, "2", &src), 0);
	assert_string_equal(src.last_error, "HTTP 503 Service Unavailable");
	assert_int_equal(src.n_articles, 1);
	assert_int_equal(src.n_unread, 1);
	store_source_clear(&src);

	struct filter w;
	int64_t total, unread;
	assert_int_equal(store_article_count(s, filter_text(&w, FTS_WHERE, "ungaran"), &total,
					     &unread), 0);
	assert_int_equal(total, 1);
	assert_int_equal(unread, 0);
	char check[256];
	assert_int_equal(store_integrity_check(s, check, sizeof check), 0);
	assert_string_equal(check, "ok");
	store_close(s);

	sqlite3 *db = raw_open(path);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), 9);
	/* version 4: the kept counts agree with counting */
	assert_int_equal(raw_int(db, "SELECT articles FROM archive_stats"),
			 raw_int(db, "SELECT count(*) FROM articles"));
	assert_int_equal(raw_int(db, "SELECT count(*) FROM source_stats t WHERE t.total !="
				     " (SELECT count(*) FROM article_sources x"
				     "  WHERE x.source_id = t.source_id)"), 0);
	/* version 3: stable keys on articles and state, the old state in the change log */
	assert_int_equal(raw_int(db, "SELECT count(*) FROM articles WHERE skey IS NULL"), 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM state_read r JOIN articles a"
				     " ON a.id = r.article_id AND a.skey = r.key"), 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM state_log WHERE kind = 'tag'"
				     " AND name = 'pemilu2024' AND value = 1 AND seq > 0"), 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM state_log WHERE kind = 'view'"), 1);
	assert_int_equal(raw_int(db, "SELECT length(value) FROM meta WHERE key = 'uuid'"), 32);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master"
				     " WHERE name = 'article_sources_article'"), 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM state_view"), 1);
	sqlite3_close(db);
	/* now a reader may open it */
	assert_int_equal(store_open(path, STORE_READONLY, &s, err, sizeof err), 0);
	store_close(s);
}

/* ---- sources */

static int count_sources(void *ctx, const struct store_source *src)
{
	struct buf *b = ctx;
	buf_printf(b, "%" PRId64 ":%s:%" PRId64 "/%" PRId64 ";", src->id, src->kind,
		   src->n_unread, src->n_articles);
	return 0;
}

static void test_sources(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0;
	assert_int_equal(store_source_add(f->s, "https://jateng.kpu.go.id/feed/", "lagi", NULL,
					  true, &id), 1);
	assert_int_equal(id, f->jateng);
	assert_int_equal(store_source_add(f->s, "", NULL, NULL, false, &id), -1);

	struct store_source src;
	char text[32];
	snprintf(text, sizeof text, "%" PRId64, f->semarang);
	assert_int_equal(store_source_find(f->s, text, &src), 0);
	assert_string_equal(src.url, "https://kab-semarang.kpu.go.id/feed/");
	assert_string_equal(src.kind, "unknown");
	assert_string_equal(src.office, "kab-semarang");
	assert_true(src.added > 0);
	assert_int_equal(src.last_attempt, 0);
	store_source_clear(&src);
	assert_int_equal(store_source_find(f->s, "https://nowhere.example/", &src), 1);
	assert_int_equal(store_source_find(f->s, "999", &src), 1);

	assert_int_equal(store_source_set_kind(f->s, f->semarang, "feed"), 0);
	assert_int_equal(store_source_set_kind(f->s, f->semarang, "podcast"), -1);
	assert_non_null(strstr(store_errmsg(f->s), "podcast"));
	assert_int_equal(store_source_set_title(f->s, f->semarang, "KPU Kab. Semarang"), 0);
	assert_int_equal(store_source_set_office(f->s, f->jateng, "prov-jateng"), 0);
	assert_int_equal(store_source_set_title(f->s, 999, "x"), -1);
	assert_non_null(strstr(store_errmsg(f->s), "999"));

	assert_int_equal(store_source_record_failure(f->s, f->semarang, 503,
						     "HTTP 503 Service Unavailable", 1710000100), 0);
	assert_int_equal(store_source_find(f->s, text, &src), 0);
	assert_string_equal(src.title, "KPU Kab. Semarang");
	assert_int_equal(src.last_status, 503);
	assert_string_equal(src.last_error, "HTTP 503 Service Unavailable");
	assert_int_equal(src.last_error_time, 1710000100);
	assert_int_equal(src.last_attempt, 1710000100);
	assert_int_equal(src.last_success, 0);
	store_source_clear(&src);

	assert_int_equal(store_source_record_success(f->s, f->semarang, 200, "\"abc\"",
						     "Sat, 09 Mar 2024 10:00:00 GMT", 1710000200), 0);
	assert_int_equal(store_source_record_success(f->s, f->semarang, 304, NULL, NULL,
						     1710000300), 0);
	assert_int_equal(store_source_find(f->s, text, &src), 0);
	assert_int_equal(src.last_status, 304);
	assert_null(src.last_error);
	assert_int_equal(src.last_error_time, 0);
	assert_int_equal(src.last_success, 1710000300);
	assert_string_equal(src.etag, "\"abc\"");
	assert_string_equal(src.last_modified, "Sat, 09 Mar 2024 10:00:00 GMT");
	store_source_clear(&src);

	/* counts in the list; removal takes the articles and their state along */
	struct store_article a = article(f->semarang, "g1", "https://kab-semarang.kpu.go.id/1",
					 "Sosialisasi Pemilu", 1709000000);
	int64_t first;
	put(f, &a, &first);
	a.guid = (char *)"g2";
	a.url = (char *)"https://kab-semarang.kpu.go.id/2";
	put(f, &a, NULL);
	assert_int_equal(store_set_read(f->s, first, true), 0);
	assert_int_equal(store_tag_add(f->s, first, "sosialisasi"), 0);
	struct buf list;
	buf_init(&list);
	assert_int_equal(store_source_list(f->s, count_sources, &list), 0);
	char expected[128];
	snprintf(expected, sizeof expected, "%" PRId64 ":feed:1/2;%" PRId64 ":unknown:0/0;",
		 f->semarang, f->jateng);
	assert_string_equal(list.data, expected);

	assert_int_equal(store_source_remove(f->s, f->semarang), 0);
	assert_int_equal(store_source_remove(f->s, f->semarang), -1);
	struct rows r;
	assert_int_equal(page(f, NULL, &r), 0);
	char **tags;
	size_t n_tags;
	assert_int_equal(store_tags_all(f->s, &tags, &n_tags), 0);
	assert_int_equal(n_tags, 0);
	free(tags);
	buf_reset(&list);
	assert_int_equal(store_source_list(f->s, count_sources, &list), 0);
	snprintf(expected, sizeof expected, "%" PRId64 ":unknown:0/0;", f->jateng);
	assert_string_equal(list.data, expected);
	buf_free(&list);
}

/* ---- articles */

static void test_put_dedup(void **state)
{
	struct fixture *f = *state;
	struct store_mention mention = { (char *)"kab-semarang", (char *)"KPU Kabupaten Semarang" };
	struct store_division division = { (char *)"TEKNIS", (char *)"rapat pleno" };
	struct store_article a = article(f->semarang, "https://kab-semarang.kpu.go.id/?p=7",
					 "https://kab-semarang.kpu.go.id/berita/pleno",
					 "Rapat Pleno Penetapan DPT", 1709251200);
	a.mentions = &mention;
	a.n_mentions = 1;
	a.divisions = &division;
	a.n_divisions = 1;
	int64_t id, again;
	assert_int_equal(put(f, &a, &id), STORE_PUT_NEW);
	assert_int_equal(put(f, &a, &again), STORE_PUT_UNCHANGED);
	assert_int_equal(again, id);
	/* same guid, changed title: updated in place, classification replaced */
	a.title = (char *)"Rapat Pleno Terbuka Penetapan DPT Pemilu 2024";
	struct store_division hukum = { (char *)"HUKUM", (char *)"sengketa" };
	a.divisions = &hukum;
	assert_int_equal(put(f, &a, &again), STORE_PUT_UPDATED);
	assert_int_equal(again, id);
	struct store_article got;
	assert_int_equal(store_article_get(f->s, id, &got), 0);
	assert_string_equal(got.title, "Rapat Pleno Terbuka Penetapan DPT Pemilu 2024");
	assert_string_equal(got.body_text, "KPU menggelar rapat koordinasi.");
	assert_int_equal(got.n_divisions, 1);
	assert_string_equal(got.divisions[0].id, "HUKUM");
	assert_string_equal(got.divisions[0].evidence, "sengketa");
	assert_int_equal(got.n_mentions, 1);
	store_article_clear(&got);
	assert_int_equal(store_article_get(f->s, id + 100, &got), 1);

	/* the same URL from another source: stored once, linked */
	struct store_article b = article(f->jateng, "jateng-guid-1",
					 "https://kab-semarang.kpu.go.id/berita/pleno",
					 "Pleno DPT di Kabupaten Semarang", 1709251300);
	assert_int_equal(put(f, &b, &again), STORE_PUT_LINKED);
	assert_int_equal(again, id);
	/* the linking source's own copy differs, but it does not rewrite the article */
	assert_int_equal(put(f, &b, &again), STORE_PUT_UNCHANGED);
	assert_int_equal(store_article_known(f->s, f->jateng,
					     "https://kab-semarang.kpu.go.id/berita/pleno"), 1);
	assert_int_equal(store_article_known(f->s, f->semarang,
					     "https://kab-semarang.kpu.go.id/berita/pleno"), 1);
	assert_int_equal(store_article_known(f->s, f->semarang, "https://x.example/"), 0);
	struct rows r;
	assert_int_equal(page(f, NULL, &r), 1);

	/* removing the first source hands the linked article over instead of losing it */
	assert_int_equal(store_source_remove(f->s, f->semarang), 0);
	assert_int_equal(store_article_get(f->s, id, &got), 0);
	assert_int_equal(got.source_id, f->jateng);
	store_article_clear(&got);
}

static void test_put_keys(void **state)
{
	struct fixture *f = *state;
	int64_t id, again;
	/* no guid: the URL is the key */
	struct store_article a = article(f->semarang, NULL, "https://kab-semarang.kpu.go.id/b/1",
					 "Bimtek KPPS", 1709000000);
	assert_int_equal(put(f, &a, &id), STORE_PUT_NEW);
	a.summary = (char *)"<p>Ringkasan baru.</p>";
	assert_int_equal(put(f, &a, &again), STORE_PUT_UPDATED);
	assert_int_equal(again, id);
	/* distinct guids in one source stay distinct even when a sloppy feed repeats a link */
	a.guid = (char *)"guid-a";
	assert_int_equal(put(f, &a, &again), STORE_PUT_NEW);
	assert_int_not_equal(again, id);

	/* neither guid nor URL: title + published */
	struct store_article c = article(f->semarang, NULL, NULL, "Pengumuman Hasil Seleksi PPK",
					 1709100000);
	assert_int_equal(put(f, &c, &id), STORE_PUT_NEW);
	assert_int_equal(put(f, &c, &again), STORE_PUT_UNCHANGED);
	assert_int_equal(again, id);
	c.published = 1709200000;
	assert_int_equal(put(f, &c, &again), STORE_PUT_NEW);

	/* unknown date: fetch time stands in, marked estimated, and a later fetch of the same
	 * item neither changes it nor moves it */
	struct store_article d = article(f->semarang, "undated", NULL, "Agenda Sosialisasi", 0);
	d.has_published = false;
	d.fetched = 1710001000;
	assert_int_equal(put(f, &d, &id), STORE_PUT_NEW);
	d.fetched = 1710009000;
	assert_int_equal(put(f, &d, &again), STORE_PUT_UNCHANGED);
	d.body_text = (char *)"Agenda diperbarui.";
	assert_int_equal(put(f, &d, &again), STORE_PUT_UPDATED);
	struct store_article got;
	assert_int_equal(store_article_get(f->s, id, &got), 0);
	assert_true(got.published_estimated);
	assert_int_equal(got.published, 1710001000);
	assert_int_equal(got.fetched, 1710009000);
	assert_false(got.has_updated);
	store_article_clear(&got);

	/* a source that does not exist is refused */
	struct store_article e = article(4242, "x", "https://x.example/", "Orphan", 1);
	enum store_put result;
	assert_int_equal(store_article_put(f->s, &e, &result, &id), -1);
	assert_non_null(strstr(store_errmsg(f->s), "FOREIGN KEY"));
}

static void test_rollback_keeps_earlier(void **state)
{
	struct fixture *f = *state;
	char guid[32];
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_begin(f->s), -1);
	for (int i = 0; i < 3; i++) {
		snprintf(guid, sizeof guid, "smg-%d", i);
		struct store_article a = article(f->semarang, guid, NULL, "Berita Semarang",
						 1709000000 + i);
		put(f, &a, NULL);
	}
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_commit(f->s), -1);

	assert_int_equal(store_begin(f->s), 0);
	for (int i = 0; i < 2; i++) {
		snprintf(guid, sizeof guid, "jtg-%d", i);
		struct store_article a = article(f->jateng, guid, NULL, "Berita Jawa Tengah",
						 1709100000 + i);
		put(f, &a, NULL);
	}
	/* a failing put inside the batch takes back only itself */
	struct store_article bad = article(777, "bad", NULL, "Tanpa sumber", 1);
	enum store_put result;
	int64_t id;
	assert_int_equal(store_article_put(f->s, &bad, &result, &id), -1);
	struct filter w;
	int64_t total, unread;
	assert_int_equal(store_article_count(f->s, NULL, &total, &unread), 0);
	assert_int_equal(total, 5);
	assert_int_equal(store_rollback(f->s), 0);

	assert_int_equal(store_article_count(f->s, NULL, &total, &unread), 0);
	assert_int_equal(total, 3);
	assert_int_equal(store_article_count(f->s, filter_int(&w, "a.source_id = ?", f->jateng),
					     &total, &unread), 0);
	assert_int_equal(total, 0);
	char check[256];
	assert_int_equal(store_integrity_check(f->s, check, sizeof check), 0);
	assert_string_equal(check, "ok");

	/* the check notices a full-text index that has drifted from the articles */
	sqlite3 *db = raw_open(f->path);
	raw_exec(db, "INSERT INTO articles_fts(rowid, title, body) VALUES(424242, 'hantu', 'x')");
	sqlite3_close(db);
	assert_int_equal(store_integrity_check(f->s, check, sizeof check), 0);
	if (!strstr(check, "full-text index"))
		fail_msg("integrity check missed the drift: %s", check);
}

/* ---- full-text index of a batch, built at its commit (schema version 7) */

static int64_t fts_hits(struct fixture *f, const char *words)
{
	struct filter w;
	int64_t total, unread;
	assert_int_equal(store_article_count(f->s, filter_text(&w, FTS_WHERE, words), &total,
					     &unread), 0);
	return total;
}

static void assert_fts_ok(struct fixture *f)
{
	char check[256];
	assert_int_equal(store_integrity_check(f->s, check, sizeof check), 0);
	assert_string_equal(check, "ok");
}

static struct store_article with_body(struct store_article a, const char *text)
{
	a.body_text = (char *)text;
	a.body_html = (char *)text;
	return a;
}

static void test_batch_fts_deferred(void **state)
{
	struct fixture *f = *state;
	int64_t pleno, coklit, linked;
	/* outside a batch, a single write is searchable at once */
	struct store_article early = with_body(article(f->jateng, "jtg-1", NULL, "Bimtek KPPS",
						       1709000000), "Bimtek KPPS di Salatiga.");
	put(f, &early, NULL);
	assert_int_equal(fts_hits(f, "salatiga"), 1);

	/* a batch: the same article twice (the second changes it), a URL another source
	 * already has; nothing of it is searchable before the commit, all of it after */
	assert_int_equal(store_begin_articles(f->s), 0);
	struct store_article a = with_body(article(f->semarang, "smg-1",
						   "https://kab-semarang.kpu.go.id/pleno", "Rapat Pleno",
						   1709100000), "Rapat pleno di Ungaran.");
	assert_int_equal(put(f, &a, &pleno), STORE_PUT_NEW);
	a = with_body(a, "Rapat pleno di Ambarawa.");
	assert_int_equal(put(f, &a, NULL), STORE_PUT_UPDATED);
	struct store_article b = with_body(article(f->semarang, "smg-2", NULL, "Coklit",
						   1709100100), "Coklit data pemilih Bergas.");
	assert_int_equal(put(f, &b, &coklit), STORE_PUT_NEW);
	assert_int_equal(fts_hits(f, "ambarawa"), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_fts_ok(f);
	assert_int_equal(fts_hits(f, "ambarawa"), 1);
	assert_int_equal(fts_hits(f, "ungaran"), 0);
	assert_int_equal(fts_hits(f, "bergas"), 1);

	/* a batch that changes an article indexed before it, adds one, and is rolled back */
	assert_int_equal(store_begin_articles(f->s), 0);
	a = with_body(a, "Rapat pleno di Tuntang.");
	assert_int_equal(put(f, &a, NULL), STORE_PUT_UPDATED);
	struct store_article c = with_body(article(f->semarang, "smg-3", NULL, "Logistik",
						   1709100200), "Distribusi logistik ke Bawen.");
	put(f, &c, NULL);
	assert_int_equal(store_rollback(f->s), 0);
	assert_fts_ok(f);
	assert_int_equal(fts_hits(f, "tuntang"), 0);
	assert_int_equal(fts_hits(f, "bawen"), 0);
	assert_int_equal(fts_hits(f, "ambarawa"), 1);

	/* the same again, committed, with a link from the second source */
	assert_int_equal(store_begin_articles(f->s), 0);
	assert_int_equal(put(f, &a, NULL), STORE_PUT_UPDATED);
	put(f, &c, NULL);
	c = with_body(c, "Distribusi logistik ke Pringapus.");
	assert_int_equal(put(f, &c, NULL), STORE_PUT_UPDATED);
	struct store_article l = with_body(article(f->jateng, "jtg-2",
						   "https://kab-semarang.kpu.go.id/pleno", "Rapat Pleno",
						   1709100000), "Rapat pleno di Ungaran.");
	assert_int_equal(put(f, &l, &linked), STORE_PUT_LINKED);
	assert_int_equal(linked, pleno);
	assert_int_equal(store_commit(f->s), 0);
	assert_fts_ok(f);
	assert_int_equal(fts_hits(f, "tuntang"), 1);
	assert_int_equal(fts_hits(f, "ambarawa"), 0);
	assert_int_equal(fts_hits(f, "bawen"), 0);
	assert_int_equal(fts_hits(f, "pringapus"), 1);

	/* a source removed takes its articles out of the index (the linked one stays) */
	assert_int_equal(store_source_remove(f->s, f->semarang), 0);
	assert_fts_ok(f);
	assert_int_equal(fts_hits(f, "pringapus"), 0);
	assert_int_equal(fts_hits(f, "bergas"), 0);
	assert_int_equal(fts_hits(f, "tuntang"), 1);
	assert_int_equal(fts_hits(f, "salatiga"), 1);

	/* no deferral is left behind for other connections */
	sqlite3 *db = raw_open(f->path);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM fts_defer"), 0);
	sqlite3_close(db);
	(void)coklit;
}

/* ---- paging */

static void fill_equal(struct fixture *f, int n, int64_t published)
{
	char guid[32];
	assert_int_equal(store_begin(f->s), 0);
	for (int i = 0; i < n; i++) {
		snprintf(guid, sizeof guid, "sama-%d", i);
		struct store_article a = article(f->semarang, guid, NULL, "Berita serentak",
						 published);
		put(f, &a, NULL);
	}
	assert_int_equal(store_commit(f->s), 0);
}

struct walk {
	int64_t ids[1100];
	size_t n;
	struct store_page_key last;
};

static int walk_row(void *ctx, const struct store_article *a)
{
	struct walk *w = ctx;
	assert_true(w->n < 1100);
	w->ids[w->n++] = a->id;
	w->last.published = a->published;
	w->last.id = a->id;
	return 0;
}

static void test_keyset_paging_ties(void **state)
{
	struct fixture *f = *state;
	fill_equal(f, 1000, 1709251200);
	struct walk w = { .n = 0 };
	for (int pages = 0; pages < 100; pages++) {
		size_t before = w.n;
		assert_int_equal(store_article_page(f->s, NULL, pages ? &w.last : NULL, false, 37,
						    walk_row, &w), 0);
		if (w.n == before)
			break;
		assert_true(w.n - before == 37 || w.n == 1000);
	}
	assert_int_equal(w.n, 1000);
	for (size_t i = 1; i < w.n; i++)
		assert_true(w.ids[i] < w.ids[i - 1]);   /* ties broken by id, none lost or doubled */

	/* paging up from row 500: the rows above it, nearest first */
	struct store_page_key key = { 1709251200, w.ids[500] };
	struct walk up = { .n = 0 };
	assert_int_equal(store_article_page(f->s, NULL, &key, true, 10, walk_row, &up), 0);
	assert_int_equal(up.n, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(up.ids[i], w.ids[499 - i]);
	/* reverse from the start walks from the oldest */
	struct walk oldest = { .n = 0 };
	assert_int_equal(store_article_page(f->s, NULL, NULL, true, 3, walk_row, &oldest), 0);
	assert_int_equal(oldest.ids[0], w.ids[999]);
	assert_int_equal(oldest.ids[2], w.ids[997]);
}

static void test_paging_order_mixed(void **state)
{
	struct fixture *f = *state;
	static const int64_t dates[] = { 1709000300, 1709000100, 1709000300, 1709000200,
					 1709000100, 1709000300 };
	int64_t ids[6];
	char guid[16];
	for (int i = 0; i < 6; i++) {
		snprintf(guid, sizeof guid, "m%d", i);
		struct store_article a = article(f->semarang, guid, NULL, "Campuran", dates[i]);
		put(f, &a, &ids[i]);
	}
	/* newest first, then higher id first */
	const int order[] = { 5, 2, 0, 3, 4, 1 };
	struct walk w = { .n = 0 };
	assert_int_equal(store_article_page(f->s, NULL, NULL, false, 4, walk_row, &w), 0);
	assert_int_equal(store_article_page(f->s, NULL, &w.last, false, 4, walk_row, &w), 0);
	assert_int_equal(w.n, 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(w.ids[i], ids[order[i]]);
}

static void test_where_and_fts(void **state)
{
	struct fixture *f = *state;
	struct store_office_row offices[] = {
		{ "kab-semarang", "kabupaten", "KPU Kabupaten Semarang", "Jawa Tengah",
		  "kab-semarang.kpu.go.id", "Asia/Jakarta" },
		{ "prov-jateng", "provinsi", "KPU Provinsi Jawa Tengah", "Jawa Tengah",
		  "jateng.kpu.go.id", "Asia/Jakarta" },
	};
	assert_int_equal(store_sync_offices(f->s, offices, 2), 0);
	struct store_article a = article(f->semarang, "s1", NULL,
					 "Pemutakhiran Data Pemilih Berkelanjutan", 1709000000);
	a.body_text = (char *)"Coklit dilaksanakan oleh Pantarlih di Kecamatan Ambarawa.";
	int64_t ambarawa;
	put(f, &a, &ambarawa);
	a.guid = (char *)"s2";
	a.title = (char *)"Rekrutmen PPS";
	a.body_text = (char *)"Pendaftaran anggota PPS dibuka.";
	put(f, &a, NULL);
	struct store_article b = article(f->jateng, "j1", NULL, "Rapat Koordinasi Provinsi",
					 1709000500);
	b.office = (char *)"prov-jateng";
	b.body_text = (char *)"Koordinasi dengan Bawaslu Jawa Tengah di Semarang.";
	put(f, &b, NULL);

	struct filter w;
	struct rows r;
	assert_int_equal(page(f, filter_text(&w, "a.office = ?", "kab-semarang"), &r), 2);
	assert_string_equal(r.titles[0], "Rekrutmen PPS");
	assert_string_equal(r.office_name, "KPU Kabupaten Semarang");
	assert_string_equal(r.source_title, "KPU Kabupaten Semarang");
	assert_int_equal(page(f, filter_int(&w, "a.source_id = ?", f->jateng), &r), 1);
	assert_string_equal(r.titles[0], "Rapat Koordinasi Provinsi");
	/* full-text search ignores case and diacritics */
	assert_int_equal(page(f, filter_text(&w, FTS_WHERE, "ambarawa"), &r), 1);
	assert_int_equal(r.ids[0], ambarawa);
	assert_int_equal(page(f, filter_text(&w, FTS_WHERE, "pemutakhiran"), &r), 1);
	assert_int_equal(page(f, filter_text(&w, FTS_WHERE, "sémarang"), &r), 1);
	assert_string_equal(r.titles[0], "Rapat Koordinasi Provinsi");
	assert_int_equal(page(f, filter_text(&w, FTS_WHERE, "\"rekrutmen pps\""), &r), 1);
	/* the index follows updates */
	a.guid = (char *)"s1";
	a.title = (char *)"Pemutakhiran Data Pemilih";
	a.body_text = (char *)"Coklit dilaksanakan di Kecamatan Tuntang.";
	assert_int_equal(put(f, &a, NULL), STORE_PUT_UPDATED);
	assert_int_equal(page(f, filter_text(&w, FTS_WHERE, "ambarawa"), &r), 0);
	assert_int_equal(page(f, filter_text(&w, FTS_WHERE, "tuntang"), &r), 1);

	int64_t total, unread, n;
	assert_int_equal(store_article_count(f->s, filter_text(&w, "a.office = ?", "kab-semarang"),
					     &total, &unread), 0);
	assert_int_equal(total, 2);
	assert_int_equal(unread, 2);
	assert_int_equal(store_mark_read_where(f->s, filter_text(&w, "a.office = ?",
								  "kab-semarang"), &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_mark_read_where(f->s, filter_text(&w, "a.office = ?",
								  "kab-semarang"), &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_article_count(f->s, NULL, &total, &unread), 0);
	assert_int_equal(total, 3);
	assert_int_equal(unread, 1);
	/* a where that does not compile is an error with a message, not a crash */
	assert_int_equal(store_article_count(f->s, filter_text(&w, "a.nope = ?", "x"), &total,
					     &unread), -1);
	assert_non_null(strstr(store_errmsg(f->s), "nope"));
	char check[256];
	assert_int_equal(store_integrity_check(f->s, check, sizeof check), 0);
	assert_string_equal(check, "ok");
}

/* ---- reading state */

static int list_views(void *ctx, const char *name, const char *query)
{
	buf_printf(ctx, "%s=%s;", name, query);
	return 0;
}

static void test_state(void **state)
{
	struct fixture *f = *state;
	struct store_article a = article(f->semarang, "t1", NULL, "Debat Publik Calon Bupati",
					 1709000000);
	int64_t id;
	put(f, &a, &id);
	assert_int_equal(store_set_read(f->s, id, true), 0);
	assert_int_equal(store_set_read(f->s, id, true), 0);
	assert_int_equal(store_set_flagged(f->s, id, true), 0);
	assert_int_equal(store_tag_add(f->s, id, "pilkada"), 0);
	assert_int_equal(store_tag_add(f->s, id, "debat"), 0);
	assert_int_equal(store_tag_add(f->s, id, "debat"), 0);
	assert_int_equal(store_tag_add(f->s, id, ""), -1);
	assert_int_equal(store_tag_add(f->s, id, " spasi"), -1);
	assert_int_equal(store_tag_add(f->s, id, "baris\nbaru"), -1);
	assert_int_equal(store_set_read(f->s, id + 50, true), -1);
	assert_non_null(strstr(store_errmsg(f->s), "no article"));
	assert_int_equal(store_tag_add(f->s, id + 50, "x"), -1);

	struct rows r;
	assert_int_equal(page(f, NULL, &r), 1);
	assert_true(r.read[0]);
	assert_true(r.flagged[0]);
	assert_string_equal(r.tags[0], "debat,pilkada");
	struct filter w;
	assert_int_equal(page(f, filter_text(&w, "EXISTS (SELECT 1 FROM state_tag t WHERE"
					       " t.article_id = a.id AND t.tag = ?)", "pilkada"), &r),
			 1);

	char **tags;
	size_t n;
	assert_int_equal(store_tags_all(f->s, &tags, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(tags[0], "debat");
	assert_string_equal(tags[1], "pilkada");
	for (size_t i = 0; i < n; i++)
		free(tags[i]);
	free(tags);

	assert_int_equal(store_tag_remove(f->s, id, "debat"), 0);
	assert_int_equal(store_set_read(f->s, id, false), 0);
	assert_int_equal(store_set_flagged(f->s, id, false), 0);
	struct store_article got;
	assert_int_equal(store_article_get(f->s, id, &got), 0);
	assert_false(got.read);
	assert_false(got.flagged);
	assert_int_equal(got.n_tags, 1);
	assert_string_equal(got.tags[0], "pilkada");
	store_article_clear(&got);

	struct buf views;
	buf_init(&views);
	assert_int_equal(store_view_save(f->s, "semarang", "office:kab-semarang is:unread"), 0);
	assert_int_equal(store_view_save(f->s, "hukum", "division:hukum"), 0);
	assert_int_equal(store_view_save(f->s, "semarang", "office:kab-semarang"), 0);
	assert_int_equal(store_view_list(f->s, list_views, &views), 0);
	assert_string_equal(views.data, "hukum=division:hukum;semarang=office:kab-semarang;");
	assert_int_equal(store_view_delete(f->s, "hukum"), 0);
	assert_int_equal(store_view_delete(f->s, "hukum"), -1);
	buf_reset(&views);
	assert_int_equal(store_view_list(f->s, list_views, &views), 0);
	assert_string_equal(views.data, "semarang=office:kab-semarang;");
	buf_free(&views);
}

/* ---- classification */

struct reclassify {
	struct store *s;
	int64_t ids[8];
	size_t n;
};

static int reclassify_row(void *ctx, const struct store_article *a)
{
	struct reclassify *r = ctx;
	assert_non_null(a->body_text);
	assert_true(r->n < 8);
	r->ids[r->n++] = a->id;
	struct store_division d = { (char *)"SDM", (char *)"rekrutmen" };
	/* writes while walking */
	assert_int_equal(store_article_classify(r->s, a->id, "prov-jateng", NULL, 0, &d, 1), 0);
	return 0;
}

static void test_classify_and_each(void **state)
{
	struct fixture *f = *state;
	int64_t ids[3];
	char guid[16];
	for (int i = 0; i < 3; i++) {
		snprintf(guid, sizeof guid, "c%d", i);
		struct store_article a = article(f->semarang, guid, NULL, "Rekrutmen Badan Adhoc",
						 1709000000 - i);
		put(f, &a, &ids[i]);
	}
	struct store_mention m[] = {
		{ (char *)"kab-semarang", (char *)"Kabupaten Semarang" },
		{ (char *)"prov-jateng", (char *)"Provinsi Jawa Tengah" },
	};
	struct store_division d = { (char *)"TEKNIS", (char *)"tahapan" };
	assert_int_equal(store_article_classify(f->s, ids[1], "kab-semarang", m, 2, &d, 1), 0);
	struct store_article got;
	assert_int_equal(store_article_get(f->s, ids[1], &got), 0);
	assert_int_equal(got.n_mentions, 2);
	assert_string_equal(got.mentions[1].evidence, "Provinsi Jawa Tengah");
	store_article_clear(&got);
	assert_int_equal(store_article_classify(f->s, 9999, NULL, NULL, 0, NULL, 0), -1);

	struct reclassify r = { .s = f->s };
	assert_int_equal(store_article_each(f->s, reclassify_row, &r), 0);
	assert_int_equal(r.n, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r.ids[i], ids[i]);
	assert_int_equal(store_article_get(f->s, ids[1], &got), 0);
	assert_string_equal(got.office, "prov-jateng");
	assert_int_equal(got.n_mentions, 0);
	assert_int_equal(got.n_divisions, 1);
	assert_string_equal(got.divisions[0].id, "SDM");
	store_article_clear(&got);
	struct filter w;
	int64_t total, unread;
	assert_int_equal(store_article_count(f->s, filter_text(&w, "EXISTS (SELECT 1 FROM"
					     " article_divisions d WHERE d.article_id = a.id AND"
					     " d.division = ?)", "SDM"), &total, &unread), 0);
	assert_int_equal(total, 3);
}

/* ---- vocabularies */

static void test_sync_vocabularies(void **state)
{
	struct fixture *f = *state;
	struct store_office_row rows[] = {
		{ "kab-semarang", "kabupaten", "KPU Kabupaten Semarang", "Jawa Tengah",
		  "kab-semarang.kpu.go.id", "Asia/Jakarta" },
		{ "kota-jayapura", "kota", "KPU Kota Jayapura", "Papua", "kota-jayapura.kpu.go.id",
		  "Asia/Jayapura" },
	};
	sqlite3 *db = raw_open(f->path);
	assert_int_equal(store_sync_offices(f->s, rows, 2), 0);
	int64_t version = raw_int(db, "PRAGMA data_version");
	assert_int_equal(raw_int(db, "SELECT count(*) FROM offices"), 2);
	/* identical again: nothing is written */
	assert_int_equal(store_sync_offices(f->s, rows, 2), 0);
	assert_int_equal(raw_int(db, "PRAGMA data_version"), version);
	/* changed: replaced */
	assert_int_equal(store_sync_offices(f->s, rows + 1, 1), 0);
	assert_int_not_equal(raw_int(db, "PRAGMA data_version"), version);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM offices WHERE slug = 'kab-semarang'"), 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM offices WHERE tz = 'Asia/Jayapura'"), 1);

	const char *ids[] = { "TEKNIS", "HUKUM" };
	const char *names[] = { "Teknis Penyelenggaraan", "Hukum dan Pengawasan" };
	assert_int_equal(store_sync_divisions(f->s, ids, names, 2), 0);
	version = raw_int(db, "PRAGMA data_version");
	assert_int_equal(store_sync_divisions(f->s, ids, names, 2), 0);
	assert_int_equal(raw_int(db, "PRAGMA data_version"), version);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM divisions"), 2);
	sqlite3_close(db);
}

/* ---- concurrency */

static void test_two_connections(void **state)
{
	struct fixture *f = *state;
	struct store *reader;
	char err[512];
	assert_int_equal(store_open(f->path, STORE_READONLY, &reader, err, sizeof err), 0);
	struct store_article a = article(f->semarang, "w1", NULL, "Pleno Rekapitulasi", 1709000000);
	put(f, &a, NULL);

	assert_int_equal(store_begin(f->s), 0);
	a.guid = (char *)"w2";
	put(f, &a, NULL);
	/* the reader is not blocked by the open write transaction and sees the last commit */
	int64_t total, unread;
	assert_int_equal(store_article_count(reader, NULL, &total, &unread), 0);
	assert_int_equal(total, 1);
	struct walk w = { .n = 0 };
	assert_int_equal(store_article_page(reader, NULL, NULL, false, 10, walk_row, &w), 0);
	assert_int_equal(w.n, 1);
	/* a reader cannot write */
	assert_int_equal(store_set_read(reader, w.ids[0], true), -1);
	assert_non_null(strstr(store_errmsg(reader), "read-only"));
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_article_count(reader, NULL, &total, &unread), 0);
	assert_int_equal(total, 2);
	store_close(reader);

	/* and a second writer connection works once the first is done */
	struct store *second;
	assert_int_equal(store_open(f->path, 0, &second, err, sizeof err), 0);
	assert_int_equal(store_set_read(second, w.ids[0], true), 0);
	store_close(second);
	assert_int_equal(store_article_count(f->s, NULL, &total, &unread), 0);
	assert_int_equal(unread, 1);
}

/* ---- the page query is answered by an index at archive scale */

static void test_page_plan_100k(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = raw_open(f->path);
	raw_exec(db, "BEGIN;"
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
		 " INSERT INTO articles(source_id, guid, title, published, fetched, body_text, office)"
		 " SELECT 1, 'g' || i, 'Berita ' || i, 1700000000 + i / 7, 1710000000,"
		 " 'Isi berita nomor ' || i, 'kab-' || (i % 500) FROM n;"
		 "COMMIT; ANALYZE;");
	sqlite3_close(db);

	struct filter w;
	const struct query_sql *office = filter_text(&w, "a.office = ?", "kab-7");
	const struct { const struct query_sql *where; bool after, reverse; const char *index; } cases[] = {
		{ NULL, false, false, "articles_published" },
		{ NULL, true, false, "articles_published" },
		{ NULL, true, true, "articles_published" },
		{ office, true, false, "articles_office" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *plan = store_article_page_plan(f->s, cases[i].where, cases[i].after,
						     cases[i].reverse);
		assert_non_null(plan);
		if (strstr(plan, "USE TEMP B-TREE FOR ORDER BY") || !strstr(plan, cases[i].index))
			fail_msg("case %zu sorts instead of walking %s:\n%s", i, cases[i].index, plan);
		free(plan);
	}
	struct walk top = { .n = 0 };
	assert_int_equal(store_article_page(f->s, NULL, NULL, false, 50, walk_row, &top), 0);
	assert_int_equal(top.n, 50);
	assert_int_equal(top.ids[0], 100000);
	assert_int_equal(top.ids[49], 99951);
}

/* ---- full-text pages: the three plans (sort, walk, probe) give the same pages */

struct ids {
	int64_t *v;
	size_t n;
	struct store_page_key last;
};

static int collect_id(void *ctx, const struct store_article *a)
{
	struct ids *w = ctx;
	w->v = xrealloc(w->v, (w->n + 1) * sizeof *w->v);
	w->v[w->n++] = a->id;
	w->last.published = a->published;
	w->last.id = a->id;
	return 0;
}

/* Every page of 40 after the previous one's last row, newest first. */
static struct ids page_through(struct store *s, const struct query_sql *q)
{
	struct ids all = { NULL, 0, { 0, 0 } };
	for (int guard = 0; guard < 1000; guard++) {
		struct ids page = { NULL, 0, { 0, 0 } };
		assert_int_equal(store_article_page(s, q, all.n ? &all.last : NULL, false, 40,
						    collect_id, &page), 0);
		for (size_t i = 0; i < page.n; i++) {
			all.v = xrealloc(all.v, (all.n + 1) * sizeof *all.v);
			all.v[all.n++] = page.v[i];
		}
		if (page.n)
			all.last = page.last;
		free(page.v);
		if (page.n < 40)
			break;
	}
	return all;
}

static void test_search_plans_agree(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = raw_open(f->path);
	/* Dates are a shuffle of the ids, in pairs that share a second; words of every
	 * frequency; some read, some tagged. */
	raw_exec(db, "BEGIN;"
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
		 " INSERT INTO articles(source_id, guid, title, published, fetched, body_text, office)"
		 " SELECT 1, 'g' || i, 'Berita KPU ' || i,"
		 " 1700000000 + ((i * 7919) % 3000) / 2 * 60, 1710000000,"
		 " 'Rapat koordinasi' || CASE WHEN i % 3 = 0 THEN ' pemutakhiran data pemilih' ELSE '' END"
		 " || CASE WHEN i % 7 = 0 THEN ' sosialisasi pemula' ELSE '' END"
		 " || CASE WHEN i % 500 = 0 THEN ' sengketa hasil' ELSE '' END, 'kab-semarang' FROM n;"
		 "INSERT INTO state_read(article_id, at) SELECT id, 1 FROM articles WHERE id % 4 = 0;"
		 "INSERT INTO state_tag(article_id, tag, at) SELECT id, 'penting', 1 FROM articles"
		 " WHERE id % 10 = 0;"
		 "COMMIT;");
	sqlite3_close(db);
	static const char *const queries[] = {
		"pemilih", "pemilih pemula", "sengketa", "is:unread pemilih", "tag:penting pemilih",
		"-tag:penting pemula", "pemilih since:2023-11-15", "pemuta*", "tidakada",
	};
	static const enum store_page_plan plans[] = { STORE_PLAN_SORT, STORE_PLAN_WALK,
						      STORE_PLAN_PROBE, STORE_PLAN_AUTO };
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct query_sql q;
		char err[256];
		assert_int_equal(query_compile(queries[i], &q, err, sizeof err, NULL), 0);
		assert_non_null(q.where_probe);
		assert_true(q.id_driven);
		/* the reference: one unlimited query */
		struct ids want = { NULL, 0, { 0, 0 } };
		store_force_page_plan(f->s, STORE_PLAN_AUTO);
		assert_int_equal(store_article_page(f->s, &q, NULL, false, 0, collect_id, &want), 0);
		for (size_t p = 0; p < sizeof plans / sizeof plans[0]; p++) {
			store_force_page_plan(f->s, plans[p]);
			struct ids got = page_through(f->s, &q);
			if (got.n != want.n)
				fail_msg("%s, plan %d: %zu articles, want %zu", queries[i], (int)plans[p],
					 got.n, want.n);
			for (size_t k = 0; k < want.n; k++)
				if (got.v[k] != want.v[k])
					fail_msg("%s, plan %d: row %zu is %lld, want %lld", queries[i],
						 (int)plans[p], k, (long long)got.v[k], (long long)want.v[k]);
			free(got.v);
			/* back up from row 100: rows 60..99, oldest first */
			if (want.n <= 100)
				continue;
			struct store_article row;
			assert_int_equal(store_article_get(f->s, want.v[100], &row), 0);
			struct store_page_key key = { row.published, row.id };
			store_article_clear(&row);
			struct ids back = { NULL, 0, { 0, 0 } };
			assert_int_equal(store_article_page(f->s, &q, &key, true, 40, collect_id, &back), 0);
			assert_int_equal(back.n, 40);
			for (size_t k = 0; k < 40; k++)
				if (back.v[k] != want.v[99 - k])
					fail_msg("%s, plan %d, backwards: row %zu is %lld, want %lld",
						 queries[i], (int)plans[p], k, (long long)back.v[k],
						 (long long)want.v[99 - k]);
			free(back.v);
		}
		free(want.v);
		query_sql_free(&q);
	}
	store_force_page_plan(f->s, STORE_PLAN_AUTO);
}

/* ---- shared archive: state next to a read-only archive, changesets between two */

static void test_shared_state_and_changesets(void **state)
{
	struct fixture *f = *state;
	int64_t rapat, dpt;
	struct store_article a = article(f->semarang, "p1", "https://kab-semarang.kpu.go.id/rapat",
					 "Rapat Pleno Terbuka", 1709600000);
	put(f, &a, &rapat);
	a = article(f->jateng, "p2", "https://jateng.kpu.go.id/dpt", "Penetapan DPT", 1726800000);
	put(f, &a, &dpt);
	char state_path[PATH_MAX + 32], changes[PATH_MAX + 32], err[512];
	snprintf(state_path, sizeof state_path, "%s/state.db", f->dir);
	snprintf(changes, sizeof changes, "%s/changes", f->dir);

	struct store *reader;
	assert_int_equal(store_open_shared(f->path, state_path, &reader, err, sizeof err), 0);
	assert_true(store_is_shared(reader));
	assert_int_equal(store_set_read(reader, dpt, true), 0);
	assert_int_equal(store_tag_add(reader, rapat, "rekap"), 0);
	/* the archive is untouched and may not be written */
	struct store_article got;
	assert_int_equal(store_article_get(f->s, dpt, &got), 0);
	assert_false(got.read);
	store_article_clear(&got);
	assert_int_equal(store_archive_writable(reader), -1);
	assert_non_null(strstr(store_errmsg(reader), "is shared and read-only for you"));
	int64_t id;
	assert_int_equal(store_source_add(reader, "https://kota-semarang.kpu.go.id/feed/", NULL,
					  NULL, false, &id), -1);

	/* the reader's changes go to the single-user database as a changeset, once */
	int64_t n, token;
	assert_int_equal(store_state_export(reader, 0, 0, changes, &n, &token), 0);
	assert_int_equal(n, 2);
	assert_true(token >= 2);
	struct store_state_counts c;
	assert_int_equal(store_state_import(f->s, changes, &c), 0);
	assert_int_equal(c.applied, 2);
	assert_int_equal(store_state_import(f->s, changes, &c), 0);
	assert_int_equal(c.applied, 0);
	assert_int_equal(c.ignored, 2);
	assert_int_equal(store_article_get(f->s, dpt, &got), 0);
	assert_true(got.read);
	store_article_clear(&got);
	assert_int_equal(store_article_get(f->s, rapat, &got), 0);
	assert_int_equal(got.n_tags, 1);
	assert_string_equal(got.tags[0], "rekap");
	store_article_clear(&got);

	/* nothing new since the token */
	assert_int_equal(store_state_export(reader, token, 0, changes, &n, &token), 0);
	assert_int_equal(n, 0);
	store_close(reader);
	struct stat st;
	assert_int_equal(stat(state_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_dedup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_keeps_earlier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_fts_deferred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keyset_paging_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging_order_mixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_where_and_fts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classify_and_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_vocabularies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_plan_100k, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_plans_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_state_and_changesets, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
