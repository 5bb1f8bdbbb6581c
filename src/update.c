#include "config.h"
#include "update.h"

#include "classify.h"
#include "date.h"
#include "directory.h"
#include "extract.h"
#include "feed.h"
#include "i18n.h"
#include "render.h"
#include "settings.h"
#include "store.h"
#include "util/buf.h"
#include "util/workq.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bytes looked at before deciding whether a body is a feed or an HTML page. */
#define SNIFF_BYTES 1024
/* Later fetches of a listing walk pages until they meet a stored article, at most this. */
#define MAX_WALK_PAGES 20
/* Article pages queued for one source in one run, whatever the listing holds. */
#define MAX_ARTICLES_PER_RUN 500
/* Threads that clean, render, date and classify articles while this one drives the
 * transfers and writes to the store, and the sources whose articles may wait for them or
 * for the write at once (this bounds the memory they hold). */
#define PREPARE_THREADS 2
#define PREPARE_QUEUE 16
/* How long the transfer loop sleeps while prepared sources may be waiting to be written. */
#define WRITE_POLL_MS 10

enum req_kind { REQ_SOURCE, REQ_LISTING_PAGE, REQ_ARTICLE };
enum body_mode { BODY_UNKNOWN, BODY_FEED, BODY_HTML };

struct run;

/* An article of a source's batch; feed content waits for the preparation threads to be
 * cleaned (unless a full-text page replaces it first). */
struct entry {
	struct store_article a;
	char *feed_content;
	bool title_derived;        /* the feed had no title: its first words stand in */
};

/* One subscribed source being fetched: its pending requests and the articles they yield,
 * prepared on a worker thread once the last request has ended, then written in one
 * transaction by the thread that owns the store. */
struct job {
	struct run *run;
	struct store_source src;
	struct extract_profile profile;
	int tz_offset_min;
	bool first_fetch;          /* nothing stored yet: backfill `pages` listing pages */
	int pending;               /* requests not yet ended */
	struct entry *batch;
	size_t n_batch;
	/* the outcome of the source request itself */
	int status;
	bool ok, not_modified, offline;
	bool partial;              /* the feed's body was cut: its whole items are kept, the
				      source is still recorded as failed (no ETag kept) */
	char *error;
	char *etag, *last_modified;
	char *feed_title;
	const char *kind;
	int failed_pages;
	int queued_articles;
	bool done;
};

struct req {
	struct job *job;
	enum req_kind kind;
	enum body_mode mode;
	struct buf body;
	struct feed_parser *parser;
	char *url;
	int page;                  /* listing page number */
};

struct run {
	struct store *st;
	const struct update_options *opt;
	struct fetch *fetch;
	struct workq *prepare;
	struct update_totals *totals;
	int64_t now;
};

static void job_finish(struct job *job);

void update_options_default(struct update_options *o)
{
	memset(o, 0, sizeof *o);
	fetch_limits_default(&o->limits);
	o->pages = 3;
}

static char *str_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* ---- building articles */

static void batch_push(struct job *job, struct store_article *a, char *feed_content,
		       bool title_derived)
{
	job->batch = xrealloc(job->batch, (job->n_batch + 1) * sizeof *job->batch);
	job->batch[job->n_batch++] = (struct entry){ *a, feed_content, title_derived };
}

static void entry_clear(struct entry *e)
{
	store_article_clear(&e->a);
	free(e->feed_content);
	memset(e, 0, sizeof *e);
}

static struct entry *batch_find_url(struct job *job, const char *url)
{
	for (size_t i = 0; i < job->n_batch; i++)
		if (job->batch[i].a.url && strcmp(job->batch[i].a.url, url) == 0)
			return &job->batch[i];
	return NULL;
}

static void copy_classification(struct store_article *a, const struct classify_result *r)
{
	a->mentions = xcalloc(r->n_mentions, sizeof *a->mentions);
	for (size_t i = 0; i < r->n_mentions; i++) {
		a->mentions[i].office = xstrdup(r->mentions[i].key);
		a->mentions[i].evidence = xstrdup(r->mentions[i].evidence);
	}
	a->n_mentions = r->n_mentions;
	a->divisions = xcalloc(r->n_divisions, sizeof *a->divisions);
	for (size_t i = 0; i < r->n_divisions; i++) {
		a->divisions[i].id = xstrdup(r->divisions[i].key);
		a->divisions[i].evidence = xstrdup(r->divisions[i].evidence);
	}
	a->n_divisions = r->n_divisions;
}

