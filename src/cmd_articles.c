/* warta list, export and show: the non-interactive twins of the article list and the
 * article view, in text, JSON and CSV. */
#include "config.h"
#include "commands.h"
#include "date.h"
#include "i18n.h"
#include "query.h"
#include "render.h"
#include "store.h"
#include "util/buf.h"
#include "util/json.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static const char list_usage[] = N_(
	"usage: warta list [FILTERS] [--limit N] [--format text|json|csv]\n"
	"       warta export [FILTERS] [--format json|csv]\n"
	"filters (combined with AND):\n"
	"  --office Q      publishing office: slug or part of its name\n"
	"  --province P    publishing office's province\n"
	"  --mentions Q    articles that name office Q\n"
	"  --division D    division id or name (TEKNIS, HUKUM, SOSDIKLIH, ...)\n"
	"  --tag T         --unread   --flagged\n"
	"  --search TEXT   full-text search\n"
	"  --since DATE    --until DATE   (YYYY-MM-DD)\n"
	"  --source ID     articles of one source\n"
	"  --query Q       a query in the filter language (see warta(1))\n");

static const char show_usage[] = N_("usage: warta show ID [--format text|json] [--width N]\n");

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV };

struct list_opts {
	struct buf query;
	long limit;        /* 0 = no limit */
	enum out_format format;
};

static void add_term(struct buf *q, const char *key, const char *value)
{
	char *quoted = query_quote(value);
	buf_printf(q, "%s%s:%s", q->len ? " " : "", key, quoted);
	free(quoted);
}

/* --search takes plain words, never filter syntax: each word is quoted, so "OR",
 * "office:x" or "-kpu" are searched for as written. */
static void add_search_words(struct buf *q, const char *text)
{
	const char *p = text;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			return;
		buf_adds(q, q->len ? " \"" : "\"");
		for (; *p && *p != ' ' && *p != '\t' && *p != '\n'; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(q, '\\');
			buf_addc(q, *p);
		}
		buf_addc(q, '"');
	}
}

static int parse_format(const char *v, enum out_format *f, bool allow_text)
{
	if (v && strcmp(v, "json") == 0)
		*f = OUT_JSON;
	else if (v && strcmp(v, "csv") == 0)
		*f = OUT_CSV;
	else if (v && allow_text && strcmp(v, "text") == 0)
		*f = OUT_TEXT;
	else {
		cli_error(_("unknown format \"%s\" (%s)"), v ? v : "", allow_text ? "text, json, csv" : "json, csv");
		return -1;
	}
	return 0;
}

