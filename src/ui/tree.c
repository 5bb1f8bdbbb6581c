/* The first screen: "All news", saved views, then subscribed sources as a tree (KPU RI,
 * each province with its offices, media), with unread/total counts and failing sources
 * marked. With no sources yet it offers to subscribe to the directory. */
#include "config.h"
#include "ui/internal.h"

#include "classify.h"
#include "directory.h"
#include "i18n.h"
#include "query.h"
#include "render.h"
#include "store.h"
#include "util/buf.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct tree_build {
	struct tree_row *rows;
	size_t n;
	struct store_source *sources;
	size_t n_sources;
};

static struct tree_row *add_row(struct tree_build *b, const char *label, const char *query,
				int depth)
{
	b->rows = xrealloc(b->rows, (b->n + 1) * sizeof *b->rows);
	struct tree_row *r = &b->rows[b->n++];
	memset(r, 0, sizeof *r);
	r->label = text_sanitize(label, 0);
	r->query = xstrdup(query);
	r->depth = depth;
	return r;
}

static int collect_view(void *ctx, const char *name, const char *query)
{
	struct buf label;
	buf_init(&label);
	buf_printf(&label, "%s: %s", _("view"), name);
	add_row(ctx, label.data, query, 0);
	buf_free(&label);
	return 0;
}

static int collect_source(void *ctx, const struct store_source *s)
{
	struct tree_build *b = ctx;
	b->sources = xrealloc(b->sources, (b->n_sources + 1) * sizeof *b->sources);
	struct store_source *c = &b->sources[b->n_sources++];
	store_source_copy(c, s);
	return 0;
}

/* Group key: 0 KPU RI, 1 a province, 2 media and other sources. */
static int group_of(const struct store_source *s, const struct office **o)
{
	*o = s->office ? directory_find_slug(s->office) : NULL;
	if (!*o)
		return 2;
	return strcmp((*o)->level, "ri") == 0 ? 0 : 1;
}

static int compare_sources(const void *pa, const void *pb)
{
	const struct store_source *a = pa, *b = pb;
	const struct office *oa, *ob;
	int ga = group_of(a, &oa), gb = group_of(b, &ob);
	if (ga != gb)
		return ga - gb;
	if (ga == 1) {
		int c = strcmp(oa->province, ob->province);
		if (c)
			return c;
		bool pa_prov = !strcmp(oa->level, "provinsi"), pb_prov = !strcmp(ob->level, "provinsi");
		if (pa_prov != pb_prov)
			return pa_prov ? -1 : 1;
		return strcmp(oa->name, ob->name);
	}
	const char *ta = a->title ? a->title : a->url, *tb = b->title ? b->title : b->url;
	return strcmp(ta, tb);
}

static void add_source_row(struct tree_build *b, const struct store_source *s, int depth)
{
	const struct office *o = s->office ? directory_find_slug(s->office) : NULL;
	char query[48];
	snprintf(query, sizeof query, "source:%lld", (long long)s->id);
	struct tree_row *r = add_row(b, o ? o->name : (s->title ? s->title : s->url), query, depth);
	r->source_id = s->id;
	r->unread = s->n_unread;
	r->total = s->n_articles;
	r->failing = s->last_error != NULL;
	r->error = s->last_error ? text_sanitize(s->last_error, 0) : NULL;
}

static void add_group(struct tree_build *b, const char *label, const char *query, size_t from,
		      size_t to)
{
	struct tree_row *head = add_row(b, label, query, 0);
	size_t head_index = b->n - 1;
	head->heading = true;
	int64_t unread = 0, total = 0;
	bool failing = false;
	for (size_t i = from; i < to; i++) {
		add_source_row(b, &b->sources[i], 1);
		unread += b->sources[i].n_unread > 0 ? b->sources[i].n_unread : 0;
		total += b->sources[i].n_articles;
		failing |= b->sources[i].last_error != NULL;
	}
	/* Unknown until counted when the sources' counts are (tree_count sums them). */
	b->rows[head_index].unread = from < to && b->sources[from].n_unread < 0 ? -1 : unread;
	b->rows[head_index].total = total;
	b->rows[head_index].failing = failing;
}

static void add_source_groups(struct tree_build *b)
{
	if (b->n_sources > 1) /* an empty archive has no array: qsort's base must not be NULL */
		qsort(b->sources, b->n_sources, sizeof *b->sources, compare_sources);
	size_t i = 0;
	while (i < b->n_sources) {
		const struct office *o;
		int g = group_of(&b->sources[i], &o);
		size_t j = i + 1;
		const struct office *oj;
		while (j < b->n_sources && group_of(&b->sources[j], &oj) == g &&
		       (g != 1 || !strcmp(oj->province, o->province)))
			j++;
		if (g == 0) {
			add_group(b, "KPU RI", "office:ri", i, j);
		} else if (g == 1) {
			char *q = query_quote(o->province);
			struct buf query;
			buf_init(&query);
			buf_printf(&query, "province:%s", q);
			add_group(b, o->province, query.data, i, j);
			buf_free(&query);
			free(q);
		} else {
			struct buf query;
			buf_init(&query);
			for (size_t k = i; k < j; k++)
				buf_printf(&query, "%ssource:%lld", k > i ? " OR " : "",
					   (long long)b->sources[k].id);
			add_group(b, _("Media and other sources"), query.data, i, j);
			buf_free(&query);
		}
		i = j;
	}
}

