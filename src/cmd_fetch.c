/* warta fetch: every source (or the named ones) fetched in parallel, with a live progress
 * line on a terminal and one line per source otherwise. */
#include "config.h"
#include "commands.h"
#include "i18n.h"
#include "settings.h"
#include "store.h"
#include "update.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char fetch_usage[] = N_(
	"usage: warta fetch [--jobs N] [--pages N] [--quiet] [SOURCE...]\n"
	"  SOURCE is a source id or URL (see warta sources list); none means all.\n"
	"  --jobs N    transfers at once (default 8)\n"
	"  --pages N   listing pages read on a site's first fetch (default 3)\n"
	"  --quiet     print errors only\n");

static volatile int interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct progress {
	bool tty;
	bool quiet;
	struct buf failures;
	int n_failures;
	int64_t new_articles;
	int failed;
};

static void print_source_line(const struct update_source_result *r, int done, int total)
{
	const char *name = r->title ? r->title : r->url;
	if (r->error)
		cli_error(_("[%d/%d] %s: %s"), done, total, r->url, r->error);
	else if (r->not_modified)
		printf(_("[%d/%d] %s: not modified\n"), done, total, name);
	else
		printf(_("[%d/%d] %s: %d new, %d updated\n"), done, total, name, r->n_new,
		       r->n_updated);
}

static void on_source(void *ctx, const struct update_source_result *r, int done, int total)
{
	struct progress *p = ctx;
	p->new_articles += r->n_new;
	if (r->error) {
		p->failed++;
		if (!r->offline) {
			buf_printf(&p->failures, "  %s: %s\n", r->url, r->error);
			p->n_failures++;
		}
	}
	if (p->tty) {
		/* One line rewritten in place; failures are listed at the end. */
		fputs("\r\033[K", stderr);
		fprintf(stderr, _("%d/%d sources, %lld new articles, %d failed"), done, total,
			(long long)p->new_articles, p->failed);
		fflush(stderr);
		return;
	}
	/* Unreachable sources are summed up in one "offline" line at the end, not 550. */
	if (r->offline)
		return;
	if (!p->quiet || r->error)
		print_source_line(r, done, total);
	fflush(stdout);
}

static void fill_limits(const struct settings *s, struct fetch_limits *l)
{
	fetch_limits_default(l);
	l->jobs = (int)settings_get_int(s, "jobs");
	l->per_host = (int)settings_get_int(s, "per_host");
	l->connect_timeout_s = settings_get_int(s, "connect_timeout");
	l->total_timeout_s = settings_get_int(s, "timeout");
	l->low_speed_bytes = settings_get_int(s, "low_speed_limit");
	l->low_speed_time_s = settings_get_int(s, "low_speed_time");
	l->max_body = settings_get_int(s, "max_body");
	l->max_redirects = (int)settings_get_int(s, "max_redirects");
	l->max_retries = (int)settings_get_int(s, "max_retries");
	l->max_retry_after_s = settings_get_int(s, "max_retry_after");
	const char *proxy = settings_get(s, "proxy");
	l->proxy = *proxy ? proxy : NULL;
	const char *ua = settings_get(s, "user_agent");
	l->user_agent = *ua ? ua : NULL;
}

/* Source arguments (ids or URLs) to ids; unknown ones are a usage error. */
static int resolve_sources(struct store *st, char **names, int n, int64_t **ids)
{
	*ids = xcalloc((size_t)n, sizeof **ids);
	for (int i = 0; i < n; i++) {
		struct store_source src = {0};
		int rc = store_source_find(st, names[i], &src);
		if (rc != 0) {
			cli_error(rc == 1 ? _("no source \"%s\" (see warta sources list)")
					  : _("cannot look up source \"%s\""), names[i]);
			free(*ids);
			*ids = NULL;
			return -1;
		}
		(*ids)[i] = src.id;
		store_source_clear(&src);
	}
	return 0;
}

/* One fetch at a time per database: a lock file next to it, held while this process
 * lives (the kernel lets go when it ends, however it ends). Returns the descriptor, -2
 * when another fetch holds the lock, -1 on error. */