void update_classify_article(struct store_article *a)
{
	struct classify_result r = {0};
	classify_text(a->title, a->body_text, &r);
	for (size_t i = 0; i < a->n_mentions; i++) {
		free(a->mentions[i].office);
		free(a->mentions[i].evidence);
	}
	for (size_t i = 0; i < a->n_divisions; i++) {
		free(a->divisions[i].id);
		free(a->divisions[i].evidence);
	}
	free(a->mentions);
	free(a->divisions);
	copy_classification(a, &r);
	classify_result_free(&r);
}

/* Renders the HTML body to plain text, dates the article when its source did not, and
 * classifies it. Runs once per article, on a preparation thread: it reads the job but
 * writes only the article. */
static void article_prepare(struct job *job, struct store_article *a)
{
	const char *html = a->body_html ? a->body_html : a->summary;
	if (html && !a->body_text) {
		struct render_result rr = {0};
		if (render_html(html, strlen(html), a->url, 0, &rr) == 0) {
			a->body_text = rr.text;
			rr.text = NULL;
		}
		render_result_free(&rr);
	}
	if (!a->has_published && a->body_text) {
		struct date_found df;
		if (date_find_in_text(a->body_text, job->run->now, job->tz_offset_min, &df) == 0) {
			a->published = df.when;
			a->has_published = true;
		}
	}
	/* Still undated: the store dates it by the fetch time and marks it estimated (and an
	 * update without a date keeps the date stored before). */
	if (!a->has_published)
		a->published_estimated = true;
	if (!a->office && job->src.office) {
		a->office = xstrdup(job->src.office);
	} else if (!a->office && a->url) {
		/* An aggregated feed of KPU news: each article belongs to the site it is on. */
		const struct office *o = directory_find_url(a->url);
		if (o)
			a->office = xstrdup(o->slug);
	}
	update_classify_article(a);
}

/* Feed content arrives whole but with the same clutter as pages ("Baca Lainnya" lists,
 * share blocks, counters): cleaned by the same rules; kept as published when it cannot be
 * parsed. */
static char *clean_feed_content(const char *html, const char *url)
{
	if (!html || !*html)
		return NULL;
	char *clean = NULL;
	if (extract_clean_fragment(html, strlen(html), url, &clean) == 0 && clean && *clean)
		return clean;
	free(clean);
	return xstrdup(html);
}

static void article_from_item(struct job *job, const struct feed_item *it,
			      struct store_article *a)
{
	memset(a, 0, sizeof *a);
	a->source_id = job->src.id;
	a->url = str_or_null(it->link);
	a->guid = str_or_null(it->guid);
	a->title = str_or_null(it->title);
	a->author = str_or_null(it->author);
	a->summary = str_or_null(it->summary);
	if (it->has_published) {
		a->published = it->published;
		a->has_published = true;
	} else if (it->has_updated) {
		a->published = it->updated;
		a->has_published = true;
	}
	a->updated = it->updated;
	a->has_updated = it->has_updated;
	a->fetched = job->run->now;
}

/* page_title_wins: a listing's anchor text is only a stand-in (often ALL CAPS, or cut
 * short), so the page's own title replaces it; a feed item's title is the publisher's
 * and stays. */
static void article_fill_extracted(struct store_article *a, struct extract_article *x,
				   bool page_title_wins)
{
	if (x->title && (page_title_wins || !a->title)) {
		free(a->title);
		a->title = x->title;
		x->title = NULL;
	}
	if (!a->author && x->author) {
		a->author = x->author;
		x->author = NULL;
	}
	free(a->body_html);
	a->body_html = x->body_html;
	x->body_html = NULL;
	free(a->body_text);
	a->body_text = NULL;
	if (!a->summary && x->description) {
		a->summary = x->description;
		x->description = NULL;
	}
	if (!a->has_published && x->has_published && !x->published_estimated) {
		a->published = x->published;
		a->has_published = true;
	}
}

/* ---- requests */

static int on_data(void *user, const char *data, size_t len);
static void on_done(void *user, const struct fetch_response *r);

