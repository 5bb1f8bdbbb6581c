/* The archive: one SQLite database (WAL, synchronous=NORMAL, busy timeout) holding
 * sources, articles, classification and the FTS5 index, plus the user's reading state
 * (read, flagged, tags, saved views) in tables of their own that refer to articles only
 * by article id. The store never includes curses and never touches the network.
 * All functions return 0 on success and -1 on error (message in store_errmsg) unless
 * stated otherwise. */
#ifndef WARTA_STORE_H
#define WARTA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct query_sql;
struct store;

#define STORE_READONLY 0x1    /* open the archive read-only (shared server, reader) */
#define STORE_CREATE 0x2      /* create the file (and schema) when missing */
#define STORE_SHARED 0x4      /* `shared yes`: a new file is created 0640 (its directory
				 0750 when warta made it 0700) and the -wal/-shm files are kept
				 for readers; otherwise a new file is private (0600) */

/* Opens (and migrates) the database at path. On failure *out is NULL and err holds one
 * line naming the file and the fix. */
int store_open(const char *path, int flags, struct store **out, char *err, size_t errlen);
void store_close(struct store *s);
/* Shared server: opens (creating it, 0600) the user's own state database at state_path
 * and attaches the archive at archive_path read-only. Unqualified table names find the
 * archive's tables there and the reading state here, so every call below works the same;
 * calls that would change the archive fail with a message that names its owner. State
 * rows whose articles changed ids (the archive was rebuilt) are attached again by key. */
int store_open_shared(const char *archive_path, const char *state_path, struct store **out,
		      char *err, size_t errlen);
bool store_is_shared(const struct store *s);
/* A second connection to the same files (for a thread of its own), read-only when it can
 * be: the interface counts in the background while its own connection pages. */
int store_reopen(struct store *s, struct store **out, char *err, size_t errlen);
/* Makes the statement running on s (in another thread) stop soon with an error. Safe to
 * call from any thread while s is open. */
void store_interrupt(struct store *s);
/* 0 when the archive may be written; -1 (message in store_errmsg names who may) when not. */
int store_archive_writable(struct store *s);
const char *store_errmsg(const struct store *s);
int store_schema_version(struct store *s);

/* ---- offices and divisions (the vocabularies, mirrored from the compiled directory) */
struct store_office_row {
	const char *slug, *level, *name, *province, *domain, *tz;
};
/* Replaces the offices table with rows (idempotent; run at open by main when needed). */
int store_sync_offices(struct store *s, const struct store_office_row *rows, size_t n);
int store_sync_divisions(struct store *s, const char *const *ids, const char *const *names,
			 size_t n);

/* ---- sources */
struct store_source {
	int64_t id;
	char *url;
	char *title;
	char *kind;              /* "unknown", "feed", "listing" */
	char *office;            /* office slug or NULL */
	bool full_text;          /* fetch each item's page and extract it */
	char *etag;
	char *last_modified;
	int64_t added;
	int64_t last_attempt;    /* 0 = never */
	int64_t last_success;    /* 0 = never */
	int64_t last_error_time; /* 0 = no error since the last success */
	int last_status;         /* HTTP status of the last attempt, 0 when none */
	char *last_error;        /* NULL when the last attempt succeeded */
	int64_t n_articles;      /* filled by store_source_list/get */
	int64_t n_unread;
};
void store_source_clear(struct store_source *src);
/* A deep copy that outlives the callback that handed src over; free with store_source_clear. */
void store_source_copy(struct store_source *dst, const struct store_source *src);

/* Adds a source; *id gets its id. Returns 0 when added, 1 when the URL was already
 * subscribed (*id is then the existing one), -1 on error. */
int store_source_add(struct store *s, const char *url, const char *title, const char *office,
		     bool full_text, int64_t *id);
int store_source_remove(struct store *s, int64_t id);   /* its articles go with it */
/* Finds by numeric id or by exact URL. Returns 0 found, 1 not found, -1 error. */
int store_source_find(struct store *s, const char *id_or_url, struct store_source *out);
typedef int (*store_source_fn)(void *ctx, const struct store_source *src);
int store_source_list(struct store *s, store_source_fn fn, void *ctx);
/* The same without unread counts (n_unread = -1): those cost a pass over everything the
 * user has read, while totals are kept up to date and cost nothing. */