static int fetch_lock(const struct cli *cli)
{
	char *db = cli_db_path(cli);
	if (!db)
		return -1;
	char *path = xmalloc(strlen(db) + 8);
	sprintf(path, "%s.lock", db);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	int rc = fd;
	if (fd < 0)
		cli_error(_("cannot open the lock file %s: %s"), path, strerror(errno));
	else if (flock(fd, LOCK_EX | LOCK_NB) != 0)
		rc = errno == EWOULDBLOCK ? -2 : -1;
	if (rc == -1 && fd >= 0)
		cli_error(_("cannot lock %s: %s"), path, strerror(errno));
	if (rc < 0 && fd >= 0)
		close(fd);
	free(path);
	free(db);
	return rc;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The fetch job's line in the journal or the cron mail: printed when stdout is not a
 * terminal, and with --quiet too under systemd (JOURNAL_STREAM is set). */
static void print_journal_line(const struct progress *p, const struct update_totals *t,
			       double seconds)
{
	if (isatty(STDOUT_FILENO) || (p->quiet && !getenv("JOURNAL_STREAM")))
		return;
	printf(_("warta fetch: %d sources, %lld new, %d failed, %.1f s\n"), t->sources,
	       (long long)t->new_articles, t->failed, seconds);
}

static void print_summary(const struct progress *p, const struct update_totals *t)
{
	if (p->tty)
		fputc('\n', stderr);
	if (t->offline && t->offline == t->failed)
		cli_error(_("offline: no network, %d sources not fetched (stored articles stay readable)"),
			  t->offline);
	else if (t->offline)
		cli_error(_("offline: %d sources could not be reached"), t->offline);
	if (p->n_failures) {
		fprintf(stderr, _("%d sources failed:\n"), p->n_failures);
		fputs(p->failures.data, stderr);
	}
	if (!p->quiet)
		printf(_("fetched %d sources: %lld new, %lld updated, %d not modified, %d failed\n"),
		       t->done, (long long)t->new_articles, (long long)t->updated_articles,
		       t->not_modified, t->failed);
}

int cmd_fetch(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(fetch_usage)))
		return 0;
	struct update_options o;
	update_options_default(&o);
	fill_limits(cli->settings, &o.limits);
	o.pages = (int)settings_get_int(cli->settings, "pages");
	o.settings = cli->settings;
	struct progress p = {.tty = isatty(STDERR_FILENO) && isatty(STDOUT_FILENO)};
	int first_source = argc;
	for (int i = 1; i < argc; i++) {
		long v;
		if (strcmp(argv[i], "--jobs") == 0 || strcmp(argv[i], "-j") == 0) {
			if (cli_parse_int(argv[i], i + 1 < argc ? argv[i + 1] : NULL, 1, 256, &v) < 0)
				return EXIT_USAGE;
			o.limits.jobs = (int)v;
			i++;
		} else if (strcmp(argv[i], "--pages") == 0) {
			if (cli_parse_int(argv[i], i + 1 < argc ? argv[i + 1] : NULL, 1, 1000, &v) < 0)
				return EXIT_USAGE;
			o.pages = (int)v;
			i++;
		} else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
			p.quiet = true;
			p.tty = false;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error(_("unknown option %s"), argv[i]);
			fputs(_(fetch_usage), stderr);
			return EXIT_USAGE;
		} else {
			first_source = i;
			break;
		}
	}
	struct store *st;
	if (cli_open_store(cli, true, &st) < 0)
		return 1;
	if (store_archive_writable(st) < 0) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	int lock = fetch_lock(cli);
	if (lock == -2) {
		printf(_("warta fetch: another fetch is running; skipped\n"));
		return 0;
	}
	if (lock < 0)
		return 1;
	struct timespec started;
	clock_gettime(CLOCK_MONOTONIC, &started);
	int64_t *ids = NULL;
	size_t n_ids = 0;
	if (first_source < argc) {
		if (resolve_sources(st, argv + first_source, argc - first_source, &ids) < 0)
			return EXIT_USAGE;
		n_ids = (size_t)(argc - first_source);
	}
	buf_init(&p.failures);
	o.on_source = on_source;
	o.ctx = &p;
	o.interrupt = &interrupted;
	struct sigaction sa = {.sa_handler = on_sigint};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct update_totals t;
	char err[512];
	int rc = update_run(st, ids, n_ids, &o, &t, err, sizeof err);
	free(ids);
	if (rc < 0) {
		cli_error("%s", err);
		buf_free(&p.failures);
		return 1;
	}
	print_summary(&p, &t);
	print_journal_line(&p, &t, seconds_since(&started));
	buf_free(&p.failures);
	if (interrupted) {
		cli_error(_("interrupted: %d of %d sources done"), t.done, t.sources);
		return 1;
	}
	return t.failed ? 1 : 0;
}
