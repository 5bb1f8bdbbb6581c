/* Line input on the bottom line (with Tab completion) and a chooser that narrows its
 * list as the user types. Both run their own small key loop. */
#include "config.h"
#include "ui/internal.h"

#include "i18n.h"
#include "util/buf.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define PROMPT_MAX 1024

static void drop_last_char(struct buf *b)
{
	/* Back over one UTF-8 character. */
	while (b->len > 0) {
		unsigned char c = (unsigned char)b->data[--b->len];
		if ((c & 0xC0) != 0x80)
			break;
	}
	b->data[b->len] = '\0';
}

static void add_wchar(struct buf *b, wint_t ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)ch, &st);
	if (n != (size_t)-1 && b->len + n < PROMPT_MAX)
		buf_add(b, mb, n);
}

/* Completes the word being typed to the longest common prefix of the candidates. */
static void complete(struct buf *b, char **items, size_t n, struct ui *ui)
{
	const char *match = NULL;
	size_t common = 0, hits = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(items[i], b->data, b->len) != 0)
			continue;
		if (!match) {
			match = items[i];
			common = strlen(match);
		} else {
			size_t k = 0;
			while (k < common && match[k] == items[i][k])
				k++;
			common = k;
		}
		hits++;
	}
	if (!match)
		return;
	buf_reset(b);
	buf_add(b, match, common);
	if (hits > 1)
		ui_set_status(ui, false, _("%zu tags match"), hits);
}

char *prompt_line(struct ui *ui, const char *label, const char *initial, char **completions,
		  size_t n_completions)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, initial);
	curs_set(1);
	char *result = NULL;
	for (;;) {
		int y = ui->rows - 1;
		move(y, 0);
		clrtoeol();
		draw_text(y, 0, ui->cols, label);
		int lw = (int)strlen(label);
		/* Show the tail of a long input. */
		const char *shown = b.data;
		while ((int)strlen(shown) > ui->cols - lw - 1 && *shown)
			shown++;
		draw_text(y, lw, ui->cols - lw, shown);
		refresh();
		wint_t ch;
		int rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_BACKSPACE || ch == KEY_DC)
				drop_last_char(&b);
			else if (ch == KEY_ENTER) {
				result = buf_steal(&b);
				break;
			}
			else if (ch == KEY_RESIZE)
				getmaxyx(stdscr, ui->rows, ui->cols);
			continue;
		}
		if (ch == '\r' || ch == '\n') {
			result = buf_steal(&b);
			break;
		}
		if (ch == 27 || ch == 7) /* Esc, ^G */
			break;
		if (ch == 127 || ch == 8)
			drop_last_char(&b);
		else if (ch == 21) /* ^U */
			buf_reset(&b);
		else if (ch == '\t')
			complete(&b, completions, n_completions, ui);
		else if (ch >= 32)
			add_wchar(&b, ch);
	}
	buf_free(&b);
	curs_set(0);
	return result;
}

bool prompt_confirm(struct ui *ui, const char *question)
{
	int y = ui->rows - 1;
	move(y, 0);
	clrtoeol();
	draw_text(y, 0, ui->cols, question);
	refresh();
	for (;;) {
		wint_t ch;
		int rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		/* "y" in English, "y"/"Y" also for "ya" in Indonesian. */
		return rc == OK && (ch == 'y' || ch == 'Y');
	}
}

/* Case-insensitive substring match for the chooser (ASCII folding is enough for the
 * office and division names, which are ASCII). */
static bool matches(const char *label, const char *typed)
{
	size_t n = strlen(typed);
	if (!n)
		return true;
	for (const char *p = label; *p; p++)
		if (str_ncasecmp_ascii(p, typed, n) == 0)
			return true;
	return false;
}

static size_t narrow(char **labels, size_t n, const char *typed, size_t *shown)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (matches(labels[i], typed))
			shown[k++] = i;
	return k;
}

static void draw_chooser(struct ui *ui, const char *title, char **labels, const size_t *shown,
			 size_t n_shown, size_t cursor, size_t top, const char *typed)
{
	erase();
	draw_title_bar(ui, title);
	int rows = draw_body_rows(ui);
	for (int r = 0; r < rows && top + (size_t)r < n_shown; r++) {
		size_t i = top + (size_t)r;
		draw_line(ui, r + 1, i == cursor ? COLOR_FOCUS : COLOR_NORMAL, false,
			  labels[shown[i]]);
	}
	struct buf b;
	buf_init(&b);
	buf_printf(&b, _("narrow: %s_   (%zu matches; Enter picks, Esc cancels)"), typed, n_shown);
	draw_line(ui, ui->rows - 1, COLOR_STATUS, false, b.data);
	buf_free(&b);
	refresh();
}

int prompt_choose(struct ui *ui, const char *title, char **labels, size_t n)
{
	size_t *shown = xcalloc(n ? n : 1, sizeof *shown);
	struct buf typed;
	buf_init(&typed);
	size_t cursor = 0, top = 0, n_shown = narrow(labels, n, "", shown);
	int result = -1;
	for (;;) {
		int rows = draw_body_rows(ui);
		if (cursor < top)
			top = cursor;
		if (cursor >= top + (size_t)rows)
			top = cursor - (size_t)rows + 1;
		draw_chooser(ui, title, labels, shown, n_shown, cursor, top, typed.data);
		wint_t ch;
		int rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_DOWN && cursor + 1 < n_shown)
				cursor++;
			else if (ch == KEY_UP && cursor > 0)
				cursor--;
			else if (ch == KEY_NPAGE)
				cursor = cursor + (size_t)rows < n_shown ? cursor + (size_t)rows : (n_shown ? n_shown - 1 : 0);
			else if (ch == KEY_PPAGE)
				cursor = cursor > (size_t)rows ? cursor - (size_t)rows : 0;
			else if (ch == KEY_RESIZE)
				getmaxyx(stdscr, ui->rows, ui->cols);
			else if (ch == KEY_ENTER && n_shown) {
				result = (int)shown[cursor];
				break;
			} else if (ch == KEY_BACKSPACE) {
				drop_last_char(&typed);
				n_shown = narrow(labels, n, typed.data, shown);
				cursor = top = 0;
			}
			continue;
		}
		if (ch == 27 || ch == 7)
			break;
		if ((ch == '\r' || ch == '\n') && n_shown) {
			result = (int)shown[cursor];
			break;
		}
		if (ch == 127 || ch == 8)
			drop_last_char(&typed);
		else if (ch == 14) /* ^N */
			cursor += cursor + 1 < n_shown;
		else if (ch == 16) /* ^P */
			cursor -= cursor > 0;
		else if (ch >= 32)
			add_wchar(&typed, ch);
		else
			continue;
		if (ch != 14 && ch != 16) {
			n_shown = narrow(labels, n, typed.data, shown);
			cursor = top = 0;
		}
	}
	buf_free(&typed);
	free(shown);
	return result;
}
