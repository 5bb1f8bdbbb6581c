#include "config.h"

#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The session extension (changesets of reading state) is compiled into Debian's
 * libsqlite3; these make its declarations visible. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include "i18n.h"
#include "query.h"
#include "util/buf.h"

/* ---- schema: one entry per version; a database at version N runs steps N+1.. at open */

/* Version 1: the archive and the reading state as first specified. The FTS index is
 * external-content over a view so that its columns are called title and body while the
 * text lives once, in articles; triggers keep it in step with every insert, update and
 * delete (cascades included). Article ids never repeat (AUTOINCREMENT), because reading
 * state refers to them without a foreign key and will one day live in another file. */
static const char schema_v1[] =
	"CREATE TABLE offices(slug TEXT PRIMARY KEY, level TEXT, name TEXT, province TEXT,"
	" domain TEXT, tz TEXT);"
	"CREATE TABLE divisions(id TEXT PRIMARY KEY, name TEXT);"
	"CREATE TABLE sources(id INTEGER PRIMARY KEY, url TEXT UNIQUE NOT NULL, title TEXT,"
	" kind TEXT NOT NULL DEFAULT 'unknown', office TEXT, full_text INTEGER NOT NULL DEFAULT 0,"
	" etag TEXT, last_modified TEXT, added INTEGER, last_attempt INTEGER,"
	" last_success INTEGER, last_error TEXT, last_status INTEGER, last_error_time INTEGER);"
	"CREATE TABLE articles(id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
	" url TEXT, guid TEXT, title TEXT, author TEXT, published INTEGER NOT NULL,"
	" published_estimated INTEGER NOT NULL DEFAULT 0, updated INTEGER,"
	" fetched INTEGER NOT NULL, summary TEXT, body_html TEXT, body_text TEXT,"
	" content_hash TEXT, office TEXT);"
	"CREATE TABLE article_sources(source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,"
	" key TEXT, article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,"
	" PRIMARY KEY(source_id, key));"
	"CREATE TABLE article_offices(article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,"
	" office TEXT, evidence TEXT, PRIMARY KEY(article_id, office));"
	"CREATE TABLE article_divisions(article_id INTEGER REFERENCES articles(id)"
	" ON DELETE CASCADE, division TEXT, evidence TEXT, PRIMARY KEY(article_id, division));"
	"CREATE INDEX articles_published ON articles(published DESC, id DESC);"
	"CREATE INDEX articles_source ON articles(source_id, published, id);"
	"CREATE INDEX articles_office ON articles(office, published, id);"
	"CREATE INDEX articles_url ON articles(url);"
	"CREATE INDEX article_offices_office ON article_offices(office, article_id);"
	"CREATE INDEX article_divisions_division ON article_divisions(division, article_id);"
	"CREATE VIEW articles_fts_content AS SELECT id, title, body_text AS body FROM articles;"
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, body,"
	" content='articles_fts_content', content_rowid='id',"
	" tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
	" INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body_text);"
	" END;"
	"CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
	" INSERT INTO articles_fts(articles_fts, rowid, title, body)"
	" VALUES('delete', old.id, old.title, old.body_text);"
	" END;"
	"CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body_text ON articles BEGIN"
	" INSERT INTO articles_fts(articles_fts, rowid, title, body)"
	" VALUES('delete', old.id, old.title, old.body_text);"
	" INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body_text);"
	" END;"
	"CREATE TABLE state_read(article_id INTEGER PRIMARY KEY, at INTEGER);"
	"CREATE TABLE state_flag(article_id INTEGER PRIMARY KEY, at INTEGER);"
	"CREATE TABLE state_tag(article_id INTEGER, tag TEXT, at INTEGER,"
	" PRIMARY KEY(article_id, tag));"
	"CREATE INDEX state_tag_tag ON state_tag(tag, article_id);"
	"CREATE TABLE state_view(name TEXT PRIMARY KEY, query TEXT, at INTEGER);";

/* Version 2: deleting an article cascades into article_sources by article_id, which
 * without this index scans the whole link table once per deleted article; meta keeps the
 * fingerprints of the mirrored vocabularies so that an unchanged sync writes nothing. */
static const char schema_v2[] =
	"CREATE INDEX article_sources_article ON article_sources(article_id);"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);";

/* The state tables' parts that version 3 adds, shared with the state database's schema:
 * every state row carries the article's stable key next to its id, so that it can be
 * attached again when the archive is rebuilt; state_log keeps the newest change of each
 * (key, kind, name) with its time, tombstones included, for `warta state export`. */
#define STATE_LOG_SCHEMA \
	"CREATE INDEX state_read_key ON state_read(key);" \
	"CREATE INDEX state_flag_key ON state_flag(key);" \
	"CREATE INDEX state_tag_key ON state_tag(key, tag);" \
	"CREATE TABLE state_log(key TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL," \
	" value INTEGER NOT NULL, text TEXT, at INTEGER NOT NULL, seq INTEGER," \
	" PRIMARY KEY(key, kind, name));" \
	"CREATE INDEX state_log_seq ON state_log(seq);"

/* Version 3: articles get a stable key (their URL, else source URL and guid) that
 * survives a rebuild of the archive; the reading state gets keys and its change log
 * (existing state becomes the log's first entries); the archive gets a random identity
 * so that a reader can tell that it was rebuilt. */
static const char schema_v3[] =
	"ALTER TABLE articles ADD COLUMN skey TEXT;"
	"UPDATE articles SET skey = coalesce(url, (SELECT s.url || char(10) || x.key"
	" FROM article_sources x JOIN sources s ON s.id = x.source_id"
	" WHERE x.article_id = articles.id AND x.source_id = articles.source_id),"
	" 'article:' || id);"
	"CREATE INDEX articles_skey ON articles(skey);"
	"ALTER TABLE state_read ADD COLUMN key TEXT;"
	"ALTER TABLE state_flag ADD COLUMN key TEXT;"
	"ALTER TABLE state_tag ADD COLUMN key TEXT;"
	"UPDATE state_read SET key = (SELECT skey FROM articles WHERE id = article_id);"
	"UPDATE state_flag SET key = (SELECT skey FROM articles WHERE id = article_id);"
	"UPDATE state_tag SET key = (SELECT skey FROM articles WHERE id = article_id);"
	STATE_LOG_SCHEMA
	"INSERT INTO state_log(key, kind, name, value, at) SELECT key, 'read', '', 1,"
	" coalesce(at, 0) * 1000000 FROM state_read WHERE key IS NOT NULL;"
	"INSERT INTO state_log(key, kind, name, value, at) SELECT key, 'flag', '', 1,"
	" coalesce(at, 0) * 1000000 FROM state_flag WHERE key IS NOT NULL;"
	"INSERT OR IGNORE INTO state_log(key, kind, name, value, at) SELECT key, 'tag', tag, 1,"
	" coalesce(at, 0) * 1000000 FROM state_tag WHERE key IS NOT NULL;"
	"INSERT INTO state_log(key, kind, name, value, text, at) SELECT '', 'view', name, 1,"
	" query, coalesce(at, 0) * 1000000 FROM state_view;"
	"UPDATE state_log SET seq = rowid;"
	"INSERT OR IGNORE INTO meta(key, value) VALUES('uuid', lower(hex(randomblob(16))));";

/* Version 4: counts kept up to date by triggers, so that the first screen of a million
 * articles does not count them: articles per source (through article_sources, so an
 * article linked from a second source counts there too) and articles in all. */
static const char schema_v4[] =
	"CREATE TABLE source_stats(source_id INTEGER PRIMARY KEY, total INTEGER NOT NULL);"
	"INSERT INTO source_stats(source_id, total)"
	" SELECT source_id, count(*) FROM article_sources GROUP BY source_id;"
	"CREATE TRIGGER source_stats_add AFTER INSERT ON article_sources BEGIN"
	" INSERT INTO source_stats(source_id, total) VALUES(new.source_id, 1)"
	" ON CONFLICT(source_id) DO UPDATE SET total = total + 1;"
	" END;"
	"CREATE TRIGGER source_stats_remove AFTER DELETE ON article_sources BEGIN"
	" UPDATE source_stats SET total = total - 1 WHERE source_id = old.source_id;"
	" END;"
	"CREATE TRIGGER source_stats_drop AFTER DELETE ON sources BEGIN"
	" DELETE FROM source_stats WHERE source_id = old.id;"
	" END;"
	"CREATE TABLE archive_stats(id INTEGER PRIMARY KEY CHECK (id = 1),"
	" articles INTEGER NOT NULL);"
	"INSERT INTO archive_stats(id, articles) VALUES(1, (SELECT count(*) FROM articles));"
	"CREATE TRIGGER archive_stats_add AFTER INSERT ON articles BEGIN"
	" UPDATE archive_stats SET articles = articles + 1;"
	" END;"
	"CREATE TRIGGER archive_stats_remove AFTER DELETE ON articles BEGIN"
	" UPDATE archive_stats SET articles = articles - 1;"
	" END;";

/* Version 5 (and state version 2): tags match without regard to case (tag:Pilkada finds
 * "pilkada"), and this index lets that comparison find them instead of walking the
 * archive. */
#define TAG_NOCASE_INDEX \
	"CREATE INDEX IF NOT EXISTS state_tag_nocase ON state_tag(tag COLLATE NOCASE, article_id);"
static const char schema_v5[] = TAG_NOCASE_INDEX;

/* Version 6: a narrow copy of what sorting and counting need (id, date, source), so that
 * a set of ids from a tag or a full-text match is put in date order, and read rows are
 * counted per source, inside a few megabytes instead of across the whole articles table. */
static const char schema_v6[] =
	"CREATE INDEX articles_id_date ON articles(id, published, source_id);";

/* Version 7 (and state version 3): the ids of read articles in an index of their own,
 * a twentieth of the table's size, for is:read/is:unread (query.c). */
#define STATE_READ_IDS "CREATE INDEX IF NOT EXISTS state_read_ids ON state_read(article_id);"
static const char schema_v7[] = STATE_READ_IDS;

/* Version 8: the link table's index by article also holds the source, so that counting
 * what was read per source (the tree's unread counts) never reads the table itself. */
static const char schema_v8[] =
	"DROP INDEX article_sources_article;"
	"CREATE INDEX article_sources_article ON article_sources(article_id, source_id);";

/* Version 9: a transaction that stores many articles indexes them for full-text search once,
 * at its commit, instead of row by row. With SQLite 3.40 every statement that fires the
 * FTS5 trigger ends with a statement savepoint at which FTS5 writes its pending terms out
 * as a new tiny segment (one per article, then merged again and again): a quarter of a
 * fetch's instructions. While fts_defer holds its one row (only ever inside such a
 * transaction, so no other connection sees it), rows with id >= since are left to the
 * commit, which indexes them as they are then; ids only grow (AUTOINCREMENT), so those are
 * exactly the rows of this transaction. Every other write keeps the per-row triggers. */
#define FTS_DEFERRED(row) \
	" WHEN " row ".id < coalesce((SELECT since FROM fts_defer), " row ".id + 1)"
static const char schema_v9[] =
	"CREATE TABLE fts_defer(id INTEGER PRIMARY KEY CHECK (id = 1), since INTEGER NOT NULL);"
	"DROP TRIGGER articles_fts_insert;"
	"DROP TRIGGER articles_fts_delete;"
	"DROP TRIGGER articles_fts_update;"
	"CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles" FTS_DEFERRED("new") " BEGIN"
	" INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body_text);"
	" END;"
	"CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles" FTS_DEFERRED("old") " BEGIN"
	" INSERT INTO articles_fts(articles_fts, rowid, title, body)"
	" VALUES('delete', old.id, old.title, old.body_text);"
	" END;"
	"CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body_text ON articles"
	FTS_DEFERRED("old") " BEGIN"
	" INSERT INTO articles_fts(articles_fts, rowid, title, body)"
	" VALUES('delete', old.id, old.title, old.body_text);"
	" INSERT INTO articles_fts(rowid, title, body) VALUES(new.id, new.title, new.body_text);"
	" END;";

static const char *const migrations[] = { schema_v1, schema_v2, schema_v3, schema_v4,
					  schema_v5, schema_v6, schema_v7, schema_v8,
					  schema_v9 };
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))
#define APPLICATION_ID 0x57525441   /* "WRTA" */

/* A user's own state database next to a shared archive: the state tables only. */
static const char state_schema_v1[] =
	"CREATE TABLE state_read(article_id INTEGER PRIMARY KEY, at INTEGER, key TEXT);"
	"CREATE TABLE state_flag(article_id INTEGER PRIMARY KEY, at INTEGER, key TEXT);"
	"CREATE TABLE state_tag(article_id INTEGER, tag TEXT, at INTEGER, key TEXT,"
	" PRIMARY KEY(article_id, tag));"
	"CREATE INDEX state_tag_tag ON state_tag(tag, article_id);"
	"CREATE TABLE state_view(name TEXT PRIMARY KEY, query TEXT, at INTEGER);"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
	STATE_LOG_SCHEMA;

static const char state_schema_v2[] = TAG_NOCASE_INDEX;
static const char state_schema_v3[] = STATE_READ_IDS;
static const char *const state_migrations[] = { state_schema_v1, state_schema_v2,
						state_schema_v3 };
#define STATE_SCHEMA_VERSION ((int)(sizeof state_migrations / sizeof state_migrations[0]))
#define STATE_APPLICATION_ID 0x57525453   /* "WRTS" */

struct schema {
	const char *const *steps;
	int version;
	int application_id;
};
static const struct schema archive_schema = { migrations, SCHEMA_VERSION, APPLICATION_ID };
static const struct schema state_schema = { state_migrations, STATE_SCHEMA_VERSION,
					    STATE_APPLICATION_ID };

/* ---- cached statements for the hot paths */
#define STORE_STATEMENTS(X) \
	X(KEY_FIND, "SELECT x.article_id, a.source_id, a.content_hash, a.published," \
	  " a.published_estimated FROM article_sources x JOIN articles a ON a.id = x.article_id" \
	  " WHERE x.source_id = ?1 AND x.key = ?2") \
	X(URL_FIND_OTHER, "SELECT id FROM articles WHERE url = ?1 AND source_id <> ?2" \
	  " ORDER BY id LIMIT 1") \
	X(ARTICLE_INSERT, "INSERT INTO articles(source_id, url, guid, title, author, published," \
	  " published_estimated, updated, fetched, summary, body_html, body_text, content_hash," \
	  " office, skey) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14," \
	  " coalesce(?2, (SELECT url FROM sources WHERE id = ?1) || char(10) || ?15))") \
	X(ARTICLE_UPDATE, "UPDATE articles SET url = ?2, guid = ?3, title = ?4, author = ?5," \
	  " published = ?6, published_estimated = ?7, updated = ?8, fetched = ?9, summary = ?10," \
	  " body_html = ?11, body_text = ?12, content_hash = ?13, office = ?14 WHERE id = ?1") \
	X(KEY_INSERT, "INSERT INTO article_sources(source_id, key, article_id)" \
	  " VALUES(?1, ?2, ?3) ON CONFLICT(source_id, key)" \
	  " DO UPDATE SET article_id = excluded.article_id") \
	X(MENTIONS_DELETE, "DELETE FROM article_offices WHERE article_id = ?1") \
	X(MENTION_INSERT, "INSERT OR IGNORE INTO article_offices(article_id, office, evidence)" \
	  " VALUES(?1, ?2, ?3)") \
	X(DIVISIONS_DELETE, "DELETE FROM article_divisions WHERE article_id = ?1") \
	X(DIVISION_INSERT, "INSERT OR IGNORE INTO article_divisions(article_id, division," \
	  " evidence) VALUES(?1, ?2, ?3)") \
	X(KNOWN, "SELECT 1 FROM articles a WHERE a.url = ?2 AND (a.source_id = ?1 OR EXISTS" \
	  " (SELECT 1 FROM article_sources x WHERE x.source_id = ?1 AND x.article_id = a.id))" \
	  " LIMIT 1") \
	X(ARTICLE_EXISTS, "SELECT 1 FROM articles WHERE id = ?1")

