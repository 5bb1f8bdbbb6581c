/* warta sources: subscribe (by URL or from the KPU directory), unsubscribe, list,
 * OPML import and export. */
#include "config.h"
#include "commands.h"
#include "directory.h"
#include "i18n.h"
#include "opml.h"
#include "render.h"
#include "store.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/url.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char sources_usage[] = N_(
	"usage: warta sources add URL [--title T] [--office SLUG] [--full-text]\n"
	"       warta sources add --office SLUG [--url URL] [--full-text]\n"
	"       warta sources add --province NAME | --all-offices\n"
	"       warta sources remove ID|URL...\n"
	"       warta sources list [--format text|json]\n"
	"       warta sources import FILE.opml\n"
	"       warta sources export [FILE]\n");

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_verror(fmt, ap);
	va_end(ap);
	fputs(_(sources_usage), stderr);
	return EXIT_USAGE;
}

/* A file path becomes an absolute file:// URL; a bare host gets https://. */
static char *normalise_url(const char *in)
{
	char scheme[16];
	if (url_scheme(in, scheme, sizeof scheme) && strstr(in, "://"))
		return xstrdup(in);
	struct stat st;
	if (stat(in, &st) == 0 && S_ISREG(st.st_mode)) {
		char *abs = realpath(in, NULL);
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "file://%s", abs ? abs : in);
		free(abs);
		return buf_steal(&b);
	}
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "https://%s", in);
	return buf_steal(&b);
}

static int check_scheme(const char *url)
{
	char scheme[16];
	if (!url_scheme(url, scheme, sizeof scheme) ||
	    (strcmp(scheme, "http") && strcmp(scheme, "https") && strcmp(scheme, "file"))) {
		cli_error(_("%s: only http, https and file URLs can be subscribed"), url);
		return -1;
	}
	return 0;
}

static int add_one(struct store *st, const char *url, const char *title, const char *office,
		   bool full_text, bool quiet_if_known)
{
	int64_t id;
	int rc = store_source_add(st, url, title, office, full_text, &id);
	if (rc < 0) {
		cli_error(_("cannot add %s: %s"), url, store_errmsg(st));
		return -1;
	}
	if (rc == 1) {
		if (!quiet_if_known)
			printf(_("already subscribed: %s (source %lld)\n"), url, (long long)id);
		return 0;
	}
	printf(_("subscribed: %s (source %lld%s%s)\n"), url, (long long)id, office ? ", " : "",
	       office ? office : "");
	return 0;
}

static int add_office(struct store *st, const struct office *o, const char *url_override,
		      bool full_text)
{
	char *url = url_override ? normalise_url(url_override) : directory_news_url(o);
	int rc = add_one(st, url, o->name, o->slug, full_text, false);
	free(url);
	return rc;
}

/* Office slugs that already have a source, each with that source's id. */
struct office_sources {
	char **slugs;
	int64_t *ids;
	size_t n;
};

static int collect_office_source(void *ctx, const struct store_source *s)
{
	struct office_sources *os = ctx;
	if (!s->office)
		return 0;
	os->slugs = xrealloc(os->slugs, (os->n + 1) * sizeof *os->slugs);
	os->ids = xrealloc(os->ids, (os->n + 1) * sizeof *os->ids);
	os->slugs[os->n] = xstrdup(s->office);
	os->ids[os->n++] = s->id;
	return 0;
}

static int64_t office_source(const struct office_sources *os, const char *slug)
{
	for (size_t i = 0; i < os->n; i++)
		if (strcmp(os->slugs[i], slug) == 0)
			return os->ids[i];
	return 0;
}

/* Subscribes every office of a province (province NULL: every office) in one
 * transaction. An office that already has a source (perhaps under a URL of the user's
 * choosing) keeps it and gets no second one. */
