/* The article list. Rows come from the store's keyset pages: a window of a few screens
 * around the cursor is all that is ever in memory, whatever the size of the archive. */
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
#include <time.h>

/* Rows kept around the cursor, in screens. */
#define WINDOW_SCREENS 3

static int page_size(const struct ui *ui)
{
	int rows = draw_body_rows(ui);
	return rows < 10 ? 10 : rows;
}

static void free_rows(struct ui_list *l)
{
	for (size_t i = 0; i < l->n_rows; i++)
		free(l->rows[i].title);
	free(l->rows);
	l->rows = NULL;
	l->n_rows = 0;
}

static void row_from_article(struct list_row *r, const struct store_article *a)
{
	memset(r, 0, sizeof *r);
	r->id = a->id;
	r->source_id = a->source_id;
	r->published = a->published;
	r->estimated = a->published_estimated;
	r->read = a->read;
	r->flagged = a->flagged;
	r->tagged = a->n_tags > 0;
	r->title = text_sanitize(a->title && *a->title ? a->title : a->url ? a->url : "", 0);
	const struct office *o = a->office ? directory_find_slug(a->office) : NULL;
	if (o)
		directory_short_name(o, r->office, sizeof r->office);
	else
		snprintf(r->office, sizeof r->office, "%s", a->source_title ? a->source_title : "");
}

struct page_ctx {
	struct list_row *rows;
	size_t n;
};

static int collect_row(void *ctx, const struct store_article *a)
{
	struct page_ctx *p = ctx;
	p->rows = xrealloc(p->rows, (p->n + 1) * sizeof *p->rows);
	row_from_article(&p->rows[p->n++], a);
	return 0;
}

/* Fetches up to limit rows after (or, reverse, before) key; NULL key = from an end. */
static int fetch_page(struct ui *ui, const struct list_row *key, bool reverse, int limit,
		      struct page_ctx *out)
{
	struct store_page_key k;
	if (key) {
		k.published = key->published;
		k.id = key->id;
	}
	memset(out, 0, sizeof *out);
	if (store_article_page(ui->st, ui->list.compiled, key ? &k : NULL, reverse, limit,
			       collect_row, out) < 0) {
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
		return -1;
	}
	return 0;
}

static void trim_window(struct ui *ui, bool keep_end)
{
	struct ui_list *l = &ui->list;
	size_t max = (size_t)page_size(ui) * WINDOW_SCREENS;
	if (l->n_rows <= max)
		return;
	size_t drop = l->n_rows - max;
	if (keep_end) {
		/* Dropping from the front: the rows the cursor left behind, above. */
		if (drop > l->top)
			drop = l->top;
		for (size_t i = 0; i < drop; i++)
			free(l->rows[i].title);
		memmove(l->rows, l->rows + drop, (l->n_rows - drop) * sizeof *l->rows);
		l->n_rows -= drop;
		l->cursor -= drop;
		l->top -= drop;
		l->at_start = l->at_start && drop == 0;
	} else {
		size_t keep = l->top + (size_t)page_size(ui) * 2;
		if (keep < l->n_rows) {
			for (size_t i = keep; i < l->n_rows; i++)
				free(l->rows[i].title);
			l->n_rows = keep;
			l->at_end = false;
		}
	}
}

static bool load_below(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	if (l->at_end || !l->n_rows)
		return false;
	struct page_ctx p;
	int limit = page_size(ui);
	if (fetch_page(ui, &l->rows[l->n_rows - 1], false, limit, &p) < 0)
		return false;
	l->rows = xrealloc(l->rows, (l->n_rows + p.n + 1) * sizeof *l->rows);
	memcpy(l->rows + l->n_rows, p.rows, p.n * sizeof *p.rows);
	l->n_rows += p.n;
	l->at_end = p.n < (size_t)limit;
	free(p.rows);
	trim_window(ui, true);
	return p.n > 0;
}

static bool load_above(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	if (l->at_start || !l->n_rows)
		return false;
	struct page_ctx p;
	int limit = page_size(ui);
	if (fetch_page(ui, &l->rows[0], true, limit, &p) < 0)
		return false;
	/* Reverse pages come nearest first: put them back in newest-first order. */
	l->rows = xrealloc(l->rows, (l->n_rows + p.n + 1) * sizeof *l->rows);
	memmove(l->rows + p.n, l->rows, l->n_rows * sizeof *l->rows);
	for (size_t i = 0; i < p.n; i++)
		l->rows[p.n - 1 - i] = p.rows[i];
	l->n_rows += p.n;
	l->cursor += p.n;
	l->top += p.n;
	l->at_start = p.n < (size_t)limit;
	free(p.rows);
	trim_window(ui, false);
	return p.n > 0;
}