static void queue_request(struct job *job, enum req_kind kind, const char *url, int page,
			  const char *etag, const char *last_modified)
{
	struct req *rq = xcalloc(1, sizeof *rq);
	rq->job = job;
	rq->kind = kind;
	rq->url = xstrdup(url);
	rq->page = page;
	buf_init(&rq->body);
	struct fetch_request fr = {
		.url = url,
		.etag = etag,
		.last_modified = last_modified,
		.allow_file = str_starts_with(job->src.url, "file://") || job->src.url[0] == '/',
	};
	job->pending++;
	fetch_add(job->run->fetch, &fr, on_data, on_done, rq);
}

static void queue_article(struct job *job, const char *url)
{
	if (job->queued_articles >= MAX_ARTICLES_PER_RUN)
		return;
	job->queued_articles++;
	queue_request(job, REQ_ARTICLE, url, 0, NULL, NULL);
}

static void req_free(struct req *rq)
{
	buf_free(&rq->body);
	if (rq->parser)
		feed_parser_free(rq->parser);
	free(rq->url);
	free(rq);
}

static int on_feed_item(void *ctx, const struct feed_item *it)
{
	struct req *rq = ctx;
	struct job *job = rq->job;
	struct store_article a;
	article_from_item(job, it, &a);
	if (!a.url && !a.guid && !a.title) {
		store_article_clear(&a);
		return 0;
	}
	batch_push(job, &a, str_or_null(it->content), it->title_derived);
	return 0;
}

static void start_feed(struct req *rq)
{
	rq->mode = BODY_FEED;
	rq->parser = feed_parser_new(rq->url, NULL, on_feed_item, rq);
	feed_parser_push(rq->parser, rq->body.data, rq->body.len);
	buf_reset(&rq->body);
}

static int on_data(void *user, const char *data, size_t len)
{
	struct req *rq = user;
	if (rq->kind != REQ_SOURCE || rq->mode == BODY_HTML) {
		buf_add(&rq->body, data, len);
		return 0;
	}
	if (rq->mode == BODY_FEED)
		return feed_parser_push(rq->parser, data, len) < 0 &&
		       feed_parser_format(rq->parser) == FEED_FORMAT_UNKNOWN;
	buf_add(&rq->body, data, len);
	if (rq->body.len >= SNIFF_BYTES) {
		if (feed_sniff(rq->body.data, rq->body.len))
			start_feed(rq);
		else
			rq->mode = BODY_HTML;
	}
	return 0;
}

static void job_fail(struct job *job, int status, const char *msg, bool offline)
{
	if (job->error)
		return;
	job->error = xstrdup(msg);
	job->status = status;
	job->offline = offline;
}

/* A listing page arrived: queue the articles not yet stored, and the next page while
 * backfilling (first fetch) or while every link on this page was new. */
static void handle_listing(struct req *rq, const char *page_url)
{
	struct job *job = rq->job;
	struct extract_listing l = {0};
	if (extract_listing_links(rq->body.data, rq->body.len, page_url, &job->profile, &l) < 0) {
		if (rq->kind == REQ_SOURCE)
			job_fail(job, job->status, _("the page could not be read as HTML"), false);
		return;
	}
	if (rq->kind == REQ_SOURCE && l.n_links == 0) {
		/* A page with no article links may itself be the article. */
		struct store_article a = {0};
		a.source_id = job->src.id;
		a.url = xstrdup(page_url);
		a.fetched = job->run->now;
		struct extract_article x = {0};
		char msg[256];
		if (extract_article(rq->body.data, rq->body.len, page_url, &job->profile,
				    job->run->now, job->tz_offset_min, &x, msg, sizeof msg) == 0) {
			article_fill_extracted(&a, &x, true);
			batch_push(job, &a, NULL, false);
		} else {
			store_article_clear(&a);
			job_fail(job, job->status, _("no article links and no article text found"),
				 false);
		}
		extract_article_free(&x);
		extract_listing_free(&l);
		return;
	}
	bool met_known = false;
	for (size_t i = 0; i < l.n_links; i++) {
		const char *url = l.links[i].url;
		int known = store_article_known(job->run->st, job->src.id, url);
		if (known == 1) {
			met_known = true;
			continue;
		}
		if (batch_find_url(job, url))
			continue;
		struct store_article a = {0};
		a.source_id = job->src.id;
		a.url = xstrdup(url);
		a.title = str_or_null(l.links[i].text);
		a.fetched = job->run->now;
		batch_push(job, &a, NULL, false);
		queue_article(job, url);
	}
	int limit = job->first_fetch ? job->run->opt->pages : MAX_WALK_PAGES;
	if (l.next_page && !met_known && rq->page < limit && strcmp(l.next_page, page_url) != 0)
		queue_request(job, REQ_LISTING_PAGE, l.next_page, rq->page + 1, NULL, NULL);
	extract_listing_free(&l);
}

