/* warta state export|import|token, and warta sync [USER@]HOST: reading state as
 * changesets, and the round trip with another machine's warta over ssh. */
#include "config.h"
#include "commands.h"
#include "i18n.h"
#include "store.h"
#include "sync.h"
#include "util/buf.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char state_usage[] = N_(
	"usage: warta state export [--since TOKEN] [--until TOKEN] FILE|-\n"
	"       warta state import FILE|-\n"
	"       warta state token\n"
	"  export writes the read/flag/tag/view changes after TOKEN (all without it) as an\n"
	"  SQLite changeset and prints the token for the next export; import applies one:\n"
	"  for each article and mark the newest change wins, tags merge unless removed later.\n");

static const char sync_usage[] = N_(
	"usage: warta sync [--since DATE] [--remote-command CMD] [USER@]HOST\n"
	"  pulls new articles from HOST's warta, then sends and receives reading state,\n"
	"  through ssh ($WARTA_SSH, default ssh). Safe to run again after an interruption.\n"
	"  --since DATE          on the first sync, only articles published since DATE\n"
	"  --remote-command CMD  the warta program on HOST (default warta)\n");

static int parse_token(const char *opt, const char *value, int64_t *token)
{
	long v;
	if (cli_parse_int(opt, value, 0, LONG_MAX, &v) < 0)
		return -1;
	*token = v;
	return 0;
}