static void load_from_top(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	free_rows(l);
	struct page_ctx p;
	int limit = page_size(ui) * 2;
	if (fetch_page(ui, NULL, false, limit, &p) < 0)
		return;
	l->rows = p.rows;
	l->n_rows = p.n;
	l->cursor = l->top = 0;
	l->at_start = true;
	l->at_end = p.n < (size_t)limit;
}

static void load_from_bottom(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	struct page_ctx p;
	int limit = page_size(ui) * 2;
	if (fetch_page(ui, NULL, true, limit, &p) < 0)
		return;
	free_rows(l);
	l->rows = xcalloc(p.n + 1, sizeof *l->rows);
	for (size_t i = 0; i < p.n; i++)
		l->rows[p.n - 1 - i] = p.rows[i];
	free(p.rows);
	l->n_rows = p.n;
	l->at_end = true;
	l->at_start = p.n < (size_t)limit;
	l->cursor = p.n ? p.n - 1 : 0;
	l->top = 0;
	ui_scroll_into_view(l->cursor, &l->top, draw_body_rows(ui));
}

/* Counting a broad filter over a large archive takes longer than a page of rows: the
 * counts are marked stale here and taken after the rows are on screen (list_count). */
static void update_counts(struct ui *ui)
{
	/* A count for what the list showed before only takes processor time from the new. */
	count_cancel(ui);
	ui->list.counts_stale = true;
	ui->list.generation++;
}

bool list_count(struct ui *ui)
{
	if (!ui->list.counts_stale || !ui->list.compiled)
		return false;
	int64_t total = 0, unread = 0;
	if (store_article_count(ui->st, ui->list.compiled, &total, &unread) < 0)
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
	list_counted(ui, total, unread);
	return true;
}

void list_counted(struct ui *ui, int64_t total, int64_t unread)
{
	ui->list.counts_stale = false;
	ui->list.total = total;
	ui->list.unread = unread;
}

/* A part joined to others by AND keeps its meaning unless it holds an OR. */
static bool needs_parentheses(const char *part)
{
	for (const char *p = strstr(part, "OR"); p; p = strstr(p + 2, "OR"))
		if ((p == part || p[-1] == ' ' || p[-1] == ')') && (!p[2] || p[2] == ' ' || p[2] == '('))
			return true;
	return false;
}

/* Joins the base filter and the extra ones into one query and compiles it. On a bad query
 * the previous filter stays and the message points at the token. */
static int compile_filter(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	struct buf q;
	buf_init(&q);
	const char *parts[] = {l->base_query, l->user_query, l->search};
	for (size_t i = 0; i < 3; i++)
		if (parts[i] && *parts[i])
			buf_printf(&q, needs_parentheses(parts[i]) ? "%s(%s)" : "%s%s",
				   q.len ? " " : "", parts[i]);
	const char *keyed[][2] = {{"office", l->office}, {"division", l->division}};
	for (size_t i = 0; i < 2; i++)
		if (keyed[i][1]) {
			char *v = query_quote(keyed[i][1]);
			buf_printf(&q, "%s%s:%s", q.len ? " " : "", keyed[i][0], v);
			free(v);
		}
	struct query_sql *compiled = xcalloc(1, sizeof *compiled);
	char err[256];
	size_t pos = 0;
	if (query_compile(q.data, compiled, err, sizeof err, &pos) < 0) {
		ui_set_status(ui, true, _("bad filter: %s"), err);
		free(compiled);
		buf_free(&q);
		return -1;
	}
	if (l->compiled) {
		query_sql_free(l->compiled);
		free(l->compiled);
	}
	l->compiled = compiled;
	free(l->query);
	l->query = buf_steal(&q);
	buf_free(&q);
	return 0;
}

int list_open(struct ui *ui, const char *label, const char *query)
{
	list_free(ui);
	ui->list_return = SCREEN_TREE;
	ui->list.base_label = xstrdup(label);
	ui->list.base_query = xstrdup(query);
	if (compile_filter(ui) < 0)
		return -1;
	load_from_top(ui);
	update_counts(ui);
	return 0;
}

