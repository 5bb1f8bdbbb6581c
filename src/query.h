/* The filter language shared by `l`, saved views and `warta list --query`:
 *   office:semarang division:hukum tag:pilkada province:"jawa tengah" mentions:jateng
 *   is:unread is:read is:flagged since:2024-01-01 until:2024-12-31 source:ID
 *   words "a phrase"
 * Juxtaposition is AND; OR, NOT (and a '-' prefix), parentheses; NOT > AND > OR.
 * A query compiles to one SQL boolean expression over the articles table aliased `a`,
 * with every value a bound parameter: nothing is filtered row by row in C. */
#ifndef WARTA_QUERY_H
#define WARTA_QUERY_H

#include <stddef.h>
#include <stdint.h>

enum query_param_type { QUERY_PARAM_TEXT, QUERY_PARAM_INT };

struct query_param {
	enum query_param_type type;
	char *text;
	int64_t integer;
};

struct query_sql {
	char *where;                  /* "1" for the empty query */
	struct query_param *params;   /* bound in order to the '?' in where */
	size_t n_params;
	int uses_fts;                 /* the query has free words (full-text search) */
	/* Paging a full-text search whose top level (AND) has free words: `where` tests
	 * each article against the list of every match (built once), where_probe asks the
	 * full-text index about each article in turn (EXISTS). Which is cheaper depends on
	 * how many articles match (store.c). where_probe has the same parameters as where,
	 * in the same order; fts_param is the index of the match's text. NULL and -1 when the
	 * query has no top-level words. */
	char *where_probe;
	int fts_param;
	int words_only;               /* nothing but those words: the match count says it all */
	/* Every top-level part reads only a.id, a.published and a.source_id, and one of them
	 * is a set of ids (tag:, free words): the set can be put in date order from the
	 * narrow (id, published, source_id) index without reading the articles. */
	int id_driven;
};

/* Compiles text. On error returns -1, writes a message naming the offending token into
 * err and its byte offset into *err_pos (when err_pos is not NULL); out is left empty. */
int query_compile(const char *text, struct query_sql *out, char *err, size_t errlen,
		  size_t *err_pos);
void query_sql_free(struct query_sql *q);

/* Quotes a value so that it can be put after a "key:" in query text. Returns new string. */
char *query_quote(const char *value);

/* Hostile input is refused rather than parsed: longer text, or deeper nesting of
 * parentheses and NOTs, is an error. */
#define QUERY_MAX_LENGTH 4096
#define QUERY_MAX_DEPTH 64

/* query_compile with the clock given: relative dates (since:7d, until:2w) count back
 * from now (UTC seconds). query_compile uses the current time. */
int query_compile_at(const char *text, int64_t now, struct query_sql *out, char *err,
		     size_t errlen, size_t *err_pos);

#endif