static void handle_article(struct req *rq, const struct fetch_response *r)
{
	struct job *job = rq->job;
	struct entry *e = batch_find_url(job, rq->url);
	if (!e)
		return;
	struct extract_article x = {0};
	char msg[256] = "";
	if (r->ok && extract_article(rq->body.data, rq->body.len, r->effective_url ? r->effective_url : rq->url,
				     &job->profile, job->run->now, job->tz_offset_min, &x, msg,
				     sizeof msg) == 0) {
		/* A feed's own title wins over the page's, but not words standing in for one. */
		article_fill_extracted(&e->a, &x, !job->kind || strcmp(job->kind, "feed") != 0 ||
						   e->title_derived);
		free(e->feed_content);   /* the page's text replaces the feed's teaser */
		e->feed_content = NULL;
	} else {
		/* A listing entry whose page failed stays in the batch without a body: it is
		 * not stored (and so retried next run) and is not requested again when later
		 * listing pages link to it; a full-text feed item keeps its teaser. */
		job->failed_pages++;
	}
	extract_article_free(&x);
}

/* Full-text feeds: fetch the page of each item not stored yet; items already stored keep
 * the full text they got then instead of being overwritten by the teaser. */
static void queue_full_text(struct job *job)
{
	for (size_t i = 0; i < job->n_batch; i++) {
		struct store_article *a = &job->batch[i].a;
		if (!a->url)
			continue;
		if (store_article_known(job->run->st, job->src.id, a->url) == 1) {
			entry_clear(&job->batch[i]);
			continue;
		}
		queue_article(job, a->url);
	}
}

/* A body that is not a feed is read as a web page when the server says it is one, or
 * when it starts like markup (servers that label pages application/octet-stream exist);
 * plain text, JSON or an image gets a clear error instead of "no article links". */
static bool looks_like_page(const char *content_type, const char *body, size_t len)
{
	if (!content_type || !*content_type)
		return true;
	for (const char *p = content_type; *p && *p != ';'; p++)
		if (str_ncasecmp_ascii(p, "html", 4) == 0)
			return true;
	size_t i = 0;
	if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && i < SNIFF_BYTES && (body[i] == ' ' || body[i] == '\t' ||
					      body[i] == '\r' || body[i] == '\n'))
		i++;
	return i < len && body[i] == '<';
}

static void handle_source_done(struct req *rq, const struct fetch_response *r)
{
	struct job *job = rq->job;
	job->status = r->status;
	if (r->not_modified) {
		job->not_modified = true;
		return;
	}
	if (!r->ok) {
		job_fail(job, r->status, r->error ? r->error : _("transfer failed"), r->offline);
		/* Items the parser closed before the cut are whole: keep them. */
		job->partial = r->cut_short && rq->mode == BODY_FEED;
		return;
	}
	job->etag = str_or_null(r->etag);
	job->last_modified = str_or_null(r->last_modified);
	if (rq->mode == BODY_UNKNOWN) {
		if (feed_sniff(rq->body.data, rq->body.len))
			start_feed(rq);
		else
			rq->mode = BODY_HTML;
	}
	if (rq->mode == BODY_FEED) {
		if (feed_parser_finish(rq->parser) < 0) {
			const char *why = feed_parser_error(rq->parser);
			job_fail(job, r->status, why ? why : _("not a feed"), false);
			return;
		}
		job->kind = "feed";
		const struct feed_info *fi = feed_parser_info(rq->parser);
		if (fi && fi->title)
			job->feed_title = xstrdup(fi->title);
		if (job->src.full_text)
			queue_full_text(job);
		return;
	}
	if (!looks_like_page(r->content_type, rq->body.data, rq->body.len)) {
		char msg[160];
		snprintf(msg, sizeof msg, _("neither a feed nor a web page (Content-Type %.*s)"),
			 (int)strcspn(r->content_type, "; "), r->content_type);
		job_fail(job, r->status, msg, false);
		return;
	}
	job->kind = "listing";
	handle_listing(rq, r->effective_url ? r->effective_url : rq->url);
}