void list_free(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	free_rows(l);
	free(l->base_query);
	free(l->base_label);
	free(l->office);
	free(l->division);
	free(l->search);
	free(l->user_query);
	free(l->query);
	if (l->compiled) {
		query_sql_free(l->compiled);
		free(l->compiled);
	}
	/* The generation outlives the list: a count still running for the old list must not
	 * be taken for the next one's. */
	uint64_t generation = l->generation;
	memset(l, 0, sizeof *l);
	l->generation = generation;
}

/* Reloads the window so that the selected article stays where it was on screen. */
void list_refresh(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	if (!l->compiled)
		return;
	if (!l->n_rows) {
		load_from_top(ui);
		update_counts(ui);
		return;
	}
	struct list_row keep = l->rows[l->cursor];
	keep.title = NULL;
	size_t offset = l->cursor - l->top;
	/* Start just above the kept row, so that it is the first row of the new page. */
	struct list_row above = keep;
	above.id = keep.id + 1;
	struct page_ctx below;
	if (fetch_page(ui, &above, false, page_size(ui) * 2, &below) < 0)
		return;
	free_rows(l);
	l->rows = below.rows;
	l->n_rows = below.n;
	l->cursor = l->top = 0;
	l->at_start = false;
	l->at_end = below.n < (size_t)page_size(ui) * 2;
	if (!l->n_rows || l->rows[0].id != keep.id) {
		/* The selected article no longer matches: start again from the top. */
		load_from_top(ui);
	} else {
		for (size_t i = 0; i < offset && load_above(ui); i++)
			;
		while (l->cursor > 0 && l->cursor - l->top < offset && l->top > 0)
			l->top--;
		if (l->at_start && l->n_rows && l->cursor == 0)
			l->top = 0;
	}
	update_counts(ui);
}

/* ^L: everything from the top again (new articles show), the selection kept when it is
 * still among the first rows. */
void list_reload(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	if (!l->compiled)
		return;
	int64_t keep = l->n_rows ? l->rows[l->cursor].id : 0;
	load_from_top(ui);
	update_counts(ui);
	for (size_t i = 0; keep && i < l->n_rows; i++)
		if (l->rows[i].id == keep) {
			l->cursor = i;
			ui_scroll_into_view(l->cursor, &l->top, draw_body_rows(ui));
			break;
		}
}

const struct list_row *list_current(const struct ui *ui)
{
	const struct ui_list *l = &ui->list;
	return l->n_rows ? &l->rows[l->cursor] : NULL;
}

/* The next unread article beyond the rows in memory: one query (the filter AND
 * is:unread, one row after the window's edge), then the window is rebuilt around it. */
static bool jump_to_unread(struct ui *ui, int direction)
{
	struct ui_list *l = &ui->list;
	if (!l->n_rows)
		return false;
	struct buf q;
	buf_init(&q);
	if (l->query && *l->query)
		buf_printf(&q, "(%s) is:unread", l->query);
	else
		buf_adds(&q, "is:unread");
	struct query_sql unread = {0};
	char err[256];
	int rc = query_compile(q.data, &unread, err, sizeof err, NULL);
	buf_free(&q);
	if (rc < 0)
		return false;
	const struct list_row *edge = direction > 0 ? &l->rows[l->n_rows - 1] : &l->rows[0];
	struct store_page_key k = {edge->published, edge->id};
	struct page_ctx p = {0};
	rc = store_article_page(ui->st, &unread, &k, direction < 0, 1, collect_row, &p);
	query_sql_free(&unread);
	if (rc < 0 || !p.n) {
		free(p.rows);
		return false;
	}
	free_rows(l);
	l->rows = p.rows;
	l->n_rows = 1;
	l->cursor = l->top = 0;
	l->at_start = l->at_end = false;
	list_refresh(ui);
	return true;
}

