/* Reading state from the command line: tag, untag, read, unread, flag, unflag, views. */
#include "config.h"
#include "commands.h"
#include "i18n.h"
#include "query.h"
#include "render.h"
#include "store.h"
#include "util/buf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char state_usage[] = N_(
	"usage: warta tag ID TAG...     warta untag ID TAG...\n"
	"       warta read ID...        warta unread ID...\n"
	"       warta flag ID...        warta unflag ID...\n");

static const char views_usage[] = N_(
	"usage: warta views [list]\n"
	"       warta views save NAME QUERY\n"
	"       warta views delete NAME\n");

/* Tags are short words: no spaces at the ends, no control characters, at most 64 bytes. */
static int check_tag(const char *tag)
{
	size_t n = strlen(tag);
	if (!n || n > 64 || tag[0] == ' ' || tag[n - 1] == ' ') {
		cli_error(_("\"%s\" is not a tag (1 to 64 characters, no spaces at the ends)"), tag);
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)tag; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			cli_error("%s", _("a tag cannot hold control characters"));
			return -1;
		}
	return 0;
}

static int article_exists(struct store *st, long id)
{
	struct store_article a = {0};
	int rc = store_article_get(st, id, &a);
	store_article_clear(&a);
	if (rc == 1)
		cli_error(_("no article %ld (see warta list)"), id);
	else if (rc < 0)
		cli_error("%s", store_errmsg(st));
	return rc == 0 ? 0 : -1;
}

static int change_tags(struct store *st, long id, int argc, char **argv, bool add)
{
	for (int i = 0; i < argc; i++)
		if (check_tag(argv[i]) < 0)
			return EXIT_USAGE;
	if (article_exists(st, id) < 0)
		return 1;
	for (int i = 0; i < argc; i++) {
		int rc = add ? store_tag_add(st, id, argv[i]) : store_tag_remove(st, id, argv[i]);
		if (rc < 0) {
			cli_error("%s", store_errmsg(st));
			return 1;
		}
	}
	return 0;
}

static int change_flags(struct store *st, const char *cmd, int argc, char **argv)
{
	bool read = strcmp(cmd, "read") == 0, unread = strcmp(cmd, "unread") == 0;
	bool flag = strcmp(cmd, "flag") == 0;
	int status = 0;
	for (int i = 0; i < argc; i++) {
		long id;
		if (cli_parse_int(_("article id"), argv[i], 1, LONG_MAX, &id) < 0)
			return EXIT_USAGE;
		if (article_exists(st, id) < 0) {
			status = 1;
			continue;
		}
		int rc = (read || unread) ? store_set_read(st, id, read)
					  : store_set_flagged(st, id, flag);
		if (rc < 0) {
			cli_error("%s", store_errmsg(st));
			return 1;
		}
	}
	return status;
}

int cmd_state(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(state_usage)))
		return 0;
	const char *cmd = argv[0];
	bool tags = strcmp(cmd, "tag") == 0 || strcmp(cmd, "untag") == 0;
	if (argc < (tags ? 3 : 2)) {
		cli_error(tags ? _("%s needs an article id and at least one tag")
			       : _("%s needs at least one article id"), cmd);
		fputs(_(state_usage), stderr);
		return EXIT_USAGE;
	}
	long id = 0;
	if (tags && cli_parse_int(_("article id"), argv[1], 1, LONG_MAX, &id) < 0)
		return EXIT_USAGE;
	struct store *st;
	if (cli_open_store(cli, true, &st) < 0)
		return 1;
	if (tags)
		return change_tags(st, id, argc - 2, argv + 2, strcmp(cmd, "tag") == 0);
	return change_flags(st, cmd, argc - 1, argv + 1);
}

static int print_view(void *ctx, const char *name, const char *query)
{
	(void)ctx;
	char *n = text_sanitize(name, 0), *q = text_sanitize(query, 0);
	printf("%-20s %s\n", n, q);
	free(n);
	free(q);
	return 0;
}

int cmd_views(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(views_usage)))
		return 0;
	const char *sub = argc > 1 ? argv[1] : "list";
	bool list = strcmp(sub, "list") == 0, save = strcmp(sub, "save") == 0;
	bool del = strcmp(sub, "delete") == 0 || strcmp(sub, "rm") == 0;
	if ((list && argc > 2) || (save && argc != 4) || (del && argc != 3) || !(list || save || del)) {
		fputs(_(views_usage), stderr);
		return EXIT_USAGE;
	}
	if (save) {
		struct query_sql q = {0};
		char err[256];
		if (query_compile(argv[3], &q, err, sizeof err, NULL) < 0) {
			cli_error(_("bad filter: %s"), err);
			return EXIT_USAGE;
		}
		query_sql_free(&q);
	}
	struct store *st;
	if (cli_open_store(cli, !list, &st) < 0)
		return 1;
	int rc = list ? store_view_list(st, print_view, NULL)
		 : save ? store_view_save(st, argv[2], argv[3]) : store_view_delete(st, argv[2]);
	if (rc < 0) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	return 0;
}