enum statement {
#define STATEMENT_ENUM(name, sql) STATEMENT_##name,
	STORE_STATEMENTS(STATEMENT_ENUM)
	STATEMENT_COUNT
};

static const char *const statement_sql[] = {
#define STATEMENT_SQL(name, sql) sql,
	STORE_STATEMENTS(STATEMENT_SQL)
};

struct store {
	sqlite3 *db;
	char *path;              /* the database (single) or the user's state database */
	char *archive_path;      /* shared: the archive attached as schema "archive" */
	const char *archive;     /* the archive's schema name: "main" or "archive" */
	bool readonly;           /* the archive is read-only (shared archives always are) */
	bool shared;
	bool group_readable;     /* STORE_SHARED: files 0640, WAL kept for readers */
	int version;
	sqlite3_stmt *cache[STATEMENT_COUNT];
	bool fts_deferred;       /* inside store_begin_articles: index at store_commit */
	bool bulk_cache;         /* the larger page cache for bulk writes is set */
	sqlite3_stmt *page;          /* the last page query, reused while its SQL repeats */
	char *page_sql;
	enum store_page_plan plan;   /* STORE_PLAN_AUTO but in tests */
	char errmsg[512];
};

/* The list row: everything but the bodies. Columns 0..18; store_article_get adds 19, 20. */
#define ARTICLE_COLUMNS \
	"a.id, a.source_id, a.url, a.guid, a.title, a.author, a.published," \
	" a.published_estimated, a.updated, a.fetched, a.summary, a.office, s.url, s.title," \
	" o.name, o.province," \
	" EXISTS(SELECT 1 FROM state_read r WHERE r.article_id = a.id)," \
	" EXISTS(SELECT 1 FROM state_flag f WHERE f.article_id = a.id)," \
	" (SELECT group_concat(tag, char(31)) FROM" \
	"  (SELECT t.tag FROM state_tag t WHERE t.article_id = a.id ORDER BY t.tag))"
#define ARTICLE_JOINS \
	" FROM articles a LEFT JOIN sources s ON s.id = a.source_id" \
	" LEFT JOIN offices o ON o.slug = a.office"
#define TAG_SEPARATOR '\x1f'
#define TAG_MAX 100
#define EACH_CHUNK 256
/* The page cache of a connection that writes articles in bulk (a fetch, an import). */
#define STORE_BULK_CACHE_KB "65536"

/* ---- errors */

static int fail(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
	return -1;
}

/* what: the operation, e.g. "adding source"; the message names the database file. */
static int fail_db(struct store *s, const char *what)
{
	return fail(s, _("%s: %s (database %s)"), what, sqlite3_errmsg(s->db), s->path);
}

const char *store_errmsg(const struct store *s)
{
	return s ? s->errmsg : "";
}

int store_schema_version(struct store *s)
{
	return s->version;
}

/* ---- small statement helpers */

static int exec(struct store *s, const char *sql, const char *what)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail_db(s, what);
	return 0;
}

static sqlite3_stmt *cached(struct store *s, enum statement which)
{
	if (!s->cache[which] &&
	    sqlite3_prepare_v3(s->db, statement_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
			       &s->cache[which], NULL) != SQLITE_OK) {
		fail_db(s, _("preparing a statement"));
		return NULL;
	}
	sqlite3_reset(s->cache[which]);
	sqlite3_clear_bindings(s->cache[which]);
	return s->cache[which];
}

static sqlite3_stmt *prepare(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		fail_db(s, _("preparing a statement"));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Runs a statement that returns no rows, then resets it. */
static int step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail_db(s, what);
	return 0;
}

static char *column_copy(sqlite3_stmt *st, int col)
{
	return xstrdup((const char *)sqlite3_column_text(st, col));
}

/* Binds the compiled filter's parameters starting at index first; returns the next index. */
static int bind_where(struct store *s, sqlite3_stmt *st, const struct query_sql *where,
		      int first)
{
	if (!where)
		return first;
	for (size_t i = 0; i < where->n_params; i++) {
		const struct query_param *p = &where->params[i];
		int at = first + (int)i;
		if (p->type == QUERY_PARAM_INT)
			sqlite3_bind_int64(st, at, p->integer);
		else
			bind_text(st, at, p->text);
	}
	if (sqlite3_bind_parameter_count(st) < first - 1 + (int)where->n_params)
		return fail(s, _("filter has more values than placeholders: %s"), where->where);
	return first + (int)where->n_params;
}

static const char *where_text(const struct query_sql *where)
{
	return where && where->where && where->where[0] ? where->where : "1";
}

/* ---- writes: one helper pair so that every write is inside a transaction. Outside a
 * batch it is its own BEGIN IMMEDIATE (take the write lock up front, so the busy timeout
 * applies instead of a deadlocked read-to-write upgrade); inside a batch it is a savepoint,
 * so one failed write takes back only itself. */

static int fail_read_only(struct store *s);
static int meta_set(struct store *s, const char *key, const char *value);

/* archive: whether the write changes the archive (refused on a read-only or shared
 * archive) or only the user's reading state (always allowed next to a shared archive). */
static int write_open_on(struct store *s, bool *own, bool archive)
{
	if (s->readonly && (archive || !s->shared))
		return fail_read_only(s);
	*own = sqlite3_get_autocommit(s->db) != 0;
	return exec(s, *own ? "BEGIN IMMEDIATE" : "SAVEPOINT store_write",
		    _("starting a write"));
}

static int write_open(struct store *s, bool *own)
{
	return write_open_on(s, own, true);
}

static int state_open(struct store *s, bool *own)
{
	return write_open_on(s, own, false);
}

static int write_close(struct store *s, bool own, int rc)
{
	if (rc == 0) {
		if (exec(s, own ? "COMMIT" : "RELEASE store_write", _("committing")) == 0)
			return 0;
		rc = -1;
	}
	if (own)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(s->db, "ROLLBACK TO store_write; RELEASE store_write", NULL, NULL,
			     NULL);
	return rc;
}

int store_begin(struct store *s)
{
	if (s->readonly && !s->shared)
		return fail_read_only(s);
	if (!sqlite3_get_autocommit(s->db))
		return fail(s, _("a transaction is already open on %s"), s->path);
	return exec(s, "BEGIN IMMEDIATE", _("starting a transaction"));
}

/* Runs sql with every '@' replaced by the archive's schema name. */
static int exec_archive(struct store *s, const char *sql, const char *what)
{
	struct buf text;
	buf_init(&text);
	for (const char *p = sql; *p; p++) {
		const char *at = strchr(p, '@');
		size_t run = at ? (size_t)(at - p) : strlen(p);
		buf_add(&text, p, run);
		p += run;
		if (!*p)
			break;
		buf_adds(&text, s->archive);
	}
	int rc = exec(s, text.data, what);
	buf_free(&text);
	return rc;
}

/* Leaves the full-text index of the rows this transaction inserts to fts_index_deferred
 * (schema version 9). */
static int fts_defer(struct store *s)
{
	if (exec_archive(s, "INSERT INTO @.fts_defer(id, since) VALUES(1, 1 + coalesce("
			    "(SELECT seq FROM @.sqlite_sequence WHERE name = 'articles'), 0))",
			 _("starting a transaction")) != 0)
		return -1;
	s->fts_deferred = true;
	return 0;
}

static int fts_index_deferred(struct store *s)
{
	s->fts_deferred = false;
	return exec_archive(s, "INSERT INTO @.articles_fts(rowid, title, body)"
			       " SELECT id, title, body_text FROM @.articles"
			       " WHERE id >= (SELECT since FROM @.fts_defer);"
			       "DELETE FROM @.fts_defer;", _("committing"));
}

/* A fetch of many sources revisits the same index pages (URLs, keys, FTS segments) in
 * every batch; SQLite's default 2 MB cache is far smaller than they are in a big archive.
 * Each article's savepoint and the FTS statement at the commit copy the pages they change
 * to a sub-journal, which past 64 kB becomes a file in /var/tmp written 4 kB at a time
 * (half of a fetch's write calls): kept in memory instead, as big as one batch's pages. */
static void bulk_cache(struct store *s)
{
	if (s->bulk_cache)
		return;
	s->bulk_cache = true;
	sqlite3_exec(s->db, "PRAGMA cache_size = -" STORE_BULK_CACHE_KB "; PRAGMA temp_store = MEMORY",
		     NULL, NULL, NULL);
}

int store_begin_articles(struct store *s)
{
	if (s->readonly)
		return fail_read_only(s);
	if (store_begin(s) != 0)
		return -1;
	bulk_cache(s);
	if (fts_defer(s) == 0)
		return 0;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int store_commit(struct store *s)
{
	if (sqlite3_get_autocommit(s->db)) {
		s->fts_deferred = false;
		return fail(s, _("no transaction to commit on %s"), s->path);
	}
	if (s->fts_deferred && fts_index_deferred(s) != 0)
		return -1;
	return exec(s, "COMMIT", _("committing"));
}

int store_rollback(struct store *s)
{
	s->fts_deferred = false;
	if (sqlite3_get_autocommit(s->db))
		return 0;   /* already rolled back by SQLite after an error */
	return exec(s, "ROLLBACK", _("rolling back"));
}

/* ---- opening and migrating */

/* Fails with a message for a path that cannot be opened the way flags ask. */
static int check_path(struct store *s, int flags)
{
	struct stat st;
	if (stat(s->path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return fail(s, _("%s is a directory, not a warta database"), s->path);
		return 0;
	}
	if (errno != ENOENT)
		return fail(s, _("cannot open database %s: %s"), s->path, strerror(errno));
	if (!(flags & STORE_CREATE) || (flags & STORE_READONLY))
		return fail(s, _("database %s does not exist (fetch some sources first or use --db)"),
			    s->path);
	char *dir = xstrdup(s->path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	int missing = stat(dir, &st) != 0 || !S_ISDIR(st.st_mode);
	if (missing)
		fail(s, _("cannot create database %s: directory %s does not exist"
			  " (create it or use --db)"), s->path, dir);
	free(dir);
	return missing ? -1 : 0;
}

/* Reads an integer pragma; the first statement on a file is where SQLite notices that the
 * file is not a database at all, so the message says so in the user's terms. */
static int pragma_int(struct store *s, const char *sql, int *value)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*value = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK || rc == SQLITE_DONE)
		return 0;
	int primary = sqlite3_errcode(s->db) & 0xff;
	if (primary == SQLITE_NOTADB)
		return fail(s, _("%s is not a warta database (%s)"), s->path,
			    sqlite3_errstr(SQLITE_NOTADB));
	if (primary == SQLITE_CORRUPT)
		return fail(s, _("%s is damaged (%s): restore a backup or move it aside"),
			    s->path, sqlite3_errmsg(s->db));
	return fail_db(s, _("reading the schema version"));
}

static int configure(struct store *s)
{
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);
	int ignored;
	if (pragma_int(s, "PRAGMA user_version", &ignored) != 0)
		return -1;
	if (!s->readonly || s->shared) {
		sqlite3_stmt *st = prepare(s, "PRAGMA journal_mode = WAL");
		if (!st)
			return -1;
		int rc = sqlite3_step(st);
		int wal = rc == SQLITE_ROW &&
			  str_casecmp_ascii((const char *)sqlite3_column_text(st, 0), "wal") == 0;
		sqlite3_finalize(st);
		if (!wal)
			return rc == SQLITE_ROW ? fail(s, _("cannot switch %s to WAL mode"), s->path)
						: fail_db(s, _("switching to WAL mode"));
	}
	return exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
		    _("setting up the connection"));
}

static int migrate(struct store *s, const struct schema *schema)
{
	if (exec(s, "BEGIN IMMEDIATE", _("starting the schema upgrade")) != 0)
		return -1;
	int version = 0, rc = 0;
	/* Another process may have upgraded between our first look and the write lock. */
	rc = pragma_int(s, "PRAGMA user_version", &version);
	for (int step = version; rc == 0 && step < schema->version; step++)
		rc = exec(s, schema->steps[step], _("upgrading the schema"));
	if (rc == 0 && version < schema->version) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
			 schema->version, schema->application_id);
		rc = exec(s, sql, _("upgrading the schema"));
	}
	if (rc == 0)
		return exec(s, "COMMIT", _("committing the schema upgrade"));
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int wrong_kind(struct store *s, int application)
{
	if (application == STATE_APPLICATION_ID)
		return fail(s, _("%s is a user's reading state, not an archive: open the archive"
				 " with --archive FILE (the state is found by itself)"), s->path);
	if (application == APPLICATION_ID)
		return fail(s, _("%s is a warta archive, not a reading state database"), s->path);
	return fail(s, _("%s is not a warta database (it holds another program's tables)"),
		    s->path);
}

static int check_version(struct store *s, const struct schema *schema)
{
	int version = 0, application = 0, objects = 0;
	if (pragma_int(s, "PRAGMA user_version", &version) != 0 ||
	    pragma_int(s, "PRAGMA application_id", &application) != 0 ||
	    pragma_int(s, "SELECT count(*) FROM sqlite_master", &objects) != 0)
		return -1;
	if ((application != 0 && application != schema->application_id) ||
	    (version == 0 && objects > 0))
		return wrong_kind(s, application);
	if (version > schema->version)
		return fail(s, _("%s was written by a newer warta (schema version %d, this warta"
				 " knows up to %d): upgrade warta"), s->path, version,
			    schema->version);
	if (s->readonly && !s->shared && version == 0)
		return fail(s, _("%s is empty, not a warta database yet: open it once with write"
				 " access (e.g. warta fetch) to create it"), s->path);
	if (s->readonly && !s->shared && version < schema->version)
		return fail(s, _("%s has schema version %d, older than this warta's %d: open it"
				 " once with write access (e.g. warta fetch) to upgrade it"),
			    s->path, version, schema->version);
	s->version = version;
	if (version < schema->version) {
		if (migrate(s, schema) != 0)
			return -1;
		s->version = schema->version;
	}
	return 0;
}

/* ---- permissions: a shared archive is readable by its group, a user's state is not */