static int add_offices(struct store *st, const char *province, bool full_text)
{
	struct office_sources os = {0};
	if (store_source_list(st, collect_office_source, &os) < 0 || store_begin(st) < 0) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	int failed = 0, added = 0, known = 0;
	for (size_t i = 0; i < directory_count(); i++) {
		const struct office *o = directory_at(i);
		if (province && strcmp(o->province, province) != 0)
			continue;
		int64_t id = office_source(&os, o->slug);
		if (id) {
			printf(_("already subscribed: %s (source %lld)\n"), o->slug, (long long)id);
			known++;
		} else if (add_office(st, o, NULL, full_text) < 0) {
			failed = 1;
		} else {
			added++;
		}
	}
	for (size_t i = 0; i < os.n; i++)
		free(os.slugs[i]);
	free(os.slugs);
	free(os.ids);
	if (store_commit(st) < 0) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	printf(_("%d offices subscribed, %d already subscribed\n"), added, known);
	return failed;
}

static int add_province(struct store *st, const char *name, bool full_text)
{
	const char *province = directory_province_name(name);
	if (!province) {
		cli_error(_("no province matches \"%s\" (see warta offices)"), name);
		return 1;
	}
	return add_offices(st, province, full_text);
}

static int sources_add(struct cli *cli, int argc, char **argv)
{
	const char *url = NULL, *title = NULL, *office = NULL, *province = NULL, *url_opt = NULL;
	bool all = false, full_text = false;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char **target = NULL;
		if (strcmp(a, "--title") == 0)
			target = &title;
		else if (strcmp(a, "--office") == 0)
			target = &office;
		else if (strcmp(a, "--province") == 0)
			target = &province;
		else if (strcmp(a, "--url") == 0)
			target = &url_opt;
		else if (strcmp(a, "--all-offices") == 0)
			all = true;
		else if (strcmp(a, "--full-text") == 0)
			full_text = true;
		else if (a[0] == '-' && a[1])
			return usage_error(_("unknown option %s"), a);
		else if (url)
			return usage_error(_("one URL at a time, not also \"%s\""), a);
		else
			url = a;
		if (target) {
			if (i + 1 >= argc)
				return usage_error(_("%s needs a value"), a);
			*target = argv[++i];
		}
	}
	if (!url && !office && !province && !all)
		return usage_error("%s", _("sources add needs a URL, --office, --province or --all-offices"));
	const struct office *o = NULL;
	if (office && !(o = directory_find_slug(office))) {
		cli_error(_("no office with the slug \"%s\" (see warta offices --search)"), office);
		return 1;
	}
	struct store *st;
	if (cli_open_store(cli, true, &st) < 0)
		return 1;
	if (all)
		return add_offices(st, NULL, full_text);
	if (province)
		return add_province(st, province, full_text);
	if (!url)
		return add_office(st, o, url_opt, full_text) < 0;
	char *norm = normalise_url(url);
	if (check_scheme(norm) < 0) {
		free(norm);
		return 1;
	}
	if (!o)
		o = directory_find_url(norm);
	int rc = add_one(st, norm, title ? title : (o ? o->name : NULL), o ? o->slug : NULL,
			 full_text, false);
	free(norm);
	return rc < 0;
}

static int sources_remove(struct cli *cli, int argc, char **argv)
{
	if (argc < 3)
		return usage_error("%s", _("sources remove needs an ID or URL"));
	struct store *st;
	if (cli_open_store(cli, true, &st) < 0)
		return 1;
	int status = 0;
	for (int i = 2; i < argc; i++) {
		struct store_source src = {0};
		int rc = store_source_find(st, argv[i], &src);
		if (rc == 1) {
			cli_error(_("no source \"%s\" (see warta sources list)"), argv[i]);
			status = 1;
		} else if (rc < 0 || store_source_remove(st, src.id) < 0) {
			cli_error(_("cannot remove %s: %s"), argv[i], store_errmsg(st));
			status = 1;
		} else {
			printf(_("removed: %s\n"), src.url);
		}
		store_source_clear(&src);
	}
	return status;
}

