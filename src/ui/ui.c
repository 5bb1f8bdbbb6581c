/* The interface's main loop: key map, dispatch to the current screen, status line, and
 * the background fetch (a worker thread with its own database connection that reports
 * progress under a mutex; only this thread draws). */
#include "config.h"
#include "ui/ui.h"
#include "ui/internal.h"

#include "i18n.h"
#include "render.h"
#include "settings.h"
#include "store.h"
#include "update.h"
#include "util/buf.h"
#include "util/url.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Wheel scrolls, a click selects, a double click opens. */
#define UI_MOUSE_EVENTS (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED)
/* Lines one wheel step moves. */
#define WHEEL_STEP 3

struct action_def {
	const char *name;
	const char *keys;
	const char *help;
};

static const struct action_def action_defs[UI_ACTION_COUNT] = {
	[UI_ACTION_NONE] = {"none", "", ""},
#define UI_ACTION_ROW(id, name, keys, help) [UI_##id] = {name, keys, help},
	UI_ACTIONS(UI_ACTION_ROW)
#undef UI_ACTION_ROW
};

const char *ui_action_name(int action)
{
	return action > 0 && action < UI_ACTION_COUNT ? action_defs[action].name : "";
}

const char *ui_action_help(int action)
{
	return action > 0 && action < UI_ACTION_COUNT ? _(action_defs[action].help) : "";
}

const char *ui_action_default_keys(int action)
{
	return action > 0 && action < UI_ACTION_COUNT ? action_defs[action].keys : "";
}

static int action_by_name(const char *name)
{
	for (int a = 1; a < UI_ACTION_COUNT; a++)
		if (strcmp(action_defs[a].name, name) == 0)
			return a;
	return -1;
}

static const struct {
	const char *name;
	int code;
} key_names[] = {
	{"ENTER", '\n'}, {"RETURN", '\r'}, {"SPACE", ' '}, {"TAB", '\t'}, {"ESC", 27},
	{"DOWN", KEY_DOWN}, {"UP", KEY_UP}, {"LEFT", KEY_LEFT}, {"RIGHT", KEY_RIGHT},
	{"NPAGE", KEY_NPAGE}, {"PPAGE", KEY_PPAGE}, {"PGDN", KEY_NPAGE}, {"PGUP", KEY_PPAGE},
	{"HOME", KEY_HOME}, {"END", KEY_END}, {"BACKSPACE", KEY_BACKSPACE}, {"DEL", KEY_DC},
	{"F1", KEY_F(1)}, {"F2", KEY_F(2)}, {"F3", KEY_F(3)}, {"F5", KEY_F(5)},
};

/* "j", "ENTER", "^L", "DOWN" → key code; -1 when unknown. */
int ui_key_for_name(const char *name)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (str_casecmp_ascii(key_names[i].name, name) == 0)
			return key_names[i].code;
	if (name[0] == '^' && name[1] && !name[2])
		return (name[1] & 0x1f);
	if (name[0] && !name[1] && (unsigned char)name[0] < 128)
		return (unsigned char)name[0];
	return -1;
}

static const char *key_label(int code, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].code == code)
			return key_names[i].name;
	if (code < 32)
		snprintf(buf, len, "^%c", code + '@');
	else if (code < 128)
		snprintf(buf, len, "%c", code);
	else
		snprintf(buf, len, "%s", keyname(code) ? keyname(code) : "?");
	return buf;
}

static bool add_key_label(char *out, size_t len, size_t *used, int code)
{
	char tmp[24];
	int n = snprintf(out + *used, len - *used, "%s%s", *used ? " " : "",
			 key_label(code, tmp, sizeof tmp));
	if (n < 0 || (size_t)n >= len - *used)
		return false;
	*used += (size_t)n;
	return true;
}

/* The keys bound to action: its defaults that still are, in the table's order, then keys
 * the config added. Return and KEY_ENTER stand behind ENTER and are not listed. */
void ui_keys_for_action(const struct ui *ui, int action, char *out, size_t len)
{
	size_t used = 0;
	int listed[16];
	size_t n_listed = 0;
	out[0] = '\0';
	char keys[64];
	snprintf(keys, sizeof keys, "%s", ui_action_default_keys(action));
	for (char *save, *k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		int code = ui_key_for_name(k);
		if (code < 0 || code >= UI_KEYMAP_SIZE || ui->keymap[code] != action || n_listed >= 16)
			continue;
		listed[n_listed++] = code;
		if (!add_key_label(out, len, &used, code))
			return;
	}
	for (int k = 0; k < UI_KEYMAP_SIZE; k++) {
		bool seen = k == '\r' || k == KEY_ENTER;
		for (size_t i = 0; i < n_listed && !seen; i++)
			seen = listed[i] == k;
		if (ui->keymap[k] == action && !seen && !add_key_label(out, len, &used, k))
			return;
	}
}

