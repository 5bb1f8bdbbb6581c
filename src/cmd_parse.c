/* warta parse [--json] [--base URL] FILE|-: reads one feed document without storing it.
 * Items are written as the parser hands them over, so memory stays flat. */
#include "config.h"
#include "commands.h"
#include "feed.h"
#include "i18n.h"
#include "render.h"
#include "util/buf.h"
#include "util/json.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK_BYTES = 64 * 1024 };

struct parse_output {
	bool json;
	size_t n_items;
	bool header_done;
	struct feed_parser *parser;
	struct buf out;
};

static void usage(FILE *f)
{
	fputs(_("usage: warta parse [--json] [--base URL] FILE|-\n"
		"Parses one RSS, Atom or JSON Feed document (FILE, or - for standard\n"
		"input) without storing it and prints its items.\n"
		"  --json      print {\"format\", \"wellformed\", \"feed\", \"items\"} as JSON\n"
		"  --base URL  resolve relative links against URL (the feed's address)\n"
		"  --help      show this help\n"
		"Exit status: 0 a feed was read (even if recovered), 1 not a feed or\n"
		"unreadable, 2 usage error.\n"), f);
}

/* Adds s as it may reach a terminal: render's sanitiser drops escape sequences, C0/C1
 * controls and bidi overrides; newlines and tabs go too, as each field is one line. */
static void add_clean(struct buf *b, const char *s)
{
	char *safe = text_sanitize(s ? s : "", 0);
	buf_adds(b, safe);
	free(safe);
}

static void flush(struct buf *b)
{
	fwrite(b->data, 1, b->len, stdout);
	buf_reset(b);
}

