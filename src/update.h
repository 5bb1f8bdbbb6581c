/* Fetching sources into the store: the pipeline that ties fetch (bytes), feed or extract
 * (items), render (text), classify (offices, divisions) and store (one transaction per
 * source) together. A broken source never stops the others. */
#ifndef WARTA_UPDATE_H
#define WARTA_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fetch.h"

struct store;
struct settings;

struct update_source_result {
	int64_t source_id;
	const char *url;
	const char *title;
	bool ok;                 /* fetched and stored (304 counts as ok) */
	bool not_modified;
	bool offline;
	int status;              /* HTTP status, 0 when none */
	const char *error;       /* one line, NULL when ok */
	int n_new;
	int n_updated;
	int n_failed_pages;      /* article pages of a listing that could not be read */
};

struct update_options {
	struct fetch_limits limits;
	int pages;                        /* listing pages on a site's first fetch */
	const struct settings *settings;  /* extraction profiles; may be NULL */
	/* Called on the fetching thread after each source is stored or has failed. */
	void (*on_source)(void *ctx, const struct update_source_result *r, int done, int total);
	void *ctx;
	volatile int *interrupt;          /* non-zero: stop soon (SIGINT) */
};

struct update_totals {
	int sources;
	int done;
	int failed;
	int not_modified;
	int offline;                      /* failures that look like no network */
	int64_t new_articles;
	int64_t updated_articles;
};

void update_options_default(struct update_options *o);
/* Fetches the given sources (ids == NULL: every source) and stores what they hold.
 * Returns 0 when the run completed (individual sources may have failed: see totals),
 * -1 when it could not start (store error; message in err). */
int update_run(struct store *st, const int64_t *ids, size_t n_ids,
	       const struct update_options *o, struct update_totals *totals, char *err,
	       size_t errlen);

/* Builds the article a feed item becomes (body rendered to text, classified); exposed
 * for `warta reclassify` and the tests. */
struct store_article;
void update_classify_article(struct store_article *a);

#endif