static void bind_key(struct ui *ui, int code, int action)
{
	if (code >= 0 && code < UI_KEYMAP_SIZE)
		ui->keymap[code] = action;
}

static void build_keymap(struct ui *ui)
{
	memset(ui->keymap, 0, sizeof ui->keymap);
	for (int a = 1; a < UI_ACTION_COUNT; a++) {
		char keys[64];
		snprintf(keys, sizeof keys, "%s", action_defs[a].keys);
		for (char *save, *k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save))
			bind_key(ui, ui_key_for_name(k), a);
	}
	bind_key(ui, '\r', UI_OPEN);
	bind_key(ui, KEY_ENTER, UI_OPEN);
	for (size_t i = 0; i < settings_binding_count(ui->settings); i++) {
		const char *key, *action;
		settings_binding_at(ui->settings, i, &key, &action);
		/* `bind KEY none` takes a key away. */
		int code = ui_key_for_name(key);
		int a = strcmp(action, "none") == 0 ? UI_ACTION_NONE : action_by_name(action);
		if (code < 0 || a < 0)
			ui_set_status(ui, true, _("config: cannot bind %s to %s"), key, action);
		else
			bind_key(ui, code, a);
	}
}

void ui_set_status(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	char raw[sizeof ui->status];
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* Messages carry feed titles, URLs and server errors: web text, so sanitised here. */
	char *safe = text_sanitize(raw, 0);
	snprintf(ui->status, sizeof ui->status, "%s", safe);
	free(safe);
	ui->status_error = error;
}

/* ---- background fetch */

struct fetch_thread_args {
	struct ui *ui;
};

/* A short name for a failing source on the status line: its title, else its host, else
 * the last part of its path (file sources). */
static void source_name(const struct update_source_result *r, char *out, size_t len)
{
	if (r->title && *r->title) {
		snprintf(out, len, "%s", r->title);
		return;
	}
	if (url_host(r->url, out, len) && *out)
		return;
	const char *slash = strrchr(r->url, '/');
	snprintf(out, len, "%s", slash && slash[1] ? slash + 1 : r->url);
}

static void fetch_progress(void *ctx, const struct update_source_result *r, int done, int total)
{
	struct ui_fetch *f = ctx;
	pthread_mutex_lock(&f->lock);
	f->done = done;
	f->total = total;
	f->new_articles += r->n_new;
	if (r->error) {
		char name[96];
		f->failed++;
		source_name(r, name, sizeof name);
		snprintf(f->last_error, sizeof f->last_error, "%s: %s", name, r->error);
	}
	pthread_mutex_unlock(&f->lock);
}

static void fill_fetch_limits(const struct settings *s, struct fetch_limits *l)
{
	l->jobs = (int)settings_get_int(s, "jobs");
	l->per_host = (int)settings_get_int(s, "per_host");
	l->connect_timeout_s = settings_get_int(s, "connect_timeout");
	l->total_timeout_s = settings_get_int(s, "timeout");
	l->max_body = settings_get_int(s, "max_body");
}

