/* What the interface's views share. Only the thread that runs ui_run calls curses; the
 * background fetch talks to it through struct ui_fetch under a mutex. */
#ifndef WARTA_UI_INTERNAL_H
#define WARTA_UI_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/actions.h"

struct store;
struct store_source;
struct settings;

/* Key codes below this can be bound: characters and curses' KEY_* codes. */
#define UI_KEYMAP_SIZE (512 + 128)

enum ui_screen { SCREEN_TREE, SCREEN_LIST, SCREEN_ARTICLE, SCREEN_HELP, SCREEN_SOURCES, SCREEN_LINKS };

enum ui_color {
	COLOR_NORMAL = 1,
	COLOR_FOCUS,
	COLOR_UNREAD,
	COLOR_FLAGGED,
	COLOR_STATUS,
	COLOR_HEADER,
	COLOR_ERROR,
	COLOR_FAILING,
	COLOR_COUNT
};

/* A row of the first screen: "All news", a saved view, a province, or a source. */
struct tree_row {
	char *label;
	char *query;          /* the filter the row opens */
	int depth;            /* indentation */
	int64_t source_id;    /* 0 when the row is not a source */
	int64_t unread, total;
	bool failing;
	bool heading;         /* a province or group */
	int action;           /* first-run rows: TREE_SUBSCRIBE_* */
	char *error;          /* last error of a failing source */
};

#define TREE_SUBSCRIBE_DEFAULT 1
#define TREE_SUBSCRIBE_PROVINCE 2

/* A row of the article list: only what a line shows. */
struct list_row {
	int64_t id;
	int64_t source_id;
	int64_t published;
	bool estimated;
	bool read, flagged, tagged;
	char office[24];
	char *title;          /* sanitised */
};

struct ui_list {
	char *base_query;     /* from the row that opened the list */
	char *base_label;
	char *office;         /* extra filters, NULL when unset */
	char *division;
	char *search;
	char *user_query;
	char *query;          /* everything above joined: what is compiled */
	void *compiled;       /* struct query_sql * */
	struct list_row *rows;/* a window of a few screens around the cursor */
	size_t n_rows;
	size_t cursor;        /* index into rows */
	size_t top;           /* first row on screen */
	bool at_start;        /* rows[0] is the newest match */
	bool at_end;          /* rows[n_rows-1] is the oldest match */
	int64_t total, unread;
	bool counts_stale;    /* total/unread wait for a count (count.c) */
	uint64_t generation;  /* changes with the filter: tells an old count from a new */
};

struct ui_article {
	int64_t id;
	int64_t source_id;
	char **lines;
	size_t n_lines;
	size_t top;
	char **links;
	size_t n_links;
	char *url;
	int laid_out_cols;    /* the width the lines were wrapped for */
};

struct ui_fetch {
	pthread_mutex_t lock;
	pthread_t thread;
	bool running;
	bool finished;        /* set by the worker, cleared by the UI when it has reacted */
	int done, total, failed;
	int64_t new_articles;
	char last_error[256];
	int64_t *ids;         /* sources to fetch, NULL for all */
	size_t n_ids;
	volatile int interrupt;
};

/* A count in the background (count.c). */
enum ui_count_kind { UI_COUNT_NONE, UI_COUNT_TREE, UI_COUNT_LIST };

struct ui_count_source {
	int64_t id, unread;
};

/* Sources' unread counts as store_source_list hands them over (ui_collect_unread). */
struct ui_unread_list {
	struct ui_count_source *rows;
	size_t n;
};

struct ui_count {
	pthread_mutex_t lock;
	pthread_t thread;
	bool running;                 /* started and not yet joined */
	bool finished;                /* set by the worker under lock */
	enum ui_count_kind kind;
	uint64_t generation;          /* of the tree or list being counted */
	struct store *st;             /* its own connection, opened at the first count */
	char *query;                  /* the list's filter, compiled by the worker */
	int rc;
	char error[256];
	int64_t total, unread;
	struct ui_count_source *sources;
	size_t n_sources;
};

struct ui {
	struct store *st;
	const struct settings *settings;
	char *db_path;
	int rows, cols;
	enum ui_screen screen;
	enum ui_screen article_return;  /* where `q` from the article goes */
	enum ui_screen list_return;     /* where `q` from the list goes */
	int keymap[UI_KEYMAP_SIZE];     /* key code → action */
	char status[512];
	bool status_error;
	bool quit;
	bool all_prefix;                /* `*` was pressed */
	int count;                      /* numeric prefix */
	bool colors;
	bool mouse;                     /* mouse reports on (`mouse yes`, :set mouse) */
	struct tree_row *tree;
	size_t n_tree, tree_cursor, tree_top;
	bool tree_counts_stale;         /* unread counts wait for a count (count.c) */
	uint64_t tree_generation;       /* changes with each reload of the tree */
	struct ui_list list;
	struct ui_article article;
	size_t help_top;
	struct store_source *sources;   /* the sources screen's rows */
	size_t n_sources, sources_cursor, sources_top;
	size_t links_cursor;
	struct ui_fetch fetch;
	struct ui_count counter;
};

