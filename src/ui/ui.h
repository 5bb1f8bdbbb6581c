/* The curses interface. Talks to the archive only through store and query. */
#ifndef WARTA_UI_H
#define WARTA_UI_H

#include <stddef.h>

struct settings;
struct store;

/* Runs the interface until the user quits. db_path lets the background fetch open its
 * own connection. Returns 0, or -1 with a message in err when the terminal cannot be used. */
int ui_run(struct store *st, const struct settings *settings, const char *db_path, char *err,
	   size_t errlen);

#endif