static void *fetch_worker(void *arg)
{
	struct ui *ui = arg;
	struct ui_fetch *f = &ui->fetch;
	struct store *st = NULL;
	char err[512] = "";
	/* Its own connection: WAL lets the interface keep reading while this one writes. */
	if (store_open(ui->db_path, 0, &st, err, sizeof err) == 0) {
		struct update_options o;
		update_options_default(&o);
		fill_fetch_limits(ui->settings, &o.limits);
		o.pages = (int)settings_get_int(ui->settings, "pages");
		o.settings = ui->settings;
		o.on_source = fetch_progress;
		o.ctx = f;
		o.interrupt = &f->interrupt;
		struct update_totals t;
		if (update_run(st, f->ids, f->n_ids, &o, &t, err, sizeof err) == 0)
			err[0] = '\0';
		store_close(st);
	}
	pthread_mutex_lock(&f->lock);
	if (err[0])
		snprintf(f->last_error, sizeof f->last_error, "%.200s", err);
	f->finished = true;
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

void ui_start_fetch(struct ui *ui, const int64_t *ids, size_t n)
{
	struct ui_fetch *f = &ui->fetch;
	if (f->running) {
		ui_set_status(ui, false, "%s", _("a fetch is already running"));
		return;
	}
	free(f->ids);
	f->ids = NULL;
	f->n_ids = n;
	if (n) {
		f->ids = xcalloc(n, sizeof *f->ids);
		memcpy(f->ids, ids, n * sizeof *ids);
	}
	f->done = f->total = f->failed = 0;
	f->new_articles = 0;
	f->last_error[0] = '\0';
	f->finished = false;
	f->interrupt = 0;
	if (pthread_create(&f->thread, NULL, fetch_worker, ui) != 0) {
		ui_set_status(ui, true, "%s", _("cannot start the fetch"));
		return;
	}
	f->running = true;
	ui_set_status(ui, false, "%s", _("fetching in the background..."));
}

/* Called each loop turn: shows progress and, once the worker is done, refreshes what is
 * on screen without moving the cursor. */
static void poll_fetch(struct ui *ui)
{
	struct ui_fetch *f = &ui->fetch;
	if (!f->running)
		return;
	pthread_mutex_lock(&f->lock);
	bool finished = f->finished;
	int done = f->done, total = f->total, failed = f->failed;
	int64_t fresh = f->new_articles;
	char last[256];
	snprintf(last, sizeof last, "%s", f->last_error);
	pthread_mutex_unlock(&f->lock);
	if (!finished) {
		ui_set_status(ui, false, _("fetching: %d/%d sources, %lld new, %d failed"), done, total,
			      (long long)fresh, failed);
		return;
	}
	pthread_join(f->thread, NULL);
	f->running = false;
	if (failed || (last[0] && !total))
		ui_set_status(ui, true, _("fetched %d sources: %lld new, %d failed (last: %s)"), done,
			      (long long)fresh, failed, last);
	else
		ui_set_status(ui, false, _("fetched %d sources: %lld new articles"), done,
			      (long long)fresh);
	tree_reload(ui);
	if (ui->screen == SCREEN_SOURCES)
		sources_action(ui, UI_ACTION_NONE);
	if (ui->screen == SCREEN_LIST || ui->list.rows)
		list_refresh(ui);
}

/* ---- opening links */

void ui_open_browser(struct ui *ui, const char *url)
{
	char scheme[16];
	if (!url || !url_scheme(url, scheme, sizeof scheme) ||
	    (strcmp(scheme, "http") && strcmp(scheme, "https") && strcmp(scheme, "ftp") &&
	     strcmp(scheme, "mailto") && strcmp(scheme, "gopher"))) {
		ui_set_status(ui, true, "%s", _("refusing to open this link (only http, https, ftp, mailto)"));
		return;
	}
	const char *browser = settings_get(ui->settings, "browser");
	if (!*browser)
		browser = getenv("BROWSER");
	if (!browser || !*browser)
		browser = "xdg-open";
	def_prog_mode();
	endwin();
	/* The URL is one argument to execvp: no shell ever sees it. */
	pid_t pid = fork();
	if (pid == 0) {
		char *const args[] = {(char *)browser, (char *)url, NULL};
		execvp(browser, args);
		_exit(127);
	}
	int status = 0;
	if (pid > 0)
		waitpid(pid, &status, 0);
	reset_prog_mode();
	refresh();
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 127)
		ui_set_status(ui, true, _("cannot run the browser \"%s\""), browser);
}

/* ---- the loop */

static void draw(struct ui *ui)
{
	erase();
	switch (ui->screen) {
	case SCREEN_TREE: tree_draw(ui); break;
	case SCREEN_LIST: list_draw(ui); break;
	case SCREEN_ARTICLE: article_draw(ui); break;
	case SCREEN_HELP: help_draw(ui); break;
	case SCREEN_SOURCES: sources_draw(ui); break;
	case SCREEN_LINKS: links_draw(ui); break;
	}
	refresh();
}

static void run_command_line(struct ui *ui);

static void dispatch(struct ui *ui, int action)
{
	switch (action) {
	case UI_QUIT:
		ui->quit = true;
		return;
	case UI_HELP:
		if (ui->screen != SCREEN_HELP) {
			ui->help_top = 0;
			ui->article_return = ui->screen;
			ui->screen = SCREEN_HELP;
		}
		return;
	case UI_REDRAW:
		clearok(curscr, TRUE);
		if (ui->screen == SCREEN_LIST)
			list_reload(ui);
		else if (ui->screen == SCREEN_TREE)
			tree_reload(ui);
		return;
	case UI_COMMAND:
		run_command_line(ui);
		return;
	case UI_FETCH_ALL:
		ui_start_fetch(ui, NULL, 0);
		return;
	case UI_SOURCES:
		ui->screen = SCREEN_SOURCES;
		sources_action(ui, UI_ACTION_NONE);
		return;
	}
	switch (ui->screen) {
	case SCREEN_TREE: tree_action(ui, action); break;
	case SCREEN_LIST: list_action(ui, action); break;
	case SCREEN_ARTICLE: article_action(ui, action); break;
	case SCREEN_HELP: help_action(ui, action); break;
	case SCREEN_SOURCES: sources_action(ui, action); break;
	case SCREEN_LINKS: links_action(ui, action); break;
	}
}