static void on_done(void *user, const struct fetch_response *r)
{
	struct req *rq = user;
	struct job *job = rq->job;
	switch (rq->kind) {
	case REQ_SOURCE:
		handle_source_done(rq, r);
		break;
	case REQ_LISTING_PAGE:
		if (r->ok)
			handle_listing(rq, r->effective_url ? r->effective_url : rq->url);
		else
			job->failed_pages++;
		break;
	case REQ_ARTICLE:
		handle_article(rq, r);
		break;
	}
	req_free(rq);
	if (--job->pending == 0)
		job_finish(job);
}

/* ---- preparing and writing one source */

/* Whether a batch entry becomes an article (once its feed content is cleaned). */
static bool entry_stored(const struct job *job, const struct store_article *a)
{
	if (!a->url && !a->guid)
		return false;
	/* A listing entry whose page never arrived is not an article yet. */
	return a->body_html || a->summary || a->guid || !job->kind ||
	       strcmp(job->kind, "listing") != 0;
}

/* On a preparation thread: the job is handed over whole (its requests have all ended), so
 * nothing else touches it meanwhile. */
static void job_prepare(void *item)
{
	struct job *job = item;
	for (size_t i = 0; i < job->n_batch; i++) {
		struct entry *e = &job->batch[i];
		if (e->feed_content) {
			e->a.body_html = clean_feed_content(e->feed_content, e->a.url);
			free(e->feed_content);
			e->feed_content = NULL;
		}
		if (entry_stored(job, &e->a))
			article_prepare(job, &e->a);
	}
}