int store_source_list_totals(struct store *s, store_source_fn fn, void *ctx);
int store_source_set_kind(struct store *s, int64_t id, const char *kind);
int store_source_set_title(struct store *s, int64_t id, const char *title);
int store_source_set_office(struct store *s, int64_t id, const char *office);
int store_source_record_success(struct store *s, int64_t id, int status, const char *etag,
				const char *last_modified, int64_t when);
int store_source_record_failure(struct store *s, int64_t id, int status, const char *message,
				int64_t when);

/* ---- articles */
struct store_mention {
	char *office;            /* slug */
	char *evidence;          /* the phrase that named it */
};
struct store_division {
	char *id;                /* TEKNIS, HUKUM, ... */
	char *evidence;
};

struct store_article {
	int64_t id;
	int64_t source_id;
	char *url;
	char *guid;
	char *title;
	char *author;
	int64_t published;       /* UTC seconds */
	bool has_published;
	bool published_estimated;/* the fetch time stood in for an unstated date */
	int64_t updated;
	bool has_updated;
	int64_t fetched;
	char *summary;           /* HTML as published */
	char *body_html;
	char *body_text;         /* rendered plain text, for FTS and `show` */
	char *office;            /* publishing office slug or NULL */
	struct store_mention *mentions;
	size_t n_mentions;
	struct store_division *divisions;
	size_t n_divisions;
	/* filled when reading */
	char *source_url;
	char *source_title;
	char *office_name;
	char *office_province;
	bool read;
	bool flagged;
	char **tags;
	size_t n_tags;
};
void store_article_clear(struct store_article *a);

/* One transaction per source: begin, put its articles, then commit or rollback. */
int store_begin(struct store *s);
/* store_begin for a transaction that stores many articles (a source's batch, an import):
 * they are indexed for full-text search once, at store_commit, so a search inside the
 * transaction does not find them yet. Refused on a read-only archive. */
int store_begin_articles(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s);

enum store_put {
	STORE_PUT_NEW = 0,
	STORE_PUT_UPDATED,       /* same key, content changed: updated in place */
	STORE_PUT_UNCHANGED,
	STORE_PUT_LINKED,        /* same URL already stored from another source: linked */
};
/* Deduplicates on (source, guid or else URL); the same URL from another source is stored
 * once and linked to both. Replaces mentions/divisions when the article is new or changed.
 * Fills *result and *id. */
int store_article_put(struct store *s, const struct store_article *a, enum store_put *result,
		      int64_t *id);
/* Whether the source already holds an article with this URL (1), not (0), error (-1). */
int store_article_known(struct store *s, int64_t source_id, const char *url);

/* Keyset paging, newest first: rows strictly after `after` (published, id) in the order
 * (published DESC, id DESC); after == NULL starts at the top. The callback gets rows
 * without body_html/body_text (list rows are light). where may be NULL (everything).
 * reverse == true walks the other way (rows before `after`, oldest first), for paging up. */
struct store_page_key {
	int64_t published;
	int64_t id;
};
typedef int (*store_article_fn)(void *ctx, const struct store_article *a);
int store_article_page(struct store *s, const struct query_sql *where,
		       const struct store_page_key *after, bool reverse, int limit,
		       store_article_fn fn, void *ctx);
/* The whole article, with body, mentions, divisions, tags and state. Returns 0 found,
 * 1 not found, -1 error. */
int store_article_get(struct store *s, int64_t id, struct store_article *out);
int store_article_count(struct store *s, const struct query_sql *where, int64_t *total,
			int64_t *unread);
/* Replaces the classification of one article (reclassify). */
int store_article_classify(struct store *s, int64_t id, const char *office,
			   const struct store_mention *m, size_t n_m,
			   const struct store_division *d, size_t n_d);
/* Every article with its body text, oldest id first (for reclassify). */
int store_article_each(struct store *s, store_article_fn fn, void *ctx);

/* ---- reading state (user tables; by article id only) */
int store_set_read(struct store *s, int64_t id, bool read);
int store_set_flagged(struct store *s, int64_t id, bool flagged);
int store_tag_add(struct store *s, int64_t id, const char *tag);
int store_tag_remove(struct store *s, int64_t id, const char *tag);
/* Marks every article matching where as read; *n gets how many changed. */
int store_mark_read_where(struct store *s, const struct query_sql *where, int64_t *n);
/* All tags in use, sorted; caller frees each and the array. */
int store_tags_all(struct store *s, char ***tags, size_t *n);
int store_view_save(struct store *s, const char *name, const char *query);
int store_view_delete(struct store *s, const char *name);
typedef int (*store_view_fn)(void *ctx, const char *name, const char *query);
int store_view_list(struct store *s, store_view_fn fn, void *ctx);