static int state_export(struct cli *cli, int argc, char **argv)
{
	int64_t since = 0, until = 0;
	int i = 2;
	for (; i < argc - 1; i++) {
		bool is_since = strcmp(argv[i], "--since") == 0;
		if ((is_since || strcmp(argv[i], "--until") == 0) && i + 2 < argc) {
			if (parse_token(argv[i], argv[i + 1], is_since ? &since : &until) < 0)
				return EXIT_USAGE;
			i++;
		} else {
			cli_error(_("unknown option %s (see warta state --help)"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if (i != argc - 1) {
		fputs(_(state_usage), stderr);
		return EXIT_USAGE;
	}
	struct store *st;
	if (cli_open_store(cli, false, &st) < 0)
		return 1;
	int64_t n, token;
	if (store_state_export(st, since, until, argv[i], &n, &token) < 0) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	bool to_stdout = strcmp(argv[i], "-") == 0;
	fprintf(to_stdout ? stderr : stdout, _("%lld state changes written to %s\n"
					       "next: warta state export --since %lld FILE\n"),
		(long long)n, to_stdout ? _("standard output") : argv[i], (long long)token);
	return 0;
}

static int state_import(struct cli *cli, const char *file)
{
	struct store *st;
	if (cli_open_store(cli, true, &st) < 0)
		return 1;
	struct store_state_counts c;
	if (store_state_import(st, file, &c) < 0) {
		cli_error(_("%s: %s"), file, store_errmsg(st));
		return 1;
	}
	printf(_("%lld state changes applied, %lld older or known ones ignored\n"),
	       (long long)c.applied, (long long)c.ignored);
	return 0;
}

int cmd_state_sync(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(state_usage)))
		return 0;
	const char *sub = argc > 1 ? argv[1] : "";
	if (strcmp(sub, "export") == 0 && argc >= 3)
		return state_export(cli, argc, argv);
	if (strcmp(sub, "import") == 0 && argc == 3)
		return state_import(cli, argv[2]);
	if (strcmp(sub, "token") == 0 && argc == 2) {
		struct store *st;
		int64_t token;
		if (cli_open_store(cli, false, &st) < 0)
			return 1;
		if (store_state_token(st, &token) < 0) {
			cli_error("%s", store_errmsg(st));
			return 1;
		}
		printf("%lld\n", (long long)token);
		return 0;
	}
	fputs(_(state_usage), stderr);
	return EXIT_USAGE;
}

/* ---- warta sync */

struct sync_run {
	struct store *st;
	const char *host;
	const char *remote;
	const char *since;          /* first pull only */
	char dir[PATH_MAX];         /* private scratch directory */
	struct store_transfer articles;
	int64_t sent, received, applied;
	bool articles_skipped;
};

static char *scratch(struct sync_run *r, const char *leaf)
{
	char *path = xmalloc(strlen(r->dir) + strlen(leaf) + 2);
	sprintf(path, "%s/%s", r->dir, leaf);
	return path;
}

static char *mark_key(const struct sync_run *r, const char *what)
{
	char *key = xmalloc(strlen(r->host) + strlen(what) + 8);
	sprintf(key, "sync.%s.%s", r->host, what);
	return key;
}

static int64_t mark_get(struct sync_run *r, const char *what)
{
	char *key = mark_key(r, what), *value = NULL;
	store_state_get(r->st, key, &value);
	int64_t mark = value ? strtoll(value, NULL, 10) : 0;
	free(value);
	free(key);
	return mark;
}

static int mark_set(struct sync_run *r, const char *what, int64_t mark)
{
	char *key = mark_key(r, what), value[32];
	snprintf(value, sizeof value, "%" PRId64, mark);
	int rc = store_state_set(r->st, key, value);
	free(key);
	if (rc < 0)
		cli_error("%s", store_errmsg(r->st));
	return rc;
}

static int remote(struct sync_run *r, const char *const *args, const char *in, const char *out)
{
	char err[512];
	if (sync_run_remote(r->host, r->remote, args, in, out, err, sizeof err) == 0)
		return 0;
	cli_error("%s", err);
	return -1;
}

/* Articles fetched on HOST since the last pull (marked by the newest fetch time). */
static int pull_articles(struct sync_run *r)
{
	if (store_is_shared(r->st)) {
		r->articles_skipped = true;
		printf(_("articles: this archive is shared and read-only here, not pulled\n"));
		return 0;
	}
	int64_t after = mark_get(r, "fetched");
	char after_text[32];
	snprintf(after_text, sizeof after_text, "%" PRId64, after);
	const char *args[8] = { "archive", "export", "--fetched-after", after_text };
	size_t n = 4;
	if (!after && r->since) {
		args[n++] = "--since";
		args[n++] = r->since;
	}
	args[n++] = "-";
	args[n] = NULL;
	printf(_("pulling new articles from %s...\n"), r->host);
	fflush(stdout);
	char *file = scratch(r, "archive.db");
	int rc = remote(r, args, NULL, file);
	int64_t newest = 0;
	char err[512];
	if (rc == 0 && store_archive_import(r->st, file, &r->articles) < 0) {
		cli_error(_("importing the articles from %s: %s"), r->host, store_errmsg(r->st));
		rc = -1;
	}
	if (rc == 0 && store_archive_newest(file, &newest, err, sizeof err) < 0) {
		cli_error("%s", err);
		rc = -1;
	}
	if (rc == 0 && newest > after)
		rc = mark_set(r, "fetched", newest);
	if (rc == 0)
		printf(_("  %lld new articles, %lld updated\n"), (long long)r->articles.articles_new,
		       (long long)r->articles.articles_updated);
	unlink(file);
	free(file);
	return rc;
}

static int push_state(struct sync_run *r)
{
	char *file = scratch(r, "push.changes");
	int64_t n, token;
	int rc = store_state_export(r->st, mark_get(r, "sent"), 0, file, &n, &token);
	if (rc < 0)
		cli_error("%s", store_errmsg(r->st));
	printf(_("sending %lld state changes to %s...\n"), (long long)(rc == 0 ? n : 0), r->host);
	fflush(stdout);
	const char *args[] = { "state", "import", "-", NULL };
	if (rc == 0 && n > 0)
		rc = remote(r, args, file, NULL);
	if (rc == 0)
		rc = mark_set(r, "sent", token);
	r->sent = rc == 0 ? n : 0;
	unlink(file);
	free(file);
	return rc;
}

static int remote_token(struct sync_run *r, int64_t *token)
{
	char *file = scratch(r, "token");
	const char *args[] = { "state", "token", NULL };
	int rc = remote(r, args, NULL, file);
	FILE *f = rc == 0 ? fopen(file, "r") : NULL;
	long long value = -1;
	if (rc == 0 && (!f || fscanf(f, "%lld", &value) != 1 || value < 0)) {
		cli_error(_("%s answered no state token"), r->host);
		rc = -1;
	}
	if (f)
		fclose(f);
	*token = value;
	unlink(file);
	free(file);
	return rc;
}

static int pull_state(struct sync_run *r)
{
	int64_t since = mark_get(r, "received"), until;
	printf(_("receiving state changes from %s...\n"), r->host);
	fflush(stdout);
	if (remote_token(r, &until) < 0)
		return -1;
	if (until <= since)
		return 0;
	char since_text[32], until_text[32];
	snprintf(since_text, sizeof since_text, "%" PRId64, since);
	snprintf(until_text, sizeof until_text, "%" PRId64, until);
	const char *args[] = { "state", "export", "--since", since_text, "--until", until_text,
			       "-", NULL };
	char *file = scratch(r, "pull.changes");
	int rc = remote(r, args, NULL, file);
	struct store_state_counts c;
	if (rc == 0 && store_state_import(r->st, file, &c) < 0) {
		cli_error(_("applying the state from %s: %s"), r->host, store_errmsg(r->st));
		rc = -1;
	}
	if (rc == 0) {
		r->received = c.applied + c.ignored;
		r->applied = c.applied;
		rc = mark_set(r, "received", until);
	}
	unlink(file);
	free(file);
	return rc;
}

static int sync_steps(struct sync_run *r)
{
	if (pull_articles(r) < 0 || push_state(r) < 0 || pull_state(r) < 0)
		return -1;
	printf(_("synced with %s: %lld new articles, %lld updated; %lld state changes sent,"
		 " %lld received (%lld applied)\n"), r->host,
	       (long long)r->articles.articles_new, (long long)r->articles.articles_updated,
	       (long long)r->sent, (long long)r->received, (long long)r->applied);
	return 0;
}

static int sync_options(struct sync_run *r, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "--since") == 0 || strcmp(argv[i], "--remote-command") == 0) &&
		    i + 1 < argc) {
			*(argv[i][2] == 's' ? &r->since : &r->remote) = argv[i + 1];
			i++;
		} else if (argv[i][0] == '-' || r->host) {
			cli_error(_("unexpected %s (see warta sync --help)"), argv[i]);
			return -1;
		} else {
			r->host = argv[i];
		}
	}
	if (!r->host || !*r->host) {
		fputs(_(sync_usage), stderr);
		return -1;
	}
	return 0;
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(sync_usage)))
		return 0;
	struct sync_run r = { .remote = "warta" };
	if (sync_options(&r, argc, argv) < 0)
		return EXIT_USAGE;
	if (cli_open_store(cli, true, &r.st) < 0)
		return 1;
	const char *tmp = getenv("TMPDIR");
	snprintf(r.dir, sizeof r.dir, "%s/warta-sync.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(r.dir)) {
		cli_error(_("cannot create a temporary directory: %s"), strerror(errno));
		return 1;
	}
	int rc = sync_steps(&r);
	if (rc < 0)
		cli_error(_("sync with %s stopped; what was done is kept, run it again to finish"),
			  r.host);
	rmdir(r.dir);
	return rc < 0 ? 1 : 0;
}