bool list_step(struct ui *ui, int direction, bool unread_only)
{
	struct ui_list *l = &ui->list;
	if (!l->n_rows)
		return false;
	if (unread_only) {
		/* First the rows in memory, then one query beyond them. */
		for (size_t i = l->cursor; direction > 0 ? i + 1 < l->n_rows : i > 0;) {
			i = direction > 0 ? i + 1 : i - 1;
			if (!l->rows[i].read) {
				l->cursor = i;
				ui_scroll_into_view(l->cursor, &l->top, draw_body_rows(ui));
				return true;
			}
		}
		if (direction > 0 ? l->at_end : l->at_start)
			return false;
		return jump_to_unread(ui, direction);
	}
	if (direction > 0) {
		if (l->cursor + 1 >= l->n_rows)
			load_below(ui);
		if (l->cursor + 1 >= l->n_rows)
			return false;
		l->cursor++;
	} else {
		if (l->cursor == 0)
			load_above(ui);
		if (l->cursor == 0)
			return false;
		l->cursor--;
	}
	ui_scroll_into_view(l->cursor, &l->top, draw_body_rows(ui));
	return true;
}

void list_row_changed(struct ui *ui, int64_t id, bool read, bool flagged, bool tagged)
{
	struct ui_list *l = &ui->list;
	for (size_t i = 0; i < l->n_rows; i++)
		if (l->rows[i].id == id) {
			if (l->rows[i].read != read)
				l->unread += read ? -1 : 1;
			l->rows[i].read = read;
			l->rows[i].flagged = flagged;
			l->rows[i].tagged = tagged;
		}
}

/* ---- drawing */

static void format_row(const struct ui *ui, const struct list_row *r, struct buf *line)
{
	char date[16] = "";
	time_t t = (time_t)r->published;
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(date, sizeof date, ui->cols >= 60 ? "%Y-%m-%d" : "%m-%d", &tm);
	buf_printf(line, " %c%c%c %s%c", r->read ? ' ' : 'N', r->flagged ? '!' : ' ',
		   r->tagged ? 'T' : ' ', date, r->estimated ? '~' : ' ');
	if (ui->cols >= 60) {
		char office[24];
		snprintf(office, sizeof office, "%s", r->office);
		/* Pad by display width, not bytes (office names may hold non-ASCII). */
		int w = text_width(office);
		if (w > 16) {
			office[16] = '\0';
			w = text_width(office);
		}
		buf_printf(line, "%s%*s ", office, w < 16 ? 16 - w : 0, "");
	}
	buf_adds(line, r->title);
}

void list_draw(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	struct buf title;
	buf_init(&title);
	buf_printf(&title, "%s", l->base_label ? l->base_label : _("Articles"));
	draw_title_bar(ui, title.data);
	int rows = draw_body_rows(ui);
	ui_scroll_into_view(l->cursor, &l->top, rows);
	if (!l->n_rows)
		draw_line(ui, 1, COLOR_NORMAL, false, _("  no articles match (L clears the filters)"));
	for (int r = 0; r < rows && l->top + (size_t)r < l->n_rows; r++) {
		size_t i = l->top + (size_t)r;
		struct buf line;
		buf_init(&line);
		format_row(ui, &l->rows[i], &line);
		enum ui_color c = i == l->cursor ? COLOR_FOCUS
				  : l->rows[i].flagged ? COLOR_FLAGGED
				  : !l->rows[i].read ? COLOR_UNREAD : COLOR_NORMAL;
		draw_line(ui, r + 1, c, false, line.data);
		buf_free(&line);
	}
	buf_reset(&title);
	char *q = text_sanitize(l->query ? l->query : "", 0);
	if (l->counts_stale)
		buf_adds(&title, _("counting..."));
	else
		buf_printf(&title, ngettext("%lld article, %lld unread", "%lld articles, %lld unread",
					    (unsigned long)l->total),
			   (long long)l->total, (long long)l->unread);
	if (*q)
		buf_printf(&title, "  %s %s", _("filter:"), q);
	free(q);
	draw_status_bar(ui, title.data);
	buf_free(&title);
}

/* ---- choosing filters */

static void choose_office(struct ui *ui)
{
	size_t n = directory_count();
	char **labels = xcalloc(n, sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		const struct office *o = directory_at(i);
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s (%s)", o->name, o->slug);
		labels[i] = buf_steal(&b);
		buf_free(&b);
	}
	int pick = prompt_choose(ui, _("Choose an office (type to narrow)"), labels, n);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	if (pick < 0)
		return;
	char *old = ui->list.office;
	ui->list.office = xstrdup(directory_at((size_t)pick)->slug);
	if (compile_filter(ui) < 0) {
		free(ui->list.office);
		ui->list.office = old;
		return;
	}
	free(old);
	load_from_top(ui);
	update_counts(ui);
}

