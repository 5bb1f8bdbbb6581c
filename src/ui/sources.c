/* The sources screen: status, last success, last error with its HTTP status, article
 * counts; re-fetch (r) and remove (D) from here. */
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

static void free_sources(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_sources; i++)
		store_source_clear(&ui->sources[i]);
	free(ui->sources);
	ui->sources = NULL;
	ui->n_sources = 0;
}

static int collect(void *ctx, const struct store_source *s)
{
	struct ui *ui = ctx;
	ui->sources = xrealloc(ui->sources, (ui->n_sources + 1) * sizeof *ui->sources);
	struct store_source *c = &ui->sources[ui->n_sources++];
	store_source_copy(c, s);
	return 0;
}

static void reload(struct ui *ui)
{
	free_sources(ui);
	if (store_source_list(ui->st, collect, ui) < 0)
		ui_set_status(ui, true, "%s", store_errmsg(ui->st));
	if (ui->sources_cursor >= ui->n_sources)
		ui->sources_cursor = ui->n_sources ? ui->n_sources - 1 : 0;
}

static void when(int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t || !localtime_r(&tt, &tm))
		snprintf(out, len, "%s", _("never"));
	else
		strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

void sources_draw(struct ui *ui)
{
	draw_title_bar(ui, _("Sources"));
	int rows = draw_body_rows(ui);
	/* Two lines per source: what it is, then how it went. */
	size_t per_screen = rows / 2 > 0 ? (size_t)rows / 2 : 1;
	ui_scroll_into_view(ui->sources_cursor, &ui->sources_top, (int)per_screen);
	for (size_t k = 0; k < per_screen && ui->sources_top + k < ui->n_sources; k++) {
		size_t i = ui->sources_top + k;
		const struct store_source *s = &ui->sources[i];
		char ok[32];
		when(s->last_success, ok, sizeof ok);
		struct buf a, b;
		buf_init(&a);
		buf_init(&b);
		char *title = text_sanitize(s->title ? s->title : s->url, 0);
		const char *state = s->last_error ? _("FAIL") : s->last_success ? _("ok") : _("new");
		buf_printf(&a, "%c %-4s %4lld %6lld/%-6lld %s", s->last_error ? '!' : ' ', state,
			   (long long)s->id, (long long)s->n_unread, (long long)s->n_articles, title);
		free(title);
		char *err = s->last_error ? text_sanitize(s->last_error, 0) : NULL;
		buf_printf(&b, "         %s %s", _("last ok:"), ok);
		if (s->last_status > 0)
			buf_printf(&b, "  HTTP %d", s->last_status);
		if (err)
			buf_printf(&b, "  %s %s", _("error:"), err);
		else
			buf_printf(&b, "  %s", s->url);
		free(err);
		bool focus = i == ui->sources_cursor;
		draw_line(ui, (int)(2 * k) + 1, focus ? COLOR_FOCUS : COLOR_NORMAL, false, a.data);
		draw_line(ui, (int)(2 * k) + 2, s->last_error ? COLOR_FAILING : COLOR_NORMAL, false,
			  b.data);
		buf_free(&a);
		buf_free(&b);
	}
	draw_status_bar(ui, _("Enter articles  r re-fetch  D remove  e error  R fetch all  q back"));
}

/* action == UI_ACTION_NONE loads the screen; -1 frees it at exit. */
void sources_action(struct ui *ui, int action)
{
	if (action < 0) {
		free_sources(ui);
		return;
	}
	if (action == UI_ACTION_NONE) {
		reload(ui);
		return;
	}
	size_t per_screen = (size_t)draw_body_rows(ui) / 2;
	if (ui_move_cursor(&ui->sources_cursor, &ui->sources_top, ui->n_sources,
			   per_screen ? (int)per_screen : 1, action))
		return;
	const struct store_source *s = ui->n_sources ? &ui->sources[ui->sources_cursor] : NULL;
	switch (action) {
	case UI_BACK:
		free_sources(ui);
		ui->screen = SCREEN_TREE;
		tree_reload(ui);
		break;
	case UI_FETCH_SOURCE:
		if (s)
			ui_start_fetch(ui, &s->id, 1);
		break;
	case UI_SHOW_ERROR:
		if (s && s->last_error) {
			char *err = text_sanitize(s->last_error, 0);
			if (s->last_status > 0)
				ui_set_status(ui, true, "HTTP %d: %s", s->last_status, err);
			else
				ui_set_status(ui, true, "%s", err);
			free(err);
		} else {
			ui_set_status(ui, false, "%s", _("no error recorded for this source"));
		}
		break;
	case UI_REMOVE_SOURCE:
		if (s && prompt_confirm(ui, _("Remove this source and its articles? (y/n)"))) {
			if (store_source_remove(ui->st, s->id) < 0)
				ui_set_status(ui, true, "%s", store_errmsg(ui->st));
			reload(ui);
		}
		break;
	case UI_OPEN:
		if (s) {
			char q[48];
			snprintf(q, sizeof q, "source:%lld", (long long)s->id);
			if (list_open(ui, s->title ? s->title : s->url, q) == 0) {
				ui->screen = SCREEN_LIST;
				ui->list_return = SCREEN_SOURCES;
			}
		}
		break;
	}
}