static void owner_name(const char *path, char *out, size_t outlen)
{
	struct stat st;
	snprintf(out, outlen, "?");
	if (stat(path, &st) != 0)
		return;
	struct passwd *pw = getpwuid(st.st_uid);
	if (pw)
		snprintf(out, outlen, "%s", pw->pw_name);
	else
		snprintf(out, outlen, "%u", (unsigned)st.st_uid);
}

static int fail_read_only(struct store *s)
{
	const char *path = s->shared ? s->archive_path : s->path;
	if (!s->shared && access(path, W_OK) == 0)
		return fail(s, _("database %s is open read-only"), path);
	char owner[64];
	owner_name(path, owner, sizeof owner);
	return fail(s, _("the archive %s is shared and read-only for you; subscriptions and"
			 " fetching are done by its owner (user %s): ask them, or run as that"
			 " user (warta --db %s)"), path, owner, path);
}

/* Creates the database file with its final mode before SQLite sees it (SQLite gives the
 * -wal and -shm files the database's mode). */
static int create_file(struct store *s, mode_t mode)
{
	int fd = open(s->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0 && errno != EEXIST)
		return fail(s, _("cannot create database %s: %s"), s->path, strerror(errno));
	if (fd >= 0) {
		/* The umask may have taken the group's read bit; shared means shared. */
		if (fchmod(fd, mode) != 0) {
			close(fd);
			return fail(s, _("cannot set the mode of %s: %s"), s->path, strerror(errno));
		}
		close(fd);
	}
	return 0;
}

/* A directory that warta made private (0700) becomes 0750 for a shared archive; any
 * other directory is the administrator's to set. */
static void share_directory(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	struct stat st;
	if (slash && slash != dir) {
		*slash = '\0';
		if (stat(dir, &st) == 0 && st.st_uid == geteuid() && (st.st_mode & 07777) == 0700)
			chmod(dir, 0750);
	}
	free(dir);
}

/* The user's state is theirs alone: the file, its -wal and its -shm. */
static void make_private(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *name = xmalloc(strlen(path) + 8);
		sprintf(name, "%s%s", path, suffixes[i]);
		struct stat st;
		if (stat(name, &st) == 0 && st.st_uid == geteuid() && (st.st_mode & 077))
			chmod(name, st.st_mode & 0700);
		free(name);
	}
}