static void choose_division(struct ui *ui)
{
	size_t n = division_count();
	char **labels = xcalloc(n, sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%-10s %s", division_id_at(i), division_name(division_id_at(i)));
		labels[i] = buf_steal(&b);
		buf_free(&b);
	}
	int pick = prompt_choose(ui, _("Choose a division"), labels, n);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	if (pick < 0)
		return;
	free(ui->list.division);
	ui->list.division = xstrdup(division_id_at((size_t)pick));
	if (compile_filter(ui) == 0) {
		load_from_top(ui);
		update_counts(ui);
	}
}

/* Compiles what the user typed on its own, so that an error names the column in their
 * text rather than in the joined query. Frees text and returns false when it is bad. */
static bool query_check(struct ui *ui, char *text)
{
	struct query_sql q = {0};
	char err[256];
	size_t pos = 0;
	if (query_compile(text, &q, err, sizeof err, &pos) == 0) {
		query_sql_free(&q);
		return true;
	}
	ui_set_status(ui, true, _("bad filter: %s (the filter stays as it was)"), err);
	free(text);
	return false;
}

/* Replaces one of the text filters (text is taken over); a bad query keeps the old one. */
static void replace_filter(struct ui *ui, char **slot, char *text)
{
	if (!query_check(ui, text))
		return;
	char *old = *slot;
	*slot = *str_trim(text) ? text : NULL;
	if (!*slot)
		free(text);
	if (compile_filter(ui) < 0) {
		free(*slot);
		*slot = old;
		return;
	}
	free(old);
	load_from_top(ui);
	update_counts(ui);
}

static void prompt_filter(struct ui *ui, char **slot, const char *label)
{
	char *text = prompt_line(ui, label, *slot ? *slot : "", NULL, 0);
	if (text)
		replace_filter(ui, slot, text);
}

void list_set_filter(struct ui *ui, const char *query)
{
	replace_filter(ui, &ui->list.user_query, xstrdup(query));
}

static void clear_filters(struct ui *ui)
{
	struct ui_list *l = &ui->list;
	free(l->office);
	free(l->division);
	free(l->search);
	free(l->user_query);
	l->office = l->division = l->search = l->user_query = NULL;
	if (compile_filter(ui) == 0) {
		load_from_top(ui);
		update_counts(ui);
	}
}

static void save_view(struct ui *ui)
{
	char *name = prompt_line(ui, _("save view as: "), "", NULL, 0);
	if (!name || !*str_trim(name)) {
		free(name);
		return;
	}
	if (store_view_save(ui->st, name, ui->list.query) < 0)
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
	else
		ui_set_status(ui, false, _("view \"%s\" saved"), name);
	free(name);
}

static void mark_all_read(struct ui *ui)
{
	int64_t n = 0;
	if (store_mark_read_where(ui->st, ui->list.compiled, &n) < 0) {
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
		return;
	}
	ui_set_status(ui, false, ngettext("%lld article marked read", "%lld articles marked read",
					  (unsigned long)n), (long long)n);
	list_refresh(ui);
}

/* ---- applying an action to every article in the view (the `*` prefix) */

struct all_ctx {
	int64_t *ids;
	size_t n;
	struct store_page_key last;
};

static int collect_id(void *ctx, const struct store_article *a)
{
	struct all_ctx *c = ctx;
	c->ids = xrealloc(c->ids, (c->n + 1) * sizeof *c->ids);
	c->ids[c->n++] = a->id;
	c->last.published = a->published;
	c->last.id = a->id;
	return 0;
}