/* Integrity check ("ok" or the first problem) for tests and `warta doctor`. */
int store_integrity_check(struct store *s, char *out, size_t outlen);

/* ---- additions */

/* Notes on the calls above:
 * - store_article_page: a callback returning non-zero stops the walk (the call still
 *   returns 0); list rows point into SQLite's memory and are valid only during the
 *   callback; limit <= 0 means no limit. The where text may use only the alias `a`.
 * - store_source_list, store_view_list, store_article_each: a non-zero callback result
 *   stops the walk. store_article_each rows carry bodies but not mentions/divisions.
 * - store_sync_offices/divisions write nothing when the rows equal the last sync, and
 *   nothing on a read-only store.
 * - store_source_record_success keeps the stored etag/Last-Modified when given NULL.
 * - store_source_remove hands articles that another source links to over to that source.
 * - Every write outside store_begin/commit is its own BEGIN IMMEDIATE transaction; inside
 *   a batch it is a savepoint, so a failed put takes back only that article. */

/* How a page of a full-text search is found (store.c explains the three plans). Tests
 * force each plan to check that they agree; everything else leaves it to the store. */
enum store_page_plan { STORE_PLAN_AUTO, STORE_PLAN_SORT, STORE_PLAN_WALK, STORE_PLAN_PROBE };
void store_force_page_plan(struct store *s, enum store_page_plan plan);

/* The EXPLAIN QUERY PLAN of the page query for where (one step a line), for tests and
 * `warta doctor`; caller frees. NULL on error. */
char *store_article_page_plan(struct store *s, const struct query_sql *where, bool has_after,
			      bool reverse);

/* One line with the connection's settings ("journal_mode=wal synchronous=1 ..."), for
 * `warta doctor` and tests. */
int store_describe(struct store *s, char *out, size_t outlen);

/* ---- moving the archive and the reading state between machines (laptops, sync) */

/* Writes the articles matching where (NULL: all) and fetched at or after fetched_after,
 * with their sources, source links, classification and the vocabularies, into a new
 * archive file at path (written as path.part, then renamed over path). The file is a
 * whole warta database: open it with --db or --archive, or merge it with
 * store_archive_import. *n gets the number of articles. */
int store_archive_export(struct store *s, const struct query_sql *where, int64_t fetched_after,
			 const char *path, int64_t *n);

struct store_transfer {
	int64_t sources_new;
	int64_t articles_new, articles_updated, articles_linked, articles_unchanged;
};
/* Merges an exported archive file into this archive in one transaction: sources by URL,
 * articles by (source, guid or URL) exactly as a fetch stores them, so repeating an
 * import adds nothing and an interrupted one leaves nothing half done. */
int store_archive_import(struct store *s, const char *path, struct store_transfer *t);
/* The newest fetch time of the articles in an archive file (an incremental pull's mark). */
int store_archive_newest(const char *path, int64_t *fetched, char *err, size_t errlen);

/* Reading state changes travel as SQLite session changesets of one table,
 * state_change(key, kind, name, value, text, at): key is the article's stable key (its
 * URL, else source URL and guid), kind is read, flag, tag (name = the tag) or view (name
 * = the view, text = its query), value 1 for set and 0 for removed, at in microseconds.
 * The token is the local change sequence number: export rows after since up to until
 * (until <= 0: up to now); *token gets the token for the next export. path "-" is
 * stdout/stdin. */
int store_state_token(struct store *s, int64_t *token);
int store_state_export(struct store *s, int64_t since, int64_t until, const char *path,
		       int64_t *n, int64_t *token);
struct store_state_counts {
	int64_t applied;      /* newer than what was here: applied */
	int64_t ignored;      /* older or the same: the local change stands */
};
/* Applies a changeset with the rule: for each (article, kind, name) the newest change
 * wins; at the same moment, set beats clear. Tags merge as a union unless removed later.
 * Changes for articles this archive does not hold yet are kept and attach when the
 * articles arrive. One transaction; repeating an import changes nothing. */
int store_state_import(struct store *s, const char *path, struct store_state_counts *c);
/* Small values kept with the reading state (sync marks); *value NULL when unset. */
int store_state_get(struct store *s, const char *key, char **value);
int store_state_set(struct store *s, const char *key, const char *value);

#endif