static void json_enclosures(struct buf *b, const struct feed_item *it)
{
	buf_adds(b, ", \"enclosures\": [");
	for (size_t i = 0; i < it->n_enclosures; i++) {
		const struct feed_enclosure *e = &it->enclosures[i];
		buf_adds(b, i ? ", {\"url\": " : "{\"url\": ");
		json_add_string(b, e->url);
		buf_adds(b, ", \"type\": ");
		json_add_string(b, e->type);
		buf_adds(b, ", \"length\": ");
		if (e->length >= 0)
			json_add_int(b, e->length);
		else
			buf_adds(b, "null");
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

static void json_item(struct buf *b, const struct feed_item *it, bool first)
{
	buf_adds(b, first ? "\n  {\"title\": " : ",\n  {\"title\": ");
	json_add_string(b, it->title);
	buf_adds(b, ", \"link\": ");
	json_add_string(b, it->link);
	buf_adds(b, ", \"guid\": ");
	json_add_string(b, it->guid);
	buf_adds(b, ", \"author\": ");
	json_add_string(b, it->author);
	buf_adds(b, ", \"published\": ");
	json_add_time(b, it->published, it->has_published);
	buf_adds(b, ", \"updated\": ");
	json_add_time(b, it->updated, it->has_updated);
	buf_adds(b, ", \"summary\": ");
	json_add_string(b, it->summary);
	buf_adds(b, ", \"content\": ");
	json_add_string(b, it->content);
	buf_adds(b, ", \"categories\": [");
	for (size_t i = 0; i < it->n_categories; i++) {
		if (i)
			buf_adds(b, ", ");
		json_add_string(b, it->categories[i]);
	}
	buf_addc(b, ']');
	json_enclosures(b, it);
	buf_addc(b, '}');
}

static void text_header(struct parse_output *o)
{
	if (o->header_done)
		return;
	o->header_done = true;
	const struct feed_info *fi = feed_parser_info(o->parser);
	buf_printf(&o->out, "%s: %s\n", _("format"),
		   feed_format_name(feed_parser_format(o->parser)));
	buf_printf(&o->out, "%s: ", _("title"));
	add_clean(&o->out, fi->title ? fi->title : "-");
	buf_printf(&o->out, "\n%s: ", _("link"));
	add_clean(&o->out, fi->link ? fi->link : "-");
	buf_adds(&o->out, "\n\n");
}

static void text_item(struct parse_output *o, const struct feed_item *it)
{
	text_header(o);
	struct buf date;
	buf_init(&date);
	json_add_time(&date, it->has_published ? it->published : it->updated,
		      it->has_published || it->has_updated);
	/* "2024-02-14T07:00:00Z" → "2024-02-14 07:00" */
	if (date.len == 22)
		buf_printf(&o->out, "%.10s %.5s  ", date.data + 1, date.data + 12);
	else
		buf_adds(&o->out, "----------------  ");
	buf_free(&date);
	add_clean(&o->out, it->title ? it->title : _("(untitled)"));
	buf_adds(&o->out, "\n                  ");
	add_clean(&o->out, it->link ? it->link : "-");
	buf_addc(&o->out, '\n');
}

static int on_item(void *ctx, const struct feed_item *it)
{
	struct parse_output *o = ctx;
	if (o->json) {
		if (!o->n_items)
			buf_adds(&o->out, "{\"items\": [");
		json_item(&o->out, it, o->n_items == 0);
	} else {
		text_item(o, it);
	}
	o->n_items++;
	flush(&o->out);
	return 0;
}

static void json_trailer(struct parse_output *o)
{
	struct feed_parser *p = o->parser;
	const struct feed_info *fi = feed_parser_info(p);
	struct buf *b = &o->out;
	buf_adds(b, o->n_items ? "\n ],\n \"format\": " : "{\"items\": [],\n \"format\": ");
	json_add_string(b, feed_format_name(feed_parser_format(p)));
	buf_adds(b, ",\n \"wellformed\": ");
	json_add_bool(b, feed_parser_wellformed(p));
	buf_adds(b, ",\n \"feed\": {\"title\": ");
	json_add_string(b, fi->title);
	buf_adds(b, ", \"link\": ");
	json_add_string(b, fi->link);
	buf_adds(b, ", \"subtitle\": ");
	json_add_string(b, fi->subtitle);
	buf_adds(b, ", \"updated\": ");
	json_add_time(b, fi->updated, fi->has_updated);
	buf_adds(b, "}}\n");
	flush(b);
}

static void text_trailer(struct parse_output *o)
{
	text_header(o);
	bool json = feed_parser_format(o->parser) == FEED_FORMAT_JSONFEED;
	const char *recovered = json ? _(" (recovered from ill-formed JSON)")
				     : _(" (recovered from ill-formed XML)");
	buf_printf(&o->out, "\n%zu %s%s\n", o->n_items, o->n_items == 1 ? _("item") : _("items"),
		   feed_parser_wellformed(o->parser) ? "" : recovered);
	flush(&o->out);
}

static void print_warnings(const char *name, const char *warnings)
{
	struct buf b;
	buf_init(&b);
	for (const char *s = warnings; s && *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, n);
		buf_printf(&b, "warta: %s: %s: ", name, _("warning"));
		add_clean(&b, line);
		buf_addc(&b, '\n');
		free(line);
		s += n + (nl ? 1 : 0);
	}
	fwrite(b.data, 1, b.len, stderr);
	buf_free(&b);
}

/* Pushes the whole stream; returns the parser's verdict. */
static int parse_stream(FILE *f, const char *name, struct feed_parser *p)
{
	char *chunk = xmalloc(CHUNK_BYTES);
	int status = 0;
	size_t n;
	while ((n = fread(chunk, 1, CHUNK_BYTES, f)) > 0) {
		if (feed_parser_push(p, chunk, n) != 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "warta: %s: %s\n", name, strerror(errno));
		status = -1;
	}
	free(chunk);
	if (feed_parser_finish(p) != 0)
		status = -2;
	return status;
}

static int run(FILE *f, const char *name, const char *base, bool json)
{
	struct parse_output o = { .json = json };
	buf_init(&o.out);
	o.parser = feed_parser_new(base, NULL, on_item, &o);
	int status = parse_stream(f, name, o.parser);
	int rc = 0;
	if (status == -2) {
		char *why = xstrdup(feed_parser_error(o.parser));
		struct buf b;
		buf_init(&b);
		add_clean(&b, why);
		fprintf(stderr, _("warta: %s: not a feed: %s\n"), name, b.data);
		buf_free(&b);
		free(why);
		rc = 1;
	} else {
		if (json)
			json_trailer(&o);
		else
			text_trailer(&o);
		print_warnings(name, feed_parser_warnings(o.parser));
		rc = status ? 1 : 0;
	}
	feed_parser_free(o.parser);
	buf_free(&o.out);
	return rc;
}

int cmd_parse(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	const char *file = NULL, *base = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--json") == 0) {
			json = true;
		} else if (strcmp(a, "--base") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, _("warta parse: --base needs a URL\n"));
				return EXIT_USAGE;
			}
			base = argv[++i];
		} else if (strncmp(a, "--base=", 7) == 0) {
			base = a + 7;
		} else if (a[0] == '-' && a[1] && !file) {
			fprintf(stderr, _("warta parse: unknown option %s\n"), a);
			usage(stderr);
			return EXIT_USAGE;
		} else if (!file) {
			file = a;
		} else {
			fprintf(stderr, _("warta parse: only one file can be parsed at a time\n"));
			return EXIT_USAGE;
		}
	}
	if (!file) {
		fprintf(stderr, _("warta parse: a FILE (or - for standard input) is needed\n"));
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(file, "-") == 0)
		return run(stdin, "-", base, json);
	FILE *f = fopen(file, "rb");
	if (!f) {
		fprintf(stderr, "warta: %s: %s\n", file, strerror(errno));
		return 1;
	}
	int rc = run(f, file, base, json);
	fclose(f);
	return rc;
}