int store_open(const char *path, int flags, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->archive = "main";
	s->readonly = (flags & STORE_READONLY) != 0;
	s->group_readable = (flags & STORE_SHARED) != 0;
	int mode = s->readonly ? SQLITE_OPEN_READONLY
			       : SQLITE_OPEN_READWRITE | ((flags & STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	mode |= SQLITE_OPEN_URI;   /* for ATTACH of files read-only (archive import) */
	bool exists = access(path, F_OK) == 0;
	int rc = check_path(s, flags);
	/* SQLite would quietly open a file it may not write read-only: say who may. */
	if (rc == 0 && exists && !s->readonly && access(path, W_OK) != 0) {
		s->shared = true;
		s->archive_path = xstrdup(path);
		rc = fail_read_only(s);
	}
	if (rc == 0 && !exists && !s->readonly)
		rc = create_file(s, s->group_readable ? 0640 : 0600);
	if (rc == 0 && !exists && s->group_readable)
		share_directory(path);
	if (rc == 0 && sqlite3_open_v2(path, &s->db, mode, NULL) != SQLITE_OK)
		rc = fail(s, _("cannot open database %s: %s"), path,
			  s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(SQLITE_NOMEM));
	if (rc == 0)
		rc = configure(s);
	if (rc == 0)
		rc = check_version(s, &archive_schema);
	if (rc == 0 && s->group_readable && !s->readonly) {
		/* Readers without write access to the directory cannot create the -wal and
		 * -shm files themselves: keep them when the last writer closes. */
		int keep = 1;
		sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &keep);
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s", s->errmsg);
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* ---- a shared archive next to the user's own state database */

/* "file:" URI for ATTACH: characters that mean something in a URI are escaped. */
static void archive_uri(struct buf *uri, const char *path)
{
	buf_adds(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			buf_addc(uri, (char)*p);
		else
			buf_printf(uri, "%%%02X", *p);
	}
	buf_adds(uri, "?mode=ro");
}

static int archive_int(struct store *s, const char *sql, int *value)
{
	sqlite3_stmt *st = prepare(s, sql);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	return fail(s, _("cannot read the shared archive %s: %s (readers need read access to"
			 " it, its -wal and -shm files and its directory)"), s->archive_path,
		    sqlite3_errmsg(s->db));
}

static int attach_archive(struct store *s)
{
	if (access(s->archive_path, F_OK) != 0)
		return fail(s, _("the shared archive %s does not exist (check the archive setting,"
				 " or ask its owner to run warta fetch)"), s->archive_path);
	struct buf uri;
	buf_init(&uri);
	archive_uri(&uri, s->archive_path);
	sqlite3_stmt *st = prepare(s, "ATTACH ?1 AS archive");
	int rc = st ? 0 : -1;
	if (st) {
		bind_text(st, 1, uri.data);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = fail(s, _("cannot open the shared archive %s: %s"), s->archive_path,
				  sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
	}
	buf_free(&uri);
	int version = 0, application = 0;
	if (rc == 0 && (archive_int(s, "PRAGMA archive.user_version", &version) != 0 ||
			archive_int(s, "PRAGMA archive.application_id", &application) != 0))
		return -1;
	if (rc == 0 && application != APPLICATION_ID)
		return fail(s, _("%s is not a warta archive"), s->archive_path);
	if (rc == 0 && version > SCHEMA_VERSION)
		return fail(s, _("the shared archive %s was written by a newer warta (schema"
				 " version %d, this warta knows up to %d): upgrade warta"),
			    s->archive_path, version, SCHEMA_VERSION);
	if (rc == 0 && version < SCHEMA_VERSION)
		return fail(s, _("the shared archive %s has schema version %d, older than this"
				 " warta's %d: its owner upgrades it by running warta fetch once"),
			    s->archive_path, version, SCHEMA_VERSION);
	return rc;
}

/* Reading state rows for articles missing from the archive keep their key and a negative
 * id (unique per key) that matches no article, until the article comes back. */
static const char *const reattach_steps[] = {
	"CREATE TEMP TABLE reattach AS SELECT key, '' AS tag, at,"
	" (SELECT min(a.id) FROM articles a WHERE a.skey = r.key) AS id"
	" FROM state_read r WHERE key IS NOT NULL",
	"DELETE FROM state_read",
	"INSERT OR IGNORE INTO state_read(article_id, at, key) SELECT"
	" coalesce(id, -dense_rank() OVER (ORDER BY key)), at, key FROM temp.reattach",
	"DROP TABLE temp.reattach",
	"CREATE TEMP TABLE reattach AS SELECT key, '' AS tag, at,"
	" (SELECT min(a.id) FROM articles a WHERE a.skey = r.key) AS id"
	" FROM state_flag r WHERE key IS NOT NULL",
	"DELETE FROM state_flag",
	"INSERT OR IGNORE INTO state_flag(article_id, at, key) SELECT"
	" coalesce(id, -dense_rank() OVER (ORDER BY key)), at, key FROM temp.reattach",
	"DROP TABLE temp.reattach",
	"CREATE TEMP TABLE reattach AS SELECT key, tag, at,"
	" (SELECT min(a.id) FROM articles a WHERE a.skey = r.key) AS id"
	" FROM state_tag r WHERE key IS NOT NULL",
	"DELETE FROM state_tag",
	"INSERT OR IGNORE INTO state_tag(article_id, tag, at, key) SELECT"
	" coalesce(id, -dense_rank() OVER (ORDER BY key)), tag, at, key FROM temp.reattach",
	"DROP TABLE temp.reattach",
};

static char *query_text(struct store *s, const char *sql)
{
	sqlite3_stmt *st = prepare(s, sql);
	if (!st)
		return NULL;
	char *text = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		text = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
							  : "");
	else
		fail_db(s, _("reading metadata"));
	sqlite3_finalize(st);
	return text;
}

static bool uuid_changed(const char *stored, const char *now)
{
	if (!stored)
		return true;
	size_t n = strcspn(now, ":");
	return strncmp(stored, now, n) != 0 || stored[n] != ':';
}

/* The archive's identity and newest id: when the identity changed (rebuilt), every state
 * row is looked up again by key; when only new articles came, the rows still waiting for
 * their article are. */
static int state_reattach(struct store *s)
{
	char *now = query_text(s, "SELECT coalesce((SELECT value FROM archive.meta WHERE"
				  " key = 'uuid'), '') || ':' || (SELECT coalesce(max(id), 0)"
				  " FROM archive.articles)");
	char *stored = now ? query_text(s, "SELECT (SELECT value FROM main.meta"
					    " WHERE key = 'archive')") : NULL;
	if (!now || !stored) {
		free(now);
		return -1;
	}
	int rc = 0;
	if (strcmp(now, stored) != 0) {
		bool own;
		rc = state_open(s, &own);
		int waiting = 0;
		if (rc == 0 && !uuid_changed(stored[0] ? stored : NULL, now))
			rc = pragma_int(s, "SELECT EXISTS(SELECT 1 FROM state_read WHERE article_id < 0)"
				       " OR EXISTS(SELECT 1 FROM state_flag WHERE article_id < 0)"
				       " OR EXISTS(SELECT 1 FROM state_tag WHERE article_id < 0)",
				       &waiting);
		else
			waiting = 1;
		for (size_t i = 0; rc == 0 && waiting && i < sizeof reattach_steps / sizeof *reattach_steps; i++)
			rc = exec(s, reattach_steps[i], _("attaching reading state to the archive"));
		if (rc == 0)
			rc = meta_set(s, "archive", now);
		rc = write_close(s, own, rc);
	}
	free(now);
	free(stored);
	return rc;
}

int store_open_shared(const char *archive_path, const char *state_path, struct store **out,
		      char *err, size_t errlen)
{
	*out = NULL;
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(state_path);
	s->archive_path = xstrdup(archive_path);
	s->archive = "archive";
	s->readonly = s->shared = true;
	int rc = check_path(s, STORE_CREATE);
	if (rc == 0)
		rc = create_file(s, 0600);
	if (rc == 0 && sqlite3_open_v2(state_path, &s->db, SQLITE_OPEN_READWRITE |
				       SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
		rc = fail(s, _("cannot open database %s: %s"), state_path,
			  s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(SQLITE_NOMEM));
	if (rc == 0)
		rc = configure(s);
	if (rc == 0)
		rc = check_version(s, &state_schema);
	if (rc == 0)
		rc = attach_archive(s);
	if (rc == 0)
		rc = state_reattach(s);
	if (rc == 0)
		make_private(state_path);
	if (rc != 0) {
		snprintf(err, errlen, "%s", s->errmsg);
		store_close(s);
		return -1;
	}
	s->version = SCHEMA_VERSION;
	*out = s;
	return 0;
}

int store_reopen(struct store *s, struct store **out, char *err, size_t errlen)
{
	if (strcmp(s->archive, "archive") == 0)
		return store_open_shared(s->archive_path, s->path, out, err, errlen);
	return store_open(s->path, STORE_READONLY, out, err, errlen);
}

void store_force_page_plan(struct store *s, enum store_page_plan plan)
{
	s->plan = plan;
}

void store_interrupt(struct store *s)
{
	if (s && s->db)
		sqlite3_interrupt(s->db);
}

bool store_is_shared(const struct store *s)
{
	return s->shared;
}

int store_archive_writable(struct store *s)
{
	return s->readonly ? fail_read_only(s) : 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < STATEMENT_COUNT; i++)
		sqlite3_finalize(s->cache[i]);
	sqlite3_finalize(s->page);
	free(s->page_sql);
	/* Keeps the planner's statistics fresh; cheap when nothing changed. */
	if (s->db && !s->readonly && s->version == SCHEMA_VERSION)
		sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s->archive_path);
	free(s);
}

/* ---- fingerprints (change detection, not security) */

#define HASH_SEED UINT64_C(0xcbf29ce484222325)

static uint64_t hash_text(uint64_t h, const char *text)
{
	/* FNV-1a over the bytes plus a terminator, so that ("ab","c") != ("a","bc") and a
	 * missing field differs from an empty one. */
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	for (; *p; p++)
		h = (h ^ *p) * UINT64_C(0x100000001b3);
	h = (h ^ (text ? 0x00 : 0x01)) * UINT64_C(0x100000001b3);
	return (h ^ 0xff) * UINT64_C(0x100000001b3);
}

static uint64_t hash_int(uint64_t h, int64_t value)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%" PRId64, value);
	return hash_text(h, digits);
}

/* ---- vocabularies */

/* 1 when meta[key] == value, 0 when not, -1 on error. */
static int meta_matches(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = prepare(s, "SELECT value = ?2 FROM meta WHERE key = ?1");
	if (!st)
		return -1;
	bind_text(st, 1, key);
	bind_text(st, 2, value);
	int rc = sqlite3_step(st);
	int same = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(s, _("reading metadata"));
	return same;
}

static int meta_set(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = prepare(s, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
	if (!st)
		return -1;
	bind_text(st, 1, key);
	bind_text(st, 2, value);
	int rc = step_done(s, st, _("writing metadata"));
	sqlite3_finalize(st);
	return rc;
}

/* Replaces a vocabulary table's rows: columns strings per row, given as a flat array. */
static int sync_table(struct store *s, const char *key, const char *delete_sql,
		      const char *insert_sql, const char *const *cells, size_t n, int columns)
{
	uint64_t h = HASH_SEED;
	for (size_t i = 0; i < n * (size_t)columns; i++)
		h = hash_text(h, cells[i]);
	char print[64];
	snprintf(print, sizeof print, "%zu:%016" PRIx64, n, h);
	int same = meta_matches(s, key, print);
	/* A read-only reader keeps the mirror it has: the next writer refreshes it. */
	if (same != 0 || s->readonly)
		return same < 0 ? -1 : 0;
	bool own;
	if (write_open(s, &own) != 0)
		return -1;
	int rc = exec(s, delete_sql, _("replacing a vocabulary"));
	sqlite3_stmt *st = rc == 0 ? prepare(s, insert_sql) : NULL;
	if (!st)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		for (int c = 0; c < columns; c++)
			bind_text(st, c + 1, cells[i * (size_t)columns + (size_t)c]);
		rc = step_done(s, st, _("replacing a vocabulary"));
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = meta_set(s, key, print);
	return write_close(s, own, rc);
}

int store_sync_offices(struct store *s, const struct store_office_row *rows, size_t n)
{
	const char **cells = xcalloc(n * 6 + 1, sizeof *cells);
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * 6;
		row[0] = rows[i].slug;
		row[1] = rows[i].level;
		row[2] = rows[i].name;
		row[3] = rows[i].province;
		row[4] = rows[i].domain;
		row[5] = rows[i].tz;
	}
	int rc = sync_table(s, "offices", "DELETE FROM offices",
			    "INSERT OR REPLACE INTO offices(slug, level, name, province, domain, tz)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)", cells, n, 6);
	free(cells);
	return rc;
}

int store_sync_divisions(struct store *s, const char *const *ids, const char *const *names,
			 size_t n)
{
	const char **cells = xcalloc(n * 2 + 1, sizeof *cells);
	for (size_t i = 0; i < n; i++) {
		cells[i * 2] = ids[i];
		cells[i * 2 + 1] = names[i];
	}
	int rc = sync_table(s, "divisions", "DELETE FROM divisions",
			    "INSERT OR REPLACE INTO divisions(id, name) VALUES(?1, ?2)", cells, n, 2);
	free(cells);
	return rc;
}

/* ---- sources */

#define SOURCE_SELECT \
	"SELECT s.id, s.url, s.title, s.kind, s.office, s.full_text, s.etag, s.last_modified," \
	" s.added, s.last_attempt, s.last_success, s.last_error_time, s.last_status," \
	" s.last_error," \
	" coalesce((SELECT total FROM source_stats WHERE source_id = s.id), 0)" \
	" FROM sources s"

/* Read articles per source: proportional to what the user has read, not to the archive. */
#define READ_PER_SOURCE \
	"SELECT x.source_id, count(*) FROM state_read r INDEXED BY state_read_ids" \
	" CROSS JOIN article_sources x INDEXED BY article_sources_article" \
	" ON x.article_id = r.article_id GROUP BY x.source_id"

void store_source_copy(struct store_source *dst, const struct store_source *src)
{
	*dst = *src;
	dst->url = xstrdup(src->url);
	dst->title = xstrdup(src->title);
	dst->kind = xstrdup(src->kind);
	dst->office = xstrdup(src->office);
	dst->etag = xstrdup(src->etag);
	dst->last_modified = xstrdup(src->last_modified);
	dst->last_error = xstrdup(src->last_error);
}

void store_source_clear(struct store_source *src)
{
	free(src->url);
	free(src->title);
	free(src->kind);
	free(src->office);
	free(src->etag);
	free(src->last_modified);
	free(src->last_error);
	memset(src, 0, sizeof *src);
}

static void source_from_row(sqlite3_stmt *st, struct store_source *out)
{
	out->id = sqlite3_column_int64(st, 0);
	out->url = column_copy(st, 1);
	out->title = column_copy(st, 2);
	out->kind = column_copy(st, 3);
	out->office = column_copy(st, 4);
	out->full_text = sqlite3_column_int(st, 5) != 0;
	out->etag = column_copy(st, 6);
	out->last_modified = column_copy(st, 7);
	out->added = sqlite3_column_int64(st, 8);
	out->last_attempt = sqlite3_column_int64(st, 9);
	out->last_success = sqlite3_column_int64(st, 10);
	out->last_error_time = sqlite3_column_int64(st, 11);
	out->last_status = sqlite3_column_int(st, 12);
	out->last_error = column_copy(st, 13);
	out->n_articles = sqlite3_column_int64(st, 14);
	out->n_unread = out->n_articles;
}

/* Subtracts what has been read from each row's total; rows are sorted by id. */
static int subtract_read(struct store *s, struct store_source *rows, size_t n)
{
	sqlite3_stmt *st = prepare(s, READ_PER_SOURCE);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), read = sqlite3_column_int64(st, 1);
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (rows[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && rows[lo].id == id)
			rows[lo].n_unread = rows[lo].n_articles > read ? rows[lo].n_articles - read : 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail_db(s, _("counting read articles"));
}

static bool all_digits(const char *text)
{
	if (!*text)
		return false;
	for (; *text; text++)
		if (*text < '0' || *text > '9')
			return false;
	return true;
}

int store_source_find(struct store *s, const char *id_or_url, struct store_source *out)
{
	memset(out, 0, sizeof *out);
	bool by_id = all_digits(id_or_url);
	sqlite3_stmt *st = prepare(s, by_id ? SOURCE_SELECT " WHERE s.id = ?1"
					    : SOURCE_SELECT " WHERE s.url = ?1");
	if (!st)
		return -1;
	if (by_id)
		sqlite3_bind_int64(st, 1, strtoll(id_or_url, NULL, 10));
	else
		bind_text(st, 1, id_or_url);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		source_from_row(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return subtract_read(s, out, 1) < 0 ? -1 : 0;
	return rc == SQLITE_DONE ? 1 : fail_db(s, _("finding a source"));
}

/* Reads every source first and calls back afterwards, so that the callback may write
 * (record a fetch, remove the source) without a statement open underneath it. There are
 * hundreds of sources, not millions. Counting costs one index range per source: a walk
 * over the (source_id, published, id) index, i.e. O(articles) per call in all. */
static int source_list(struct store *s, bool with_unread, store_source_fn fn, void *ctx);

int store_source_list(struct store *s, store_source_fn fn, void *ctx)
{
	return source_list(s, true, fn, ctx);
}

int store_source_list_totals(struct store *s, store_source_fn fn, void *ctx)
{
	return source_list(s, false, fn, ctx);
}

static int source_list(struct store *s, bool with_unread, store_source_fn fn, void *ctx)
{
	sqlite3_stmt *st = prepare(s, SOURCE_SELECT " ORDER BY s.id");
	if (!st)
		return -1;
	struct store_source *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		source_from_row(st, &rows[n++]);
	}
	sqlite3_finalize(st);
	int result = rc == SQLITE_DONE ? 0 : fail_db(s, _("listing sources"));
	if (result == 0 && with_unread)
		result = subtract_read(s, rows, n);
	for (size_t i = 0; i < n && !with_unread; i++)
		rows[i].n_unread = -1;
	for (size_t i = 0; i < n; i++) {
		if (result == 0 && fn(ctx, &rows[i]) != 0)
			result = 1;
		store_source_clear(&rows[i]);
	}
	free(rows);
	return result < 0 ? -1 : 0;
}

int store_source_add(struct store *s, const char *url, const char *title, const char *office,
		     bool full_text, int64_t *id)
{
	if (!url || !*url)
		return fail(s, _("a source needs a URL"));
	bool own;
	if (write_open(s, &own) != 0)
		return -1;
	sqlite3_stmt *st = prepare(s, "INSERT INTO sources(url, title, office, full_text, added)"
				      " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(url) DO NOTHING");
	int rc = st ? 0 : -1, existed = 0;
	if (rc == 0) {
		bind_text(st, 1, url);
		bind_text(st, 2, title);
		bind_text(st, 3, office);
		sqlite3_bind_int(st, 4, full_text);
		sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
		rc = step_done(s, st, _("adding a source"));
		sqlite3_finalize(st);
	}
	if (rc == 0 && sqlite3_changes(s->db) == 1) {
		*id = sqlite3_last_insert_rowid(s->db);
	} else if (rc == 0) {
		existed = 1;
		st = prepare(s, "SELECT id FROM sources WHERE url = ?1");
		rc = st ? 0 : -1;
		if (st) {
			bind_text(st, 1, url);
			if (sqlite3_step(st) == SQLITE_ROW)
				*id = sqlite3_column_int64(st, 0);
			else
				rc = fail_db(s, _("adding a source"));
			sqlite3_finalize(st);
		}
	}
	rc = write_close(s, own, rc);
	return rc < 0 ? -1 : existed;
}

/* Runs one write statement with ?1 bound to id (and ?2.. from texts); fails with
 * "no source" when no row changed and must_change is set. */
static int source_write(struct store *s, int64_t id, const char *sql, const char *const *texts,
			int n_texts, bool must_change)
{
	sqlite3_stmt *st = prepare(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	for (int i = 0; i < n_texts; i++)
		bind_text(st, i + 2, texts[i]);
	int rc = step_done(s, st, _("updating a source"));
	sqlite3_finalize(st);
	if (rc == 0 && must_change && sqlite3_changes(s->db) == 0)
		return fail(s, _("no source with id %" PRId64), id);
	return rc;
}

int store_source_remove(struct store *s, int64_t id)
{
	/* Articles that another source links to change hands instead of disappearing; the
	 * rest go, with their reading state (ids are never reused, but stale rows clutter). */
	static const char *const steps[] = {
		"UPDATE articles SET source_id = (SELECT min(x.source_id) FROM article_sources x"
		" WHERE x.article_id = articles.id AND x.source_id <> ?1)"
		" WHERE source_id = ?1 AND EXISTS (SELECT 1 FROM article_sources x"
		" WHERE x.article_id = articles.id AND x.source_id <> ?1)",
		"DELETE FROM state_read WHERE article_id IN"
		" (SELECT id FROM articles WHERE source_id = ?1)",
		"DELETE FROM state_flag WHERE article_id IN"
		" (SELECT id FROM articles WHERE source_id = ?1)",
		"DELETE FROM state_tag WHERE article_id IN"
		" (SELECT id FROM articles WHERE source_id = ?1)",
	};
	bool own;
	if (write_open(s, &own) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof steps[0]; i++)
		rc = source_write(s, id, steps[i], NULL, 0, false);
	if (rc == 0)
		rc = source_write(s, id, "DELETE FROM sources WHERE id = ?1", NULL, 0, true);
	return write_close(s, own, rc);
}

static int source_update(struct store *s, int64_t id, const char *sql,
			 const char *const *texts, int n_texts)
{
	bool own;
	if (write_open(s, &own) != 0)
		return -1;
	return write_close(s, own, source_write(s, id, sql, texts, n_texts, true));
}

int store_source_set_kind(struct store *s, int64_t id, const char *kind)
{
	if (!kind || (strcmp(kind, "unknown") && strcmp(kind, "feed") && strcmp(kind, "listing")))
		return fail(s, _("unknown source kind '%s' (expected unknown, feed or listing)"),
			    kind ? kind : "");
	return source_update(s, id, "UPDATE sources SET kind = ?2 WHERE id = ?1", &kind, 1);
}

int store_source_set_title(struct store *s, int64_t id, const char *title)
{
	return source_update(s, id, "UPDATE sources SET title = ?2 WHERE id = ?1", &title, 1);
}

int store_source_set_office(struct store *s, int64_t id, const char *office)
{
	return source_update(s, id, "UPDATE sources SET office = ?2 WHERE id = ?1", &office, 1);
}

/* A missing etag or Last-Modified (a 304 answer often carries neither) keeps the one
 * stored, so that the next request stays conditional. */
int store_source_record_success(struct store *s, int64_t id, int status, const char *etag,
				const char *last_modified, int64_t when)
{
	char status_text[16], when_text[32];
	snprintf(status_text, sizeof status_text, "%d", status);
	snprintf(when_text, sizeof when_text, "%" PRId64, when);
	const char *texts[] = { status_text, etag, last_modified, when_text };
	return source_update(s, id,
			     "UPDATE sources SET last_status = CAST(?2 AS INTEGER),"
			     " etag = coalesce(?3, etag), last_modified = coalesce(?4, last_modified),"
			     " last_attempt = CAST(?5 AS INTEGER), last_success = CAST(?5 AS INTEGER),"
			     " last_error = NULL, last_error_time = 0 WHERE id = ?1", texts, 4);
}

int store_source_record_failure(struct store *s, int64_t id, int status, const char *message,
				int64_t when)
{
	char status_text[16], when_text[32];
	snprintf(status_text, sizeof status_text, "%d", status);
	snprintf(when_text, sizeof when_text, "%" PRId64, when);
	const char *texts[] = { status_text, message ? message : _("unknown error"), when_text };
	return source_update(s, id,
			     "UPDATE sources SET last_status = CAST(?2 AS INTEGER), last_error = ?3,"
			     " last_attempt = CAST(?4 AS INTEGER),"
			     " last_error_time = CAST(?4 AS INTEGER) WHERE id = ?1", texts, 3);
}

/* ---- articles: reading rows */

static void free_tags(struct store_article *a)
{
	for (size_t i = 0; i < a->n_tags; i++)
		free(a->tags[i]);
	free(a->tags);
	a->tags = NULL;
	a->n_tags = 0;
}

void store_article_clear(struct store_article *a)
{
	free(a->url);
	free(a->guid);
	free(a->title);
	free(a->author);
	free(a->summary);
	free(a->body_html);
	free(a->body_text);
	free(a->office);
	for (size_t i = 0; i < a->n_mentions; i++) {
		free(a->mentions[i].office);
		free(a->mentions[i].evidence);
	}
	free(a->mentions);
	for (size_t i = 0; i < a->n_divisions; i++) {
		free(a->divisions[i].id);
		free(a->divisions[i].evidence);
	}
	free(a->divisions);
	free(a->source_url);
	free(a->source_title);
	free(a->office_name);
	free(a->office_province);
	free_tags(a);
	memset(a, 0, sizeof *a);
}

static void split_tags(struct store_article *a, const char *joined)
{
	if (!joined || !*joined)
		return;
	size_t n = 1;
	for (const char *p = joined; *p; p++)
		n += *p == TAG_SEPARATOR;
	a->tags = xcalloc(n, sizeof *a->tags);
	for (const char *start = joined;; ) {
		const char *end = strchr(start, TAG_SEPARATOR);
		size_t len = end ? (size_t)(end - start) : strlen(start);
		a->tags[a->n_tags++] = xstrndup(start, len);
		if (!end)
			break;
		start = end + 1;
	}
}

/* List rows point into SQLite's memory (valid during the callback); full rows own copies. */
static char *column_text(sqlite3_stmt *st, int col, bool copy)
{
	const char *text = (const char *)sqlite3_column_text(st, col);
	return copy ? xstrdup(text) : (char *)text;
}

static void article_from_row(sqlite3_stmt *st, struct store_article *a, bool copy)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->source_id = sqlite3_column_int64(st, 1);
	a->url = column_text(st, 2, copy);
	a->guid = column_text(st, 3, copy);
	a->title = column_text(st, 4, copy);
	a->author = column_text(st, 5, copy);
	a->published = sqlite3_column_int64(st, 6);
	a->has_published = true;
	a->published_estimated = sqlite3_column_int(st, 7) != 0;
	a->has_updated = sqlite3_column_type(st, 8) != SQLITE_NULL;
	a->updated = sqlite3_column_int64(st, 8);
	a->fetched = sqlite3_column_int64(st, 9);
	a->summary = column_text(st, 10, copy);
	a->office = column_text(st, 11, copy);
	a->source_url = column_text(st, 12, copy);
	a->source_title = column_text(st, 13, copy);
	a->office_name = column_text(st, 14, copy);
	a->office_province = column_text(st, 15, copy);
	a->read = sqlite3_column_int(st, 16) != 0;
	a->flagged = sqlite3_column_int(st, 17) != 0;
	split_tags(a, (const char *)sqlite3_column_text(st, 18));
	if (copy && sqlite3_column_count(st) > 20) {
		a->body_html = column_copy(st, 19);
		a->body_text = column_copy(st, 20);
	}
}

/* ---- articles: writing */

static void article_key(const struct store_article *a, struct buf *key)
{
	if (a->guid && *a->guid) {
		buf_adds(key, a->guid);
	} else if (a->url && *a->url) {
		buf_adds(key, a->url);
	} else {
		uint64_t h = hash_text(HASH_SEED, a->title);
		if (a->has_published)
			h = hash_int(h, a->published);
		buf_printf(key, "title:%016" PRIx64, h);
	}
}

/* An unstated date is not part of the content: the fetch time that stands in for it
 * changes at every fetch and must not make the article look changed. */
static void content_hash(const struct store_article *a, char out[17])
{
	uint64_t h = HASH_SEED;
	h = hash_text(h, a->title);
	h = hash_text(h, a->body_html);
	h = hash_text(h, a->body_text);
	h = hash_text(h, a->summary);
	h = hash_text(h, a->author);
	h = hash_text(h, a->url);
	h = a->has_published ? hash_int(h, a->published) : hash_text(h, NULL);
	snprintf(out, 17, "%016" PRIx64, h);
}

struct stored {
	int64_t id, owner, published;
	bool estimated;
	char hash[17];
};

/* 1 when this source already holds the key (filled *found), 0 when not, -1 on error. */
static int key_find(struct store *s, int64_t source_id, const char *key, struct stored *found)
{
	sqlite3_stmt *st = cached(s, STATEMENT_KEY_FIND);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	bind_text(st, 2, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found->id = sqlite3_column_int64(st, 0);
		found->owner = sqlite3_column_int64(st, 1);
		snprintf(found->hash, sizeof found->hash, "%s",
			 sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "");
		found->published = sqlite3_column_int64(st, 3);
		found->estimated = sqlite3_column_int(st, 4) != 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail_db(s, _("looking up an article"));
}

/* The id of an article with this URL from another source, 0 when none, -1 on error. */
static int64_t url_find_other(struct store *s, const char *url, int64_t source_id)
{
	sqlite3_stmt *st = cached(s, STATEMENT_URL_FIND_OTHER);
	if (!st)
		return -1;
	bind_text(st, 1, url);
	sqlite3_bind_int64(st, 2, source_id);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(s, _("looking up an article"));
	return id;
}

static int key_insert(struct store *s, int64_t source_id, const char *key, int64_t article)
{
	sqlite3_stmt *st = cached(s, STATEMENT_KEY_INSERT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	bind_text(st, 2, key);
	sqlite3_bind_int64(st, 3, article);
	return step_done(s, st, _("linking an article"));
}

/* Inserts (first == source id) or updates (first == article id) the article's columns. */
static int article_write(struct store *s, enum statement which, int64_t first,
			 const struct store_article *a, int64_t published, bool estimated,
			 const char *hash, const char *key)
{
	sqlite3_stmt *st = cached(s, which);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, first);
	bind_text(st, 2, a->url && *a->url ? a->url : NULL);
	bind_text(st, 3, a->guid && *a->guid ? a->guid : NULL);
	bind_text(st, 4, a->title);
	bind_text(st, 5, a->author);
	sqlite3_bind_int64(st, 6, published);
	sqlite3_bind_int(st, 7, estimated);
	if (a->has_updated)
		sqlite3_bind_int64(st, 8, a->updated);
	sqlite3_bind_int64(st, 9, a->fetched ? a->fetched : (int64_t)time(NULL));
	bind_text(st, 10, a->summary);
	bind_text(st, 11, a->body_html);
	bind_text(st, 12, a->body_text);
	bind_text(st, 13, hash);
	bind_text(st, 14, a->office);
	if (which == STATEMENT_ARTICLE_INSERT)
		bind_text(st, 15, key);
	return step_done(s, st, _("storing an article"));
}

/* remove == STATEMENT_COUNT: the article is new and has no pairs yet. */
static int pairs_replace(struct store *s, int64_t id, enum statement remove,
			 enum statement insert, const char *const *cells, size_t n)
{
	sqlite3_stmt *st;
	if (remove != STATEMENT_COUNT) {
		if (!(st = cached(s, remove)))
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (step_done(s, st, _("classifying an article")) != 0)
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!cells[2 * i] || !*cells[2 * i])
			continue;
		if (!(st = cached(s, insert)))
			return -1;
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, cells[2 * i]);
		bind_text(st, 3, cells[2 * i + 1]);
		if (step_done(s, st, _("classifying an article")) != 0)
			return -1;
	}
	return 0;
}

static int classification_replace(struct store *s, int64_t id, bool fresh,
				  const struct store_mention *m, size_t n_m,
				  const struct store_division *d, size_t n_d)
{
	const char **cells = xcalloc(2 * (n_m + n_d) + 1, sizeof *cells);
	for (size_t i = 0; i < n_m; i++) {
		cells[2 * i] = m[i].office;
		cells[2 * i + 1] = m[i].evidence;
	}
	const char **division_cells = cells + 2 * n_m;
	for (size_t i = 0; i < n_d; i++) {
		division_cells[2 * i] = d[i].id;
		division_cells[2 * i + 1] = d[i].evidence;
	}
	int rc = pairs_replace(s, id, fresh ? STATEMENT_COUNT : STATEMENT_MENTIONS_DELETE,
			       STATEMENT_MENTION_INSERT, cells, n_m);
	if (rc == 0)
		rc = pairs_replace(s, id, fresh ? STATEMENT_COUNT : STATEMENT_DIVISIONS_DELETE,
				   STATEMENT_DIVISION_INSERT, division_cells, n_d);
	free(cells);
	return rc;
}

static int put_inside(struct store *s, const struct store_article *a, const char *key,
		      const char *hash, enum store_put *result, int64_t *id)
{
	struct stored old;
	int found = key_find(s, a->source_id, key, &old);
	if (found < 0)
		return -1;
	if (found) {
		*id = old.id;
		/* Only the source that first brought an article rewrites it: two sources with
		 * slightly different copies must not flip it back and forth at every fetch. */
		if (old.owner != a->source_id || strcmp(old.hash, hash) == 0) {
			*result = STORE_PUT_UNCHANGED;
			return 0;
		}
		*result = STORE_PUT_UPDATED;
		int64_t published = a->has_published ? a->published : old.published;
		bool estimated = a->has_published ? false : old.estimated;
		if (article_write(s, STATEMENT_ARTICLE_UPDATE, old.id, a, published, estimated,
				  hash, key) != 0)
			return -1;
		return classification_replace(s, old.id, false, a->mentions, a->n_mentions,
					      a->divisions, a->n_divisions);
	}
	int64_t other = a->url && *a->url ? url_find_other(s, a->url, a->source_id) : 0;
	if (other < 0)
		return -1;
	if (other > 0) {
		*id = other;
		*result = STORE_PUT_LINKED;
		return key_insert(s, a->source_id, key, other);
	}
	int64_t fetched = a->fetched ? a->fetched : (int64_t)time(NULL);
	if (article_write(s, STATEMENT_ARTICLE_INSERT, a->source_id, a,
			  a->has_published ? a->published : fetched, !a->has_published, hash,
			  key) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	*result = STORE_PUT_NEW;
	if (key_insert(s, a->source_id, key, *id) != 0)
		return -1;
	return classification_replace(s, *id, true, a->mentions, a->n_mentions, a->divisions,
				      a->n_divisions);
}

int store_article_put(struct store *s, const struct store_article *a, enum store_put *result,
		      int64_t *id)
{
	struct buf key;
	char hash[17];
	buf_init(&key);
	article_key(a, &key);
	content_hash(a, hash);
	bool own;
	int rc = write_open(s, &own);
	if (rc == 0)
		rc = write_close(s, own, put_inside(s, a, key.data, hash, result, id));
	buf_free(&key);
	return rc;
}

int store_article_known(struct store *s, int64_t source_id, const char *url)
{
	if (!url || !*url)
		return 0;
	sqlite3_stmt *st = cached(s, STATEMENT_KNOWN);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	bind_text(st, 2, url);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail_db(s, _("looking up an article"));
}

int store_article_classify(struct store *s, int64_t id, const char *office,
			   const struct store_mention *m, size_t n_m,
			   const struct store_division *d, size_t n_d)
{
	bool own;
	if (write_open(s, &own) != 0)
		return -1;
	sqlite3_stmt *st = prepare(s, "UPDATE articles SET office = ?2 WHERE id = ?1");
	int rc = st ? 0 : -1;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, office);
		rc = step_done(s, st, _("classifying an article"));
		sqlite3_finalize(st);
	}
	if (rc == 0 && sqlite3_changes(s->db) == 0)
		rc = fail(s, _("no article with id %" PRId64), id);
	if (rc == 0)
		rc = classification_replace(s, id, false, m, n_m, d, n_d);
	return write_close(s, own, rc);
}