/* :filter QUERY narrows the list (or opens "All news" with it from another screen);
 * :view NAME opens a saved view. */
static void command_filter(struct ui *ui, const char *cmd, const char *arg)
{
	if (!*arg) {
		ui_set_status(ui, true, "%s", !strcmp(cmd, "view") ? _(":view needs a name")
								  : _(":filter needs a query"));
		return;
	}
	if (!strcmp(cmd, "view")) {
		tree_open_view(ui, arg);
		return;
	}
	if (ui->screen != SCREEN_LIST) {
		if (list_open(ui, _("All news"), "") < 0)
			return;
		ui->screen = SCREEN_LIST;
	}
	list_set_filter(ui, arg);
}

/* :tag NAME / :untag NAME on the current article, without the prompt. */
static void command_tag(struct ui *ui, bool add, const char *tag)
{
	const struct list_row *r = list_current(ui);
	int64_t id = ui->screen == SCREEN_ARTICLE ? ui->article.id
		     : ui->screen == SCREEN_LIST && r ? r->id : 0;
	if (!id)
		ui_set_status(ui, true, "%s", _("no article selected"));
	else
		article_tag_apply(ui, id, add, tag);
}

/* :set NAME shows a setting; :set mouse yes|no switches the mouse here and now (the
 * others are read from the config file at start). */
static void command_set(struct ui *ui, char *arg)
{
	char *name = arg, *value = arg + strcspn(arg, " ");
	if (*value)
		*value++ = '\0';
	value = str_trim(value);
	if (!*name) {
		ui_set_status(ui, true, "%s", _("usage: :set NAME [VALUE]"));
	} else if (!strcmp(name, "mouse") && *value) {
		ui->mouse = !strcmp(value, "yes") || !strcmp(value, "on") || !strcmp(value, "true");
		mousemask(ui->mouse ? UI_MOUSE_EVENTS : 0, NULL);
		ui_set_status(ui, false, "mouse = %s", ui->mouse ? "yes" : "no");
	} else if (*value) {
		ui_set_status(ui, true, _("%s is read from the config file at start"), name);
	} else if (!strcmp(name, "mouse")) {
		ui_set_status(ui, false, "mouse = %s", ui->mouse ? "yes" : "no");
	} else {
		char *shown = text_sanitize(settings_get(ui->settings, name), 0);
		ui_set_status(ui, false, "%s = %s", name, shown);
		free(shown);
	}
}

static void run_command_line(struct ui *ui)
{
	char *line = prompt_line(ui, ":", "", NULL, 0);
	if (!line)
		return;
	char *cmd = str_trim(line), *arg = cmd + strcspn(cmd, " ");
	if (*arg)
		*arg++ = '\0';
	arg = str_trim(arg);
	int a = action_by_name(cmd);
	if (!strcmp(cmd, "q") || !strcmp(cmd, "quit")) {
		ui->quit = true;
	} else if (!strcmp(cmd, "filter") || !strcmp(cmd, "view")) {
		command_filter(ui, cmd, arg);
	} else if ((!strcmp(cmd, "tag") || !strcmp(cmd, "untag")) && *arg) {
		command_tag(ui, !strcmp(cmd, "tag"), arg);
	} else if (!strcmp(cmd, "set")) {
		command_set(ui, arg);
	} else if (a > 0) {
		dispatch(ui, a);
	} else if (*cmd) {
		ui_set_status(ui, true, _("unknown command \"%s\" (see ? for the actions)"), cmd);
	}
	free(line);
}

static int read_key(struct ui *ui)
{
	wint_t ch;
	int rc = get_wch(&ch);
	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_RESIZE) {
			getmaxyx(stdscr, ui->rows, ui->cols);
			return -1;
		}
		return (int)ch;
	}
	return ch < 128 ? (int)ch : -1;
}