static int store_batch(struct job *job, int *n_new, int *n_updated)
{
	struct store *st = job->run->st;
	if (store_begin_articles(st) < 0)
		return -1;
	for (size_t i = 0; i < job->n_batch; i++) {
		struct store_article *a = &job->batch[i].a;
		if (!entry_stored(job, a))
			continue;
		enum store_put res;
		int64_t id;
		if (store_article_put(st, a, &res, &id) < 0) {
			store_rollback(st);
			return -1;
		}
		*n_new += res == STORE_PUT_NEW || res == STORE_PUT_LINKED;
		*n_updated += res == STORE_PUT_UPDATED;
	}
	if (job->kind && strcmp(job->src.kind ? job->src.kind : "", job->kind) != 0)
		store_source_set_kind(st, job->src.id, job->kind);
	if (job->feed_title && !job->src.title)
		store_source_set_title(st, job->src.id, job->feed_title);
	if (!job->partial && store_source_record_success(st, job->src.id, job->status, job->etag,
							 job->last_modified, job->run->now) < 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st) < 0) {
		/* A COMMIT that fails (a full disk) may leave the transaction open. */
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* On the thread that owns the store: the source's outcome, its articles in one
 * transaction, and the progress report. */
static void job_write(struct job *job)
{
	struct run *run = job->run;
	struct update_source_result res = {
		.source_id = job->src.id,
		.url = job->src.url,
		.title = job->src.title ? job->src.title : job->feed_title,
	};
	if ((!job->error || job->partial) && !job->not_modified) {
		if (store_batch(job, &res.n_new, &res.n_updated) < 0) {
			/* The batch was rolled back: none of it is new or updated. */
			res.n_new = res.n_updated = 0;
			job_fail(job, job->status, store_errmsg(run->st), false);
		}
	} else if (job->not_modified) {
		store_source_record_success(run->st, job->src.id, 304, job->src.etag,
					    job->src.last_modified, run->now);
	}
	if (job->error)
		store_source_record_failure(run->st, job->src.id, job->status, job->error, run->now);
	res.ok = !job->error;
	res.not_modified = job->not_modified;
	res.offline = job->offline;
	res.status = job->status;
	res.error = job->error;
	res.n_failed_pages = job->failed_pages;
	struct update_totals *t = run->totals;
	t->done++;
	t->failed += !res.ok;
	t->offline += res.offline;
	t->not_modified += res.not_modified;
	t->new_articles += res.n_new;
	t->updated_articles += res.n_updated;
	if (run->opt->on_source)
		run->opt->on_source(run->opt->ctx, &res, t->done, t->sources);
	for (size_t i = 0; i < job->n_batch; i++)
		entry_clear(&job->batch[i]);
	free(job->batch);
	job->batch = NULL;
	job->n_batch = 0;
	job->done = true;
}

/* Writes the sources whose preparation has ended; with wait, all of them. */
static void write_prepared(struct run *run, bool wait)
{
	struct job *job;
	while ((job = workq_take(run->prepare, wait)))
		job_write(job);
}

/* The last request of the source has ended: its articles go to a preparation thread,
 * once the queue has room (the sources waiting there hold their articles in memory). */
static void job_finish(struct job *job)
{
	struct run *run = job->run;
	if ((job->error && !job->partial) || job->not_modified || !job->n_batch) {
		job_write(job);
		return;
	}
	while (workq_full(run->prepare))
		job_write(workq_take(run->prepare, true));
	workq_put(run->prepare, job);
}

/* ---- the run */

struct collect {
	struct job *jobs;
	size_t n;
	const int64_t *ids;
	size_t n_ids;
};

static int collect_source(void *ctx, const struct store_source *src)
{
	struct collect *c = ctx;
	if (c->ids) {
		bool wanted = false;
		for (size_t i = 0; i < c->n_ids && !wanted; i++)
			wanted = c->ids[i] == src->id;
		if (!wanted)
			return 0;
	}
	c->jobs = xrealloc(c->jobs, (c->n + 1) * sizeof *c->jobs);
	struct job *job = &c->jobs[c->n++];
	memset(job, 0, sizeof *job);
	store_source_copy(&job->src, src);
	job->first_fetch = src->n_articles == 0;
	return 0;
}

static void job_free(struct job *job)
{
	store_source_clear(&job->src);
	free(job->error);
	free(job->etag);
	free(job->last_modified);
	free(job->feed_title);
}

static void job_start(struct run *run, struct job *job)
{
	job->run = run;
	job->tz_offset_min = 420;
	const struct office *o = job->src.office ? directory_find_slug(job->src.office) : NULL;
	if (o)
		job->tz_offset_min = o->tz_offset_min;
	settings_profile_for(run->opt->settings, job->src.url, job->src.office, &job->profile);
	/* Listings without validators would always re-read page 1; a feed never fetched
	 * must not send stale validators. */
	bool conditional = !job->first_fetch;
	queue_request(job, REQ_SOURCE, job->src.url, 1, conditional ? job->src.etag : NULL,
		      conditional ? job->src.last_modified : NULL);
}

int update_run(struct store *st, const int64_t *ids, size_t n_ids,
	       const struct update_options *o, struct update_totals *totals, char *err,
	       size_t errlen)
{
	memset(totals, 0, sizeof *totals);
	struct collect c = {.ids = ids, .n_ids = n_ids};
	if (store_source_list(st, collect_source, &c) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(st));
		return -1;
	}
	struct run run = {.st = st, .opt = o, .totals = totals, .now = (int64_t)time(NULL)};
	/* libxml2 sets up its globals once, before threads may parse at the same time. */
	xmlInitParser();
	run.prepare = workq_new(PREPARE_THREADS, PREPARE_QUEUE, job_prepare);
	run.fetch = fetch_new(&o->limits);
	totals->sources = (int)c.n;
	for (size_t i = 0; i < c.n; i++)
		job_start(&run, &c.jobs[i]);
	for (;;) {
		bool preparing = workq_in_flight(run.prepare) > 0;
		if (fetch_step(run.fetch, preparing ? WRITE_POLL_MS : 200) <= 0)
			break;
		write_prepared(&run, false);
		if (o->interrupt && *o->interrupt) {
			fetch_interrupt(run.fetch);
			break;
		}
	}
	fetch_free(run.fetch);
	write_prepared(&run, true);
	workq_free(run.prepare);
	for (size_t i = 0; i < c.n; i++)
		job_free(&c.jobs[i]);
	free(c.jobs);
	return 0;
}
