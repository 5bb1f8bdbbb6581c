/* Drawing helpers: width-aware text (wide and combining characters measured with
 * wcwidth), bars, and the colour theme (configurable, off with NO_COLOR or on
 * monochrome terminals). */
#include "config.h"
#include "ui/internal.h"

#include "i18n.h"
#include "settings.h"
#include "util/buf.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct color_def {
	const char *name;
	enum ui_color id;
	short fg, bg;
	attr_t attr;
};

static const struct color_def color_defaults[] = {
	{"listnormal", COLOR_NORMAL, -1, -1, A_NORMAL},
	{"listfocus", COLOR_FOCUS, COLOR_BLACK, COLOR_CYAN, A_NORMAL},
	{"unread", COLOR_UNREAD, -1, -1, A_BOLD},
	{"flagged", COLOR_FLAGGED, COLOR_YELLOW, -1, A_BOLD},
	{"info", COLOR_STATUS, COLOR_WHITE, COLOR_BLUE, A_BOLD},
	{"header", COLOR_HEADER, COLOR_CYAN, -1, A_BOLD},
	{"error", COLOR_ERROR, COLOR_WHITE, COLOR_RED, A_BOLD},
	{"failing", COLOR_FAILING, COLOR_RED, -1, A_NORMAL},
};
#define N_COLOR_DEFS (sizeof color_defaults / sizeof color_defaults[0])

static attr_t color_attrs[COLOR_COUNT];

static short color_by_name(const char *name)
{
	static const char *const names[] = {"black", "red", "green", "yellow",
					    "blue", "magenta", "cyan", "white"};
	if (!strcmp(name, "default"))
		return -1;
	for (short i = 0; i < 8; i++)
		if (!strcmp(name, names[i]))
			return i;
	if (!strncmp(name, "color", 5))
		return (short)atoi(name + 5);
	return -2;
}

static attr_t attr_by_name(const char *name)
{
	if (!strcmp(name, "bold")) return A_BOLD;
	if (!strcmp(name, "underline")) return A_UNDERLINE;
	if (!strcmp(name, "reverse")) return A_REVERSE;
	if (!strcmp(name, "standout")) return A_STANDOUT;
	if (!strcmp(name, "dim")) return A_DIM;
	return A_NORMAL;
}

/* Monochrome fallbacks keep focus and bars visible without colour. */
static void mono_theme(void)
{
	for (int i = 0; i < COLOR_COUNT; i++)
		color_attrs[i] = A_NORMAL;
	color_attrs[COLOR_FOCUS] = A_REVERSE;
	color_attrs[COLOR_STATUS] = A_REVERSE;
	color_attrs[COLOR_ERROR] = A_REVERSE | A_BOLD;
	color_attrs[COLOR_UNREAD] = A_BOLD;
	color_attrs[COLOR_FLAGGED] = A_BOLD;
	color_attrs[COLOR_HEADER] = A_BOLD;
}

static void apply_user_color(const char *element, const char *spec)
{
	for (size_t i = 0; i < N_COLOR_DEFS; i++) {
		if (strcmp(color_defaults[i].name, element) != 0)
			continue;
		char tmp[128];
		snprintf(tmp, sizeof tmp, "%s", spec);
		char *save, *fg = strtok_r(tmp, " ", &save), *bg = strtok_r(NULL, " ", &save);
		short f = fg ? color_by_name(fg) : -1, b = bg ? color_by_name(bg) : -1;
		if (f < -1 || b < -1)
			return;
		attr_t attr = A_NORMAL;
		for (char *a = strtok_r(NULL, " ", &save); a; a = strtok_r(NULL, " ", &save))
			attr |= attr_by_name(a);
		init_pair((short)color_defaults[i].id, f, b);
		color_attrs[color_defaults[i].id] = COLOR_PAIR(color_defaults[i].id) | attr;
	}
}