/* ---- articles: listing */

/* Hands each list row of st to fn until fn says stop; returns the last step's code
 * (SQLITE_ROW when fn stopped the walk). */
static int deliver_rows(sqlite3_stmt *st, store_article_fn fn, void *ctx)
{
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_article row;
		article_from_row(st, &row, false);
		int stop = fn(ctx, &row);
		free_tags(&row);
		if (stop)
			break;
	}
	return step;
}

/* A page's keyset condition, order and limit, after its WHERE; and their values. */
static void page_tail_sql(struct buf *sql, bool has_after, bool reverse)
{
	if (has_after)
		buf_adds(sql, reverse ? " AND (a.published, a.id) > (?, ?)"
				      : " AND (a.published, a.id) < (?, ?)");
	buf_adds(sql, reverse ? " ORDER BY a.published ASC, a.id ASC LIMIT ?"
			      : " ORDER BY a.published DESC, a.id DESC LIMIT ?");
}

static void page_tail_bind(sqlite3_stmt *st, int next, const struct store_page_key *after,
			   int limit)
{
	if (after) {
		sqlite3_bind_int64(st, next++, after->published);
		sqlite3_bind_int64(st, next++, after->id);
	}
	sqlite3_bind_int(st, next, limit > 0 ? limit : -1);
}

static void page_sql(struct buf *sql, const struct query_sql *where, bool has_after,
		     bool reverse)
{
	buf_adds(sql, "SELECT " ARTICLE_COLUMNS ARTICLE_JOINS " WHERE (");
	buf_adds(sql, where_text(where));
	buf_adds(sql, ")");
	page_tail_sql(sql, has_after, reverse);
}

/* The UI asks for the same page shape again and again while scrolling: keep the last
 * statement. A callback that pages again (the cached statement is busy) gets its own. */
static sqlite3_stmt *page_statement(struct store *s, const char *sql, bool *owned)
{
	*owned = false;
	if (s->page && strcmp(s->page_sql, sql) == 0 && !sqlite3_stmt_busy(s->page)) {
		sqlite3_reset(s->page);
		sqlite3_clear_bindings(s->page);
		return s->page;
	}
	sqlite3_stmt *st = prepare(s, sql);
	if (!st || (s->page && sqlite3_stmt_busy(s->page))) {
		*owned = st != NULL;
		return st;
	}
	sqlite3_finalize(s->page);
	free(s->page_sql);
	s->page = st;
	s->page_sql = xstrdup(sql);
	return st;
}

