#include "config.h"
#include "opml.h"
#include "i18n.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/* Outlines nest (folders); deeper than this is not a subscription list. */
#define OPML_MAX_DEPTH 32

static char *prop(xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

struct walk {
	opml_outline_fn fn;
	void *ctx;
	int found;
	int stop;
};

static void walk_outlines(struct walk *w, xmlNode *parent, const char *category, int depth)
{
	if (depth > OPML_MAX_DEPTH)
		return;
	for (xmlNode *n = parent->children; n && !w->stop; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || xmlStrcasecmp(n->name, (const xmlChar *)"outline"))
			continue;
		char *url = prop(n, "xmlUrl");
		if (!url)
			url = prop(n, "xmlurl");
		if (!url)
			url = prop(n, "url");
		char *title = prop(n, "title");
		char *text = prop(n, "text");
		if (url && *url) {
			struct opml_outline o = {url, title ? title : text, category};
			w->found++;
			if (w->fn(w->ctx, &o))
				w->stop = 1;
		} else {
			walk_outlines(w, n, text ? text : title, depth + 1);
		}
		xmlFree(url);
		xmlFree(title);
		xmlFree(text);
	}
}

int opml_parse(const char *data, size_t len, opml_outline_fn fn, void *ctx, char *err,
	       size_t errlen)
{
	if (len > (size_t)INT32_MAX) {
		snprintf(err, errlen, "%s", _("file too large"));
		return -1;
	}
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER;
	xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL, opts);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || xmlStrcasecmp(root->name, (const xmlChar *)"opml")) {
		snprintf(err, errlen, "%s", _("not an OPML document (no <opml> root element)"));
		xmlFreeDoc(doc);
		return -1;
	}
	struct walk w = {fn, ctx, 0, 0};
	for (xmlNode *n = root->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)"body"))
			walk_outlines(&w, n, NULL, 0);
	xmlFreeDoc(doc);
	return w.found;
}

static void add_attr(struct buf *out, const char *name, const char *value)
{
	buf_printf(out, " %s=\"", name);
	for (const char *p = value; *p; p++) {
		switch (*p) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\n': buf_adds(out, "&#10;"); break;
		default:
			if ((unsigned char)*p >= 0x20 || *p == '\t')
				buf_addc(out, *p);
		}
	}
	buf_addc(out, '"');
}

void opml_begin(struct buf *out, const char *title)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head>\n<title>");
	for (const char *p = title; *p; p++) {
		if (*p == '<') buf_adds(out, "&lt;");
		else if (*p == '&') buf_adds(out, "&amp;");
		else buf_addc(out, *p);
	}
	buf_adds(out, "</title>\n</head>\n<body>\n");
}

void opml_add(struct buf *out, const char *url, const char *title)
{
	buf_adds(out, "<outline type=\"rss\"");
	add_attr(out, "text", title && *title ? title : url);
	if (title && *title)
		add_attr(out, "title", title);
	add_attr(out, "xmlUrl", url);
	buf_adds(out, "/>\n");
}

void opml_end(struct buf *out)
{
	buf_adds(out, "</body>\n</opml>\n");
}