/* Options shared by list and export. Returns 0, or EXIT_USAGE after an error. */
static int parse_list_opts(int argc, char **argv, bool is_export, struct list_opts *o)
{
	static const char *const keyed[][2] = {
		{"--office", "office"}, {"--province", "province"}, {"--mentions", "mentions"},
		{"--division", "division"}, {"--tag", "tag"}, {"--since", "since"},
		{"--until", "until"}, {"--source", "source"},
	};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool done = false;
		for (size_t k = 0; k < sizeof keyed / sizeof keyed[0] && !done; k++) {
			if (strcmp(a, keyed[k][0]) != 0)
				continue;
			if (!v) {
				cli_error(_("%s needs a value"), a);
				return EXIT_USAGE;
			}
			add_term(&o->query, keyed[k][1], v);
			i++;
			done = true;
		}
		if (done)
			continue;
		bool takes_value = strcmp(a, "--search") == 0 || strcmp(a, "--query") == 0 ||
				   strcmp(a, "--format") == 0;
		if (takes_value && !v) {
			cli_error(_("%s needs a value"), a);
			return EXIT_USAGE;
		}
		if (strcmp(a, "--unread") == 0) {
			buf_adds(&o->query, o->query.len ? " is:unread" : "is:unread");
		} else if (strcmp(a, "--flagged") == 0) {
			buf_adds(&o->query, o->query.len ? " is:flagged" : "is:flagged");
		} else if (strcmp(a, "--search") == 0 && v) {
			add_search_words(&o->query, v);
			i++;
		} else if (strcmp(a, "--query") == 0 && v) {
			buf_printf(&o->query, "%s(%s)", o->query.len ? " " : "", v);
			i++;
		} else if (strcmp(a, "--limit") == 0 && !is_export) {
			if (cli_parse_int(a, v, 1, 100000000, &o->limit) < 0)
				return EXIT_USAGE;
			i++;
		} else if (strcmp(a, "--format") == 0) {
			if (parse_format(v, &o->format, !is_export) < 0)
				return EXIT_USAGE;
			i++;
		} else if (strcmp(a, "--json") == 0) {
			o->format = OUT_JSON;
		} else {
			cli_error(_("unknown option %s (see warta %s --help)"), a, argv[0]);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* ---- rows */

static void json_string_array(struct buf *b, char *const *items, size_t n)
{
	buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(b, ", ");
		json_add_string(b, items[i]);
	}
	buf_addc(b, ']');
}

static void article_json(struct buf *b, const struct store_article *a, bool with_body,
			 const struct render_result *rr)
{
	buf_adds(b, "{\"id\": ");
	json_add_int(b, a->id);
	buf_adds(b, ", \"url\": ");
	json_add_string(b, a->url ? a->url : "");
	buf_adds(b, ", \"title\": ");
	json_add_string(b, a->title ? a->title : "");
	buf_adds(b, ", \"published\": ");
	json_add_time(b, a->published, a->has_published);
	buf_adds(b, ", \"author\": ");
	json_add_string(b, a->author);
	buf_adds(b, ", \"source\": {\"id\": ");
	json_add_int(b, a->source_id);
	buf_adds(b, ", \"url\": ");
	json_add_string(b, a->source_url ? a->source_url : "");
	buf_adds(b, ", \"title\": ");
	json_add_string(b, a->source_title);
	buf_adds(b, "}, \"office\": ");
	if (a->office) {
		buf_adds(b, "{\"slug\": ");
		json_add_string(b, a->office);
		buf_adds(b, ", \"name\": ");
		json_add_string(b, a->office_name ? a->office_name : a->office);
		buf_adds(b, ", \"province\": ");
		json_add_string(b, a->office_province && *a->office_province ? a->office_province : NULL);
		buf_addc(b, '}');
	} else {
		buf_adds(b, "null");
	}
	buf_adds(b, ", \"mentions\": [");
	for (size_t i = 0; i < a->n_mentions; i++) {
		buf_adds(b, i ? ", " : "");
		json_add_string(b, a->mentions[i].office);
	}
	buf_adds(b, "], \"divisions\": [");
	for (size_t i = 0; i < a->n_divisions; i++) {
		buf_adds(b, i ? ", " : "");
		json_add_string(b, a->divisions[i].id);
	}
	buf_adds(b, "], \"tags\": ");
	json_string_array(b, a->tags, a->n_tags);
	buf_adds(b, ", \"read\": ");
	json_add_bool(b, a->read);
	buf_adds(b, ", \"flagged\": ");
	json_add_bool(b, a->flagged);
	/* The list shape is documented and stable; what only the article view needs
	 * comes after it. */
	if (with_body) {
		buf_adds(b, ", \"published_estimated\": ");
		json_add_bool(b, a->published_estimated);
		buf_adds(b, ", \"body\": ");
		json_add_string(b, rr && rr->text ? rr->text : (a->body_text ? a->body_text : ""));
		buf_adds(b, ", \"links\": ");
		json_string_array(b, rr ? rr->links : NULL, rr ? rr->n_links : 0);
		buf_adds(b, ", \"evidence\": {");
		for (size_t i = 0; i < a->n_divisions; i++) {
			buf_adds(b, i ? ", " : "");
			json_add_string(b, a->divisions[i].id);
			buf_adds(b, ": ");
			json_add_string(b, a->divisions[i].evidence);
		}
		buf_addc(b, '}');
	}
	buf_addc(b, '}');
}

/* One CSV field holding a space-separated list. */
static void csv_list(struct buf *b, struct buf *scratch)
{
	csv_add_field(b, scratch->data);
	buf_reset(scratch);
}

static void article_csv(struct buf *b, const struct store_article *a)
{
	char date[21] = "";
	if (a->has_published)
		date_format_iso(a->published, date);
	buf_printf(b, "%lld,", (long long)a->id);
	csv_add_field(b, date);
	buf_addc(b, ',');
	csv_add_field(b, a->office);
	buf_addc(b, ',');
	csv_add_field(b, a->title);
	buf_addc(b, ',');
	csv_add_field(b, a->url);
	buf_addc(b, ',');
	csv_add_field(b, a->author);
	buf_printf(b, ",%lld,", (long long)a->source_id);
	struct buf list;
	buf_init(&list);
	for (size_t i = 0; i < a->n_mentions; i++)
		buf_printf(&list, "%s%s", i ? " " : "", a->mentions[i].office);
	csv_list(b, &list);
	buf_addc(b, ',');
	for (size_t i = 0; i < a->n_divisions; i++)
		buf_printf(&list, "%s%s", i ? " " : "", a->divisions[i].id);
	csv_list(b, &list);
	buf_addc(b, ',');
	for (size_t i = 0; i < a->n_tags; i++)
		buf_printf(&list, "%s%s", i ? " " : "", a->tags[i]);
	csv_list(b, &list);
	buf_free(&list);
	buf_printf(b, ",%s,%s\r\n", a->read ? "true" : "false", a->flagged ? "true" : "false");
}

static void article_text(struct buf *b, const struct store_article *a)
{
	char date[20] = "---------- --:--";
	if (a->has_published) {
		time_t t = (time_t)a->published;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
	}
	char flags[4] = {a->read ? ' ' : 'N', a->flagged ? '!' : ' ', a->n_tags ? 'T' : ' ', 0};
	char *title = text_sanitize(a->title ? a->title : "", 0);
	buf_printf(b, "%6lld  %s%s  %-22.22s %s  %s\n", (long long)a->id, date,
		   a->published_estimated ? "~" : " ", a->office ? a->office : "-", flags, title);
	free(title);
}

struct list_ctx {
	struct store *st;
	enum out_format format;
	struct buf out;
	long count;
	long limit;
	struct store_page_key last;
};

static int on_row(void *ctx, const struct store_article *row)
{
	struct list_ctx *lc = ctx;
	lc->last.published = row->published;
	lc->last.id = row->id;
	lc->count++;
	/* Rows come light from paging; JSON and CSV need the classification too. */
	struct store_article full = {0};
	const struct store_article *a = row;
	if (lc->format != OUT_TEXT && store_article_get(lc->st, row->id, &full) == 0)
		a = &full;
	if (lc->format == OUT_JSON) {
		buf_adds(&lc->out, lc->count > 1 ? ",\n " : " ");
		article_json(&lc->out, a, false, NULL);
	} else if (lc->format == OUT_CSV) {
		article_csv(&lc->out, a);
	} else {
		article_text(&lc->out, a);
	}
	store_article_clear(&full);
	fwrite(lc->out.data, 1, lc->out.len, stdout);
	buf_reset(&lc->out);
	return 0;
}

/* Walks the matching articles newest first, a page at a time, so memory stays flat at
 * any archive size. */
static int walk_articles(struct store *st, const struct query_sql *q, struct list_ctx *lc)
{
	const int page = 500;
	for (;;) {
		long before = lc->count;
		int want = page;
		if (lc->limit && lc->limit - lc->count < want)
			want = (int)(lc->limit - lc->count);
		if (want <= 0)
			return 0;
		if (store_article_page(st, q, before ? &lc->last : NULL, false, want, on_row, lc) < 0)
			return -1;
		if (lc->count - before < want)
			return 0;
	}
}

static int run_list(struct cli *cli, int argc, char **argv, bool is_export)
{
	if (cli_wants_help(argc, argv, _(list_usage)))
		return 0;
	struct list_opts o = {.format = is_export ? OUT_JSON : OUT_TEXT};
	buf_init(&o.query);
	int rc = parse_list_opts(argc, argv, is_export, &o);
	struct query_sql q = {0};
	char err[512];
	size_t pos = 0;
	if (rc == 0 && query_compile(o.query.data, &q, err, sizeof err, &pos) < 0) {
		cli_error(_("bad filter: %s"), err);
		rc = EXIT_USAGE;
	}
	struct store *st;
	if (rc == 0 && cli_open_store(cli, false, &st) < 0)
		rc = 1;
	if (rc == 0) {
		struct list_ctx lc = {.st = st, .format = o.format, .limit = o.limit};
		buf_init(&lc.out);
		if (o.format == OUT_JSON)
			fputs("[\n", stdout);
		else if (o.format == OUT_CSV)
			fputs("id,published,office,title,url,author,source,mentions,divisions,tags,read,flagged\r\n", stdout);
		if (walk_articles(st, &q, &lc) < 0) {
			cli_error("%s", store_errmsg(st));
			rc = 1;
		}
		if (o.format == OUT_JSON)
			fputs(lc.count ? "\n]\n" : "]\n", stdout);
		buf_free(&lc.out);
	}
	query_sql_free(&q);
	buf_free(&o.query);
	return rc;
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
	return run_list(cli, argc, argv, false);
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	return run_list(cli, argc, argv, true);
}

/* ---- show */

static int terminal_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col > 100 ? 100 : ws.ws_col;
	return 80;
}