static int page_one_step(struct store *s, const struct query_sql *where,
			 const struct store_page_key *after, bool reverse, int limit,
			 store_article_fn fn, void *ctx)
{
	struct buf sql;
	buf_init(&sql);
	page_sql(&sql, where, after != NULL, reverse);
	bool owned;
	sqlite3_stmt *st = page_statement(s, sql.data, &owned);
	buf_free(&sql);
	if (!st)
		return -1;
	int next = bind_where(s, st, where, 1);
	int rc = next < 0 ? -1 : 0;
	if (rc == 0)
		page_tail_bind(st, next, after, limit);
	int step = rc == 0 ? deliver_rows(st, fn, ctx) : SQLITE_DONE;
	if (rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = fail_db(s, _("listing articles"));
	if (owned)
		sqlite3_finalize(st);
	else
		sqlite3_reset(st);
	return rc;
}

/* Full-text searches and sets of ids are paged in two steps: the page's ids first, in
 * date order, by the cheapest of three plans; then their rows. Larger pages take the
 * one-step query. */
#define PAGE_IDS_MAX 1000

/* The plans, for n matches among N articles and a page of L rows (µs measured on the
 * 1M-article benchmark archive):
 *   sort:  list every match, put them in date order by the narrow index: ~0.8 n;
 *   walk:  list every match once (~0.25 n), then walk the date index testing each
 *          article against the list until the page is full: ~0.05 L N / n;
 *   probe: walk the date index asking the full-text index about each article: ~50 L N / n.
 * Walking beats sorting above n = sqrt(3.3 L N / 40). Probing beats walking above
 * n = sqrt(8300 L N / 40) for one word, but a match of several words costs the walk
 * more (each word's list is read), so probing starts at sqrt(4000 L N / 40). Other parts of the filter can make a walk longer than that
 * estimate: a walk that runs out of WALK_BUDGET_MS gives way to the sort. */
#define WALK_BUDGET_MS 40

struct id_list {
	int64_t *v;
	size_t n;
};

static int64_t isqrt64(int64_t x)
{
	int64_t lo = 0, hi = 3037000499;   /* floor(sqrt(INT64_MAX)) */
	while (lo < hi) {
		int64_t mid = lo + (hi - lo + 1) / 2;
		if (mid * mid <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static int64_t archive_size(struct store *s)
{
	int64_t n = 0;
	sqlite3_stmt *st = prepare(s, "SELECT articles FROM archive_stats");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Counts the matches only as far as the choice needs. */
static enum store_page_plan choose_plan(struct store *s, const struct query_sql *where,
					int limit)
{
	if (s->plan != STORE_PLAN_AUTO)
		return s->plan;
	int64_t ln = (int64_t)limit * archive_size(s) / 40;
	int64_t walk_from = isqrt64(33 * ln / 10), probe_from = isqrt64(4000 * ln);
	sqlite3_stmt *st = prepare(s, "SELECT count(*) FROM (SELECT 1 FROM articles_fts"
				      " WHERE articles_fts MATCH ?1 LIMIT ?2)");
	if (!st)
		return STORE_PLAN_SORT;
	bind_text(st, 1, where->params[where->fts_param].text);
	sqlite3_bind_int64(st, 2, probe_from);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return n >= probe_from ? STORE_PLAN_PROBE : n >= walk_from ? STORE_PLAN_WALK
		: STORE_PLAN_SORT;
}

/* The budget is CPU time: on a busy shared server, waiting for the processor is not a
 * sign that the plan was wrong. */
static int past_deadline(void *ctx)
{
	const struct timespec *end = ctx;
	struct timespec now;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	return now.tv_sec > end->tv_sec || (now.tv_sec == end->tv_sec && now.tv_nsec > end->tv_nsec);
}

static void set_deadline(struct store *s, struct timespec *end, int ms)
{
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, end);
	end->tv_nsec += (long)ms * 1000000L;
	end->tv_sec += end->tv_nsec / 1000000000L;
	end->tv_nsec %= 1000000000L;
	sqlite3_progress_handler(s->db, 1000, past_deadline, end);
}

/* The page's ids in order. index: NULL or the index to read (INDEXED BY); budget_ms: 0 or
 * the time allowed. Returns 0, 1 when the time ran out, -1 on error. */
static int page_ids(struct store *s, const char *where_sql, const struct query_sql *where,
		    const struct store_page_key *after, bool reverse, int limit,
		    const char *index, int budget_ms, struct id_list *out)
{
	struct buf sql;
	buf_init(&sql);
	buf_printf(&sql, "SELECT a.id FROM articles a%s%s WHERE (%s)",
		   index ? " INDEXED BY " : "", index ? index : "", where_sql);
	page_tail_sql(&sql, after != NULL, reverse);
	sqlite3_stmt *st = prepare(s, sql.data);
	buf_free(&sql);
	if (!st)
		return -1;
	int next = bind_where(s, st, where, 1);
	if (next < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	page_tail_bind(st, next, after, limit);
	struct timespec end;
	if (budget_ms)
		set_deadline(s, &end, budget_ms);
	out->v = xrealloc(out->v, (size_t)limit * sizeof *out->v);
	out->n = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && out->n < (size_t)limit)
		out->v[out->n++] = sqlite3_column_int64(st, 0);
	if (budget_ms)
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
	int rc = step == SQLITE_DONE || step == SQLITE_ROW ? 0
		 : step == SQLITE_INTERRUPT && budget_ms ? 1 : fail_db(s, _("listing articles"));
	sqlite3_finalize(st);
	return rc;
}

static int page_rows(struct store *s, const struct id_list *ids, bool reverse,
		     store_article_fn fn, void *ctx)
{
	if (ids->n == 0)
		return 0;
	struct buf list;
	buf_init(&list);
	buf_addc(&list, '[');
	for (size_t i = 0; i < ids->n; i++)
		buf_printf(&list, "%s%lld", i ? "," : "", (long long)ids->v[i]);
	buf_addc(&list, ']');
	sqlite3_stmt *st = prepare(s, reverse
		? "SELECT " ARTICLE_COLUMNS ARTICLE_JOINS " WHERE a.id IN"
		  " (SELECT value FROM json_each(?1)) ORDER BY a.published ASC, a.id ASC"
		: "SELECT " ARTICLE_COLUMNS ARTICLE_JOINS " WHERE a.id IN"
		  " (SELECT value FROM json_each(?1)) ORDER BY a.published DESC, a.id DESC");
	if (st)
		bind_text(st, 1, list.data);
	buf_free(&list);
	if (!st)
		return -1;
	int step = deliver_rows(st, fn, ctx);
	int rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : fail_db(s, _("listing articles"));
	sqlite3_finalize(st);
	return rc;
}

static int page_two_step(struct store *s, const struct query_sql *where,
			 const struct store_page_key *after, bool reverse, int limit,
			 store_article_fn fn, void *ctx)
{
	struct id_list ids = { NULL, 0 };
	int rc = 1;
	if (where->where_probe && where->id_driven && where->fts_param >= 0 &&
	    (size_t)where->fts_param < where->n_params) {
		enum store_page_plan plan = choose_plan(s, where, limit);
		if (plan != STORE_PLAN_SORT)
			rc = page_ids(s, plan == STORE_PLAN_PROBE ? where->where_probe : where->where,
				      where, after, reverse, limit, "articles_published",
				      s->plan == STORE_PLAN_AUTO && !where->words_only
				      ? WALK_BUDGET_MS : 0, &ids);
	}
	if (rc == 1)
		rc = page_ids(s, where_text(where), where, after, reverse, limit,
			      where->id_driven ? "articles_id_date" : NULL, 0, &ids);
	if (rc == 0)
		rc = page_rows(s, &ids, reverse, fn, ctx);
	free(ids.v);
	return rc;
}

int store_article_page(struct store *s, const struct query_sql *where,
		       const struct store_page_key *after, bool reverse, int limit,
		       store_article_fn fn, void *ctx)
{
	if (where && limit > 0 && limit <= PAGE_IDS_MAX && where->id_driven)
		return page_two_step(s, where, after, reverse, limit, fn, ctx);
	return page_one_step(s, where, after, reverse, limit, fn, ctx);
}

char *store_article_page_plan(struct store *s, const struct query_sql *where, bool has_after,
			      bool reverse)
{
	struct buf sql, plan;
	buf_init(&sql);
	buf_init(&plan);
	buf_adds(&sql, "EXPLAIN QUERY PLAN ");
	page_sql(&sql, where, has_after, reverse);
	sqlite3_stmt *st = prepare(s, sql.data);
	buf_free(&sql);
	if (!st)
		return NULL;
	/* Plans do not depend on the values: bind_where only fills in what the filter gave. */
	int rc = bind_where(s, st, where, 1) < 0 ? -1 : 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		buf_adds(&plan, (const char *)sqlite3_column_text(st, 3));
		buf_addc(&plan, '\n');
	}
	sqlite3_finalize(st);
	if (rc != 0) {
		buf_free(&plan);
		return NULL;
	}
	char *text = buf_steal(&plan);
	buf_free(&plan);
	return text;
}

/* Reads (key, evidence) rows for one article into a flat array of pairs. */
static int pairs_load(struct store *s, const char *sql, int64_t id, char ***cells, size_t *n)
{
	*cells = NULL;
	*n = 0;
	sqlite3_stmt *st = prepare(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*cells = xrealloc(*cells, (*n + 1) * 2 * sizeof **cells);
		(*cells)[2 * *n] = column_copy(st, 0);
		(*cells)[2 * *n + 1] = column_copy(st, 1);
		++*n;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail_db(s, _("reading an article"));
}

static int details_load(struct store *s, struct store_article *a)
{
	char **cells;
	size_t n;
	int rc = pairs_load(s, "SELECT office, evidence FROM article_offices"
			       " WHERE article_id = ?1 ORDER BY office", a->id, &cells, &n);
	a->mentions = n ? xcalloc(n, sizeof *a->mentions) : NULL;
	for (size_t i = 0; i < n; i++) {
		a->mentions[i].office = cells[2 * i];
		a->mentions[i].evidence = cells[2 * i + 1];
	}
	a->n_mentions = n;
	free(cells);
	if (rc != 0)
		return -1;
	rc = pairs_load(s, "SELECT division, evidence FROM article_divisions"
			   " WHERE article_id = ?1 ORDER BY division", a->id, &cells, &n);
	a->divisions = n ? xcalloc(n, sizeof *a->divisions) : NULL;
	for (size_t i = 0; i < n; i++) {
		a->divisions[i].id = cells[2 * i];
		a->divisions[i].evidence = cells[2 * i + 1];
	}
	a->n_divisions = n;
	free(cells);
	return rc;
}

int store_article_get(struct store *s, int64_t id, struct store_article *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = prepare(s, "SELECT " ARTICLE_COLUMNS ", a.body_html, a.body_text"
				      ARTICLE_JOINS " WHERE a.id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		article_from_row(st, out, true);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return fail_db(s, _("reading an article"));
	if (details_load(s, out) != 0) {
		store_article_clear(out);
		return -1;
	}
	return 0;
}

/* Everything: the kept total, less what has been read of it. */
static int count_all(struct store *s, int64_t *total, int64_t *unread)
{
	/* Read rows are removed with their source's articles, and rows waiting for an
	 * article that is not back (rebuilt archive) have negative ids: counting the rows
	 * needs no join with a million articles. */
	sqlite3_stmt *st = prepare(s, "SELECT (SELECT articles FROM archive_stats),"
				      " (SELECT count(*) FROM state_read WHERE article_id > 0)");
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*total = sqlite3_column_int64(st, 0);
		*unread = *total - sqlite3_column_int64(st, 1);
		if (*unread < 0)
			*unread = 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : fail_db(s, _("counting articles"));
}

int store_article_count(struct store *s, const struct query_sql *where, int64_t *total,
			int64_t *unread)
{
	if (!where || !where->where || strcmp(where->where, "1") == 0)
		return count_all(s, total, unread);
	struct buf sql;
	buf_init(&sql);
	buf_printf(&sql, "SELECT count(*), count(*) - count(r.article_id) FROM articles a"
			 " LEFT JOIN state_read r ON r.article_id = a.id WHERE (%s)",
		   where_text(where));
	sqlite3_stmt *st = prepare(s, sql.data);
	buf_free(&sql);
	if (!st)
		return -1;
	int rc = bind_where(s, st, where, 1) < 0 ? -1 : 0;
	if (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		*total = sqlite3_column_int64(st, 0);
		*unread = sqlite3_column_int64(st, 1);
	} else if (rc == 0) {
		rc = fail_db(s, _("counting articles"));
	}
	sqlite3_finalize(st);
	return rc;
}

/* Reads a chunk, lets go of the statement, then calls back: the callback (reclassify)
 * writes to the rows being walked, which must not happen under an open cursor. */
int store_article_each(struct store *s, store_article_fn fn, void *ctx)
{
	sqlite3_stmt *st = prepare(s, "SELECT " ARTICLE_COLUMNS ", a.body_html, a.body_text"
				      ARTICLE_JOINS " WHERE a.id > ?1 ORDER BY a.id LIMIT ?2");
	if (!st)
		return -1;
	struct store_article *chunk = xcalloc(EACH_CHUNK, sizeof *chunk);
	int64_t last = 0;
	int rc = 0, stop = 0;
	while (rc == 0 && !stop) {
		size_t n = 0;
		int step;
		sqlite3_bind_int64(st, 1, last);
		sqlite3_bind_int(st, 2, EACH_CHUNK);
		while (n < EACH_CHUNK && (step = sqlite3_step(st)) == SQLITE_ROW)
			article_from_row(st, &chunk[n++], true);
		if (n < EACH_CHUNK && step != SQLITE_DONE)
			rc = fail_db(s, _("reading articles"));
		sqlite3_reset(st);
		for (size_t i = 0; i < n; i++) {
			if (rc == 0 && !stop)
				stop = fn(ctx, &chunk[i]);
			last = chunk[i].id;
			store_article_clear(&chunk[i]);
		}
		if (n < EACH_CHUNK)
			break;
	}
	free(chunk);
	sqlite3_finalize(st);
	return rc;
}

/* ---- reading state: every change writes the state table the queries read and the
 * change log that `warta state export` sends; both in one transaction. */

/* Microseconds: two changes a moment apart on two machines must still be ordered. */
static int64_t now_micro(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int article_exists(struct store *s, int64_t id)
{
	sqlite3_stmt *st = cached(s, STATEMENT_ARTICLE_EXISTS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return fail(s, _("no article with id %" PRId64), id);
	return fail_db(s, _("looking up an article"));
}

/* Records the newest change of (key, kind, name); key is the article's stable key (or
 * the text of ?key_sql evaluated with ?1 = article id), value 1 set, 0 removed. */
#define LOG_UPSERT \
	" ON CONFLICT(key, kind, name) DO UPDATE SET value = excluded.value," \
	" text = excluded.text, at = excluded.at, seq = excluded.seq"
#define NEXT_SEQ "(SELECT coalesce(max(seq), 0) + 1 FROM state_log)"

static int log_article(struct store *s, int64_t id, const char *kind, const char *name,
		       bool value)
{
	sqlite3_stmt *st = prepare(s, "INSERT INTO state_log(key, kind, name, value, at, seq)"
				      " SELECT skey, ?2, ?3, ?4, ?5, " NEXT_SEQ " FROM articles"
				      " WHERE id = ?1 AND skey IS NOT NULL" LOG_UPSERT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, kind);
	bind_text(st, 3, name ? name : "");
	sqlite3_bind_int(st, 4, value);
	sqlite3_bind_int64(st, 5, now_micro());
	int rc = step_done(s, st, _("saving reading state"));
	sqlite3_finalize(st);
	return rc;
}

/* One statement on a state table: ?1 the article id, ?2 the text (tag), ?3 the time;
 * a statement may leave ?2 or ?3 out (binding an unused number is harmless). */
static int state_write(struct store *s, int64_t id, const char *sql, const char *text,
		       bool must_exist, const char *kind, bool value)
{
	bool own;
	if (state_open(s, &own) != 0)
		return -1;
	int rc = must_exist ? article_exists(s, id) : 0;
	sqlite3_stmt *st = rc == 0 ? prepare(s, sql) : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		int count = sqlite3_bind_parameter_count(st);
		if (count >= 2)
			bind_text(st, 2, text);
		if (count >= 3)
			sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
		rc = step_done(s, st, _("saving reading state"));
		sqlite3_finalize(st);
	} else {
		rc = -1;
	}
	if (rc == 0)
		rc = log_article(s, id, kind, text, value);
	return write_close(s, own, rc);
}

#define ARTICLE_SKEY "(SELECT skey FROM articles WHERE id = ?1)"

int store_set_read(struct store *s, int64_t id, bool read)
{
	if (read)
		return state_write(s, id, "INSERT OR IGNORE INTO state_read(article_id, at, key)"
					  " VALUES(?1, ?3, " ARTICLE_SKEY ")", NULL, true, "read", true);
	return state_write(s, id, "DELETE FROM state_read WHERE article_id = ?1", NULL, false,
			   "read", false);
}

int store_set_flagged(struct store *s, int64_t id, bool flagged)
{
	if (flagged)
		return state_write(s, id, "INSERT OR IGNORE INTO state_flag(article_id, at, key)"
					  " VALUES(?1, ?3, " ARTICLE_SKEY ")", NULL, true, "flag", true);
	return state_write(s, id, "DELETE FROM state_flag WHERE article_id = ?1", NULL, false,
			   "flag", false);
}

/* Tags are typed in queries (tag:NAME) and shown in lists: one printable line, no
 * surrounding spaces, and short. */
static int tag_check(struct store *s, const char *tag)
{
	size_t len = tag ? strlen(tag) : 0;
	if (len == 0 || len > TAG_MAX)
		return fail(s, _("a tag must be 1 to %d bytes long"), TAG_MAX);
	if (tag[0] == ' ' || tag[len - 1] == ' ')
		return fail(s, _("tag '%s' begins or ends with a space"), tag);
	for (const unsigned char *p = (const unsigned char *)tag; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return fail(s, _("a tag cannot hold control characters"));
	return 0;
}

int store_tag_add(struct store *s, int64_t id, const char *tag)
{
	if (tag_check(s, tag) != 0)
		return -1;
	return state_write(s, id, "INSERT OR IGNORE INTO state_tag(article_id, tag, at, key)"
				  " VALUES(?1, ?2, ?3, " ARTICLE_SKEY ")", tag, true, "tag", true);
}

int store_tag_remove(struct store *s, int64_t id, const char *tag)
{
	return state_write(s, id, "DELETE FROM state_tag WHERE article_id = ?1 AND tag = ?2",
			   tag, false, "tag", false);
}

/* Runs sql with ?1 = the time and the filter's values from ?2; *n gets the changes. */
static int where_write(struct store *s, const char *sql, const struct query_sql *where,
		       int64_t when, int64_t *n)
{
	sqlite3_stmt *st = prepare(s, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, when);
	int rc = bind_where(s, st, where, 2) < 0 ? -1 : 0;
	if (rc == 0)
		rc = step_done(s, st, _("marking articles read"));
	if (rc == 0 && n)
		*n = sqlite3_changes(s->db);
	sqlite3_finalize(st);
	return rc;
}

int store_mark_read_where(struct store *s, const struct query_sql *where, int64_t *n)
{
	struct buf log, mark;
	buf_init(&log);
	buf_init(&mark);
	/* The log first: it must see which articles were unread until now. */
	buf_printf(&log, "INSERT INTO state_log(key, kind, name, value, at, seq)"
			 " SELECT a.skey, 'read', '', 1, ?, " NEXT_SEQ " FROM articles a"
			 " WHERE (%s) AND a.skey IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
			 " state_read r WHERE r.article_id = a.id)" LOG_UPSERT, where_text(where));
	buf_printf(&mark, "INSERT OR IGNORE INTO state_read(article_id, at, key)"
			  " SELECT a.id, ?, a.skey FROM articles a WHERE (%s)", where_text(where));
	bool own;
	int rc = state_open(s, &own);
	if (rc == 0) {
		rc = where_write(s, log.data, where, now_micro(), NULL);
		if (rc == 0)
			rc = where_write(s, mark.data, where, (int64_t)time(NULL), n);
		rc = write_close(s, own, rc);
	}
	buf_free(&log);
	buf_free(&mark);
	return rc;
}

int store_tags_all(struct store *s, char ***tags, size_t *n)
{
	*tags = NULL;
	*n = 0;
	sqlite3_stmt *st = prepare(s, "SELECT DISTINCT tag FROM state_tag ORDER BY tag");
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*tags = xrealloc(*tags, (*n + 1) * sizeof **tags);
		(*tags)[(*n)++] = column_copy(st, 0);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail_db(s, _("listing tags"));
}

static int log_view(struct store *s, const char *name, const char *query)
{
	sqlite3_stmt *st = prepare(s, "INSERT INTO state_log(key, kind, name, value, text, at,"
				      " seq) VALUES('', 'view', ?1, ?2, ?3, ?4, " NEXT_SEQ ")"
				      LOG_UPSERT);
	if (!st)
		return -1;
	bind_text(st, 1, name);
	sqlite3_bind_int(st, 2, query != NULL);
	bind_text(st, 3, query);
	sqlite3_bind_int64(st, 4, now_micro());
	int rc = step_done(s, st, _("saving a view"));
	sqlite3_finalize(st);
	return rc;
}

static int view_write(struct store *s, const char *sql, const char *name, const char *query)
{
	bool own;
	if (state_open(s, &own) != 0)
		return -1;
	sqlite3_stmt *st = prepare(s, sql);
	int rc = st ? 0 : -1;
	if (st) {
		bind_text(st, 1, name);
		if (query) {
			bind_text(st, 2, query);
			sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
		}
		rc = step_done(s, st, _("saving a view"));
		sqlite3_finalize(st);
	}
	if (rc == 0 && sqlite3_changes(s->db) == 0)
		rc = fail(s, _("no saved view named '%s'"), name);
	if (rc == 0)
		rc = log_view(s, name, query);
	return write_close(s, own, rc);
}

int store_view_save(struct store *s, const char *name, const char *query)
{
	if (!name || !*name)
		return fail(s, _("a view needs a name"));
	return view_write(s, "INSERT OR REPLACE INTO state_view(name, query, at) VALUES(?1, ?2, ?3)",
			  name, query ? query : "");
}

int store_view_delete(struct store *s, const char *name)
{
	return view_write(s, "DELETE FROM state_view WHERE name = ?1", name ? name : "", NULL);
}

int store_view_list(struct store *s, store_view_fn fn, void *ctx)
{
	sqlite3_stmt *st = prepare(s, "SELECT name, query FROM state_view ORDER BY name");
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1)) != 0)
			break;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail_db(s, _("listing views"));
}

/* ---- checks */

/* The first row of a check statement, "ok" when it returned none. */
static int first_problem(struct store *s, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt *st = prepare(s, sql);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_count(st) == 1)
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
	else if (rc == SQLITE_ROW)   /* foreign_key_check: table, rowid, parent, fkid */
		snprintf(out, outlen, _("%s row %lld refers to a missing %s row"),
			 (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
			 (const char *)sqlite3_column_text(st, 2));
	else
		snprintf(out, outlen, "ok");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail_db(s, _("checking integrity"));
}

int store_integrity_check(struct store *s, char *out, size_t outlen)
{
	if (first_problem(s, "PRAGMA integrity_check", out, outlen) != 0)
		return -1;
	if (strcmp(out, "ok") != 0)
		return 0;
	if (first_problem(s, "PRAGMA foreign_key_check", out, outlen) != 0)
		return -1;
	if (strcmp(out, "ok") != 0)
		return 0;
	if (first_problem(s, "SELECT 'kept counts differ from the articles (source ' ||"
			     " t.source_id || ')' FROM source_stats t WHERE t.total !="
			     " (SELECT count(*) FROM article_sources x WHERE x.source_id = t.source_id)"
			     " UNION ALL SELECT 'kept article total differs' FROM archive_stats"
			     " WHERE articles != (SELECT count(*) FROM articles) LIMIT 1",
			  out, outlen) != 0)
		return -1;
	if (strcmp(out, "ok") != 0 || s->readonly)
		return 0;
	/* FTS5 reports a mismatch between its index and the articles as an error. */
	if (sqlite3_exec(s->db, "INSERT INTO articles_fts(articles_fts, rank)"
				" VALUES('integrity-check', 1)", NULL, NULL, NULL) != SQLITE_OK)
		snprintf(out, outlen, _("full-text index: %s"), sqlite3_errmsg(s->db));
	return 0;
}

int store_describe(struct store *s, char *out, size_t outlen)
{
	static const char *const names[] = {
		"journal_mode", "synchronous", "foreign_keys", "busy_timeout", "user_version",
	};
	struct buf line;
	buf_init(&line);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof names / sizeof names[0]; i++) {
		char sql[48];
		snprintf(sql, sizeof sql, "PRAGMA %s", names[i]);
		sqlite3_stmt *st = prepare(s, sql);
		if (st && sqlite3_step(st) == SQLITE_ROW)
			buf_printf(&line, "%s%s=%s", i ? " " : "", names[i],
				   (const char *)sqlite3_column_text(st, 0));
		else
			rc = st ? fail_db(s, _("reading settings")) : -1;
		sqlite3_finalize(st);
	}
	snprintf(out, outlen, "%s", line.data);
	buf_free(&line);
	return rc;
}

/* ---- moving the archive and the reading state between machines (laptops, sync) */

static int attach_file(struct store *s, const char *path, const char *as, bool readonly)
{
	struct buf uri, sql;
	buf_init(&uri);
	buf_init(&sql);
	if (readonly) {
		archive_uri(&uri, path);
	} else {
		buf_adds(&uri, path);
	}
	buf_printf(&sql, "ATTACH ?1 AS %s", as);
	sqlite3_stmt *st = prepare(s, sql.data);
	int rc = st ? 0 : -1;
	if (st) {
		bind_text(st, 1, uri.data);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = fail(s, _("cannot open %s: %s"), path, sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
	}
	buf_free(&uri);
	buf_free(&sql);
	return rc;
}

static void detach(struct store *s, const char *as)
{
	char sql[64];
	snprintf(sql, sizeof sql, "DETACH %s", as);
	sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

/* Copies the chosen articles (temp.export_ids) and what they need into schema subset. */
static int export_copy(struct store *s)
{
	static const char *const steps[] = {
		"INSERT INTO subset.sources SELECT * FROM @.sources WHERE id IN"
		" (SELECT source_id FROM @.article_sources WHERE article_id IN temp.export_ids)"
		" OR id IN (SELECT source_id FROM @.articles WHERE id IN temp.export_ids)",
		/* A copy's first fetch must not be told "not modified" by the server's tags. */
		"UPDATE subset.sources SET etag = NULL, last_modified = NULL",
		"INSERT INTO subset.articles SELECT * FROM @.articles WHERE id IN temp.export_ids",
		"INSERT INTO subset.article_sources SELECT * FROM @.article_sources"
		" WHERE article_id IN temp.export_ids",
		"INSERT INTO subset.article_offices SELECT * FROM @.article_offices"
		" WHERE article_id IN temp.export_ids",
		"INSERT INTO subset.article_divisions SELECT * FROM @.article_divisions"
		" WHERE article_id IN temp.export_ids",
		"INSERT OR REPLACE INTO subset.offices SELECT * FROM @.offices",
		"INSERT OR REPLACE INTO subset.divisions SELECT * FROM @.divisions",
		"INSERT OR REPLACE INTO subset.meta SELECT * FROM @.meta"
		" WHERE key IN ('offices', 'divisions')",
	};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof steps[0]; i++)
		rc = exec_archive(s, steps[i], _("exporting the archive"));
	return rc;
}

static int export_choose(struct store *s, const struct query_sql *where, int64_t fetched_after,
			 int64_t *n)
{
	struct buf sql;
	buf_init(&sql);
	buf_printf(&sql, "INSERT INTO temp.export_ids SELECT a.id FROM %s.articles a"
			 " WHERE a.fetched >= ? AND (%s)", s->archive, where_text(where));
	int rc = exec(s, "DROP TABLE IF EXISTS temp.export_ids;"
		      " CREATE TEMP TABLE export_ids(id INTEGER PRIMARY KEY)",
		      _("exporting the archive"));
	sqlite3_stmt *st = rc == 0 ? prepare(s, sql.data) : NULL;
	buf_free(&sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, fetched_after);
	rc = bind_where(s, st, where, 2) < 0 ? -1 : step_done(s, st, _("exporting the archive"));
	if (rc == 0)
		*n = sqlite3_changes(s->db);
	sqlite3_finalize(st);
	return rc;
}

int store_archive_export(struct store *s, const struct query_sql *where, int64_t fetched_after,
			 const char *path, int64_t *n)
{
	char *part = xmalloc(strlen(path) + 8);
	sprintf(part, "%s.part", path);
	unlink(part);
	struct store *fresh;
	char err[512];
	/* A new file with the whole schema (and an identity of its own). */
	if (store_open(part, STORE_CREATE, &fresh, err, sizeof err) != 0) {
		free(part);
		return fail(s, "%s", err);
	}
	int rc = exec(fresh, "PRAGMA journal_mode = DELETE", _("exporting the archive"));
	store_close(fresh);
	if (rc == 0)
		rc = attach_file(s, part, "subset", false);
	if (rc == 0) {
		rc = exec(s, "BEGIN", _("exporting the archive"));
		if (rc == 0)
			rc = export_choose(s, where, fetched_after, n);
		if (rc == 0)
			rc = export_copy(s);
		rc = exec(s, rc == 0 ? "COMMIT" : "ROLLBACK", _("exporting the archive")) || rc;
		exec(s, "DROP TABLE IF EXISTS temp.export_ids", _("exporting the archive"));
		detach(s, "subset");
	}
	if (rc == 0 && rename(part, path) != 0)
		rc = fail(s, _("cannot write %s: %s"), path, strerror(errno));
	if (rc != 0)
		unlink(part);
	free(part);
	return rc ? -1 : 0;
}

/* ---- archive import: sources by URL, articles by (source, key) exactly as a fetch */

struct source_map {
	int64_t *from, *to;
	size_t n;
};

static int64_t map_source(const struct source_map *m, int64_t from)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->from[i] == from)
			return m->to[i];
	return 0;
}

static int import_sources(struct store *s, struct source_map *m, struct store_transfer *t)
{
	sqlite3_stmt *st = prepare(s, "SELECT id, url, title, office, full_text, kind"
				      " FROM incoming.sources ORDER BY id LIMIT 100000");
	if (!st)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id;
		const char *url = (const char *)sqlite3_column_text(st, 1);
		int added = store_source_add(s, url, (const char *)sqlite3_column_text(st, 2),
					     (const char *)sqlite3_column_text(st, 3),
					     sqlite3_column_int(st, 4) != 0, &id);
		if (added < 0) {
			rc = -1;
			break;
		}
		t->sources_new += added == 0;
		const char *kind = (const char *)sqlite3_column_text(st, 5);
		if (kind && strcmp(kind, "unknown") != 0 && added == 0)
			rc = store_source_set_kind(s, id, kind);
		m->from = xrealloc(m->from, (m->n + 1) * sizeof *m->from);
		m->to = xrealloc(m->to, (m->n + 1) * sizeof *m->to);
		m->from[m->n] = sqlite3_column_int64(st, 0);
		m->to[m->n++] = id;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = fail_db(s, _("importing sources"));
	sqlite3_finalize(st);
	return rc;
}

#define IMPORT_COLUMNS \
	"x.source_id, x.key, a.id, a.url, a.guid, a.title, a.author, a.published," \
	" a.published_estimated, a.updated, a.fetched, a.summary, a.body_html, a.body_text," \
	" a.office"

static void import_row(sqlite3_stmt *st, const struct source_map *m, struct store_article *a)
{
	memset(a, 0, sizeof *a);
	a->source_id = map_source(m, sqlite3_column_int64(st, 0));
	a->id = sqlite3_column_int64(st, 2);
	a->url = column_copy(st, 3);
	a->guid = column_copy(st, 4);
	a->title = column_copy(st, 5);
	a->author = column_copy(st, 6);
	a->published = sqlite3_column_int64(st, 7);
	a->has_published = sqlite3_column_int(st, 8) == 0;
	a->has_updated = sqlite3_column_type(st, 9) != SQLITE_NULL;
	a->updated = sqlite3_column_int64(st, 9);
	a->fetched = sqlite3_column_int64(st, 10);
	a->summary = column_copy(st, 11);
	a->body_html = column_copy(st, 12);
	a->body_text = column_copy(st, 13);
	a->office = column_copy(st, 14);
}

static int import_classification(struct store *s, struct store_article *a)
{
	char **cells;
	size_t n;
	int rc = pairs_load(s, "SELECT office, evidence FROM incoming.article_offices"
			       " WHERE article_id = ?1", a->id, &cells, &n);
	a->mentions = n ? xcalloc(n, sizeof *a->mentions) : NULL;
	for (size_t i = 0; i < n; i++)
		a->mentions[i] = (struct store_mention){ cells[2 * i], cells[2 * i + 1] };
	a->n_mentions = n;
	free(cells);
	if (rc != 0)
		return -1;
	rc = pairs_load(s, "SELECT division, evidence FROM incoming.article_divisions"
			   " WHERE article_id = ?1", a->id, &cells, &n);
	a->divisions = n ? xcalloc(n, sizeof *a->divisions) : NULL;
	for (size_t i = 0; i < n; i++)
		a->divisions[i] = (struct store_division){ cells[2 * i], cells[2 * i + 1] };
	a->n_divisions = n;
	free(cells);
	return rc;
}

/* Each (source, key) of the incoming file, the owning source's first so that the others
 * link to the article it brought. */
static int import_articles(struct store *s, const struct source_map *m, struct store_transfer *t)
{
	sqlite3_stmt *st = prepare(s, "SELECT " IMPORT_COLUMNS " FROM incoming.article_sources x"
				      " JOIN incoming.articles a ON a.id = x.article_id"
				      " ORDER BY a.id, x.source_id <> a.source_id, x.source_id");
	if (!st)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_article a;
		import_row(st, m, &a);
		const char *key = (const char *)sqlite3_column_text(st, 1);
		rc = a.source_id && key ? import_classification(s, &a)
					: fail(s, _("the file has an article without a source"));
		char hash[17];
		content_hash(&a, hash);
		enum store_put result = STORE_PUT_UNCHANGED;
		int64_t id;
		if (rc == 0)
			rc = put_inside(s, &a, key, hash, &result, &id);
		t->articles_new += rc == 0 && result == STORE_PUT_NEW;
		t->articles_updated += rc == 0 && result == STORE_PUT_UPDATED;
		t->articles_linked += rc == 0 && result == STORE_PUT_LINKED;
		t->articles_unchanged += rc == 0 && result == STORE_PUT_UNCHANGED;
		store_article_clear(&a);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = fail_db(s, _("importing articles"));
	sqlite3_finalize(st);
	return rc;
}

static int check_incoming(struct store *s, const char *path)
{
	int version = 0, application = 0;
	if (pragma_int(s, "PRAGMA incoming.application_id", &application) != 0 ||
	    pragma_int(s, "PRAGMA incoming.user_version", &version) != 0)
		return fail(s, _("%s is not a warta archive: %s"), path, s->errmsg);
	if (application != APPLICATION_ID)
		return fail(s, _("%s is not a warta archive"), path);
	if (version != SCHEMA_VERSION)
		return fail(s, _("%s has schema version %d, this warta's is %d: export it again"
				 " with the same warta version"), path, version, SCHEMA_VERSION);
	return 0;
}

static int resolve_waiting_state(struct store *s);

int store_archive_import(struct store *s, const char *path, struct store_transfer *t)
{
	memset(t, 0, sizeof *t);
	if (s->readonly)
		return fail_read_only(s);
	if (access(path, R_OK) != 0)
		return fail(s, _("cannot read %s: %s"), path, strerror(errno));
	if (attach_file(s, path, "incoming", true) != 0)
		return -1;
	struct source_map m = {0};
	int rc = check_incoming(s, path);
	if (rc == 0)
		rc = store_begin_articles(s);
	if (rc == 0) {
		rc = import_sources(s, &m, t);
		if (rc == 0)
			rc = import_articles(s, &m, t);
		if (rc == 0)
			rc = store_commit(s);
		if (rc != 0)
			store_rollback(s);
	}
	free(m.from);
	free(m.to);
	detach(s, "incoming");
	/* State that arrived before its articles finds them now. */
	if (rc == 0)
		rc = resolve_waiting_state(s);
	return rc;
}

int store_archive_newest(const char *path, int64_t *fetched, char *err, size_t errlen)
{
	struct store *s;
	if (store_open(path, STORE_READONLY, &s, err, errlen) != 0)
		return -1;
	sqlite3_stmt *st = prepare(s, "SELECT coalesce(max(fetched), 0) FROM articles");
	int rc = st && sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
	if (rc == 0)
		*fetched = sqlite3_column_int64(st, 0);
	else
		snprintf(err, errlen, "%s", s->errmsg);
	sqlite3_finalize(st);
	store_close(s);
	return rc;
}

/* ---- reading state changesets (SQLite's session extension) */

/* The changeset's one table: a change of one (article key, kind, name), newest wins. */
#define CHANGE_TABLE "state_change"
#define CHANGE_SCHEMA \
	"CREATE TABLE " CHANGE_TABLE "(key TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL," \
	" value INTEGER NOT NULL, text TEXT, at INTEGER NOT NULL, PRIMARY KEY(key, kind, name))"
#define CHANGE_COLUMNS 6
#define STATE_FILE_MAX (256L * 1024 * 1024)

static int resolve_waiting_state(struct store *s)
{
	int waiting = 0;
	if (pragma_int(s, "SELECT EXISTS(SELECT 1 FROM state_read WHERE article_id < 0)"
			  " OR EXISTS(SELECT 1 FROM state_flag WHERE article_id < 0)"
			  " OR EXISTS(SELECT 1 FROM state_tag WHERE article_id < 0)", &waiting) != 0)
		return -1;
	if (!waiting)
		return 0;
	bool own;
	if (state_open(s, &own) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof reattach_steps / sizeof *reattach_steps; i++)
		rc = exec(s, reattach_steps[i], _("attaching reading state to the archive"));
	return write_close(s, own, rc);
}

int store_state_token(struct store *s, int64_t *token)
{
	sqlite3_stmt *st = prepare(s, "SELECT coalesce(max(seq), 0) FROM state_log");
	if (!st)
		return -1;
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : fail_db(s, _("reading the state log"));
	if (rc == 0)
		*token = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

static int write_whole(struct store *s, const char *path, const void *data, size_t len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (!f)
		return fail(s, _("cannot write %s: %s"), path, strerror(errno));
	/* An empty changeset comes as (NULL, 0): fwrite's buffer must not be NULL. */
	bool ok = len == 0 || fwrite(data, 1, len, f) == len;
	ok = (f == stdout ? fflush(f) : fclose(f)) == 0 && ok;
	return ok ? 0 : fail(s, _("cannot write %s: %s"), path, strerror(errno));
}

/* Fills the scratch database (watched by the session) with the log rows since..until. */
static int changes_collect(struct store *s, sqlite3 *scratch, int64_t since, int64_t until,
			   int64_t *n)
{
	sqlite3_stmt *in = NULL, *out = prepare(s, "SELECT key, kind, name, value, text, at"
						   " FROM state_log WHERE seq > ?1 AND seq <= ?2");
	if (!out)
		return -1;
	int rc = sqlite3_prepare_v2(scratch, "INSERT INTO " CHANGE_TABLE " VALUES(?, ?, ?, ?, ?, ?)",
				    -1, &in, NULL) == SQLITE_OK ? 0 : -1;
	sqlite3_bind_int64(out, 1, since);
	sqlite3_bind_int64(out, 2, until);
	while (rc == 0 && sqlite3_step(out) == SQLITE_ROW) {
		for (int i = 0; i < CHANGE_COLUMNS; i++)
			sqlite3_bind_value(in, i + 1, sqlite3_column_value(out, i));
		rc = sqlite3_step(in) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(in);
		++*n;
	}
	if (rc != 0)
		fail(s, _("collecting state changes: %s"), sqlite3_errmsg(scratch));
	sqlite3_finalize(in);
	sqlite3_finalize(out);
	return rc;
}

int store_state_export(struct store *s, int64_t since, int64_t until, const char *path,
		       int64_t *n, int64_t *token)
{
	*n = 0;
	if (store_state_token(s, token) != 0)
		return -1;
	if (until <= 0 || until > *token)
		until = *token;
	*token = until > since ? until : since;
	sqlite3 *scratch = NULL;
	sqlite3_session *session = NULL;
	int rc = sqlite3_open(":memory:", &scratch) == SQLITE_OK &&
		 sqlite3_exec(scratch, CHANGE_SCHEMA, NULL, NULL, NULL) == SQLITE_OK &&
		 sqlite3session_create(scratch, "main", &session) == SQLITE_OK &&
		 sqlite3session_attach(session, CHANGE_TABLE) == SQLITE_OK ? 0 : -1;
	if (rc != 0)
		fail(s, _("cannot start a state changeset: %s"), sqlite3_errmsg(scratch));
	if (rc == 0)
		rc = changes_collect(s, scratch, since, until, n);
	int size = 0;
	void *data = NULL;
	if (rc == 0 && sqlite3session_changeset(session, &size, &data) != SQLITE_OK)
		rc = fail(s, _("cannot write a state changeset: %s"), sqlite3_errmsg(scratch));
	if (rc == 0)
		rc = write_whole(s, path, data, (size_t)size);
	sqlite3_free(data);
	if (session)
		sqlite3session_delete(session);
	sqlite3_close(scratch);
	return rc;
}

/* One change, already known to be newer than what the log held, made real. */
static const char *const apply_sql[][2] = {
	/* kind, statement: ?1 key, ?2 time in seconds, ?3 name, ?4 text, ?5 value */
	{ "read", "DELETE FROM state_read WHERE key = ?1;"
		  "INSERT OR REPLACE INTO state_read(article_id, at, key) SELECT coalesce((SELECT"
		  " min(id) FROM articles WHERE skey = ?1), (SELECT min(0, coalesce(min(article_id),"
		  " 0)) - 1 FROM state_read)), ?2, ?1 WHERE ?5" },
	{ "flag", "DELETE FROM state_flag WHERE key = ?1;"
		  "INSERT OR REPLACE INTO state_flag(article_id, at, key) SELECT coalesce((SELECT"
		  " min(id) FROM articles WHERE skey = ?1), (SELECT min(0, coalesce(min(article_id),"
		  " 0)) - 1 FROM state_flag)), ?2, ?1 WHERE ?5" },
	{ "tag", "DELETE FROM state_tag WHERE key = ?1 AND tag = ?3;"
		 "INSERT OR REPLACE INTO state_tag(article_id, tag, at, key) SELECT coalesce((SELECT"
		 " min(id) FROM articles WHERE skey = ?1), (SELECT article_id FROM state_tag WHERE"
		 " key = ?1 AND article_id < 0 LIMIT 1), (SELECT min(0, coalesce(min(article_id),"
		 " 0)) - 1 FROM state_tag)), ?3, ?2, ?1 WHERE ?5" },
	{ "view", "DELETE FROM state_view WHERE name = ?3;"
		  "INSERT INTO state_view(name, query, at) SELECT ?3, coalesce(?4, ''), ?2 WHERE ?5" },
};

/* Runs the statements of one apply_sql entry with the change's values. */
static int apply_change(struct store *s, const char *sql, sqlite3_value **v)
{
	const char *tail = sql;
	int rc = 0;
	while (rc == 0 && tail && *tail) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(s->db, tail, -1, &st, &tail) != SQLITE_OK)
			return fail_db(s, _("applying a state change"));
		if (!st)
			break;
		sqlite3_bind_value(st, 1, v[0]);
		sqlite3_bind_int64(st, 2, sqlite3_value_int64(v[5]) / 1000000);
		sqlite3_bind_value(st, 3, v[2]);
		sqlite3_bind_value(st, 4, v[4]);
		sqlite3_bind_int(st, 5, sqlite3_value_int(v[3]) != 0);
		rc = step_done(s, st, _("applying a state change"));
		sqlite3_finalize(st);
	}
	return rc;
}

/* The conflict rule: the newer change of one (article, kind, name) wins; at the same
 * microsecond, setting beats clearing, so both sides settle on the same answer. Tags are
 * separate names, so tags added on both sides are all kept unless removed later. */
#define MERGE_SQL \
	"INSERT INTO state_log(key, kind, name, value, text, at, seq)" \
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, " NEXT_SEQ ")" \
	" ON CONFLICT(key, kind, name) DO UPDATE SET value = excluded.value," \
	" text = excluded.text, at = excluded.at, seq = excluded.seq" \
	" WHERE excluded.at > state_log.at OR (excluded.at = state_log.at AND" \
	" (excluded.value > state_log.value OR (excluded.value = state_log.value AND" \
	" coalesce(excluded.text, '') > coalesce(state_log.text, ''))))"

