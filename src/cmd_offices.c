/* warta offices (the KPU directory with subscription status) and warta reclassify. */
#include "config.h"
#include "commands.h"
#include "directory.h"
#include "i18n.h"
#include "store.h"
#include "update.h"
#include "util/buf.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char offices_usage[] = N_(
	"usage: warta offices [--province P] [--level ri|provinsi|kabupaten|kota]\n"
	"                     [--search TEXT] [--format text|json]\n");

static const char reclassify_usage[] = N_("usage: warta reclassify [--quiet]\n");

/* Case-insensitive substring test for ASCII text (office names are ASCII). */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (str_ncasecmp_ascii(hay, needle, n) == 0)
			return true;
	return n == 0;
}

struct subscribed {
	char **slugs;
	size_t n;
};

static int collect_office(void *ctx, const struct store_source *s)
{
	struct subscribed *sub = ctx;
	if (!s->office)
		return 0;
	sub->slugs = xrealloc(sub->slugs, (sub->n + 1) * sizeof *sub->slugs);
	sub->slugs[sub->n++] = xstrdup(s->office);
	return 0;
}

static bool is_subscribed(const struct subscribed *sub, const char *slug)
{
	for (size_t i = 0; i < sub->n; i++)
		if (strcmp(sub->slugs[i], slug) == 0)
			return true;
	return false;
}

static void office_json(struct buf *b, const struct office *o, bool subscribed)
{
	buf_adds(b, "{\"slug\": ");
	json_add_string(b, o->slug);
	buf_adds(b, ", \"level\": ");
	json_add_string(b, o->level);
	buf_adds(b, ", \"name\": ");
	json_add_string(b, o->name);
	buf_adds(b, ", \"province\": ");
	json_add_string(b, *o->province ? o->province : NULL);
	buf_adds(b, ", \"domain\": ");
	json_add_string(b, o->domain);
	buf_adds(b, ", \"domain_status\": ");
	json_add_string(b, o->domain_status);
	buf_adds(b, ", \"tz\": ");
	json_add_string(b, o->tz);
	buf_adds(b, ", \"subscribed\": ");
	json_add_bool(b, subscribed);
	buf_addc(b, '}');
}

int cmd_offices(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(offices_usage)))
		return 0;
	const char *province = NULL, *level = NULL, *search = NULL;
	bool json = false;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **target = NULL;
		if (strcmp(argv[i], "--province") == 0)
			target = &province;
		else if (strcmp(argv[i], "--level") == 0)
			target = &level;
		else if (strcmp(argv[i], "--search") == 0)
			target = &search;
		else if (strcmp(argv[i], "--format") == 0 && v && (!strcmp(v, "json") || !strcmp(v, "text"))) {
			json = strcmp(v, "json") == 0;
			i++;
			continue;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = true;
			continue;
		}
		if (!target || !v) {
			cli_error(target ? _("%s needs a value") : _("unknown option %s"), argv[i]);
			fputs(_(offices_usage), stderr);
			return EXIT_USAGE;
		}
		*target = v;
		i++;
	}
	const char *prov_name = NULL;
	if (province && !(prov_name = directory_province_name(province))) {
		cli_error(_("no province matches \"%s\""), province);
		return 1;
	}
	struct subscribed sub = {0};
	struct store *st;
	if (cli_open_store(cli, false, &st) == 0)
		store_source_list(st, collect_office, &sub);
	struct buf b;
	buf_init(&b);
	int n = 0;
	if (json)
		buf_adds(&b, "[\n");
	for (size_t i = 0; i < directory_count(); i++) {
		const struct office *o = directory_at(i);
		if ((prov_name && strcmp(o->province, prov_name) != 0) ||
		    (level && str_casecmp_ascii(o->level, level) != 0) ||
		    (search && !contains_ci(o->name, search) && !contains_ci(o->slug, search)))
			continue;
		bool s = is_subscribed(&sub, o->slug);
		if (json) {
			buf_adds(&b, n ? ",\n " : " ");
			office_json(&b, o, s);
		} else {
			buf_printf(&b, "%c %-24s %-9s %-4s %-40s %s\n", s ? '*' : ' ', o->slug, o->level,
				   o->tz, o->name, o->domain);
		}
		n++;
	}
	if (json)
		buf_adds(&b, n ? "\n]\n" : "]\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	for (size_t i = 0; i < sub.n; i++)
		free(sub.slugs[i]);
	free(sub.slugs);
	return 0;
}

struct reclassify_ctx {
	struct store *st;
	long done;
	bool progress;
	int failed;
};

static int reclassify_one(void *ctx, const struct store_article *row)
{
	struct reclassify_ctx *rc = ctx;
	struct store_article a = {0};
	a.title = row->title;
	a.body_text = row->body_text;
	update_classify_article(&a);
	if (store_article_classify(rc->st, row->id, row->office, a.mentions, a.n_mentions,
				   a.divisions, a.n_divisions) < 0)
		rc->failed = 1;
	a.title = NULL;
	a.body_text = NULL;
	store_article_clear(&a);
	rc->done++;
	if (rc->progress && rc->done % 1000 == 0) {
		fputs("\r\033[K", stderr);
		fprintf(stderr, _("%ld articles classified"), rc->done);
		fflush(stderr);
	}
	return rc->failed;
}

int cmd_reclassify(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(reclassify_usage)))
		return 0;
	bool quiet = argc > 1 && (strcmp(argv[1], "--quiet") == 0 || strcmp(argv[1], "-q") == 0);
	if (argc > (quiet ? 2 : 1)) {
		fputs(_(reclassify_usage), stderr);
		return EXIT_USAGE;
	}
	struct store *st;
	if (cli_open_store(cli, true, &st) < 0)
		return 1;
	struct reclassify_ctx rc = {.st = st, .progress = !quiet && isatty(STDERR_FILENO)};
	/* One transaction: either the whole archive follows the new vocabulary or none. */
	if (store_begin(st) < 0 || store_article_each(st, reclassify_one, &rc) < 0 || rc.failed) {
		cli_error(_("reclassify failed, nothing changed: %s"), store_errmsg(st));
		store_rollback(st);
		return 1;
	}
	if (store_commit(st) < 0) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	if (rc.progress)
		fputc('\n', stderr);
	if (!quiet)
		printf(_("%ld articles classified\n"), rc.done);
	return 0;
}
