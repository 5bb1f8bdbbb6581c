/* Counting in the background. The unread counts of the tree and the "N articles, M unread"
 * of a list can take a pass over everything read or everything matched (a second or more
 * at a million articles): a worker thread takes them on a connection of its own while the
 * interface keeps answering keys. Only the interface thread touches curses and the tree or
 * list; the worker only fills struct ui_count under its lock. A newer request interrupts
 * an older one (sqlite3_interrupt), so a count never outlives what it was for. */
#include "config.h"
#include "ui/internal.h"

#include "i18n.h"
#include "query.h"
#include "store.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ui_collect_unread(void *ctx, const struct store_source *src)
{
	struct ui_unread_list *c = ctx;
	c->rows = xrealloc(c->rows, (c->n + 1) * sizeof *c->rows);
	c->rows[c->n].id = src->id;
	c->rows[c->n].unread = src->n_unread;
	c->n++;
	return 0;
}

static int count_list(struct ui_count *c, int64_t *total, int64_t *unread)
{
	struct query_sql q;
	char err[256];
	if (query_compile(c->query, &q, err, sizeof err, NULL) < 0) {
		snprintf(c->error, sizeof c->error, "%s", err);
		return -1;
	}
	int rc = store_article_count(c->st, &q, total, unread);
	query_sql_free(&q);
	return rc;
}

static void *count_worker(void *arg)
{
	struct ui_count *c = arg;
	struct ui_unread_list sources = { NULL, 0 };
	int64_t total = 0, unread = 0;
	int rc = c->kind == UI_COUNT_TREE ? store_source_list(c->st, ui_collect_unread, &sources)
					  : count_list(c, &total, &unread);
	pthread_mutex_lock(&c->lock);
	c->rc = rc;
	if (rc < 0 && !c->error[0])
		snprintf(c->error, sizeof c->error, "%s", store_errmsg(c->st));
	c->total = total;
	c->unread = unread;
	c->sources = sources.rows;
	c->n_sources = sources.n;
	c->finished = true;
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static void reset_results(struct ui_count *c)
{
	free(c->sources);
	c->sources = NULL;
	c->n_sources = 0;
	c->error[0] = '\0';
	c->rc = 0;
	c->finished = false;
}

void count_cancel(struct ui *ui)
{
	struct ui_count *c = &ui->counter;
	if (!c->running)
		return;
	store_interrupt(c->st);
	pthread_join(c->thread, NULL);
	c->running = false;
	c->kind = UI_COUNT_NONE;
	reset_results(c);
}

static int open_connection(struct ui *ui)
{
	struct ui_count *c = &ui->counter;
	if (c->st)
		return 0;
	char err[512];
	if (store_reopen(ui->st, &c->st, err, sizeof err) < 0) {
		ui_set_status(ui, true, "%s", err);
		return -1;
	}
	return 0;
}

/* Starts counting for the tree or the list of generation gen, unless that count already
 * runs; an older count is interrupted first. False when it could not start (the caller
 * then counts in the foreground). */
static bool count_start(struct ui *ui, enum ui_count_kind kind, uint64_t gen, const char *query)
{
	struct ui_count *c = &ui->counter;
	if (c->running && c->kind == kind && c->generation == gen)
		return true;
	count_cancel(ui);
	if (open_connection(ui) < 0)
		return false;
	free(c->query);
	c->query = query ? xstrdup(query) : NULL;
	c->kind = kind;
	c->generation = gen;
	reset_results(c);
	if (pthread_create(&c->thread, NULL, count_worker, c) != 0) {
		c->kind = UI_COUNT_NONE;
		return false;
	}
	c->running = true;
	return true;
}

void count_after_draw(struct ui *ui)
{
	bool started = true;
	if (ui->screen == SCREEN_LIST && ui->list.counts_stale && ui->list.compiled)
		started = count_start(ui, UI_COUNT_LIST, ui->list.generation, ui->list.query);
	else if (ui->screen == SCREEN_TREE && ui->tree_counts_stale)
		started = count_start(ui, UI_COUNT_TREE, ui->tree_generation, NULL);
	if (!started) {
		/* No thread: count here, late rather than never. */
		if (ui->screen == SCREEN_LIST)
			list_count(ui);
		else
			tree_count(ui);
	}
}

bool count_poll(struct ui *ui)
{
	struct ui_count *c = &ui->counter;
	if (!c->running)
		return false;
	pthread_mutex_lock(&c->lock);
	bool finished = c->finished;
	pthread_mutex_unlock(&c->lock);
	if (!finished)
		return false;
	pthread_join(c->thread, NULL);
	c->running = false;
	/* A failed count is reported once and not tried again until the view changes. */
	if (c->rc < 0)
		ui_set_status(ui, true, "%s", c->error);
	if (c->kind == UI_COUNT_LIST && c->generation == ui->list.generation)
		list_counted(ui, c->total, c->unread);
	else if (c->kind == UI_COUNT_TREE && c->generation == ui->tree_generation)
		tree_counted(ui, c->sources, c->n_sources);
	c->kind = UI_COUNT_NONE;
	reset_results(c);
	return true;
}

void count_init(struct ui *ui)
{
	pthread_mutex_init(&ui->counter.lock, NULL);
}

void count_close(struct ui *ui)
{
	count_cancel(ui);
	store_close(ui->counter.st);
	ui->counter.st = NULL;
	free(ui->counter.query);
	ui->counter.query = NULL;
	pthread_mutex_destroy(&ui->counter.lock);
}