static const char *change_kind_sql(sqlite3_value **v)
{
	const char *kind = (const char *)sqlite3_value_text(v[1]);
	for (size_t i = 0; kind && i < sizeof apply_sql / sizeof apply_sql[0]; i++)
		if (strcmp(kind, apply_sql[i][0]) == 0)
			return apply_sql[i][1];
	return NULL;
}

/* Hostile files: types, kinds and lengths are checked before anything is written. */
static int change_check(struct store *s, sqlite3_value **v)
{
	for (int i = 0; i < CHANGE_COLUMNS; i++)
		if (!v[i])
			return fail(s, _("a state change lacks a value"));
	if (sqlite3_value_type(v[0]) != SQLITE_TEXT || sqlite3_value_type(v[2]) != SQLITE_TEXT ||
	    sqlite3_value_type(v[3]) != SQLITE_INTEGER || sqlite3_value_type(v[5]) != SQLITE_INTEGER ||
	    !change_kind_sql(v) || sqlite3_value_bytes(v[0]) > 8192 ||
	    sqlite3_value_bytes(v[4]) > QUERY_MAX_LENGTH)
		return fail(s, _("a state change has a field of the wrong kind"));
	const char *kind = (const char *)sqlite3_value_text(v[1]);
	if (strcmp(kind, "tag") == 0 && tag_check(s, (const char *)sqlite3_value_text(v[2])) != 0)
		return -1;
	return 0;
}