void list_apply_to_all(struct ui *ui, int action)
{
	char *tag = NULL;
	if (action == UI_TAG || action == UI_UNTAG) {
		tag = article_tag_prompt(ui, 0, action == UI_TAG,
					 action == UI_TAG ? _("tag every article in view: ")
							  : _("remove tag from every article: "));
		if (!tag)
			return;
	} else if (action == UI_TOGGLE_READ || action == UI_MARK_ALL_READ) {
		mark_all_read(ui);
		return;
	} else if (action != UI_TOGGLE_FLAG) {
		ui_set_status(ui, true, "%s", _("* applies to: N (read), f (flag), t and T (tags)"));
		return;
	}
	struct all_ctx c = {0};
	store_begin(ui->st);
	int rc = 0;
	for (;;) {
		size_t before = c.n;
		if (store_article_page(ui->st, ui->list.compiled, before ? &c.last : NULL, false, 500,
				       collect_id, &c) < 0 || c.n == before)
			break;
	}
	for (size_t i = 0; i < c.n && rc == 0; i++)
		rc = action == UI_TAG ? store_tag_add(ui->st, c.ids[i], tag)
		     : action == UI_UNTAG ? store_tag_remove(ui->st, c.ids[i], tag)
					  : store_set_flagged(ui->st, c.ids[i], true);
	if (rc < 0 || store_commit(ui->st) < 0) {
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
		store_rollback(ui->st);
	} else {
		ui_set_status(ui, false, ngettext("%zu article changed", "%zu articles changed", c.n),
			      c.n);
	}
	free(c.ids);
	free(tag);
	list_refresh(ui);
}

/* ---- keys */

static void open_current(struct ui *ui)
{
	const struct list_row *r = list_current(ui);
	if (r && article_open(ui, r->id) == 0) {
		ui->article_return = SCREEN_LIST;
		ui->screen = SCREEN_ARTICLE;
	}
}

static void fetch_current_source(struct ui *ui)
{
	const struct list_row *r = list_current(ui);
	if (r)
		ui_start_fetch(ui, &r->source_id, 1);
}

static bool list_move(struct ui *ui, int action)
{
	struct ui_list *l = &ui->list;
	int rows = draw_body_rows(ui);
	switch (action) {
	case UI_DOWN:
		list_step(ui, 1, false);
		return true;
	case UI_UP:
		list_step(ui, -1, false);
		return true;
	case UI_PAGE_DOWN:
		for (int i = 0; i < rows - 1 && list_step(ui, 1, false); i++)
			;
		l->top = l->cursor;
		return true;
	case UI_PAGE_UP:
		for (int i = 0; i < rows - 1 && list_step(ui, -1, false); i++)
			;
		return true;
	case UI_FIRST:
		load_from_top(ui);
		return true;
	case UI_LAST:
		load_from_bottom(ui);
		return true;
	}
	return false;
}

void list_action(struct ui *ui, int action)
{
	if (list_move(ui, action))
		return;
	const struct list_row *r = list_current(ui);
	switch (action) {
	case UI_OPEN: open_current(ui); break;
	case UI_BACK:
		ui->screen = ui->list_return;
		if (ui->screen == SCREEN_SOURCES)
			sources_action(ui, UI_ACTION_NONE);
		else
			tree_reload(ui);
		break;
	case UI_NEXT_UNREAD:
	case UI_PREV_UNREAD:
		if (!list_step(ui, action == UI_NEXT_UNREAD ? 1 : -1, true))
			ui_set_status(ui, false, "%s", _("no more unread articles"));
		break;
	case UI_TOGGLE_READ:
		if (r) {
			bool read = r->read;
			article_toggle_read(ui, r->id, &read);
		}
		break;
	case UI_TOGGLE_FLAG:
		if (r) {
			bool flagged = r->flagged;
			article_toggle_flag(ui, r->id, &flagged);
		}
		break;
	case UI_TAG:
	case UI_UNTAG:
		if (r)
			article_tag(ui, r->id, action == UI_TAG);
		break;
	case UI_MARK_ALL_READ: mark_all_read(ui); break;
	case UI_CHOOSE_OFFICE: choose_office(ui); break;
	case UI_CHOOSE_DIVISION: choose_division(ui); break;
	case UI_SEARCH: prompt_filter(ui, &ui->list.search, "/"); break;
	case UI_FILTER: prompt_filter(ui, &ui->list.user_query, _("filter: ")); break;
	case UI_CLEAR_FILTER: clear_filters(ui); break;
	case UI_SAVE_VIEW: save_view(ui); break;
	case UI_FETCH_SOURCE: fetch_current_source(ui); break;
	case UI_BROWSER:
	case UI_LINKS:
		if (r && article_open(ui, r->id) == 0) {
			ui->article_return = SCREEN_LIST;
			ui->screen = SCREEN_ARTICLE;
			article_action(ui, action);
		}
		break;
	default:
		ui_set_status(ui, false, "%s", _("not available here: press ? for help"));
	}
}