static void format_time(int64_t t, char *out, size_t len)
{
	if (!t) {
		snprintf(out, len, "-");
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

static int print_source_text(void *ctx, const struct store_source *s)
{
	(void)ctx;
	char ok[32], errt[32];
	format_time(s->last_success, ok, sizeof ok);
	format_time(s->last_error_time, errt, sizeof errt);
	char *title = text_sanitize(s->title ? s->title : "", 0);
	char *url = text_sanitize(s->url, 0);
	const char *status = s->last_error ? _("FAIL") : (s->last_success ? _("ok") : _("new"));
	printf("%4lld  %-4s  %-7s  %5lld/%-5lld  %s  %s\n", (long long)s->id, status,
	       s->kind ? s->kind : "", (long long)s->n_unread, (long long)s->n_articles, url,
	       title);
	printf("      %s %s", _("last success:"), ok);
	if (s->office)
		printf("  %s %s", _("office:"), s->office);
	putchar('\n');
	if (s->last_error) {
		char *e = text_sanitize(s->last_error, 0);
		if (s->last_status)
			printf("      %s %s (HTTP %d, %s)\n", _("last error:"), e, s->last_status,
			       errt);
		else
			printf("      %s %s (%s)\n", _("last error:"), e, errt);
		free(e);
	}
	free(title);
	free(url);
	return 0;
}

struct json_list {
	struct buf out;
	int n;
};

static int print_source_json(void *ctx, const struct store_source *s)
{
	struct json_list *j = ctx;
	struct buf *b = &j->out;
	buf_adds(b, j->n++ ? ",\n " : " ");
	buf_adds(b, "{\"id\": ");
	json_add_int(b, s->id);
	buf_adds(b, ", \"url\": ");
	json_add_string(b, s->url);
	buf_adds(b, ", \"title\": ");
	json_add_string(b, s->title);
	buf_adds(b, ", \"kind\": ");
	json_add_string(b, s->kind);
	buf_adds(b, ", \"office\": ");
	json_add_string(b, s->office);
	buf_adds(b, ", \"full_text\": ");
	json_add_bool(b, s->full_text);
	buf_adds(b, ", \"articles\": ");
	json_add_int(b, s->n_articles);
	buf_adds(b, ", \"unread\": ");
	json_add_int(b, s->n_unread);
	buf_adds(b, ", \"last_success\": ");
	json_add_time(b, s->last_success, s->last_success != 0);
	buf_adds(b, ", \"last_error\": ");
	json_add_string(b, s->last_error);
	buf_adds(b, ", \"last_status\": ");
	if (s->last_status)
		json_add_int(b, s->last_status);
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"last_error_time\": ");
	json_add_time(b, s->last_error_time, s->last_error_time != 0);
	buf_adds(b, "}");
	fwrite(b->data, 1, b->len, stdout);
	buf_reset(b);
	return 0;
}

static int sources_list(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			const char *f = argv[++i];
			if (strcmp(f, "json") == 0)
				json = true;
			else if (strcmp(f, "text") != 0)
				return usage_error(_("unknown format \"%s\" (text or json)"), f);
		} else if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else {
			return usage_error(_("unknown option %s"), argv[i]);
		}
	}
	struct store *st;
	if (cli_open_store(cli, false, &st) < 0)
		return 1;
	int rc;
	if (json) {
		struct json_list j = {.n = 0};
		buf_init(&j.out);
		fputs("[\n", stdout);
		rc = store_source_list(st, print_source_json, &j);
		fputs("\n]\n", stdout);
		buf_free(&j.out);
	} else {
		rc = store_source_list(st, print_source_text, NULL);
	}
	if (rc < 0) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	return 0;
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	struct buf b;
	buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > 64u << 20) {
			snprintf(err, errlen, _("%s: file larger than 64 MiB"), path);
			fclose(f);
			buf_free(&b);
			return NULL;
		}
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return buf_steal(&b);
}

struct import_ctx {
	struct store *st;
	int added;
	int known;
	int skipped;   /* not http(s): said so, not an error */
	int failed;
};