/* ui.c */
void ui_set_status(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ui_key_for_name(const char *name);
const char *ui_action_name(int action);
const char *ui_action_help(int action);
const char *ui_action_default_keys(int action);
void ui_keys_for_action(const struct ui *ui, int action, char *out, size_t len);
void ui_start_fetch(struct ui *ui, const int64_t *ids, size_t n);
void ui_open_browser(struct ui *ui, const char *url);

/* draw.c */
void draw_init_colors(struct ui *ui);
void draw_text(int y, int x, int width, const char *s);
void draw_line(struct ui *ui, int y, enum ui_color color, bool bold, const char *s);
void draw_title_bar(struct ui *ui, const char *title);
void draw_status_bar(struct ui *ui, const char *info);
int draw_body_rows(const struct ui *ui);   /* rows between the title and status bars */
/* Cursor movement shared by every list-like screen; true when the action was a move. */
bool ui_move_cursor(size_t *cursor, size_t *top, size_t n, int rows, int action);
void ui_scroll_into_view(size_t cursor, size_t *top, int rows);

/* prompt.c: line input (NULL when cancelled) and a type-to-narrow chooser (-1 when cancelled) */
char *prompt_line(struct ui *ui, const char *label, const char *initial, char **completions,
		  size_t n_completions);
int prompt_choose(struct ui *ui, const char *title, char **labels, size_t n);
bool prompt_confirm(struct ui *ui, const char *question);

/* count.c: counts taken by a worker thread after the screen is drawn */
void count_init(struct ui *ui);
void count_after_draw(struct ui *ui);   /* starts what the screen shown waits for */
bool count_poll(struct ui *ui);         /* applies a finished count; true: draw again */
void count_cancel(struct ui *ui);
void count_close(struct ui *ui);
int ui_collect_unread(void *ctx, const struct store_source *src);   /* ctx: ui_unread_list */

/* tree.c */
void tree_reload(struct ui *ui);
void tree_draw(struct ui *ui);
/* Counts in the foreground (when no thread can); true when the screen needs drawing. */
bool tree_count(struct ui *ui);
/* Fills in the unread counts from a count; sums the group rows and "All news". */
void tree_counted(struct ui *ui, const struct ui_count_source *rows, size_t n);
void tree_action(struct ui *ui, int action);
void tree_free(struct ui *ui);
void tree_open_view(struct ui *ui, const char *name);   /* :view NAME */

/* list.c */
int list_open(struct ui *ui, const char *label, const char *query);
void list_draw(struct ui *ui);
void list_action(struct ui *ui, int action);
void list_refresh(struct ui *ui);
/* Takes the counts marked stale in the foreground; true when it did (draw again). */
bool list_count(struct ui *ui);
void list_counted(struct ui *ui, int64_t total, int64_t unread);
void list_reload(struct ui *ui);    /* ^L: from the top, keeping the selection if near */
/* Sets the filter-language part of the list's filter (l, :filter); a bad query is reported
 * and the previous filter stays. */
void list_set_filter(struct ui *ui, const char *query);
void list_free(struct ui *ui);
/* Moves the list cursor to the next/previous row (unread only when asked); false at the end. */
bool list_step(struct ui *ui, int direction, bool unread_only);
const struct list_row *list_current(const struct ui *ui);
void list_row_changed(struct ui *ui, int64_t id, bool read, bool flagged, bool tagged);
void list_apply_to_all(struct ui *ui, int action);

/* article.c */
int article_open(struct ui *ui, int64_t id);
void article_draw(struct ui *ui);
void article_action(struct ui *ui, int action);
void article_free(struct ui *ui);
/* Shared with the list: tag/untag/flag/read one article, then refresh the row. */
void article_toggle_read(struct ui *ui, int64_t id, bool *read);
void article_toggle_flag(struct ui *ui, int64_t id, bool *flagged);
void article_tag(struct ui *ui, int64_t id, bool add);
char *article_tag_prompt(struct ui *ui, int64_t id, bool add, const char *label);
void article_tag_apply(struct ui *ui, int64_t id, bool add, const char *tag);

/* help.c, sources.c, links */
void help_draw(struct ui *ui);
void help_action(struct ui *ui, int action);
void sources_draw(struct ui *ui);
void sources_action(struct ui *ui, int action);
void links_draw(struct ui *ui);
void links_action(struct ui *ui, int action);

#endif
