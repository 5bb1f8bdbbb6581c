/* What every command shares: opening the database, reporting errors, option values. */
#include "config.h"
#include "commands.h"
#include "classify.h"
#include "demo.h"
#include "directory.h"
#include "i18n.h"
#include "render.h"
#include "settings.h"
#include "store.h"
#include "util/buf.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_verror(const char *fmt, va_list ap)
{
	char *msg = str_vprintf(fmt, ap);
	/* Messages quote feed titles and server replies: never let them drive the terminal. */
	char *safe = text_sanitize(msg, 1);
	fprintf(stderr, "warta: %s\n", safe ? safe : "");
	free(safe);
	free(msg);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_verror(fmt, ap);
	va_end(ap);
}

bool cli_wants_help(int argc, char **argv, const char *usage)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return true;
		}
	}
	return false;
}

int cli_parse_int(const char *opt, const char *value, long min, long max, long *out)
{
	if (!value) {
		cli_error(_("%s needs a value"), opt);
		return -1;
	}
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max) {
		cli_error(_("%s expects a number from %ld to %ld, not \"%s\""), opt, min, max, value);
		return -1;
	}
	*out = v;
	return 0;
}

/* The shared archive in force: --archive, else the archive setting unless --db or --demo
 * asks for a database of one's own (the fetch job's owner runs warta --db ARCHIVE). */
static const char *archive_in_force(const struct cli *cli)
{
	if (cli->archive_path)
		return cli->archive_path;
	if (cli->db_path || cli->demo)
		return NULL;
	const char *configured = settings_get(cli->settings, "archive");
	return *configured ? configured : NULL;
}

char *cli_db_path(const struct cli *cli)
{
	const char *archive = archive_in_force(cli);
	if (archive)
		return xstrdup(archive);
	if (cli->db_path)
		return xstrdup(cli->db_path);
	if (cli->demo)
		return demo_db_path();
	const char *configured = settings_get(cli->settings, "db");
	if (*configured)
		return xstrdup(configured);
	return settings_default_db_path();
}

/* Shared server: the archive read-only, reading state in the user's own state.db (or the
 * file --db names). */
static int open_shared(struct cli *cli, const char *archive)
{
	char *state = NULL;
	if (cli->db_path) {
		state = xstrdup(cli->db_path);
	} else {
		char *dir = settings_data_dir();
		if (dir) {
			state = xmalloc(strlen(dir) + 16);
			sprintf(state, "%s/state.db", dir);
			free(dir);
		}
	}
	if (!state) {
		cli_error(_("cannot find a place for your reading state: set HOME or XDG_DATA_HOME"));
		return -1;
	}
	if (!cli->db_path && settings_make_parent_dir(state) < 0) {
		cli_error(_("cannot create the directory for %s: %s"), state, strerror(errno));
		free(state);
		return -1;
	}
	char err[512];
	int rc = store_open_shared(archive, state, &cli->store, err, sizeof err);
	if (rc < 0)
		cli_error("%s", err);
	free(state);
	return rc;
}

int cli_open_store(struct cli *cli, bool write, struct store **out)
{
	if (cli->store) {
		*out = cli->store;
		return 0;
	}
	const char *archive = archive_in_force(cli);
	if (archive) {
		if (open_shared(cli, archive) < 0)
			return -1;
		*out = cli->store;
		return 0;
	}
	char *path = cli_db_path(cli);
	if (!path) {
		cli_error(_("cannot find a place for the database: set HOME or XDG_DATA_HOME, or use --db FILE"));
		return -1;
	}
	/* Only the default location is created on the fly; a --db whose directory is
	 * missing is a mistake worth reporting. */
	if (!cli->db_path && settings_make_parent_dir(path) < 0) {
		cli_error(_("cannot create the directory for %s: %s"), path, strerror(errno));
		free(path);
		return -1;
	}
	char err[512];
	int flags = STORE_CREATE | (settings_get_bool(cli->settings, "shared") ? STORE_SHARED : 0);
	(void)write;
	if (store_open(path, flags, &cli->store, err, sizeof err) < 0) {
		/* The store names the file and the problem; for a file that is not a
		 * database, or a damaged one, the way out is the user's choice. */
		if (strstr(err, "(file is not a database)"))
			cli_error(_("%s: move it aside or choose another file with --db"), err);
		else if (strstr(err, "malformed"))
			cli_error(_("%s: restore a backup or move the file aside"), err);
		else
			cli_error("%s", err);
		free(path);
		return -1;
	}
	free(path);
	if (cli_sync_vocabulary(cli->store) < 0 ||
	    (cli->demo && demo_seed(cli->store, cli->settings, err, sizeof err) < 0)) {
		cli_error("%s", cli->demo ? err : store_errmsg(cli->store));
		store_close(cli->store);
		cli->store = NULL;
		return -1;
	}
	*out = cli->store;
	return 0;
}

int cli_sync_vocabulary(struct store *st)
{
	size_t n = directory_count();
	struct store_office_row *rows = xcalloc(n, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		const struct office *o = directory_at(i);
		rows[i] = (struct store_office_row){o->slug, o->level, o->name, o->province,
						    o->domain, o->tz};
	}
	int rc = store_sync_offices(st, rows, n);
	free(rows);
	if (rc < 0)
		return -1;
	size_t nd = division_count();
	const char **ids = xcalloc(nd, sizeof *ids);
	const char **names = xcalloc(nd, sizeof *names);
	for (size_t i = 0; i < nd; i++) {
		ids[i] = division_id_at(i);
		names[i] = division_name(ids[i]);
	}
	rc = store_sync_divisions(st, ids, names, nd);
	free(ids);
	free(names);
	return rc;
}