static int import_outline(void *ctx, const struct opml_outline *o)
{
	struct import_ctx *ic = ctx;
	char scheme[16];
	if (!url_scheme(o->url, scheme, sizeof scheme) ||
	    (strcmp(scheme, "http") && strcmp(scheme, "https"))) {
		cli_error(_("skipped %s: only http and https feeds are imported"), o->url);
		ic->skipped++;
		return 0;
	}
	const struct office *off = directory_find_url(o->url);
	int64_t id;
	int rc = store_source_add(ic->st, o->url, o->title, off ? off->slug : NULL, false, &id);
	if (rc < 0) {
		cli_error(_("cannot add %s: %s"), o->url, store_errmsg(ic->st));
		ic->failed++;
	}
	ic->added += rc == 0;
	ic->known += rc == 1;
	return 0;
}

static int sources_import(struct cli *cli, int argc, char **argv)
{
	if (argc != 3)
		return usage_error("%s", _("sources import needs one OPML file"));
	char err[512];
	size_t len;
	char *data = read_file(argv[2], &len, err, sizeof err);
	if (!data) {
		cli_error("%s", err);
		return 1;
	}
	struct store *st;
	if (cli_open_store(cli, true, &st) < 0) {
		free(data);
		return 1;
	}
	struct import_ctx ic = {.st = st};
	if (store_begin(st) < 0) {
		cli_error("%s", store_errmsg(st));
		free(data);
		return 1;
	}
	int n = opml_parse(data, len, import_outline, &ic, err, sizeof err);
	free(data);
	if (n < 0) {
		store_rollback(st);
		cli_error("%s: %s", argv[2], err);
		return 1;
	}
	if (store_commit(st) < 0) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	printf(_("%d sources imported, %d already subscribed, %d skipped\n"), ic.added, ic.known,
	       ic.skipped + ic.failed);
	return ic.failed ? 1 : 0;
}

static int export_outline(void *ctx, const struct store_source *s)
{
	opml_add(ctx, s->url, s->title);
	return 0;
}

/* Written to a temporary file next to the target and renamed, so a crash never leaves
 * half a file where a good one was. */
static int write_atomically(const char *path, const struct buf *b)
{
	struct buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp.data, "wb");
	int rc = -1;
	if (f) {
		bool ok = fwrite(b->data, 1, b->len, f) == b->len;
		ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
		ok &= fclose(f) == 0;
		rc = ok && rename(tmp.data, path) == 0 ? 0 : -1;
	}
	if (rc < 0) {
		cli_error(_("cannot write %s: %s"), path, strerror(errno));
		unlink(tmp.data);
	}
	buf_free(&tmp);
	return rc;
}

static int sources_export(struct cli *cli, int argc, char **argv)
{
	if (argc > 3)
		return usage_error("%s", _("sources export takes at most one file name"));
	struct store *st;
	if (cli_open_store(cli, false, &st) < 0)
		return 1;
	struct buf b;
	buf_init(&b);
	opml_begin(&b, _("warta subscriptions"));
	int rc = store_source_list(st, export_outline, &b);
	opml_end(&b);
	if (rc < 0) {
		cli_error("%s", store_errmsg(st));
	} else if (argc == 3) {
		rc = write_atomically(argv[2], &b);
	} else {
		fwrite(b.data, 1, b.len, stdout);
	}
	buf_free(&b);
	return rc < 0;
}

int cmd_sources(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv, _(sources_usage)))
		return argc < 2 ? usage_error("%s", _("sources needs a subcommand")) : 0;
	const char *sub = argv[1];
	if (strcmp(sub, "add") == 0)
		return sources_add(cli, argc, argv);
	if (strcmp(sub, "remove") == 0 || strcmp(sub, "rm") == 0)
		return sources_remove(cli, argc, argv);
	if (strcmp(sub, "list") == 0 || strcmp(sub, "ls") == 0)
		return sources_list(cli, argc, argv);
	if (strcmp(sub, "import") == 0)
		return sources_import(cli, argc, argv);
	if (strcmp(sub, "export") == 0)
		return sources_export(cli, argc, argv);
	return usage_error(_("unknown subcommand \"%s\""), sub);
}
