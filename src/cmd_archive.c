/* warta archive export|import: an archive subset in a file, for a laptop or a sync. */
#include "config.h"
#include "commands.h"
#include "i18n.h"
#include "query.h"
#include "store.h"
#include "util/buf.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char archive_usage[] = N_(
	"usage: warta archive export [--since DATE] [--office Q]... [--fetched-after SECONDS] FILE|-\n"
	"       warta archive import FILE|-\n"
	"  export writes the matching articles with their sources and classification to a new\n"
	"  archive file (open it with --db FILE or --archive FILE, or merge it elsewhere);\n"
	"  import merges such a file into this archive: no duplicates, safe to repeat.\n"
	"  --since DATE        articles published on or after DATE (YYYY-MM-DD, or 7d, 2w)\n"
	"  --office Q          articles of an office (slug or name; repeat for more)\n"
	"  --fetched-after S   articles fetched at or after S (UTC seconds; used by sync)\n");

/* The command's filters as query text: since:DATE (office:A OR office:B ...). */
static int export_filter(int argc, char **argv, int *last, struct buf *text,
			 int64_t *fetched_after)
{
	int offices = 0;
	struct buf any;
	buf_init(&any);
	int i = 2;
	for (; i < argc - 1; i++) {
		const char *opt = argv[i];
		if (strcmp(opt, "--since") == 0 || strcmp(opt, "--office") == 0) {
			char *quoted = query_quote(argv[++i]);
			if (opt[2] == 's')
				buf_printf(text, "since:%s ", quoted);
			else
				buf_printf(&any, "%soffice:%s", offices++ ? " OR " : "", quoted);
			free(quoted);
		} else if (strcmp(opt, "--fetched-after") == 0) {
			long v;
			if (cli_parse_int(opt, argv[++i], 0, LONG_MAX, &v) < 0) {
				buf_free(&any);
				return -1;
			}
			*fetched_after = v;
		} else {
			cli_error(_("unknown option %s (see warta archive --help)"), opt);
			buf_free(&any);
			return -1;
		}
	}
	if (offices)
		buf_printf(text, "(%s)", any.data);
	buf_free(&any);
	if (i != argc - 1) {
		cli_error("%s", _("archive export needs a FILE (or - for standard output) last"));
		return -1;
	}
	*last = i;
	return 0;
}

/* "-": the file goes through a private temporary file (SQLite needs a real one). */
static char *temp_path(void)
{
	const char *dir = getenv("TMPDIR");
	char *path = xmalloc(PATH_MAX);
	snprintf(path, PATH_MAX, "%s/warta-archive.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		cli_error(_("cannot create a temporary file in %s: %s"), dir && *dir ? dir : "/tmp",
			  strerror(errno));
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

static int copy_stream(FILE *from, FILE *to)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, from)) > 0)
		if (fwrite(chunk, 1, n, to) != n)
			return -1;
	return ferror(from) || fflush(to) != 0 ? -1 : 0;
}

static int copy_file(const char *from_path, FILE *to)
{
	FILE *from = fopen(from_path, "rb");
	int rc = from ? copy_stream(from, to) : -1;
	if (from)
		fclose(from);
	return rc;
}

static int archive_export(struct cli *cli, int argc, char **argv)
{
	struct buf text;
	buf_init(&text);
	int64_t fetched_after = 0;
	int last;
	if (export_filter(argc, argv, &last, &text, &fetched_after) < 0) {
		buf_free(&text);
		return EXIT_USAGE;
	}
	struct query_sql where = {0};
	char err[256];
	int rc = query_compile(text.data ? text.data : "", &where, err, sizeof err, NULL);
	buf_free(&text);
	if (rc < 0) {
		cli_error(_("bad filter: %s"), err);
		return EXIT_USAGE;
	}
	const char *file = argv[last];
	bool to_stdout = strcmp(file, "-") == 0;
	char *path = to_stdout ? temp_path() : xstrdup(file);
	struct store *st;
	int64_t n = 0;
	int status = path && cli_open_store(cli, false, &st) == 0 ? 0 : 1;
	if (status == 0 && store_archive_export(st, &where, fetched_after, path, &n) < 0) {
		cli_error("%s", store_errmsg(st));
		status = 1;
	}
	if (status == 0 && to_stdout && copy_file(path, stdout) < 0) {
		cli_error(_("cannot write the archive to standard output"));
		status = 1;
	}
	if (status == 0)
		fprintf(to_stdout ? stderr : stdout, _("exported %lld articles to %s\n"),
			(long long)n, to_stdout ? _("standard output") : file);
	if (to_stdout && path)
		unlink(path);
	free(path);
	query_sql_free(&where);
	return status;
}

static int archive_import(struct cli *cli, const char *file)
{
	bool from_stdin = strcmp(file, "-") == 0;
	char *path = from_stdin ? temp_path() : xstrdup(file);
	int status = path ? 0 : 1;
	if (status == 0 && from_stdin) {
		FILE *f = fopen(path, "wb");
		if (!f || copy_stream(stdin, f) < 0) {
			cli_error(_("cannot read the archive from standard input"));
			status = 1;
		}
		if (f)
			fclose(f);
	}
	struct store *st;
	struct store_transfer t;
	if (status == 0 && cli_open_store(cli, true, &st) < 0)
		status = 1;
	if (status == 0 && store_archive_import(st, path, &t) < 0) {
		cli_error("%s", store_errmsg(st));
		status = 1;
	}
	if (status == 0)
		printf(_("imported %s: %lld new articles, %lld updated, %lld already here,"
			 " %lld new sources\n"), from_stdin ? _("standard input") : file,
		       (long long)t.articles_new, (long long)t.articles_updated,
		       (long long)(t.articles_unchanged + t.articles_linked),
		       (long long)t.sources_new);
	if (from_stdin && path)
		unlink(path);
	free(path);
	return status;
}

int cmd_archive(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(archive_usage)))
		return 0;
	const char *sub = argc > 1 ? argv[1] : "";
	if (strcmp(sub, "export") == 0 && argc >= 3)
		return archive_export(cli, argc, argv);
	if (strcmp(sub, "import") == 0 && argc == 3)
		return archive_import(cli, argv[2]);
	fputs(_(archive_usage), stderr);
	return EXIT_USAGE;
}