void tree_free(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_tree; i++) {
		free(ui->tree[i].label);
		free(ui->tree[i].query);
		free(ui->tree[i].error);
	}
	free(ui->tree);
	ui->tree = NULL;
	ui->n_tree = 0;
}

void tree_reload(struct ui *ui)
{
	/* Keep the cursor on the same row (by its query) across reloads. */
	char *keep = ui->n_tree ? xstrdup(ui->tree[ui->tree_cursor].query) : NULL;
	struct tree_build b = {0};
	add_row(&b, _("All news"), "", 0);
	store_view_list(ui->st, collect_view, &b);
	/* Totals now, unread counts once the screen is drawn (tree_count). */
	if (store_source_list_totals(ui->st, collect_source, &b) < 0)
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
	ui->tree_counts_stale = true;
	ui->tree_generation++;
	/* "All news" is the sum of the per-source counts: no pass over the archive. */
	for (size_t i = 0; i < b.n_sources; i++)
		b.rows[0].total += b.sources[i].n_articles;
	b.rows[0].unread = -1;
	if (b.n_sources == 0) {
		add_row(&b, _("Subscribe to KPU RI and the 38 provincial offices, then fetch"), "", 0)
			->action = TREE_SUBSCRIBE_DEFAULT;
		add_row(&b, _("Subscribe to one province (its provincial and kabupaten/kota offices)..."), "", 0)
			->action = TREE_SUBSCRIBE_PROVINCE;
	}
	add_source_groups(&b);
	for (size_t i = 0; i < b.n_sources; i++)
		store_source_clear(&b.sources[i]);
	free(b.sources);
	tree_free(ui);
	ui->tree = b.rows;
	ui->n_tree = b.n;
	ui->tree_cursor = 0;
	for (size_t i = 0; keep && i < b.n; i++)
		if (!strcmp(b.rows[i].query, keep) && !b.rows[i].action) {
			ui->tree_cursor = i;
			break;
		}
	free(keep);
	/* A new user's first Enter should take the offer, not open an empty list. */
	if (b.n_sources == 0 && b.n > 1 && ui->tree_cursor == 0)
		for (size_t i = 0; i < b.n; i++)
			if (b.rows[i].action == TREE_SUBSCRIBE_DEFAULT)
				ui->tree_cursor = i;
	ui_scroll_into_view(ui->tree_cursor, &ui->tree_top, draw_body_rows(ui));
}

bool tree_count(struct ui *ui)
{
	if (!ui->tree_counts_stale)
		return false;
	struct ui_unread_list u = { NULL, 0 };
	if (store_source_list(ui->st, ui_collect_unread, &u) < 0)
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
	tree_counted(ui, u.rows, u.n);
	free(u.rows);
	return true;
}

static int64_t unread_of(const struct ui_count_source *rows, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id)
			return rows[i].unread;
	return -1;
}

/* Group rows and "All news" are sums of the source rows below them. */
void tree_counted(struct ui *ui, const struct ui_count_source *rows, size_t n)
{
	ui->tree_counts_stale = false;
	struct tree_row *head = NULL;
	int64_t all = 0;
	for (size_t i = 0; i < ui->n_tree; i++) {
		struct tree_row *r = &ui->tree[i];
		if (r->heading) {
			head = r;
			head->unread = 0;
		} else if (r->source_id) {
			r->unread = unread_of(rows, n, r->source_id);
			all += r->unread > 0 ? r->unread : 0;
			if (head && r->depth > head->depth)
				head->unread += r->unread > 0 ? r->unread : 0;
		}
	}
	if (ui->n_tree && !ui->tree[0].source_id && !ui->tree[0].action)
		ui->tree[0].unread = all;
}

void tree_draw(struct ui *ui)
{
	draw_title_bar(ui, _("Offices and views"));
	int rows = draw_body_rows(ui);
	ui_scroll_into_view(ui->tree_cursor, &ui->tree_top, rows);
	for (int r = 0; r < rows && ui->tree_top + (size_t)r < ui->n_tree; r++) {
		size_t i = ui->tree_top + (size_t)r;
		const struct tree_row *t = &ui->tree[i];
		struct buf line;
		buf_init(&line);
		char unread[24] = "     ?";   /* not counted yet */
		if (ui->tree_counts_stale == false || t->unread >= 0)
			snprintf(unread, sizeof unread, "%6lld", (long long)(t->unread > 0 ? t->unread : 0));
		if (t->action)
			buf_printf(&line, "  > %s", t->label);
		else
			buf_printf(&line, "%c %s/%-6lld %*s%s%s", t->failing ? '!' : ' ', unread,
				   (long long)t->total, t->depth * 2, "",
				   t->failing && !t->heading ? _("[failing, e: why] ") : "", t->label);
		enum ui_color c = i == ui->tree_cursor ? COLOR_FOCUS
				  : t->failing && !t->heading ? COLOR_FAILING
				  : t->unread > 0 ? COLOR_UNREAD : COLOR_NORMAL;
		draw_line(ui, r + 1, c, t->heading, line.data);
		buf_free(&line);
	}
	draw_status_bar(ui, _("Enter open  o office  d division  / search  R fetch  S sources  ? help  q quit"));
}

