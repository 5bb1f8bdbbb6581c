/* `warta` with no command (or `warta ui`): the curses interface. */
#include "config.h"
#include "commands.h"
#include "i18n.h"
#include "store.h"
#include "ui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int cmd_ui(struct cli *cli, int argc, char **argv)
{
	if (argc > 1 && cli_wants_help(argc, argv, _("usage: warta [ui]\n  opens the interface; press ? inside for the keys\n")))
		return 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("%s", _("the interface needs a terminal (for scripts use list, show, fetch)"));
		return 1;
	}
	struct store *st;
	if (cli_open_store(cli, true, &st) < 0)
		return 1;
	char *path = cli_db_path(cli);
	char err[256];
	int rc = ui_run(st, cli->settings, path, err, sizeof err);
	free(path);
	if (rc < 0) {
		cli_error("%s", err);
		return 1;
	}
	return 0;
}
