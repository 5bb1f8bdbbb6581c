/* The help screen, generated from the action table and the key map in force, so it always
 * matches the bindings (including those changed with `bind` in the config). */
#include "config.h"
#include "ui/internal.h"

#include "i18n.h"
#include "util/buf.h"

#include <curses.h>
#include <stdio.h>

void help_draw(struct ui *ui)
{
	draw_title_bar(ui, _("Help"));
	int rows = draw_body_rows(ui);
	int line = 0;
	for (int a = 1; a < UI_ACTION_COUNT; a++) {
		if (line - (int)ui->help_top >= rows)
			break;
		if (line++ < (int)ui->help_top)
			continue;
		char keys[64];
		ui_keys_for_action(ui, a, keys, sizeof keys);
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "  %-16s %-18s %s", keys[0] ? keys : "-", ui_action_name(a),
			   ui_action_help(a));
		draw_line(ui, line - (int)ui->help_top, COLOR_NORMAL, false, b.data);
		buf_free(&b);
	}
	draw_status_bar(ui, _("bind KEY ACTION in the config changes a key  q back"));
}

void help_action(struct ui *ui, int action)
{
	size_t n = UI_ACTION_COUNT - 1;
	int rows = draw_body_rows(ui);
	size_t max_top = n > (size_t)rows ? n - (size_t)rows : 0;
	size_t page = rows > 1 ? (size_t)rows - 1 : 1;
	switch (action) {
	case UI_DOWN: ui->help_top++; break;
	case UI_UP: ui->help_top -= ui->help_top > 0; break;
	case UI_PAGE_DOWN: ui->help_top += page; break;
	case UI_PAGE_UP: ui->help_top = ui->help_top > page ? ui->help_top - page : 0; break;
	case UI_FIRST: ui->help_top = 0; break;
	case UI_LAST: ui->help_top = max_top; break;
	case UI_BACK:
	case UI_HELP: ui->screen = ui->article_return; break;
	}
	if (ui->help_top > max_top)
		ui->help_top = max_top;
}