void draw_init_colors(struct ui *ui)
{
	mono_theme();
	const char *no_color = getenv("NO_COLOR");
	ui->colors = has_colors() && !(no_color && *no_color) &&
		     settings_get_bool(ui->settings, "color");
	if (!ui->colors)
		return;
	start_color();
	use_default_colors();
	for (size_t i = 0; i < N_COLOR_DEFS; i++) {
		const struct color_def *d = &color_defaults[i];
		init_pair((short)d->id, d->fg, d->bg);
		color_attrs[d->id] = COLOR_PAIR(d->id) | d->attr;
	}
	for (size_t i = 0; i < settings_color_count(ui->settings); i++) {
		const char *element, *spec;
		settings_color_at(ui->settings, i, &element, &spec);
		apply_user_color(element, spec);
	}
}

int draw_body_rows(const struct ui *ui)
{
	return ui->rows > 2 ? ui->rows - 2 : 1;
}

/* Bidi controls have width 0 like combining marks, but reorder what follows: the last
 * line of defence after text_sanitize. */
static bool is_bidi_control(wchar_t wc)
{
	return wc == 0x061C || wc == 0x200E || wc == 0x200F || (wc >= 0x202A && wc <= 0x202E) ||
	       (wc >= 0x2066 && wc <= 0x2069);
}

/* Draws at most `width` columns of UTF-8 text. The text was sanitised when it was loaded;
 * anything non-printable that is left is skipped rather than sent. */
void draw_text(int y, int x, int width, const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int used = 0;
	move(y, x);
	const char *p = s;
	size_t left = strlen(s);
	while (left > 0 && used < width) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			p++;
			left--;
			continue;
		}
		if (n == 0)
			break;
		int w = wcwidth(wc);
		if (w < 0 || (w == 0 && used == 0) || is_bidi_control(wc)) {
			p += n;
			left -= n;
			continue;
		}
		if (used + w > width)
			break;
		addnstr(p, (int)n);
		used += w;
		p += n;
		left -= n;
	}
}

void draw_line(struct ui *ui, int y, enum ui_color color, bool bold, const char *s)
{
	attr_t a = color_attrs[color] | (bold ? A_BOLD : A_NORMAL);
	attron(a);
	move(y, 0);
	if (color == COLOR_FOCUS || color == COLOR_STATUS || color == COLOR_ERROR)
		hline(' ', ui->cols);
	draw_text(y, 0, ui->cols, s);
	attroff(a);
}

void draw_title_bar(struct ui *ui, const char *title)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "warta %s - %s", PACKAGE_VERSION, title);
	draw_line(ui, 0, COLOR_STATUS, true, b.data);
	buf_free(&b);
}

void draw_status_bar(struct ui *ui, const char *info)
{
	int y = ui->rows - 1;
	if (ui->status[0])
		draw_line(ui, y, ui->status_error ? COLOR_ERROR : COLOR_STATUS, false, ui->status);
	else
		draw_line(ui, y, COLOR_STATUS, false, info);
}

bool ui_move_cursor(size_t *cursor, size_t *top, size_t n, int rows, int action)
{
	size_t page = rows > 1 ? (size_t)rows - 1 : 1;
	size_t before = *cursor;
	if (!n)
		return false;
	switch (action) {
	case UI_DOWN: if (*cursor + 1 < n) (*cursor)++; break;
	case UI_UP: if (*cursor > 0) (*cursor)--; break;
	case UI_PAGE_DOWN: *cursor = *cursor + page < n ? *cursor + page : n - 1; break;
	case UI_PAGE_UP: *cursor = *cursor > page ? *cursor - page : 0; break;
	case UI_FIRST: *cursor = 0; break;
	case UI_LAST: *cursor = n - 1; break;
	default: return false;
	}
	ui_scroll_into_view(*cursor, top, rows);
	return *cursor != before || action == UI_FIRST || action == UI_LAST;
}

void ui_scroll_into_view(size_t cursor, size_t *top, int rows)
{
	if (cursor < *top)
		*top = cursor;
	if (rows > 0 && cursor >= *top + (size_t)rows)
		*top = cursor - (size_t)rows + 1;
}