static int import_change(struct store *s, sqlite3_stmt *merge, sqlite3_value **v,
			 struct store_state_counts *c)
{
	if (change_check(s, v) != 0)
		return -1;
	for (int i = 0; i < CHANGE_COLUMNS; i++)
		sqlite3_bind_value(merge, i + 1, v[i]);
	if (step_done(s, merge, _("merging a state change")) != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0) {
		c->ignored++;
		return 0;
	}
	c->applied++;
	return apply_change(s, change_kind_sql(v), v);
}

static int changeset_walk(struct store *s, void *data, int size, struct store_state_counts *c)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, size, data) != SQLITE_OK)
		return fail(s, _("not a warta state file"));
	sqlite3_stmt *merge = prepare(s, MERGE_SQL);
	int rc = merge ? 0 : -1, step;
	while (rc == 0 && (step = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *table;
		int columns, op, indirect;
		sqlite3changeset_op(it, &table, &columns, &op, &indirect);
		if (strcmp(table, CHANGE_TABLE) != 0 || columns != CHANGE_COLUMNS ||
		    op != SQLITE_INSERT) {
			rc = fail(s, _("not a warta state file (table %s)"), table);
			break;
		}
		sqlite3_value *v[CHANGE_COLUMNS] = {0};
		for (int i = 0; i < CHANGE_COLUMNS; i++)
			sqlite3changeset_new(it, i, &v[i]);
		rc = import_change(s, merge, v, c);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = fail(s, _("the state file is damaged or cut short"));
	sqlite3_finalize(merge);
	sqlite3changeset_finalize(it);
	return rc;
}

static void *read_whole(struct store *s, const char *path, int *size)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fail(s, _("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	struct buf data;
	buf_init(&data);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && data.len <= STATE_FILE_MAX)
		buf_add(&data, chunk, got);
	bool bad = ferror(f) || data.len > STATE_FILE_MAX;
	if (f != stdin)
		fclose(f);
	if (bad) {
		fail(s, _("cannot read %s: %s"), path, data.len > STATE_FILE_MAX ?
		     _("larger than 256 MiB") : strerror(errno));
		buf_free(&data);
		return NULL;
	}
	*size = (int)data.len;
	return buf_steal(&data);
}

int store_state_import(struct store *s, const char *path, struct store_state_counts *c)
{
	memset(c, 0, sizeof *c);
	int size = 0;
	void *data = read_whole(s, path, &size);
	if (!data)
		return -1;
	bool own;
	int rc = state_open(s, &own);
	if (rc == 0)
		rc = write_close(s, own, changeset_walk(s, data, size, c));
	free(data);
	return rc;
}

int store_state_get(struct store *s, const char *key, char **value)
{
	*value = NULL;
	sqlite3_stmt *st = prepare(s, "SELECT value FROM main.meta WHERE key = ?1");
	if (!st)
		return -1;
	bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = column_copy(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail_db(s, _("reading metadata"));
}

int store_state_set(struct store *s, const char *key, const char *value)
{
	bool own;
	if (state_open(s, &own) != 0)
		return -1;
	return write_close(s, own, meta_set(s, key, value));
}