static void header_line(struct buf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	char *safe = text_sanitize(value, 0);
	buf_printf(b, "%-10s %s\n", label, safe);
	free(safe);
}

/* A long title wraps under itself rather than past the width the body keeps to. */
static void header_wrapped(struct buf *b, const char *label, const char *value, int width)
{
	if (!value || !*value)
		return;
	char *safe = text_sanitize(value, 0);
	char *wrapped = text_wrap(safe, width > 31 ? width - 11 : 20);
	buf_printf(b, "%-10s ", label);
	for (const char *p = wrapped ? wrapped : safe; *p; p++) {
		buf_addc(b, *p);
		if (*p == '\n' && p[1])
			buf_printf(b, "%11s", "");
	}
	if (!b->len || b->data[b->len - 1] != '\n')
		buf_addc(b, '\n');
	free(wrapped);
	free(safe);
}

static void show_text(struct buf *b, const struct store_article *a, const struct render_result *rr,
		      int width)
{
	char date[64] = "";
	if (a->has_published) {
		time_t t = (time_t)a->published;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(date, sizeof date, "%Y-%m-%d %H:%M %Z", &tm);
		if (a->published_estimated)
			snprintf(date + strlen(date), sizeof date - strlen(date), " (%s)", _("estimated"));
	}
	header_wrapped(b, _("Title:"), a->title, width);
	header_line(b, _("Office:"), a->office_name ? a->office_name : a->office);
	header_line(b, _("Source:"), a->source_title ? a->source_title : a->source_url);
	header_line(b, _("Date:"), date);
	header_line(b, _("Author:"), a->author);
	for (size_t i = 0; i < a->n_divisions; i++) {
		struct buf d;
		buf_init(&d);
		buf_printf(&d, "%s (\"%s\")", a->divisions[i].id, a->divisions[i].evidence ? a->divisions[i].evidence : "");
		header_line(b, i ? "" : _("Division:"), d.data);
		buf_free(&d);
	}
	struct buf m;
	buf_init(&m);
	for (size_t i = 0; i < a->n_mentions; i++)
		buf_printf(&m, "%s%s", i ? ", " : "", a->mentions[i].office);
	header_line(b, _("Mentions:"), m.data);
	buf_reset(&m);
	for (size_t i = 0; i < a->n_tags; i++)
		buf_printf(&m, "%s%s", i ? ", " : "", a->tags[i]);
	header_line(b, _("Tags:"), m.data);
	buf_free(&m);
	header_line(b, _("Link:"), a->url);
	buf_addc(b, '\n');
	char *body = render_with_link_list(rr);
	buf_adds(b, body);
	free(body);
	if (b->len && b->data[b->len - 1] != '\n')
		buf_addc(b, '\n');
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, _(show_usage)))
		return 0;
	enum out_format format = OUT_TEXT;
	long id = 0, width = terminal_width();
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--format") == 0) {
			if (parse_format(v, &format, true) < 0 || format == OUT_CSV)
				return EXIT_USAGE;
			i++;
		} else if (strcmp(argv[i], "--json") == 0) {
			format = OUT_JSON;
		} else if (strcmp(argv[i], "--width") == 0) {
			if (cli_parse_int(argv[i], v, 20, 1000, &width) < 0)
				return EXIT_USAGE;
			i++;
		} else if (id == 0 && argv[i][0] != '-') {
			if (cli_parse_int(_("article id"), argv[i], 1, LONG_MAX, &id) < 0)
				return EXIT_USAGE;
		} else {
			cli_error(_("unknown option %s"), argv[i]);
			fputs(_(show_usage), stderr);
			return EXIT_USAGE;
		}
	}
	if (!id) {
		cli_error("%s", _("show needs an article id (see warta list)"));
		fputs(_(show_usage), stderr);
		return EXIT_USAGE;
	}
	struct store *st;
	if (cli_open_store(cli, false, &st) < 0)
		return 1;
	struct store_article a = {0};
	int rc = store_article_get(st, id, &a);
	if (rc != 0) {
		cli_error(rc == 1 ? _("no article %ld (see warta list)") : _("cannot read article %ld"), id);
		return 1;
	}
	const char *html = a.body_html ? a.body_html : a.summary;
	struct render_result rr = {0};
	if (html)
		render_html(html, strlen(html), a.url, format == OUT_JSON ? 0 : (int)width, &rr);
	if (!rr.text && a.body_text)
		rr.text = text_wrap(a.body_text, format == OUT_JSON ? 0 : (int)width);
	struct buf b;
	buf_init(&b);
	if (format == OUT_JSON) {
		article_json(&b, &a, true, &rr);
		buf_addc(&b, '\n');
	} else {
		show_text(&b, &a, &rr, (int)width);
	}
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	render_result_free(&rr);
	store_article_clear(&a);
	return 0;
}
