/* The article view: a header (title, office, date with "estimated", author, divisions with
 * their evidence, mentions, tags, URL), the body rendered and wrapped to the window, and
 * the numbered links; J/K and n/p move to other articles without going back. */
#include "config.h"
#include "ui/internal.h"

#include "i18n.h"
#include "render.h"
#include "store.h"
#include "util/buf.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void free_lines(struct ui_article *a)
{
	for (size_t i = 0; i < a->n_lines; i++)
		free(a->lines[i]);
	free(a->lines);
	for (size_t i = 0; i < a->n_links; i++)
		free(a->links[i]);
	free(a->links);
	free(a->url);
	a->lines = NULL;
	a->links = NULL;
	a->url = NULL;
	a->n_lines = a->n_links = 0;
}

void article_free(struct ui *ui)
{
	free_lines(&ui->article);
	memset(&ui->article, 0, sizeof ui->article);
}

static void add_lines(struct ui_article *a, const char *text)
{
	const char *p = text;
	while (*p || p == text) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		a->lines = xrealloc(a->lines, (a->n_lines + 1) * sizeof *a->lines);
		a->lines[a->n_lines++] = xstrndup(p, n);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void add_field(struct ui_article *a, int width, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s %s", label, value);
	char *safe = text_sanitize(b.data, 0);
	char *wrapped = text_wrap(safe, width);
	add_lines(a, wrapped);
	free(wrapped);
	free(safe);
	buf_free(&b);
}

static void build_header(struct ui_article *v, const struct store_article *a, int width)
{
	add_field(v, width, _("Title:"), a->title);
	add_field(v, width, _("Office:"), a->office_name ? a->office_name : a->office);
	char date[96] = "";
	time_t t = (time_t)a->published;
	struct tm tm;
	if (a->has_published && localtime_r(&t, &tm)) {
		strftime(date, sizeof date, "%Y-%m-%d %H:%M %Z", &tm);
		if (a->published_estimated)
			snprintf(date + strlen(date), sizeof date - strlen(date), " (%s)", _("estimated"));
	}
	add_field(v, width, _("Date:"), date);
	add_field(v, width, _("Author:"), a->author);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < a->n_divisions; i++)
		buf_printf(&b, "%s%s (\"%s\")", i ? "; " : "", a->divisions[i].id,
			   a->divisions[i].evidence ? a->divisions[i].evidence : "");
	add_field(v, width, _("Divisions:"), b.data);
	buf_reset(&b);
	for (size_t i = 0; i < a->n_mentions; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", a->mentions[i].office);
	add_field(v, width, _("Mentions:"), b.data);
	buf_reset(&b);
	for (size_t i = 0; i < a->n_tags; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", a->tags[i]);
	add_field(v, width, _("Tags:"), b.data);
	buf_free(&b);
	add_field(v, width, _("Link:"), a->url);
	add_lines(v, "");
}

/* Lays the article out for the current width (again after a resize). */
static int layout(struct ui *ui, int64_t id)
{
	struct store_article a = {0};
	int rc = store_article_get(ui->st, id, &a);
	if (rc != 0) {
		ui_set_status(ui, true, rc == 1 ? "%s" : "%s",
			      rc == 1 ? _("the article is gone") : store_errmsg(ui->st));
		store_article_clear(&a);
		return -1;
	}
	struct ui_article *v = &ui->article;
	free_lines(v);
	v->id = id;
	v->source_id = a.source_id;
	v->url = xstrdup(a.url);
	v->laid_out_cols = ui->cols;
	int width = ui->cols > 2 ? ui->cols - 1 : 1;
	build_header(v, &a, width);
	const char *html = a.body_html ? a.body_html : a.summary;
	struct render_result rr = {0};
	if (html && render_html(html, strlen(html), a.url, width, &rr) == 0) {
		char *text = render_with_link_list(&rr);
		add_lines(v, text);
		free(text);
		v->links = rr.links;
		v->n_links = rr.n_links;
		rr.links = NULL;
		rr.n_links = 0;
	} else if (a.body_text) {
		char *text = text_wrap(a.body_text, width);
		add_lines(v, text);
		free(text);
	}
	render_result_free(&rr);
	store_article_clear(&a);
	return 0;
}

int article_open(struct ui *ui, int64_t id)
{
	if (layout(ui, id) < 0)
		return -1;
	ui->article.top = 0;
	/* Opening an article reads it. */
	bool read = false;
	article_toggle_read(ui, id, &read);
	return 0;
}

void article_draw(struct ui *ui)
{
	struct ui_article *v = &ui->article;
	if (v->laid_out_cols != ui->cols) {
		size_t top = v->top;
		if (v->id && layout(ui, v->id) == 0)
			v->top = top < v->n_lines ? top : 0;
	}
	draw_title_bar(ui, _("Article"));
	int rows = draw_body_rows(ui);
	for (int r = 0; r < rows && v->top + (size_t)r < v->n_lines; r++)
		draw_line(ui, r + 1, COLOR_NORMAL, false, v->lines[v->top + (size_t)r]);
	struct buf info;
	buf_init(&info);
	size_t last = v->top + (size_t)rows;
	buf_printf(&info, _("line %zu/%zu  J/K next/previous  n/p unread  u links  O browser  q back"),
		   last < v->n_lines ? last : v->n_lines, v->n_lines);
	draw_status_bar(ui, info.data);
	buf_free(&info);
}

void article_toggle_read(struct ui *ui, int64_t id, bool *read)
{
	*read = !*read;
	struct store_article a = {0};
	if (store_set_read(ui->st, id, *read) < 0 || store_article_get(ui->st, id, &a) < 0) {
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
		store_article_clear(&a);
		return;
	}
	list_row_changed(ui, id, a.read, a.flagged, a.n_tags > 0);
	store_article_clear(&a);
}

void article_toggle_flag(struct ui *ui, int64_t id, bool *flagged)
{
	*flagged = !*flagged;
	struct store_article a = {0};
	if (store_set_flagged(ui->st, id, *flagged) < 0 || store_article_get(ui->st, id, &a) < 0) {
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
		store_article_clear(&a);
		return;
	}
	list_row_changed(ui, id, a.read, a.flagged, a.n_tags > 0);
	ui_set_status(ui, false, "%s", a.flagged ? _("flagged") : _("flag removed"));
	store_article_clear(&a);
}

/* Asks for a tag, completing from the tags in use (adding) or the article's own (removing;
 * id 0 completes from every tag). NULL when cancelled or empty. */
char *article_tag_prompt(struct ui *ui, int64_t id, bool add, const char *label)
{
	char **tags = NULL;
	size_t n = 0;
	if (add || !id)
		store_tags_all(ui->st, &tags, &n);
	else {
		struct store_article a = {0};
		if (store_article_get(ui->st, id, &a) == 0) {
			tags = a.tags;
			n = a.n_tags;
			a.tags = NULL;
			a.n_tags = 0;
		}
		store_article_clear(&a);
	}
	char *tag = prompt_line(ui, label, "", tags, n);
	for (size_t i = 0; i < n; i++)
		free(tags[i]);
	free(tags);
	if (tag && !*str_trim(tag)) {
		free(tag);
		tag = NULL;
	}
	return tag;
}

void article_tag_apply(struct ui *ui, int64_t id, bool add, const char *tag)
{
	int rc = add ? store_tag_add(ui->st, id, tag) : store_tag_remove(ui->st, id, tag);
	struct store_article a = {0};
	if (rc < 0 || store_article_get(ui->st, id, &a) < 0)
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
	else {
		list_row_changed(ui, id, a.read, a.flagged, a.n_tags > 0);
		ui_set_status(ui, false, add ? _("tagged \"%s\"") : _("tag \"%s\" removed"), tag);
		if (ui->screen == SCREEN_ARTICLE && ui->article.id == id)
			layout(ui, id);
	}
	store_article_clear(&a);
}

void article_tag(struct ui *ui, int64_t id, bool add)
{
	char *tag = article_tag_prompt(ui, id, add, add ? _("tag: ") : _("remove tag: "));
	if (tag)
		article_tag_apply(ui, id, add, tag);
	free(tag);
}

/* J/K/n/p in the article view move the list's cursor and open what it lands on. */
static void step_article(struct ui *ui, int direction, bool unread_only)
{
	if (ui->article_return != SCREEN_LIST || !list_step(ui, direction, unread_only)) {
		ui_set_status(ui, false, "%s", unread_only ? _("no more unread articles")
							    : _("no more articles"));
		return;
	}
	const struct list_row *r = list_current(ui);
	if (r)
		article_open(ui, r->id);
}

void article_action(struct ui *ui, int action)
{
	struct ui_article *v = &ui->article;
	int rows = draw_body_rows(ui);
	size_t max_top = v->n_lines > (size_t)rows ? v->n_lines - (size_t)rows : 0;
	switch (action) {
	case UI_DOWN: if (v->top < max_top) v->top++; break;
	case UI_UP: if (v->top > 0) v->top--; break;
	case UI_PAGE_DOWN:
		if (v->top >= max_top)
			step_article(ui, 1, true);   /* Space at the end reads on, like newsboat */
		else
			v->top = v->top + (size_t)rows - 1 < max_top ? v->top + (size_t)rows - 1 : max_top;
		break;
	case UI_PAGE_UP: v->top = v->top > (size_t)rows - 1 ? v->top - (size_t)rows + 1 : 0; break;
	case UI_FIRST: v->top = 0; break;
	case UI_LAST: v->top = max_top; break;
	case UI_BACK: ui->screen = ui->article_return; break;
	case UI_NEXT_ARTICLE: step_article(ui, 1, false); break;
	case UI_PREV_ARTICLE: step_article(ui, -1, false); break;
	case UI_NEXT_UNREAD: step_article(ui, 1, true); break;
	case UI_PREV_UNREAD: step_article(ui, -1, true); break;
	case UI_TOGGLE_READ: {
		const struct list_row *r = list_current(ui);
		bool read = r && r->id == v->id ? r->read : true;
		article_toggle_read(ui, v->id, &read);
		break;
	}
	case UI_TOGGLE_FLAG: {
		const struct list_row *r = list_current(ui);
		bool flagged = r && r->id == v->id ? r->flagged : false;
		article_toggle_flag(ui, v->id, &flagged);
		layout(ui, v->id);
		break;
	}
	case UI_TAG:
	case UI_UNTAG: article_tag(ui, v->id, action == UI_TAG); break;
	case UI_BROWSER: ui_open_browser(ui, v->url); break;
	case UI_LINKS:
		ui->links_cursor = 0;
		ui->screen = SCREEN_LINKS;
		break;
	case UI_FETCH_SOURCE: ui_start_fetch(ui, &v->source_id, 1); break;
	case UI_OPEN: break;
	default:
		ui_set_status(ui, false, "%s", _("not available here: press ? for help"));
	}
}

/* ---- the link list (u) */

void links_draw(struct ui *ui)
{
	struct ui_article *v = &ui->article;
	draw_title_bar(ui, _("Links"));
	int rows = draw_body_rows(ui);
	size_t top = 0;
	ui_scroll_into_view(ui->links_cursor, &top, rows);
	if (!v->n_links)
		draw_line(ui, 1, COLOR_NORMAL, false, _("  this article has no links"));
	for (int r = 0; r < rows && top + (size_t)r < v->n_links; r++) {
		size_t i = top + (size_t)r;
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "[%zu] %s", i + 1, v->links[i]);
		draw_line(ui, r + 1, i == ui->links_cursor ? COLOR_FOCUS : COLOR_NORMAL, false, b.data);
		buf_free(&b);
	}
	draw_status_bar(ui, _("Enter opens the link in the browser  q back"));
}

void links_action(struct ui *ui, int action)
{
	size_t top = 0;
	if (ui_move_cursor(&ui->links_cursor, &top, ui->article.n_links, draw_body_rows(ui), action))
		return;
	if (action == UI_BACK)
		ui->screen = SCREEN_ARTICLE;
	else if ((action == UI_OPEN || action == UI_BROWSER) && ui->article.n_links)
		ui_open_browser(ui, ui->article.links[ui->links_cursor]);
}