/* Moves the selection to screen line y (a click); false when y holds no row. */
static bool select_line(struct ui *ui, int y)
{
	if (y < 1 || y > draw_body_rows(ui))
		return false;
	size_t line = (size_t)(y - 1);
	switch (ui->screen) {
	case SCREEN_TREE:
		if (ui->tree_top + line >= ui->n_tree)
			return false;
		ui->tree_cursor = ui->tree_top + line;
		return true;
	case SCREEN_LIST:
		if (ui->list.top + line >= ui->list.n_rows)
			return false;
		ui->list.cursor = ui->list.top + line;
		return true;
	case SCREEN_SOURCES:
		/* Two lines a source. */
		if (ui->sources_top + line / 2 >= ui->n_sources)
			return false;
		ui->sources_cursor = ui->sources_top + line / 2;
		return true;
	case SCREEN_LINKS:
		if (line >= ui->article.n_links)
			return false;
		ui->links_cursor = line;
		return true;
	default:
		return false;
	}
}

static void handle_mouse(struct ui *ui)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		int action = ev.bstate & BUTTON4_PRESSED ? UI_UP : UI_DOWN;
		for (int i = 0; i < WHEEL_STEP; i++)
			dispatch(ui, action);
	} else if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
		if (select_line(ui, ev.y))
			dispatch(ui, UI_OPEN);
	} else if (ev.bstate & BUTTON1_CLICKED) {
		select_line(ui, ev.y);
	}
}

static void handle_key(struct ui *ui, int key)
{
	if (key >= '0' && key <= '9' && (ui->count || key != '0') && ui->keymap[key] == 0) {
		ui->count = ui->count * 10 + (key - '0');
		if (ui->count > 100000)
			ui->count = 100000;
		return;
	}
	if (key == KEY_MOUSE) {
		handle_mouse(ui);
		return;
	}
	int action = key >= 0 && key < UI_KEYMAP_SIZE ? ui->keymap[key] : 0;
	if (!action) {
		ui->count = 0;
		if (key != 27)
			ui_set_status(ui, false, "%s", _("unbound key: press ? for help"));
		return;
	}
	if (action == UI_ALL_PREFIX) {
		ui->all_prefix = true;
		ui_set_status(ui, false, "%s", _("*: the next action applies to every article in the view"));
		return;
	}
	if (ui->status[0] && !ui->fetch.running)
		ui->status[0] = '\0';
	int repeat = ui->count > 0 ? ui->count : 1;
	ui->count = 0;
	if (ui->all_prefix) {
		ui->all_prefix = false;
		if (ui->screen == SCREEN_LIST)
			list_apply_to_all(ui, action);
		else
			ui_set_status(ui, true, "%s", _("* works in the article list"));
		return;
	}
	for (int i = 0; i < repeat && !ui->quit; i++)
		dispatch(ui, action);
}

static int ui_setup(struct ui *ui)
{
	if (!initscr())
		return -1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	timeout(250);
	getmaxyx(stdscr, ui->rows, ui->cols);
	draw_init_colors(ui);
	ui->mouse = settings_get_bool(ui->settings, "mouse");
	if (ui->mouse)
		mousemask(UI_MOUSE_EVENTS, NULL);
	pthread_mutex_init(&ui->fetch.lock, NULL);
	count_init(ui);
	build_keymap(ui);
	return 0;
}

static void ui_teardown(struct ui *ui)
{
	if (ui->fetch.running) {
		ui->fetch.interrupt = 1;
		pthread_join(ui->fetch.thread, NULL);
	}
	pthread_mutex_destroy(&ui->fetch.lock);
	free(ui->fetch.ids);
	count_close(ui);
	endwin();
	article_free(ui);
	list_free(ui);
	tree_free(ui);
	sources_action(ui, -1);
}

int ui_run(struct store *st, const struct settings *settings, const char *db_path, char *err,
	   size_t errlen)
{
	struct ui ui = {.st = st, .settings = settings, .db_path = xstrdup(db_path)};
	if (ui_setup(&ui) < 0) {
		snprintf(err, errlen, "%s", _("cannot start the terminal interface (is TERM set?)"));
		free(ui.db_path);
		return -1;
	}
	tree_reload(&ui);
	while (!ui.quit) {
		if (ui.rows < 4 || ui.cols < 20) {
			erase();
			mvaddstr(0, 0, _("window too small"));
			refresh();
		} else {
			draw(&ui);
			/* The rows are on screen; now the counts, in the background. */
			count_after_draw(&ui);
		}
		/* While a count runs, look for its result often: it usually takes a few ms. */
		timeout(ui.counter.running ? 20 : 250);
		int key = read_key(&ui);
		poll_fetch(&ui);
		count_poll(&ui);
		if (key >= 0)
			handle_key(&ui, key);
	}
	ui_teardown(&ui);
	free(ui.db_path);
	return 0;
}