static void subscribe_offices(struct ui *ui, const char *province)
{
	int added = 0;
	store_begin(ui->st);
	for (size_t i = 0; i < directory_count(); i++) {
		const struct office *o = directory_at(i);
		bool wanted = province ? !strcmp(o->province, province)
				       : !strcmp(o->level, "ri") || !strcmp(o->level, "provinsi");
		if (!wanted)
			continue;
		char *url = directory_news_url(o);
		int64_t id;
		added += store_source_add(ui->st, url, o->name, o->slug, false, &id) == 0;
		free(url);
	}
	if (store_commit(ui->st) < 0) {
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
		return;
	}
	tree_reload(ui);
	ui_set_status(ui, false, _("%d offices subscribed"), added);
	ui_start_fetch(ui, NULL, 0);
}

static void choose_province(struct ui *ui)
{
	char **labels = NULL;
	size_t n = 0;
	for (size_t i = 0; i < directory_count(); i++) {
		const struct office *o = directory_at(i);
		if (strcmp(o->level, "provinsi") != 0)
			continue;
		labels = xrealloc(labels, (n + 1) * sizeof *labels);
		labels[n++] = (char *)o->province;
	}
	int pick = prompt_choose(ui, _("Choose a province"), labels, n);
	if (pick >= 0)
		subscribe_offices(ui, labels[pick]);
	free(labels);
}

struct view_lookup {
	const char *name;
	char *query;
};

static int find_view(void *ctx, const char *name, const char *query)
{
	struct view_lookup *v = ctx;
	if (strcmp(name, v->name) != 0)
		return 0;
	v->query = xstrdup(query);
	return 1;
}

void tree_open_view(struct ui *ui, const char *name)
{
	struct view_lookup v = {name, NULL};
	if (store_view_list(ui->st, find_view, &v) < 0) {
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
		return;
	}
	if (!v.query) {
		ui_set_status(ui, true, _("no saved view \"%s\""), name);
		return;
	}
	if (list_open(ui, name, v.query) == 0)
		ui->screen = SCREEN_LIST;
	free(v.query);
}

/* o and d on the first screen: open "All news" narrowed to an office or a division. */
static void tree_pick_and_open(struct ui *ui, int action)
{
	if (list_open(ui, _("All news"), "") < 0)
		return;
	ui->screen = SCREEN_LIST;
	list_action(ui, action);
}

void tree_action(struct ui *ui, int action)
{
	if (ui_move_cursor(&ui->tree_cursor, &ui->tree_top, ui->n_tree, draw_body_rows(ui), action))
		return;
	const struct tree_row *t = ui->n_tree ? &ui->tree[ui->tree_cursor] : NULL;
	switch (action) {
	case UI_OPEN:
		if (!t)
			return;
		if (t->action == TREE_SUBSCRIBE_DEFAULT)
			subscribe_offices(ui, NULL);
		else if (t->action == TREE_SUBSCRIBE_PROVINCE)
			choose_province(ui);
		else if (list_open(ui, t->label, t->query) == 0)
			ui->screen = SCREEN_LIST;
		return;
	case UI_BACK:
		ui->quit = true;
		return;
	case UI_SHOW_ERROR:
		if (t && t->error)
			ui_set_status(ui, true, "%s", t->error);
		else
			ui_set_status(ui, false, "%s", _("no error recorded for this row"));
		return;
	case UI_FETCH_SOURCE:
		if (t && t->source_id)
			ui_start_fetch(ui, &t->source_id, 1);
		else
			ui_start_fetch(ui, NULL, 0);
		return;
	case UI_REMOVE_SOURCE:
		if (!t || !t->source_id) {
			ui_set_status(ui, true, "%s", _("select a source to remove"));
		} else if (prompt_confirm(ui, _("Remove this source and its articles? (y/n)"))) {
			if (store_source_remove(ui->st, t->source_id) < 0)
				ui_set_status(ui, true, "%s", store_errmsg(ui->st));
			tree_reload(ui);
		}
		return;
	case UI_SEARCH:
	case UI_CHOOSE_OFFICE:
	case UI_CHOOSE_DIVISION:
	case UI_FILTER:
		tree_pick_and_open(ui, action);
		return;
	default:
		ui_set_status(ui, false, "%s", _("not available here: press ? for help"));
	}
}
