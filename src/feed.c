#include "config.h"
#include "feed.h"
#include "feed_repair.h"
#include "feed_json.h"
#include "date.h"
#include "util/buf.h"
#include "util/url.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/entities.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* Text, attribute and warning bounds that are not user limits. */
enum {
	MAX_CATEGORIES = 256,
	MAX_ENCLOSURES = 64,
	MAX_WARNINGS = 20,
	HEAD_BYTES = 1024,     /* bytes held to read the BOM and the XML declaration */
	ROOT_NAME_MAX = 64,
	MAX_DECLARED = 256,            /* internal entities remembered per document */
	DECLARED_VALUE_MAX = 1024,     /* longer replacement texts are dropped */
	EXPANSION_BUDGET = 1024 * 1024, /* bytes all references together may expand to */
	DERIVED_TITLE_MAX = 80,        /* bytes of text a title-less item is titled with */
};

/* ---- Namespaces and elements ---------------------------------------------------- */

enum ns {
	NS_NONE, NS_RSS10, NS_RSS090, NS_RDF, NS_ATOM10, NS_ATOM03, NS_DC, NS_CONTENT,
	NS_ITUNES, NS_MEDIA, NS_XHTML, NS_OTHER,
};

static const struct {
	const char *uri;
	enum ns ns;
} namespaces[] = {
	{ "http://purl.org/rss/1.0/", NS_RSS10 },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_RSS090 },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
	{ "http://www.w3.org/2005/Atom", NS_ATOM10 },
	{ "http://purl.org/atom/ns#", NS_ATOM03 },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
};

static enum ns ns_of(const xmlChar *uri)
{
	if (!uri || !*uri)
		return NS_NONE;
	for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++)
		if (strcmp((const char *)uri, namespaces[i].uri) == 0)
			return namespaces[i].ns;
	return NS_OTHER;
}

static bool ns_is_rss(enum ns ns)
{
	return ns == NS_NONE || ns == NS_RSS10 || ns == NS_RSS090;
}

static bool ns_is_atom(enum ns ns)
{
	return ns == NS_ATOM10 || ns == NS_ATOM03;
}

/* What an element is to its parent; one byte per open element. */
enum role { ROLE_OTHER, ROLE_ROOT, ROLE_CHANNEL, ROLE_ITEM, ROLE_AUTHOR, ROLE_GROUP };

/* The fields text is captured for. Ranks decide between sources of the same field. */
enum field {
	F_NONE, F_TITLE, F_LINK, F_GUID, F_AUTHOR, F_PUBLISHED, F_UPDATED, F_SUMMARY,
	F_CONTENT, F_CATEGORY, F_SUBTITLE, F_COUNT,
};

/* How captured text is to be read. */
enum kind {
	KIND_TEXT,   /* plain text; child elements contribute their text only */
	KIND_HTML,   /* escaped HTML: the decoded text is markup */
	KIND_XHTML,  /* inline XHTML: child elements are the markup */
	KIND_HTML_IF_LIKELY, /* HTML when it holds known tags or entities (RSS titles) */
};

struct capture {
	enum field field;
	enum kind kind;
	int rank;
	size_t depth;          /* depth of the element whose text is captured */
	size_t wrapper_depth;  /* depth of the XHTML wrapper <div>, 0 when none */
	bool seen_child;       /* an element or non-blank text came before any wrapper */
	bool tag_open;         /* a serialised start tag still lacks its '>' */
	bool permalink;        /* an RSS guid that is the item's address */
	bool base64;           /* Atom 0.3 mode="base64" */
	bool truncated;
};

/* Where the relative URLs inside an item's HTML (summary, content) resolve. */
struct html_field {
	bool markup;            /* the field holds HTML whose URLs are to be resolved */
	char *xml_base;         /* the xml:base in effect on its element; NULL: none */
};

struct item_state {
	struct feed_item item;
	int rank[F_COUNT];
	struct html_field summary_html, content_html;
	size_t categories_cap;
	size_t enclosures_cap;
};

struct input {
	enum { IN_DETECT, IN_UTF8, IN_UTF8_LOOSE, IN_CP1252, IN_UTF16LE, IN_UTF16BE,
	       IN_ICONV, IN_GUESS } mode;
	int fallback;           /* IN_GUESS: the declared single-byte decoder */
	bool cd_open;
	struct buf head;        /* bytes held until the encoding is known */
	unsigned char pending[8];
	size_t n_pending;       /* UTF-8 bytes of a sequence split across chunks */
	unsigned char raw[8];
	size_t n_raw;           /* undecoded bytes (UTF-16, iconv) split across chunks */
	struct buf decoded;     /* transcoded to UTF-8, maybe with invalid bytes */
	struct buf clean;       /* valid UTF-8 without characters XML forbids */
	struct buf joined;
	iconv_t cd;
	struct markup_repair *repair;
};

struct feed_parser {
	xmlParserCtxtPtr ctxt;
	struct feed_limits limits;
	feed_item_fn on_item;
	void *ctx;
	char *base_url;

	struct input in;
	size_t bytes_in;
	bool saw_content;       /* a byte other than whitespace arrived */
	bool stopped;           /* nothing more is parsed */
	bool not_feed;
	bool callback_stop;
	enum field cut_field;   /* the item field whose text the end of input cut, if any */
	bool root_seen;
	bool bare_atom;         /* <feed> without a namespace, read as Atom 1.0 */
	bool wellformed;
	char *error;
	struct buf warnings;
	size_t n_warnings;

	enum feed_format format;
	size_t depth;
	size_t stack_cap;
	unsigned char *roles;
	char **bases;           /* effective xml:base per depth */
	bool *base_owned;

	struct capture cap;
	struct buf text;

	struct feed_info info;
	int info_rank[F_COUNT];

	size_t item_depth;      /* 0 when not inside an item */
	struct item_state cur;
	size_t n_items;

	struct json_feed *json; /* set when the document is JSON */
	struct declared { char *name, *text; } *declared; /* the DTD's internal entities */
	size_t n_declared;
	size_t expanded_bytes;
	xmlEntity expansion;    /* what sax_get_entity hands libxml2 for a declared entity */
};

/* ---- Messages ------------------------------------------------------------------- */

static void set_error(struct feed_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_error(struct feed_parser *p, const char *fmt, ...)
{
	if (p->error)
		return;
	va_list ap;
	va_start(ap, fmt);
	p->error = str_vprintf(fmt, ap);
	va_end(ap);
}

static void warn(struct feed_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void warn(struct feed_parser *p, const char *fmt, ...)
{
	p->n_warnings++;
	if (p->n_warnings > MAX_WARNINGS) {
		if (p->n_warnings == MAX_WARNINGS + 1)
			buf_adds(&p->warnings, "further warnings suppressed\n");
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&p->warnings, fmt, ap);
	va_end(ap);
	buf_addc(&p->warnings, '\n');
}

/* Stops libxml2 for good; further input is ignored. */
static void stop(struct feed_parser *p)
{
	p->stopped = true;
	if (p->ctxt)
		xmlStopParser(p->ctxt);
}

/* ---- Entities -------------------------------------------------------------------- */

/* HTML entities never reach libxml2: the pre-pass (feed_repair.c) turns them into
 * character references. What does is declared in the DTD or unknown. Like feedparser,
 * an internal entity whose replacement is plain text ("Komisi Pemilihan Umum", a
 * character reference) is expanded, as text, within a budget; one that refers to other
 * entities, an external one and an unknown one yield nothing. Without nesting there is no
 * billion laughs; the value cap and the budget bound the quadratic blow-up; nothing
 * outside the document is ever read. */
static xmlEntity empty_entity = { .type = XML_ENTITY_DECL, .name = BAD_CAST "",
	.content = BAD_CAST "", .length = 0, .etype = XML_INTERNAL_PREDEFINED_ENTITY };

static size_t decode_entity(const char *s, struct buf *out);

/* The replacement text of a declared value as plain text, or NULL when it refers to
 * another entity or is too long. */
static char *declared_text(const char *value)
{
	if (strlen(value) > DECLARED_VALUE_MAX)
		return NULL;
	struct buf out;
	buf_init(&out);
	static const char *const predefined[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	for (const char *s = value; *s;) {
		if (*s != '&') {
			buf_addc(&out, *s++);
			continue;
		}
		bool plain = s[1] == '#';
		for (size_t i = 0; i < 5 && !plain; i++)
			plain = str_starts_with(s, predefined[i]);
		size_t k = plain ? decode_entity(s, &out) : 0;
		if (!k) {
			buf_free(&out);
			return NULL;
		}
		s += k;
	}
	char *text = xstrdup(out.data ? out.data : "");
	buf_free(&out);
	return text;
}

static void sax_entity_decl(void *user, const xmlChar *name, int type, const xmlChar *public_id,
			    const xmlChar *system_id, xmlChar *content)
{
	struct feed_parser *p = user;
	(void)public_id, (void)system_id;
	if (type != XML_INTERNAL_GENERAL_ENTITY || !content || p->n_declared >= MAX_DECLARED)
		return;
	for (size_t i = 0; i < p->n_declared; i++)
		if (strcmp(p->declared[i].name, (const char *)name) == 0)
			return; /* the first declaration binds */
	char *text = declared_text((const char *)content);
	if (!text)
		return;
	if (!p->declared)
		p->declared = xcalloc(MAX_DECLARED, sizeof *p->declared);
	p->declared[p->n_declared++] = (struct declared){ xstrdup((const char *)name), text };
}

static const char *declared_lookup(const struct feed_parser *p, const xmlChar *name)
{
	for (size_t i = 0; i < p->n_declared; i++)
		if (strcmp(p->declared[i].name, (const char *)name) == 0)
			return p->declared[i].text;
	return NULL;
}

static xmlEntityPtr sax_get_entity(void *user, const xmlChar *name)
{
	struct feed_parser *p = user;
	/* In attribute values an unknown entity is simply dropped. Inside the DTD libxml2
	 * asks after each declaration and would hang its own copy of the value on what we
	 * return (a leak, and a write to the shared empty entity): nothing is returned. */
	if (p->ctxt->instate == XML_PARSER_ATTRIBUTE_VALUE || p->ctxt->inSubset)
		return NULL;
	const char *text = declared_lookup(p, name);
	if (text && p->expanded_bytes + strlen(text) > EXPANSION_BUDGET) {
		if (p->expanded_bytes <= EXPANSION_BUDGET)
			warn(p, "entities expanded to more than %d bytes; the rest yield nothing",
			     EXPANSION_BUDGET);
		p->expanded_bytes = EXPANSION_BUDGET + 1;
		text = NULL;
	}
	if (!text) {
		p->wellformed = false;
		return &empty_entity;
	}
	p->expanded_bytes += strlen(text);
	p->expansion = empty_entity;
	p->expansion.content = BAD_CAST text;
	p->expansion.length = (int)strlen(text);
	return &p->expansion;
}

static xmlParserInputPtr no_entity_loader(const char *url, const char *id,
					  xmlParserCtxtPtr ctxt)
{
	return NULL;
}

/* ---- Input: encodings to clean UTF-8 ---------------------------------------------- */

static void add_utf8(struct buf *b, unsigned long c)
{
	char s[4];
	if (c < 0x80) {
		buf_addc(b, (char)c);
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3F));
		buf_add(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[3] = (char)(0x80 | (c & 0x3F));
		buf_add(b, s, 4);
	}
}

#define REPLACEMENT 0xFFFDul

/* Length of the UTF-8 sequence at s (avail bytes): >0 valid, 0 invalid, -1 when it
 * is a valid beginning cut off by the end of the data. For an invalid one, *bad is the
 * length of its longest valid beginning (at least 1), replaced by one U+FFFD. */
static int utf8_sequence(const unsigned char *s, size_t avail, size_t *bad)
{
	unsigned c = s[0];
	int n;
	unsigned lo = 0x80, hi = 0xBF;
	*bad = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((size_t)i >= avail)
			return -1;
		unsigned d = s[i];
		if (i == 1 ? (d < lo || d > hi) : (d & 0xC0) != 0x80)
			return 0;
		*bad = (size_t)i + 1;
	}
	return n;
}

/* Whether a character of the valid sequence s (n bytes) is one XML 1.0 forbids. */
static bool xml_forbidden(const unsigned char *s, int n)
{
	if (n == 1)
		return s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' && s[0] != '\r';
	return n == 3 && s[0] == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF);
}

/* Length of the leading part of s that can go to libxml2 untouched. */
/* Whether the 8 bytes at s are all printable ASCII (0x20..0x7F): no borrow, no high bit. */
static bool word_plain(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof w);
	return ((w | (w - UINT64_C(0x2020202020202020))) & UINT64_C(0x8080808080808080)) == 0;
}

static size_t utf8_clean_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (i + 8 <= n && word_plain(s + i)) {
			i += 8;
			continue;
		}
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x80) {
			i++;
			continue;
		}
		size_t bad;
		int k = utf8_sequence(s + i, n - i, &bad);
		if (k <= 0 || xml_forbidden(s + i, k))
			break;
		i += (size_t)k;
	}
	return i;
}

/* The bytes held back from the previous chunk (a cut sequence) go in front of this one. */
static const unsigned char *input_join_pending(struct input *in, const char *data, size_t *n)
{
	if (!in->n_pending)
		return (const unsigned char *)data;
	buf_reset(&in->joined);
	buf_add(&in->joined, (const char *)in->pending, in->n_pending);
	buf_add(&in->joined, data, *n);
	in->n_pending = 0;
	*n = in->joined.len;
	return (const unsigned char *)in->joined.data;
}

/* Repairs UTF-8: invalid bytes become U+FFFD (or, for a document whose encoding is
 * unknown, their Windows-1252 reading); a sequence cut by the chunk's end waits in
 * pending. Returns the data to give libxml2. */
static const char *input_clean(struct input *in, const char *data, size_t *len, bool final)
{
	size_t n = *len;
	const unsigned char *s = input_join_pending(in, data, &n);
	size_t i = utf8_clean_prefix(s, n);
	if (i == n) {
		*len = n;
		return (const char *)s;
	}
	buf_reset(&in->clean);
	buf_add(&in->clean, (const char *)s, i);
	while (i < n) {
		size_t bad;
		int k = utf8_sequence(s + i, n - i, &bad);
		if (k < 0 && !final && n - i < sizeof in->pending) {
			memcpy(in->pending, s + i, n - i);
			in->n_pending = n - i;
			break;
		}
		if (k > 0 && !xml_forbidden(s + i, k)) {
			buf_add(&in->clean, (const char *)s + i, (size_t)k);
			i += (size_t)k;
			continue;
		}
		if (k == 1) {
			add_utf8(&in->clean, REPLACEMENT); /* a control XML forbids */
			i++;
		} else if (k > 1) {
			add_utf8(&in->clean, REPLACEMENT);
			i += (size_t)k;
		} else if (in->mode == IN_UTF8_LOOSE) {
			add_utf8(&in->clean, cp1252_char(s[i]));
			i++;
		} else {
			add_utf8(&in->clean, REPLACEMENT);
			i += k < 0 ? n - i : bad;
		}
	}
	*len = in->clean.len;
	return in->clean.data;
}

static void decode_cp1252(struct input *in, const unsigned char *s, size_t n)
{
	buf_reset(&in->decoded);
	for (size_t i = 0; i < n; i++)
		add_utf8(&in->decoded, cp1252_char(s[i]));
}

static unsigned long utf16_unit(const unsigned char *s, bool le)
{
	return le ? s[0] | (unsigned long)s[1] << 8 : (unsigned long)s[0] << 8 | s[1];
}

static void decode_utf16(struct input *in, const unsigned char *s, size_t n, bool final)
{
	bool le = in->mode == IN_UTF16LE;
	buf_reset(&in->decoded);
	if (in->n_raw) {
		buf_reset(&in->joined);
		buf_add(&in->joined, (const char *)in->raw, in->n_raw);
		buf_add(&in->joined, (const char *)s, n);
		in->n_raw = 0;
		s = (const unsigned char *)in->joined.data;
		n = in->joined.len;
	}
	size_t i = 0;
	while (i + 1 < n) {
		unsigned long c = utf16_unit(s + i, le);
		if (c >= 0xD800 && c < 0xDC00) {
			if (i + 3 >= n && !final)
				break; /* the pair's second half is in the next chunk */
			unsigned long d = i + 3 < n ? utf16_unit(s + i + 2, le) : 0;
			if (d >= 0xDC00 && d < 0xE000) {
				add_utf8(&in->decoded, 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00));
				i += 4;
				continue;
			}
			c = REPLACEMENT;
		} else if (c >= 0xDC00 && c < 0xE000) {
			c = REPLACEMENT;
		}
		add_utf8(&in->decoded, c);
		i += 2;
	}
	if (i < n) {
		if (final) {
			add_utf8(&in->decoded, REPLACEMENT);
		} else {
			memcpy(in->raw, s + i, n - i);
			in->n_raw = n - i;
		}
	}
}

static void decode_iconv(struct input *in, const char *s, size_t n, bool final)
{
	buf_reset(&in->decoded);
	char *src = (char *)s;
	size_t left = n;
	while (left) {
		char out[4096];
		char *dst = out;
		size_t room = sizeof out;
		size_t r = iconv(in->cd, &src, &left, &dst, &room);
		buf_add(&in->decoded, out, (size_t)(dst - out));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !final && left < sizeof in->raw) {
			memcpy(in->raw, src, left);
			in->n_raw = left;
			break;
		}
		add_utf8(&in->decoded, REPLACEMENT);
		src++;
		left--;
	}
}

static const char *input_decode(struct input *in, const char *data, size_t *len, bool final);

/* Whether the non-ASCII bytes at the start of s are UTF-8 (some 4 KiB of them). */
static bool utf8_plausible(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 4096) {
		size_t bad;
		int k = s[i] < 0x80 ? 1 : utf8_sequence(s + i, n - i, &bad);
		if (k < 0)
			break;
		if (k == 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

/* A document declared in a single-byte encoding whose text is UTF-8 after all (a CMS
 * template that says ISO-8859-1 around UTF-8 articles) is read as UTF-8, as browsers
 * do. ASCII reads the same either way, so the choice waits for the first other byte. */
static const char *input_guess(struct input *in, const char *data, size_t *len, bool final)
{
	size_t n = *len;
	const unsigned char *s = input_join_pending(in, data, &n);
	size_t ascii = 0;
	while (ascii < n && s[ascii] < 0x80)
		ascii++;
	size_t bad;
	int k = ascii < n ? utf8_sequence(s + ascii, n - ascii, &bad) : 1;
	if (ascii == n || (k < 0 && !final)) {
		*len = ascii;
		const char *out = input_clean(in, (const char *)s, len, final);
		memcpy(in->pending, s + ascii, n - ascii); /* a sequence cut by the chunk */
		in->n_pending = n - ascii;
		return out;
	}
	in->mode = k > 0 && utf8_plausible(s + ascii, n - ascii) ? IN_UTF8_LOOSE : in->fallback;
	*len = n;
	return input_decode(in, (const char *)s, len, final);
}

/* Hands decoded text on to libxml2; everything goes in as UTF-8. */
static const char *input_decode(struct input *in, const char *data, size_t *len, bool final)
{
	const unsigned char *s = (const unsigned char *)data;
	switch (in->mode) {
	case IN_CP1252:
		decode_cp1252(in, s, *len);
		break;
	case IN_UTF16LE:
	case IN_UTF16BE:
		decode_utf16(in, s, *len, final);
		break;
	case IN_ICONV:
		if (in->n_raw) {
			buf_reset(&in->joined);
			buf_add(&in->joined, (const char *)in->raw, in->n_raw);
			buf_add(&in->joined, data, *len);
			in->n_raw = 0;
			decode_iconv(in, in->joined.data, in->joined.len, final);
		} else {
			decode_iconv(in, data, *len, final);
		}
		break;
	case IN_GUESS:
		return input_guess(in, data, len, final);
	default:
		return input_clean(in, data, len, final);
	}
	*len = in->decoded.len;
	/* Transcoded text is valid UTF-8; only forbidden characters remain to replace. */
	return input_clean(in, in->decoded.data, len, final);
}

/* The encoding named by the XML declaration at the start of s, into name. */
static bool declared_encoding(const char *s, size_t n, char *name, size_t size)
{
	if (n < 5 || memcmp(s, "<?xml", 5) != 0)
		return false;
	const char *end = memchr(s, '>', n);
	if (!end)
		end = s + n;
	for (const char *q = s; q + 8 < end; q++) {
		if (memcmp(q, "encoding", 8) != 0)
			continue;
		q += 8;
		while (q < end && (*q == ' ' || *q == '=' || *q == '\t'))
			q++;
		if (q >= end || (*q != '"' && *q != '\''))
			return false;
		const char *v = q + 1;
		const char *close = memchr(v, *q, (size_t)(end - v));
		if (!close || (size_t)(close - v) >= size || close == v)
			return false;
		memcpy(name, v, (size_t)(close - v));
		name[close - v] = '\0';
		return true;
	}
	return false;
}

static bool is_label(const char *name, const char *const *labels)
{
	for (; *labels; labels++)
		if (str_casecmp_ascii(name, *labels) == 0)
			return true;
	return false;
}

static bool single_byte(const char *name)
{
	static const char *const prefixes[] = { "iso-8859-", "iso8859-", "iso_8859-", "windows-125",
		"cp125", "koi8", "latin", NULL };
	for (const char *const *q = prefixes; *q; q++)
		if (str_ncasecmp_ascii(name, *q, strlen(*q)) == 0)
			return true;
	return false;
}

/* Picks the decoder from the BOM, the first bytes or the declaration; returns how many
 * bytes of the head (a BOM) to skip. */
static size_t input_detect(struct feed_parser *p)
{
	static const char *const utf8[] = { "utf-8", "utf8", "us-ascii", "ascii", NULL };
	static const char *const latin[] = { "iso-8859-1", "iso8859-1", "latin1", "latin-1",
		"l1", "windows-1252", "cp1252", "x-cp1252", "iso_8859-1", NULL };
	static const char *const utf16[] = { "utf-16", "utf16", "utf-16le", "utf-16be", NULL };
	struct input *in = &p->in;
	const unsigned char *s = (const unsigned char *)in->head.data;
	size_t n = in->head.len;
	in->mode = IN_UTF8;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		return in->mode = IN_UTF16LE, 2;
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		return in->mode = IN_UTF16BE, 2;
	if (n >= 4 && s[0] == '<' && s[1] == 0 && s[2] != 0)
		return in->mode = IN_UTF16LE, 0;
	if (n >= 4 && s[0] == 0 && s[1] == '<' && s[3] != 0)
		return in->mode = IN_UTF16BE, 0;
	char name[64];
	size_t blank = 0; /* blank lines before the declaration are repaired later */
	while (blank < n && strchr(" \t\r\n", s[blank]) && s[blank])
		blank++;
	/* A declaration readable as ASCII cannot be UTF-16, whatever it says. */
	if (!declared_encoding((const char *)s + blank, n - blank, name, sizeof name) ||
	    is_label(name, utf8) || is_label(name, utf16))
		return 0;
	if (is_label(name, latin)) {
		/* Like browsers, ISO-8859-1 is read as its superset Windows-1252: feeds
		 * that say Latin-1 mean the smart quotes, not C1 controls. */
		in->mode = IN_GUESS;
		in->fallback = IN_CP1252;
		return 0;
	}
	in->cd = iconv_open("UTF-8", name);
	if (in->cd != (iconv_t)-1) {
		in->cd_open = true;
		in->mode = IN_ICONV;
		if (single_byte(name)) {
			in->mode = IN_GUESS;
			in->fallback = IN_ICONV;
		}
		return 0;
	}
	in->mode = IN_UTF8_LOOSE;
	warn(p, "unknown encoding \"%s\"; read as UTF-8", name);
	return 0;
}

/* Whether enough of the document is held to choose its encoding. */
static bool head_ready(const struct buf *head)
{
	if (head->len >= HEAD_BYTES)
		return true;
	if (head->len < 4)
		return false;
	const char *s = head->data;
	size_t n = head->len;
	if ((unsigned char)s[0] == 0xEF && n >= 3) {
		s += 3;
		n -= 3;
	}
	while (n > 0 && strchr(" \t\r\n", *s) && *s) {
		s++;
		n--;
	}
	if (n < 5)
		return n > 0 && memcmp(s, "<?xml", n) != 0;
	if (memcmp(s, "<?xml", 5) != 0)
		return true;
	return memchr(s, '>', n) != NULL;
}

/* ---- Attributes ---------------------------------------------------------------------- */

/* An attribute's value with '&' restored: libxml2 leaves it as "&#38;" in attribute
 * values when it does not substitute entities. */
static char *attr_copy(const xmlChar **a)
{
	size_t n = (size_t)(a[4] - a[3]);
	char *v = xmalloc(n + 1);
	size_t k = 0;
	for (size_t j = 0; j < n; j++) {
		v[k++] = (char)a[3][j];
		if (a[3][j] == '&' && j + 4 < n && memcmp(a[3] + j + 1, "#38;", 4) == 0)
			j += 4;
	}
	v[k] = '\0';
	return v;
}

/* A copy of an attribute's value, or NULL. */
static char *attr_value(int n_attrs, const xmlChar **attrs, const char *local, enum ns ns)
{
	for (int i = 0; i < n_attrs; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (strcmp((const char *)a[0], local) == 0 && ns_of(a[2]) == ns)
			return attr_copy(a);
	}
	return NULL;
}

/* The xml:base attribute, which lives in the XML namespace. */
static char *attr_base(int n_attrs, const xmlChar **attrs)
{
	for (int i = 0; i < n_attrs; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (strcmp((const char *)a[0], "base") == 0 && a[2] &&
		    strcmp((const char *)a[2], (const char *)XML_XML_NAMESPACE) == 0)
			return attr_copy(a);
	}
	return NULL;
}

/* ---- Text capture ---------------------------------------------------------------- */

static void text_add(struct feed_parser *p, const char *s, size_t n)
{
	size_t max = p->limits.max_field_bytes;
	if (p->cap.truncated)
		return;
	if (p->text.len + n > max) {
		size_t keep = max - p->text.len;
		/* Cut on a character boundary. */
		while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
			keep--;
		n = keep;
		p->cap.truncated = true;
	}
	buf_add(&p->text, s, n);
}

static void text_add_escaped(struct feed_parser *p, const char *s, size_t n, bool attr)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		default: rep = NULL; break;
		}
		if (!rep)
			continue;
		text_add(p, s + start, i - start);
		text_add(p, rep, strlen(rep));
		start = i + 1;
	}
	text_add(p, s + start, n - start);
}

static void close_open_tag(struct feed_parser *p)
{
	if (p->cap.tag_open) {
		text_add(p, ">", 1);
		p->cap.tag_open = false;
	}
}

/* Whether child elements of the captured element are kept as markup. */
static bool capture_keeps_markup(const struct capture *c)
{
	return (c->field == F_SUMMARY || c->field == F_CONTENT) && c->kind != KIND_TEXT;
}

static void sax_characters(void *user, const xmlChar *s, int n)
{
	struct feed_parser *p = user;
	if (!p->ctxt->wellFormed) {
		/* libxml2 drops entity references after any error; keep it reading them
		 * and remember the error ourselves. */
		p->wellformed = false;
		p->ctxt->wellFormed = 1;
	}
	if (!p->cap.field || n <= 0)
		return;
	struct capture *c = &p->cap;
	bool nested = p->depth > c->depth;
	if (!c->seen_child && !nested && !c->wrapper_depth) {
		for (int i = 0; i < n && !c->seen_child; i++)
			if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
				c->seen_child = true;
	}
	close_open_tag(p);
	if (capture_keeps_markup(c) && (c->kind == KIND_XHTML || nested))
		text_add_escaped(p, (const char *)s, (size_t)n, false);
	else
		text_add(p, (const char *)s, (size_t)n);
}

static const char *const void_elements[] = { "br", "hr", "img", "input", "meta", "link",
	"area", "base", "col", "embed", "param", "source", "track", "wbr", NULL };

static void serialise_start(struct feed_parser *p, const xmlChar *local, int n_attrs,
			    const xmlChar **attrs)
{
	close_open_tag(p);
	text_add(p, "<", 1);
	text_add(p, (const char *)local, strlen((const char *)local));
	for (int i = 0; i < n_attrs; i++) {
		const xmlChar **a = attrs + 5 * i;
		text_add(p, " ", 1);
		if (a[1] && strcmp((const char *)a[1], "xml") == 0)
			text_add(p, "xml:", 4);
		text_add(p, (const char *)a[0], strlen((const char *)a[0]));
		text_add(p, "=\"", 2);
		char *value = attr_copy(a);
		text_add_escaped(p, value, strlen(value), true);
		free(value);
		text_add(p, "\"", 1);
	}
	p->cap.tag_open = true;
}

static void serialise_end(struct feed_parser *p, const xmlChar *local)
{
	if (p->cap.tag_open && is_label((const char *)local, void_elements)) {
		text_add(p, "/>", 2);
		p->cap.tag_open = false;
		return;
	}
	close_open_tag(p);
	text_add(p, "</", 2);
	text_add(p, (const char *)local, strlen((const char *)local));
	text_add(p, ">", 1);
}

/* ---- Field values ----------------------------------------------------------------- */

static bool set_string(char **slot, int *rank, char *value, int new_rank)
{
	if (!value || !*value || (*slot && *rank >= new_rank)) {
		free(value);
		return false;
	}
	free(*slot);
	*slot = value;
	*rank = new_rank;
	return true;
}

static void set_date(int64_t *slot, bool *has, int *rank, const char *text, int new_rank)
{
	int64_t t;
	if (*has && *rank >= new_rank)
		return;
	if (date_parse(text, &t) != 0)
		return;
	*slot = t;
	*has = true;
	*rank = new_rank;
}

/* Decodes one character reference or HTML entity at s ('&'); returns its length, 0 if
 * it is not one. */
static size_t decode_entity(const char *s, struct buf *out)
{
	char name[40];
	size_t n = 0;
	while (n < sizeof name - 1 && s[n + 1] && s[n + 1] != ';')
		name[n] = s[n + 1], n++;
	if (s[n + 1] != ';' || n == 0)
		return 0;
	name[n] = '\0';
	if (name[0] == '#') {
		bool hex = name[1] == 'x' || name[1] == 'X';
		const char *digits = name + (hex ? 2 : 1);
		char *end;
		unsigned long c = strtoul(digits, &end, hex ? 16 : 10);
		if (*end || end == digits || *digits == '-' || *digits == '+' || c == 0 ||
		    c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
			return 0;
		add_utf8(out, c >= 0x80 && c < 0xA0 ? cp1252_char((unsigned char)c) : c);
		return n + 2;
	}
	static const char *const xml_names[] = { "amp", "lt", "gt", "quot", "apos" };
	static const char xml_chars[] = "&<>\"'";
	for (size_t i = 0; i < 5; i++) {
		if (strcmp(name, xml_names[i]) == 0) {
			buf_addc(out, xml_chars[i]);
			return n + 2;
		}
	}
	unsigned long cp[2];
	int k = html_entity_find(name, n, cp);
	for (int i = 0; i < k; i++)
		add_utf8(out, cp[i]);
	return k ? n + 2 : 0;
}

/* Text of an HTML fragment: tags removed, entities decoded. */
static char *html_to_text(const char *html)
{
	struct buf out;
	buf_init(&out);
	const char *s = html;
	/* Past the last '>' no tag can close: looking for one from every '<' there would
	 * take time quadratic in a title of "<a<a<a..." (a fuzzer found it). */
	const char *last_gt = strrchr(html, '>');
	while (*s) {
		const char *end = NULL;
		if (*s == '<' && last_gt && s < last_gt &&
		    (s[1] == '/' || s[1] == '!' || (s[1] >= 'a' && s[1] <= 'z') ||
		     (s[1] >= 'A' && s[1] <= 'Z')))
			end = strchr(s, '>'); /* without one, "<" is text: "x <a" */
		if (end) {
			buf_addc(&out, ' ');
			s = end + 1;
			continue;
		}
		size_t k = *s == '&' ? decode_entity(s, &out) : 0;
		if (k) {
			s += k;
			continue;
		}
		buf_addc(&out, *s++);
	}
	char *text = xstrdup(out.data);
	buf_free(&out);
	return text;
}

static const char *const inline_tags[] = { "a", "abbr", "acronym", "b", "big", "blockquote",
	"br", "cite", "code", "del", "dfn", "div", "em", "font", "h1", "h2", "h3", "h4", "h5",
	"h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
	"span", "strike", "strong", "sub", "sup", "time", "tt", "u", "ul", NULL };

/* Whether text holds an HTML tag by a known name or an entity reference: then an RSS
 * title is HTML. "Distribusi <Logistik>" in a CDATA section is text, as feedparser
 * reads it. */
static bool looks_like_html(const char *s)
{
	const char *last_gt = strrchr(s, '>');   /* no tag closes after it (see html_to_text) */
	for (const char *q = strpbrk(s, "<&"); q; q = strpbrk(q + 1, "<&")) {
		if (*q == '&') {
			struct buf scratch;
			buf_init(&scratch);
			size_t k = decode_entity(q, &scratch);
			buf_free(&scratch);
			if (k)
				return true;
			continue;
		}
		const char *name = q[1] == '/' ? q + 2 : q + 1;
		size_t n = 0;
		while ((name[n] >= 'a' && name[n] <= 'z') || (name[n] >= 'A' && name[n] <= 'Z') ||
		       (n && name[n] >= '1' && name[n] <= '6'))
			n++;
		if (!n || !strchr(" \t\n/>", name[n]) || !last_gt || name + n > last_gt)
			continue;
		for (const char *const *t = inline_tags; *t; t++)
			if (strlen(*t) == n && str_ncasecmp_ascii(name, *t, n) == 0)
				return true;
	}
	return false;
}

/* A title read as HTML: tags dropped, entities decoded, and once more when it was
 * escaped twice. */
static char *title_text(char *s)
{
	for (int round = 0; round < 2 && (round == 0 || looks_like_html(s)); round++) {
		char *t = html_to_text(s);
		free(s);
		s = t;
	}
	return s;
}

static const signed char base64_values[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
	['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
	['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29,
	['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43,
	['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
	['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
};

/* Atom 0.3's mode="base64": the decoded bytes as UTF-8 (invalid sequences and the
 * controls XML forbids become U+FFFD); blanks and padding are skipped. */
static char *base64_text(const char *s)
{
	struct buf raw, out;
	buf_init(&raw);
	buf_init(&out);
	unsigned long bits = 0;
	int n_bits = 0;
	for (; *s; s++) {
		int v = base64_values[(unsigned char)*s] - 1;
		if (v < 0)
			continue;
		bits = (bits << 6 | (unsigned long)v) & 0xFFFFFF;
		n_bits += 6;
		if (n_bits >= 8) {
			n_bits -= 8;
			buf_addc(&raw, (char)(bits >> n_bits & 0xFF));
		}
	}
	const unsigned char *r = (const unsigned char *)raw.data;
	for (size_t i = 0; i < raw.len;) {
		size_t bad;
		int k = utf8_sequence(r + i, raw.len - i, &bad);
		if (k > 0 && !xml_forbidden(r + i, k)) {
			buf_add(&out, (const char *)r + i, (size_t)k);
			i += (size_t)k;
		} else {
			add_utf8(&out, REPLACEMENT);
			i += k > 0 ? (size_t)k : k < 0 ? raw.len - i : bad;
		}
	}
	char *text = xstrdup(out.data ? out.data : "");
	buf_free(&raw);
	buf_free(&out);
	return text;
}

/* The captured text as the field's final string (NULL when empty). */
static char *capture_value(struct feed_parser *p)
{
	struct capture *c = &p->cap;
	char *s = xstrndup(p->text.data, p->text.len);
	buf_reset(&p->text);
	if (c->base64) {
		char *t = base64_text(s);
		free(s);
		s = t;
	}
	if (c->field == F_TITLE || c->field == F_SUBTITLE) {
		if (c->kind == KIND_HTML || (c->kind == KIND_HTML_IF_LIKELY && looks_like_html(s)))
			s = title_text(s);
		str_squeeze_space(s);
	} else {
		str_trim(s);
	}
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

static const char *field_name(enum field f)
{
	static const char *const names[F_COUNT] = { "", "title", "link", "guid", "author",
		"published", "updated", "summary", "content", "category", "subtitle" };
	return names[f];
}

static void add_category(struct item_state *st, char *value)
{
	struct feed_item *it = &st->item;
	if (!value)
		return;
	for (size_t i = 0; i < it->n_categories; i++) {
		if (strcmp(it->categories[i], value) == 0 || it->n_categories >= MAX_CATEGORIES) {
			free(value);
			return;
		}
	}
	if (it->n_categories == st->categories_cap) {
		st->categories_cap = st->categories_cap ? 2 * st->categories_cap : 4;
		it->categories = xrealloc(it->categories, st->categories_cap * sizeof *it->categories);
	}
	it->categories[it->n_categories++] = value;
}

static void add_enclosure(struct item_state *st, char *url, char *type, char *length)
{
	struct feed_item *it = &st->item;
	bool skip = !url || it->n_enclosures >= MAX_ENCLOSURES;
	for (size_t i = 0; !skip && i < it->n_enclosures; i++)
		skip = strcmp(it->enclosures[i].url, url) == 0;
	if (skip) {
		free(url);
		free(type);
		free(length);
		return;
	}
	if (it->n_enclosures == st->enclosures_cap) {
		st->enclosures_cap = st->enclosures_cap ? 2 * st->enclosures_cap : 2;
		it->enclosures = xrealloc(it->enclosures, st->enclosures_cap * sizeof *it->enclosures);
	}
	struct feed_enclosure *e = &it->enclosures[it->n_enclosures++];
	e->url = url;
	e->type = type && *str_trim(type) ? type : NULL;
	if (!e->type)
		free(type);
	e->length = -1;
	if (length) {
		char *end;
		str_trim(length);
		errno = 0;
		long long v = strtoll(length, &end, 10);
		if (*length >= '0' && *length <= '9' && !*end && !errno)
			e->length = v;
		free(length);
	}
}

static bool is_address(const char *s, size_t n)
{
	return n && memchr(s, '@', n) && !memchr(s, ' ', n);
}

/* A copy of s[0..n) with the blanks and quotes around it removed. */
static char *name_part(const char *s, size_t n)
{
	while (n && strchr(" \t\"'", *s))
		s++, n--;
	while (n && strchr(" \t\"'", s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Authors are written "humas@kpu.go.id (Humas KPU)" (RSS 2.0), "Humas KPU
 * <humas@kpu.go.id>" or "Humas KPU (humas@kpu.go.id)": the name is what a reader wants.
 * A bare address stays, without a "mailto:". Takes value; returns the name. */
static char *author_name(char *value)
{
	if (!value)
		return NULL;
	char *s = value;
	if (str_ncasecmp_ascii(s, "mailto:", 7) == 0)
		s += 7;
	size_t n = strlen(s);
	char *open = strrchr(s, n && s[n - 1] == ')' ? '(' : '<');
	char *name = NULL;
	if (open && open > s && n && (s[n - 1] == ')' || s[n - 1] == '>')) {
		size_t before = (size_t)(open - s), inside = n - before - 2;
		while (before && s[before - 1] == ' ')
			before--;
		if (is_address(s, before) && s[n - 1] == ')')
			name = name_part(open + 1, inside);
		else if (is_address(open + 1, inside) && !memchr(s, '@', before))
			name = name_part(s, before);
	}
	if (!name || !*name) {
		free(name);
		name = xstrdup(s);
	}
	free(value);
	return name;
}

/* Remembers how the HTML field just stored is to have its URLs resolved. */
static void html_field_set(struct feed_parser *p, struct html_field *h, const char *base)
{
	free(h->xml_base);
	h->markup = capture_keeps_markup(&p->cap);
	h->xml_base = h->markup && base != p->base_url ? xstrdup(base) : NULL;
}

/* Stores a finished item field. */
static void item_field(struct feed_parser *p, enum field f, int rank, char *value)
{
	struct item_state *st = &p->cur;
	struct feed_item *it = &st->item;
	const char *base = p->bases[p->cap.depth];
	switch (f) {
	case F_TITLE: set_string(&it->title, &st->rank[f], value, rank); break;
	case F_LINK:
		set_string(&it->link, &st->rank[f], url_resolve(base, value), rank);
		free(value);
		break;
	case F_GUID:
		if (p->cap.permalink && value && (str_ncasecmp_ascii(value, "http://", 7) == 0 ||
						  str_ncasecmp_ascii(value, "https://", 8) == 0 ||
						  (value[0] == '/' && value[1] != '/')))
			set_string(&it->link, &st->rank[F_LINK], url_resolve(base, value), 1);
		set_string(&it->guid, &st->rank[f], value, rank);
		break;
	case F_AUTHOR: set_string(&it->author, &st->rank[f], author_name(value), rank); break;
	case F_SUMMARY:
		if (set_string(&it->summary, &st->rank[f], value, rank))
			html_field_set(p, &st->summary_html, base);
		break;
	case F_CONTENT:
		if (set_string(&it->content, &st->rank[f], value, rank))
			html_field_set(p, &st->content_html, base);
		break;
	case F_CATEGORY: add_category(st, value); break;
	case F_PUBLISHED:
		if (value)
			set_date(&it->published, &it->has_published, &st->rank[f], value, rank);
		free(value);
		break;
	case F_UPDATED:
		if (value)
			set_date(&it->updated, &it->has_updated, &st->rank[f], value, rank);
		free(value);
		break;
	default: free(value); break;
	}
}

static void feed_field(struct feed_parser *p, enum field f, int rank, char *value)
{
	struct feed_info *fi = &p->info;
	const char *base = p->bases[p->cap.depth];
	switch (f) {
	case F_TITLE: set_string(&fi->title, &p->info_rank[f], value, rank); break;
	case F_SUBTITLE: set_string(&fi->subtitle, &p->info_rank[f], value, rank); break;
	case F_LINK:
		set_string(&fi->link, &p->info_rank[f], url_resolve(base, value), rank);
		free(value);
		break;
	case F_UPDATED:
		if (value)
			set_date(&fi->updated, &fi->has_updated, &p->info_rank[f], value, rank);
		free(value);
		break;
	default: free(value); break;
	}
}

static void capture_begin(struct feed_parser *p, enum field f, int rank, enum kind kind)
{
	p->cap = (struct capture){ .field = f, .rank = rank, .kind = kind, .depth = p->depth };
	buf_reset(&p->text);
}

static void capture_end(struct feed_parser *p)
{
	struct capture c = p->cap;
	if (c.truncated)
		warn(p, "%s longer than %zu bytes cut", field_name(c.field),
		     p->limits.max_field_bytes);
	char *value = capture_value(p);
	if (p->item_depth && p->item_depth < c.depth)
		item_field(p, c.field, c.rank, value);
	else
		feed_field(p, c.field, c.rank, value);
	p->cap.field = F_NONE;
}

/* ---- Items ---------------------------------------------------------------------- */

static void item_clear(struct item_state *st)
{
	struct feed_item *it = &st->item;
	free(it->title);
	free(it->link);
	free(it->guid);
	free(it->author);
	free(it->summary);
	free(it->content);
	for (size_t i = 0; i < it->n_categories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (size_t i = 0; i < it->n_enclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	free(st->summary_html.xml_base);
	free(st->content_html.xml_base);
	memset(st, 0, sizeof *st);
}

/* An item the input ended inside is kept, cut text and all, unless the cut fell inside
 * its link or guid: a cut identity (".../read/gz7" of ".../read/gz76") can name another
 * article, which the item would then overwrite in the archive. */
static bool item_identity_cut(struct feed_parser *p)
{
	enum field f = p->cut_field;
	if (f != F_LINK && f != F_GUID)
		return false;
	p->cut_field = F_NONE;
	warn(p, "the last item was cut inside its %s and was dropped", field_name(f));
	item_clear(&p->cur);
	return true;
}

/* ---- Relative URLs inside HTML ---------------------------------------------------- */

/* The attributes of HTML that hold a URL a reader may follow or a renderer may load. */
static const char *const url_attributes[] = { "href", "src", "poster", "cite", "background",
	"longdesc", "usemap", "action", "data", "codebase", NULL };

static bool html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether an attribute's value is a URL to resolve: not absolute ("https:", "mailto:",
 * "data:"), not only a fragment (an anchor within the text), not empty. */
static bool url_is_relative(const char *v, size_t n)
{
	while (n && html_space(*v))
		v++, n--;
	if (!n || *v == '#')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		if (c == ':')
			return i == 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))))
			return true;
	}
	return true;
}

struct html_rewrite {
	const char *base;
	const char *copied;     /* input up to here is in out already */
	struct buf out;
	bool changed;
};

/* Resolves the value v..v+n of a URL attribute into the output. */
static void rewrite_url(struct html_rewrite *rw, const char *v, size_t n, char quote)
{
	char *ref = xstrndup(v, n);
	char *url = url_resolve(rw->base, ref);
	free(ref);
	if (!url)
		return;
	buf_add(&rw->out, rw->copied, (size_t)(v - rw->copied));
	if (!quote)
		buf_addc(&rw->out, '"');
	for (const char *c = url; *c; c++) {
		if (*c == (quote ? quote : '"'))
			buf_adds(&rw->out, *c == '"' ? "&quot;" : "&#39;");
		else
			buf_addc(&rw->out, *c);
	}
	if (!quote)
		buf_addc(&rw->out, '"');
	rw->copied = v + n;
	rw->changed = true;
	free(url);
}

/* Reads the attributes of a start tag from s (just after its name); returns the end. */
static const char *rewrite_tag(struct html_rewrite *rw, const char *s)
{
	for (;;) {
		while (html_space(*s) || *s == '/')
			s++;
		if (!*s || *s == '>')
			return s;
		const char *name = s;
		while (*s && !html_space(*s) && *s != '=' && *s != '>' && *s != '/')
			s++;
		size_t name_len = (size_t)(s - name);
		while (html_space(*s))
			s++;
		if (*s != '=')
			continue;
		s++;
		while (html_space(*s))
			s++;
		char quote = *s == '"' || *s == '\'' ? *s : 0;
		const char *v = quote ? s + 1 : s;
		const char *end = quote ? strchr(v, quote) : v + strcspn(v, " \t\r\n\f>");
		if (!end)
			return v + strlen(v);
		bool url_attr = false;
		for (const char *const *a = url_attributes; *a && !url_attr; a++)
			url_attr = strlen(*a) == name_len && str_ncasecmp_ascii(name, *a, name_len) == 0;
		if (url_attr && url_is_relative(v, (size_t)(end - v)))
			rewrite_url(rw, v, (size_t)(end - v), quote);
		s = quote ? end + 1 : end;
	}
}

/* html with the relative URLs of its links, images and media resolved against base;
 * NULL when there was nothing to resolve. */
static char *html_resolve_urls(const char *html, const char *base)
{
	struct html_rewrite rw = { .base = base, .copied = html };
	buf_init(&rw.out);
	const char *s = html;
	while ((s = strchr(s, '<'))) {
		s++;
		if (str_starts_with(s, "!--")) {
			const char *close = strstr(s + 3, "-->");
			if (!close)
				break;
			s = close + 3;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			continue;
		while (*s && !html_space(*s) && *s != '>' && *s != '/')
			s++;
		s = rewrite_tag(&rw, s);
	}
	if (!rw.changed) {
		buf_free(&rw.out);
		return NULL;
	}
	buf_adds(&rw.out, rw.copied);
	return buf_steal(&rw.out);
}

/* Relative URLs in an item's HTML resolve against the xml:base in effect on the element,
 * else the item's link (the page the text was written for, as newsboat does), else the
 * feed's URL. */
static void item_resolve_html(struct feed_parser *p, char **html, const struct html_field *h)
{
	const char *base = h->xml_base ? h->xml_base : p->cur.item.link ? p->cur.item.link
									: p->base_url;
	if (!*html || !h->markup || !base)
		return;
	char *resolved = html_resolve_urls(*html, base);
	if (resolved) {
		free(*html);
		*html = resolved;
	}
}

/* An item without a title (RSS 2.0 allows it: microblog-style items) is titled with
 * the first words of its summary or content, as newsboat does. */
static void item_derive_title(struct feed_item *it)
{
	const char *html = it->summary ? it->summary : it->content;
	if (!html)
		return;
	char *text = str_squeeze_space(html_to_text(html));
	size_t n = strlen(text);
	if (n > DERIVED_TITLE_MAX) {
		n = DERIVED_TITLE_MAX;
		while (n > 0 && text[n] != ' ')
			n--;
		if (n == 0)  /* one long word: cut on a character boundary */
			for (n = DERIVED_TITLE_MAX; n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80; n--)
				;
		while (n > 0 && strchr(" ,.;:-", text[n - 1]))
			n--;
		char *cut = xmalloc(n + 4);
		memcpy(cut, text, n);
		memcpy(cut + n, "\xe2\x80\xa6", 4); /* "…" and the NUL */
		free(text);
		text = cut;
	}
	if (*text) {
		it->title = text;
		it->title_derived = true;
	} else {
		free(text);
	}
}

static void item_emit(struct feed_parser *p)
{
	if (p->cap.field && p->cap.depth > p->item_depth)
		capture_end(p);
	p->item_depth = 0;
	if (item_identity_cut(p))
		return;
	struct feed_item *it = &p->cur.item;
	bool empty = !it->title && !it->link && !it->guid && !it->summary && !it->content &&
		     !it->n_enclosures;
	if (!empty) {
		if (!it->title)
			item_derive_title(it);
		item_resolve_html(p, &it->summary, &p->cur.summary_html);
		item_resolve_html(p, &it->content, &p->cur.content_html);
		p->n_items++;
		if (p->on_item(p->ctx, it) != 0) {
			p->callback_stop = true;
			stop(p);
		}
	}
	item_clear(&p->cur);
}

static void item_begin(struct feed_parser *p, int n_attrs, const xmlChar **attrs)
{
	if (p->item_depth)
		item_emit(p); /* an item left open: libxml2 recovered it into the next */
	if (p->stopped)
		return;
	if (p->n_items >= p->limits.max_items) {
		set_error(p, "more than %zu items; the rest were skipped", p->limits.max_items);
		warn(p, "%s", p->error);
		stop(p);
		return;
	}
	p->item_depth = p->depth;
	char *about = attr_value(n_attrs, attrs, "about", NS_RDF);
	if (about) {
		struct item_state *st = &p->cur;
		set_string(&st->item.link, &st->rank[F_LINK], url_resolve(p->bases[p->depth], about), 0);
		set_string(&st->item.guid, &st->rank[F_GUID], about, 0);
	}
}

/* ---- Element dispatch ------------------------------------------------------------- */

/* The reading of an Atom text construct from its type (and Atom 0.3's mode). */
static enum kind atom_kind(int n_attrs, const xmlChar **attrs, enum field f)
{
	char *type = attr_value(n_attrs, attrs, "type", NS_NONE);
	char *mode = attr_value(n_attrs, attrs, "mode", NS_NONE);
	enum kind k = KIND_TEXT;
	if (type && strstr(type, "xhtml"))
		k = KIND_XHTML;
	else if (type && strstr(type, "html"))
		k = KIND_HTML;
	if (mode && strcmp(mode, "xml") == 0)
		k = KIND_XHTML;
	else if (mode && strcmp(mode, "escaped") == 0 && k == KIND_TEXT && !type)
		k = KIND_HTML;
	/* Atom 0.3 content defaults to text/plain too; a missing type in 0.3 summaries
	 * and content is text. */
	free(type);
	free(mode);
	(void)f;
	return k;
}

/* An Atom summary or content; Atom 0.3 could send it base64-encoded. */
static void atom_text(struct feed_parser *p, enum field f, int n_attrs, const xmlChar **attrs)
{
	capture_begin(p, f, 2, atom_kind(n_attrs, attrs, f));
	char *mode = attr_value(n_attrs, attrs, "mode", NS_NONE);
	p->cap.base64 = mode && strcmp(str_trim(mode), "base64") == 0;
	free(mode);
}

static void atom_link(struct feed_parser *p, int n_attrs, const xmlChar **attrs, bool in_item)
{
	char *rel = attr_value(n_attrs, attrs, "rel", NS_NONE);
	char *href = attr_value(n_attrs, attrs, "href", NS_NONE);
	char *url = url_resolve(p->bases[p->depth], href);
	free(href);
	char *type = attr_value(n_attrs, attrs, "type", NS_NONE);
	/* The alternate that is a web page beats alternates in other formats (a feed's
	 * own Atom twin), which beat any other relation; the first of a rank wins. */
	bool alternate = !rel || !*str_trim(rel) || strcmp(rel, "alternate") == 0;
	bool page = !type || strstr(type, "html") != NULL;
	int rank = alternate ? (page ? 3 : 2) : 1;
	/* The feed's own address, its editing and comment endpoints are the page only when
	 * nothing else is given. */
	static const char *const not_page[] = { "self", "edit", "replies", "hub", "license",
		"payment", "first", "last", "next", "previous", "prev", NULL };
	if (rel && is_label(rel, not_page))
		rank = 0;
	if (in_item && rel && strcmp(rel, "enclosure") == 0) {
		add_enclosure(&p->cur, url, type, attr_value(n_attrs, attrs, "length", NS_NONE));
		type = NULL;
	} else if (in_item) {
		set_string(&p->cur.item.link, &p->cur.rank[F_LINK], url, rank);
	} else {
		set_string(&p->info.link, &p->info_rank[F_LINK], url, rank);
	}
	free(type);
	free(rel);
}

static void atom_category(struct feed_parser *p, int n_attrs, const xmlChar **attrs)
{
	char *term = attr_value(n_attrs, attrs, "term", NS_NONE);
	if (!term || !*str_trim(term)) {
		free(term);
		term = attr_value(n_attrs, attrs, "label", NS_NONE);
		if (term && !*str_trim(term)) {
			free(term);
			term = NULL;
		}
	}
	add_category(&p->cur, term);
}

static void media_content(struct feed_parser *p, int n_attrs, const xmlChar **attrs)
{
	char *href = attr_value(n_attrs, attrs, "url", NS_NONE);
	char *url = url_resolve(p->bases[p->depth], href);
	free(href);
	add_enclosure(&p->cur, url, attr_value(n_attrs, attrs, "type", NS_NONE),
		      attr_value(n_attrs, attrs, "fileSize", NS_NONE));
}

static void rss_enclosure(struct feed_parser *p, int n_attrs, const xmlChar **attrs)
{
	char *href = attr_value(n_attrs, attrs, "url", NS_NONE);
	char *url = url_resolve(p->bases[p->depth], href);
	free(href);
	add_enclosure(&p->cur, url, attr_value(n_attrs, attrs, "type", NS_NONE),
		      attr_value(n_attrs, attrs, "length", NS_NONE));
}

/* RSS 2.0: a guid is a permalink unless isPermaLink="false"; then it serves as the
 * link of an item that has none (only when it is an absolute web address). */
static void rss_guid(struct feed_parser *p, int n_attrs, const xmlChar **attrs)
{
	char *permalink = attr_value(n_attrs, attrs, "isPermaLink", NS_NONE);
	capture_begin(p, F_GUID, 2, KIND_TEXT);
	p->cap.permalink = !permalink || str_casecmp_ascii(str_trim(permalink), "false") != 0;
	free(permalink);
}

/* Element names compare without case, as feedparser does: hand-written feeds have
 * <Item>, <Title> and <pubdate>. */
static bool is(const xmlChar *local, const char *name)
{
	return str_casecmp_ascii((const char *)local, name) == 0;
}

/* A child of an item; returns the role it takes. */
static enum role item_child(struct feed_parser *p, enum ns ns, const xmlChar *l, int n_attrs,
			    const xmlChar **attrs)
{
	if (ns_is_rss(ns)) {
		/* RSS titles are often HTML: entities, <b>, escaped twice. */
		if (is(l, "title")) capture_begin(p, F_TITLE, 3, KIND_HTML_IF_LIKELY);
		else if (is(l, "link")) capture_begin(p, F_LINK, 3, KIND_TEXT);
		else if (is(l, "guid")) rss_guid(p, n_attrs, attrs);
		else if (is(l, "author")) capture_begin(p, F_AUTHOR, 3, KIND_TEXT);
		else if (is(l, "pubDate")) capture_begin(p, F_PUBLISHED, 3, KIND_TEXT);
		else if (is(l, "description")) capture_begin(p, F_SUMMARY, 3, KIND_HTML);
		else if (is(l, "category")) capture_begin(p, F_CATEGORY, 1, KIND_TEXT);
		else if (is(l, "enclosure")) rss_enclosure(p, n_attrs, attrs);
	} else if (ns_is_atom(ns)) {
		if (is(l, "title"))
			capture_begin(p, F_TITLE, 3, atom_kind(n_attrs, attrs, F_TITLE));
		else if (is(l, "link")) atom_link(p, n_attrs, attrs, true);
		else if (is(l, "id")) capture_begin(p, F_GUID, 2, KIND_TEXT);
		else if (is(l, "author")) return ROLE_AUTHOR;
		else if (is(l, "published") || is(l, "issued"))
			capture_begin(p, F_PUBLISHED, 3, KIND_TEXT);
		else if (is(l, "created")) capture_begin(p, F_PUBLISHED, 1, KIND_TEXT);
		else if (is(l, "updated") || is(l, "modified"))
			capture_begin(p, F_UPDATED, 3, KIND_TEXT);
		else if (is(l, "summary"))
			atom_text(p, F_SUMMARY, n_attrs, attrs);
		else if (is(l, "content"))
			atom_text(p, F_CONTENT, n_attrs, attrs);
		else if (is(l, "category")) atom_category(p, n_attrs, attrs);
	} else if (ns == NS_DC) {
		if (is(l, "creator")) capture_begin(p, F_AUTHOR, 3, KIND_TEXT);
		else if (is(l, "title")) capture_begin(p, F_TITLE, 1, KIND_HTML_IF_LIKELY);
		else if (is(l, "description")) capture_begin(p, F_SUMMARY, 1, KIND_HTML);
		else if (is(l, "date")) capture_begin(p, F_PUBLISHED, 2, KIND_TEXT);
		else if (is(l, "subject")) capture_begin(p, F_CATEGORY, 1, KIND_TEXT);
		else if (is(l, "identifier")) capture_begin(p, F_GUID, 1, KIND_TEXT);
	} else if (ns == NS_CONTENT && is(l, "encoded")) {
		capture_begin(p, F_CONTENT, 3, KIND_HTML);
	} else if (ns == NS_ITUNES && is(l, "author")) {
		capture_begin(p, F_AUTHOR, 1, KIND_TEXT);
	} else if (ns == NS_ITUNES && is(l, "summary")) {
		capture_begin(p, F_SUMMARY, 1, KIND_TEXT);
	} else if (ns == NS_MEDIA) {
		if (is(l, "content")) media_content(p, n_attrs, attrs);
		else if (is(l, "group")) return ROLE_GROUP;
	}
	return ROLE_OTHER;
}

/* A child of the channel (RSS) or of the feed (Atom). */
static void channel_child(struct feed_parser *p, enum ns ns, const xmlChar *l, int n_attrs,
			  const xmlChar **attrs)
{
	if (ns_is_rss(ns)) {
		if (is(l, "title")) capture_begin(p, F_TITLE, 3, KIND_HTML_IF_LIKELY);
		else if (is(l, "link")) capture_begin(p, F_LINK, 3, KIND_TEXT);
		else if (is(l, "description")) capture_begin(p, F_SUBTITLE, 3, KIND_TEXT);
		else if (is(l, "lastBuildDate")) capture_begin(p, F_UPDATED, 3, KIND_TEXT);
		else if (is(l, "pubDate")) capture_begin(p, F_UPDATED, 2, KIND_TEXT);
	} else if (ns_is_atom(ns)) {
		if (is(l, "title"))
			capture_begin(p, F_TITLE, 3, atom_kind(n_attrs, attrs, F_TITLE));
		else if (is(l, "subtitle") || is(l, "tagline"))
			capture_begin(p, F_SUBTITLE, 3, atom_kind(n_attrs, attrs, F_SUBTITLE));
		else if (is(l, "link")) atom_link(p, n_attrs, attrs, false);
		else if (is(l, "updated") || is(l, "modified"))
			capture_begin(p, F_UPDATED, 3, KIND_TEXT);
	} else if (ns == NS_DC && is(l, "date")) {
		capture_begin(p, F_UPDATED, 2, KIND_TEXT);
	} else if (ns == NS_ITUNES && is(l, "summary")) {
		capture_begin(p, F_SUBTITLE, 1, KIND_TEXT);
	}
}

static bool is_item(enum ns ns, const xmlChar *l)
{
	return (ns_is_rss(ns) && is(l, "item")) || (ns_is_atom(ns) && is(l, "entry"));
}

static void name_root(struct feed_parser *p, const xmlChar *prefix, const xmlChar *local)
{
	set_error(p, "the root element is <%s%s%.*s>", prefix ? (const char *)prefix : "",
		  prefix ? ":" : "", ROOT_NAME_MAX, (const char *)local);
}

static enum role root_element(struct feed_parser *p, enum ns ns, const xmlChar *prefix,
			      const xmlChar *l, int n_ns, const xmlChar **nss, int n_attrs,
			      const xmlChar **attrs)
{
	p->root_seen = true;
	if (ns == NS_NONE && is(l, "rss")) {
		char *v = attr_value(n_attrs, attrs, "version", NS_NONE);
		p->format = v && str_starts_with(str_trim(v), "0.9") ? FEED_FORMAT_RSS09X
								    : FEED_FORMAT_RSS20;
		free(v);
		return ROLE_ROOT;
	}
	if (ns == NS_ATOM10 && is(l, "feed"))
		return p->format = FEED_FORMAT_ATOM10, ROLE_CHANNEL;
	if (ns == NS_ATOM03 && is(l, "feed"))
		return p->format = FEED_FORMAT_ATOM03, ROLE_CHANNEL;
	if (ns == NS_RDF && is(l, "RDF")) {
		for (int i = 0; i < n_ns; i++) {
			enum ns declared = ns_of(nss[2 * i + 1]);
			if (declared == NS_RSS10)
				p->format = FEED_FORMAT_RSS10;
			else if (declared == NS_RSS090 && !p->format)
				p->format = FEED_FORMAT_RSS09X;
		}
		return ROLE_ROOT; /* without the namespaces the first channel decides */
	}
	if (ns == NS_NONE && is(l, "feed")) {
		/* Atom without its namespace: read unqualified names as Atom's. */
		p->bare_atom = true;
		return p->format = FEED_FORMAT_ATOM10, ROLE_CHANNEL;
	}
	if (is(l, "feed"))
		set_error(p, "the root element is <feed> outside the Atom namespace");
	name_root(p, prefix, l);
	p->not_feed = true;
	stop(p);
	return ROLE_OTHER;
}

static void grow_stack(struct feed_parser *p)
{
	if (p->depth < p->stack_cap)
		return;
	size_t cap = p->stack_cap * 2;
	p->roles = xrealloc(p->roles, cap);
	p->bases = xrealloc(p->bases, cap * sizeof *p->bases);
	p->base_owned = xrealloc(p->base_owned, cap * sizeof *p->base_owned);
	p->stack_cap = cap;
}

static void push_base(struct feed_parser *p, int n_attrs, const xmlChar **attrs)
{
	size_t d = p->depth;
	char *base = n_attrs ? attr_base(n_attrs, attrs) : NULL;
	p->base_owned[d] = base != NULL;
	p->bases[d] = base ? url_resolve(p->bases[d - 1], base) : p->bases[d - 1];
	if (base && !p->bases[d]) {
		p->bases[d] = p->bases[d - 1];
		p->base_owned[d] = false;
	}
	free(base);
}

/* An element inside a captured field: markup for HTML-bearing fields, else nothing. */
static void captured_child(struct feed_parser *p, enum ns ns, const xmlChar *l, int n_attrs,
			   const xmlChar **attrs)
{
	struct capture *c = &p->cap;
	if (c->kind == KIND_XHTML && !c->wrapper_depth && !c->seen_child &&
	    p->depth == c->depth + 1 && ns == NS_XHTML && is(l, "div")) {
		c->wrapper_depth = p->depth;
		return;
	}
	c->seen_child = true;
	if (capture_keeps_markup(c))
		serialise_start(p, l, n_attrs, attrs);
}

static enum role child_element(struct feed_parser *p, enum role parent, enum ns ns,
			       const xmlChar *l, int n_attrs, const xmlChar **attrs)
{
	if (is_item(ns, l) && (parent == ROLE_ROOT || parent == ROLE_CHANNEL || p->item_depth)) {
		item_begin(p, n_attrs, attrs);
		return ROLE_ITEM;
	}
	switch (parent) {
	case ROLE_ROOT:
		if (!is(l, "channel") || !ns_is_rss(ns))
			return ROLE_OTHER;
		if (!p->format)
			p->format = ns == NS_RSS10 ? FEED_FORMAT_RSS10 : FEED_FORMAT_RSS09X;
		return ROLE_CHANNEL;
	case ROLE_CHANNEL:
		channel_child(p, ns, l, n_attrs, attrs);
		return ROLE_OTHER;
	case ROLE_ITEM:
		return item_child(p, ns, l, n_attrs, attrs);
	case ROLE_AUTHOR:
		if (ns_is_atom(ns) && is(l, "name"))
			capture_begin(p, F_AUTHOR, 3, KIND_TEXT);
		else if (ns_is_atom(ns) && is(l, "email"))
			capture_begin(p, F_AUTHOR, 2, KIND_TEXT);
		return ROLE_OTHER;
	case ROLE_GROUP:
		if (ns == NS_MEDIA && is(l, "content"))
			media_content(p, n_attrs, attrs);
		return ROLE_OTHER;
	default:
		return ROLE_OTHER;
	}
}

static void sax_start(void *user, const xmlChar *local, const xmlChar *prefix,
		      const xmlChar *uri, int n_ns, const xmlChar **nss, int n_attrs,
		      int n_defaulted, const xmlChar **attrs)
{
	struct feed_parser *p = user;
	if (p->stopped)
		return;
	sax_characters(p, NULL, 0);
	if (p->depth + 1 > p->limits.max_depth) {
		set_error(p, "elements nested deeper than %zu levels; parsing stopped",
			  p->limits.max_depth);
		warn(p, "%s", p->error);
		stop(p);
		return;
	}
	p->depth++;
	grow_stack(p);
	push_base(p, n_attrs, attrs);
	enum ns ns = ns_of(uri);
	if (ns == NS_NONE && p->bare_atom)
		ns = NS_ATOM10;
	if (p->cap.field) {
		p->roles[p->depth] = ROLE_OTHER;
		captured_child(p, ns, local, n_attrs, attrs);
		return;
	}
	enum role parent = p->roles[p->depth - 1];
	enum role role = p->depth == 1
		? root_element(p, ns, prefix, local, n_ns, nss, n_attrs, attrs)
		: child_element(p, parent, ns, local, n_attrs, attrs);
	p->roles[p->depth] = (unsigned char)role;
}

static void sax_end(void *user, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct feed_parser *p = user;
	if (p->stopped || !p->depth)
		return;
	sax_characters(p, NULL, 0);
	struct capture *c = &p->cap;
	if (c->field && p->depth == c->depth)
		capture_end(p);
	else if (c->field && p->depth > c->depth && p->depth != c->wrapper_depth &&
		 capture_keeps_markup(c))
		serialise_end(p, local);
	if (c->field && p->depth == c->wrapper_depth)
		c->wrapper_depth = 0, c->seen_child = true;
	if (p->item_depth == p->depth)
		item_emit(p);
	if (p->base_owned[p->depth])
		free(p->bases[p->depth]);
	p->base_owned[p->depth] = false;
	p->depth--;
}

static void sax_error(void *user, xmlErrorPtr e)
{
	struct feed_parser *p = user;
	/* Only fatal errors break well-formedness; the rest are validity matters. */
	if (!e || e->level < XML_ERR_FATAL)
		return;
	p->wellformed = false;
}

static xmlSAXHandler sax_handler = {
	.initialized = XML_SAX2_MAGIC,
	.startElementNs = sax_start,
	.endElementNs = sax_end,
	.characters = sax_characters,
	.ignorableWhitespace = sax_characters,
	.cdataBlock = sax_characters,
	.getEntity = sax_get_entity,
	.entityDecl = sax_entity_decl,
	.serror = sax_error,
};

/* ---- JSON Feed --------------------------------------------------------------------- */

/* What a JSON object or array is to the feed. */
enum jctx { J_TOP, J_ITEMS, J_ITEM, J_AUTHORS, J_AUTHOR, J_TAGS, J_ATTACHMENTS, J_ATTACHMENT,
	    J_OTHER };

enum { JSON_CTX_MAX = 8 };  /* JSON Feed's own nesting; deeper values are not read */

struct json_feed {
	struct json_reader *reader;
	unsigned char ctx[JSON_CTX_MAX];
	size_t depth;
	bool top_object;         /* the document is an object */
	bool version;            /* its "version" names jsonfeed.org */
	char *att_url, *att_type, *att_size;
};

static enum jctx json_child(enum jctx parent, const char *key, bool object, size_t depth)
{
	if (depth == 0)
		return object ? J_TOP : J_OTHER;
	switch (parent) {
	case J_TOP: return !object && strcmp(key, "items") == 0 ? J_ITEMS : J_OTHER;
	case J_ITEMS: return object ? J_ITEM : J_OTHER;
	case J_ITEM:
		if (object && strcmp(key, "author") == 0) return J_AUTHOR;
		if (!object && strcmp(key, "authors") == 0) return J_AUTHORS;
		if (!object && strcmp(key, "tags") == 0) return J_TAGS;
		if (!object && strcmp(key, "attachments") == 0) return J_ATTACHMENTS;
		return J_OTHER;
	case J_AUTHORS: return object ? J_AUTHOR : J_OTHER;
	case J_ATTACHMENTS: return object ? J_ATTACHMENT : J_OTHER;
	default: return J_OTHER;
	}
}

/* Plain text (JSON Feed's summary, content_text) as HTML, which the fields hold. */
static char *text_as_html(const char *s)
{
	struct buf b;
	buf_init(&b);
	for (; *s; s++) {
		if (*s == '<') buf_adds(&b, "&lt;");
		else if (*s == '>') buf_adds(&b, "&gt;");
		else if (*s == '&') buf_adds(&b, "&amp;");
		else buf_addc(&b, *s);
	}
	return buf_steal(&b);
}

/* An item field from JSON, through the same ranks and clean-ups as XML's. */
static void json_item_field(struct feed_parser *p, enum field f, int rank, enum kind kind,
			    char *value)
{
	p->cap = (struct capture){ .field = f, .kind = kind };
	if (f == F_TITLE)
		str_squeeze_space(value);
	else
		str_trim(value);
	if (!*value) {
		free(value);
		value = NULL;
	}
	item_field(p, f, rank, value);
	p->cap.field = F_NONE;
}

static void json_top_value(struct feed_parser *p, const char *key, char *value)
{
	struct json_feed *j = p->json;
	p->cap = (struct capture){ .field = F_NONE };
	if (strcmp(key, "version") == 0 && strstr(value, "jsonfeed.org/version")) {
		j->version = true;
		p->format = FEED_FORMAT_JSONFEED;
	}
	if (strcmp(key, "title") == 0)
		feed_field(p, F_TITLE, 3, str_squeeze_space(value));
	else if (strcmp(key, "home_page_url") == 0)
		feed_field(p, F_LINK, 3, str_trim(value));
	else if (strcmp(key, "description") == 0)
		feed_field(p, F_SUBTITLE, 3, str_squeeze_space(value));
	else
		free(value);
}

static void json_item_value(struct feed_parser *p, const char *key, char *value)
{
	static const struct { const char *key; enum field field; int rank; enum kind kind; }
	fields[] = {
		{ "id", F_GUID, 3, KIND_TEXT }, { "url", F_LINK, 3, KIND_TEXT },
		{ "external_url", F_LINK, 1, KIND_TEXT }, { "title", F_TITLE, 3, KIND_TEXT },
		{ "content_html", F_CONTENT, 3, KIND_HTML },
		{ "content_text", F_CONTENT, 2, KIND_HTML }, { "summary", F_SUMMARY, 3, KIND_HTML },
		{ "date_published", F_PUBLISHED, 3, KIND_TEXT },
		{ "date_modified", F_UPDATED, 3, KIND_TEXT },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(key, fields[i].key) != 0)
			continue;
		if (strcmp(key, "content_text") == 0 || strcmp(key, "summary") == 0) {
			char *html = text_as_html(value);
			free(value);
			value = html;
		}
		json_item_field(p, fields[i].field, fields[i].rank, fields[i].kind, value);
		return;
	}
	free(value);
}

/* A string or number where the feed's structure says what it is. */
static void json_scalar(struct feed_parser *p, const char *key, char *value)
{
	struct json_feed *j = p->json;
	enum jctx in = j->depth && j->depth <= JSON_CTX_MAX ? j->ctx[j->depth - 1] : J_OTHER;
	char **att = NULL;
	switch (in) {
	case J_TOP: json_top_value(p, key, value); return;
	case J_ITEM: json_item_value(p, key, value); return;
	case J_AUTHOR:
		if (strcmp(key, "name") == 0) {
			json_item_field(p, F_AUTHOR, 3, KIND_TEXT, value);
			return;
		}
		break;
	case J_TAGS: json_item_field(p, F_CATEGORY, 1, KIND_TEXT, value); return;
	case J_ATTACHMENT:
		att = strcmp(key, "url") == 0 ? &j->att_url : strcmp(key, "mime_type") == 0
			? &j->att_type : strcmp(key, "size_in_bytes") == 0 ? &j->att_size : NULL;
		break;
	default:
		break;
	}
	if (att) {
		free(*att);
		*att = value;
	} else {
		free(value);
	}
}

static void json_open(struct feed_parser *p, const char *key, bool object)
{
	struct json_feed *j = p->json;
	enum jctx parent = j->depth && j->depth <= JSON_CTX_MAX ? j->ctx[j->depth - 1] : J_OTHER;
	enum jctx c = json_child(parent, key, object, j->depth);
	if (j->depth == 0) {
		p->root_seen = true;
		j->top_object = object;
	}
	if (c == J_ITEM) {
		item_begin(p, 0, NULL);
		if (!p->stopped)
			p->item_depth = 1; /* inside an item; JSON has no XML depth */
	}
	if (j->depth < JSON_CTX_MAX)
		j->ctx[j->depth] = (unsigned char)c;
	j->depth++;
}

static void json_close(struct feed_parser *p)
{
	struct json_feed *j = p->json;
	if (!j->depth)
		return;
	enum jctx c = --j->depth < JSON_CTX_MAX ? j->ctx[j->depth] : J_OTHER;
	if (c == J_ATTACHMENT) {
		char *url = url_resolve(p->base_url, j->att_url);
		add_enclosure(&p->cur, url, j->att_type, j->att_size);
		free(j->att_url);
		j->att_url = j->att_type = j->att_size = NULL;
	} else if (c == J_ITEM && p->item_depth) {
		item_emit(p);
	}
}

static int json_event(void *ctx, enum json_event ev, const char *key, const char *text,
		      size_t len, bool cut)
{
	struct feed_parser *p = ctx;
	switch (ev) {
	case JSON_OBJECT_BEGIN:
	case JSON_ARRAY_BEGIN:
		json_open(p, key, ev == JSON_OBJECT_BEGIN);
		break;
	case JSON_OBJECT_END:
	case JSON_ARRAY_END:
		json_close(p);
		break;
	case JSON_STRING:
	case JSON_NUMBER:
		if (cut)
			warn(p, "%s longer than %zu bytes cut", key, p->limits.max_field_bytes);
		json_scalar(p, key, xstrndup(text, len));
		break;
	default:
		break;
	}
	/* Not an object at the top: not a feed, nothing more to read. */
	return p->stopped || (p->root_seen && !p->json->top_object);
}

/* Whether the held head of the document, after a BOM and blanks, opens a JSON object. */
static bool starts_json(const char *s, size_t n)
{
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, n -= 3;
	while (n && strchr(" \t\r\n", *s) && *s)
		s++, n--;
	return n && (*s == '{' || *s == '[');
}

static void json_begin(struct feed_parser *p)
{
	p->json = xcalloc(1, sizeof *p->json);
	p->json->reader = json_reader_new(p->limits.max_depth, p->limits.max_field_bytes,
					  json_event, p);
}

static void json_chunk(struct feed_parser *p, const char *data, size_t len, bool final)
{
	const char *s = input_decode(&p->in, data, &len, final);
	if (len && json_reader_push(p->json->reader, s, len) < 0)
		p->stopped = true;
}

/* Ends a JSON document: items already handed over stay; what the reader could not read
 * makes it recovered, or not a feed when no JSON Feed was recognised. */
static int json_finish(struct feed_parser *p)
{
	struct json_feed *j = p->json;
	if (!p->stopped)
		json_chunk(p, "", 0, true);
	bool complete = !p->stopped && json_reader_finish(j->reader) == 0;
	const char *why = json_reader_error(j->reader);
	if (p->item_depth && !p->callback_stop) {
		warn(p, "the last item was cut and was dropped");
		item_clear(&p->cur);
		p->item_depth = 0;
	}
	p->stopped = true;
	if (!j->version) {
		p->not_feed = true;
		set_error(p, "it is JSON but not a JSON Feed (no jsonfeed.org version)");
		return -1;
	}
	if (!complete && !p->callback_stop) {
		p->wellformed = false;
		if (why && !p->error)
			warn(p, "JSON: %s", why);
	}
	return 0;
}

static void json_free(struct json_feed *j)
{
	if (!j)
		return;
	json_reader_free(j->reader);
	free(j->att_url);
	free(j->att_type);
	free(j->att_size);
	free(j);
}

/* ---- Public interface ----------------------------------------------------------- */

const char *feed_format_name(enum feed_format f)
{
	switch (f) {
	case FEED_FORMAT_RSS20: return "rss2.0";
	case FEED_FORMAT_RSS10: return "rss1.0";
	case FEED_FORMAT_RSS09X: return "rss0.9x";
	case FEED_FORMAT_ATOM10: return "atom1.0";
	case FEED_FORMAT_ATOM03: return "atom0.3";
	case FEED_FORMAT_JSONFEED: return "jsonfeed";
	default: return NULL;
	}
}

void feed_limits_default(struct feed_limits *l)
{
	l->max_depth = 256;
	l->max_field_bytes = 1024 * 1024;
	l->max_items = 100000;
}

static void libxml_setup(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(no_entity_loader);
}

struct feed_parser *feed_parser_new(const char *base_url, const struct feed_limits *limits,
				    feed_item_fn on_item, void *ctx)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, libxml_setup);
	struct feed_parser *p = xcalloc(1, sizeof *p);
	feed_limits_default(&p->limits);
	if (limits) {
		p->limits = *limits;
		if (!p->limits.max_depth)
			p->limits.max_depth = 1;
		if (p->limits.max_field_bytes < 16)
			p->limits.max_field_bytes = 16;
	}
	p->on_item = on_item;
	p->ctx = ctx;
	p->base_url = xstrdup(base_url);
	p->wellformed = true;
	buf_init(&p->in.head);
	buf_init(&p->in.decoded);
	buf_init(&p->in.clean);
	buf_init(&p->in.joined);
	p->in.repair = markup_repair_new();
	buf_init(&p->text);
	buf_init(&p->warnings);
	p->stack_cap = 16;
	p->roles = xcalloc(p->stack_cap, 1);
	p->bases = xcalloc(p->stack_cap, sizeof *p->bases);
	p->base_owned = xcalloc(p->stack_cap, sizeof *p->base_owned);
	p->bases[0] = p->base_url;
	p->ctxt = xmlCreatePushParserCtxt(&sax_handler, p, NULL, 0, base_url);
	if (!p->ctxt)
		abort(); /* only fails when out of memory */
	/* Never NOENT, DTDLOAD or DTDATTR: nothing outside the document is read. */
	xmlCtxtUseOptions(p->ctxt, XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_IGNORE_ENC |
			  XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	return p;
}

static void parse_chunk(struct feed_parser *p, const char *data, size_t len, bool final)
{
	if (p->json) {
		json_chunk(p, data, len, final);
		return;
	}
	const char *s = input_decode(&p->in, data, &len, final);
	s = markup_repair(p->in.repair, s, &len, final);
	if (markup_repair_changed(p->in.repair))
		p->wellformed = false;
	/* xmlParseChunk takes an int length. */
	while (!p->stopped) {
		int n = len > (1u << 30) ? 1 << 30 : (int)len;
		xmlParseChunk(p->ctxt, s, n, final && (size_t)n == len);
		if (!p->ctxt->wellFormed)
			p->wellformed = false;
		if (p->ctxt->instate == XML_PARSER_EOF && !final)
			p->stopped = true; /* libxml2 gave up (e.g. its own limits) */
		s += n;
		len -= (size_t)n;
		if (!len)
			break;
	}
}

static int push_result(const struct feed_parser *p)
{
	return p->not_feed || p->callback_stop ? -1 : 0;
}

int feed_parser_push(struct feed_parser *p, const char *data, size_t len)
{
	if (p->stopped || !len)
		return push_result(p);
	p->bytes_in += len;
	for (size_t i = 0; !p->saw_content && i < len; i++)
		p->saw_content = !strchr(" \t\r\n", data[i]);
	if (p->in.mode == IN_DETECT) {
		buf_add(&p->in.head, data, len);
		if (!head_ready(&p->in.head))
			return 0;
		size_t skip = input_detect(p);
		if (starts_json(p->in.head.data, p->in.head.len))
			json_begin(p);
		parse_chunk(p, p->in.head.data + skip, p->in.head.len - skip, false);
		buf_free(&p->in.head);
		buf_init(&p->in.head);
		return push_result(p);
	}
	parse_chunk(p, data, len, false);
	return push_result(p);
}

int feed_parser_finish(struct feed_parser *p)
{
	if (p->in.mode == IN_DETECT) {
		size_t skip = input_detect(p);
		if (starts_json(p->in.head.data, p->in.head.len))
			json_begin(p);
		parse_chunk(p, p->in.head.data + skip, p->in.head.len - skip, false);
	}
	if (p->json)
		return json_finish(p);
	if (!p->stopped) {
		if (p->item_depth && p->cap.field && p->cap.depth > p->item_depth)
			p->cut_field = p->cap.field;
		parse_chunk(p, "", 0, true);
		p->stopped = true;
	}
	if (p->cap.field && !p->item_depth)
		capture_end(p);
	if (p->item_depth && !p->callback_stop)
		item_emit(p); /* the document ended inside an item */
	if (p->not_feed)
		return -1;
	if (!p->root_seen) {
		p->not_feed = true;
		if (!p->saw_content)
			set_error(p, "the document is empty");
		else
			set_error(p, "it holds no XML element");
		return -1;
	}
	if (!p->format) {
		p->not_feed = true;
		set_error(p, "the root element is <rdf:RDF> but holds no RSS channel");
		return -1;
	}
	return 0;
}

enum feed_format feed_parser_format(const struct feed_parser *p)
{
	return p->format;
}

bool feed_parser_wellformed(const struct feed_parser *p)
{
	return p->wellformed;
}

const struct feed_info *feed_parser_info(const struct feed_parser *p)
{
	return &p->info;
}

size_t feed_parser_item_count(const struct feed_parser *p)
{
	return p->n_items;
}

const char *feed_parser_error(const struct feed_parser *p)
{
	return p->error;
}

const char *feed_parser_warnings(const struct feed_parser *p)
{
	return p->warnings.len ? p->warnings.data : NULL;
}

void feed_parser_free(struct feed_parser *p)
{
	if (!p)
		return;
	if (p->ctxt) {
		if (p->ctxt->myDoc)
			xmlFreeDoc(p->ctxt->myDoc); /* libxml2's store of DTD declarations */
		xmlFreeParserCtxt(p->ctxt);
	}
	while (p->depth > 0) {
		if (p->base_owned[p->depth])
			free(p->bases[p->depth]);
		p->depth--;
	}
	item_clear(&p->cur);
	free(p->info.title);
	free(p->info.link);
	free(p->info.subtitle);
	if (p->in.cd_open)
		iconv_close(p->in.cd);
	buf_free(&p->in.head);
	buf_free(&p->in.decoded);
	buf_free(&p->in.clean);
	buf_free(&p->in.joined);
	markup_repair_free(p->in.repair);
	buf_free(&p->text);
	buf_free(&p->warnings);
	free(p->roles);
	free(p->bases);
	free(p->base_owned);
	free(p->base_url);
	free(p->error);
	for (size_t i = 0; i < p->n_declared; i++) {
		free(p->declared[i].name);
		free(p->declared[i].text);
	}
	free(p->declared);
	json_free(p->json);
	free(p);
}

/* ---- Sniffing -------------------------------------------------------------------- */

/* Past the '>' that closes the DOCTYPE at s, skipping its internal subset ("[...]")
 * with the quoted literals and comments in it; NULL when the data ends first. */
static const char *doctype_end(const char *s, const char *end)
{
	char quote = 0;
	bool subset = false;
	for (s += 9; s < end; s++) {
		if (quote) {
			quote = *s == quote ? 0 : quote;
		} else if (subset && end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			const char *close = memmem(s, (size_t)(end - s), "-->", 3);
			if (!close)
				return NULL;
			s = close + 2;
		} else if (*s == '"' || *s == '\'') {
			quote = *s;
		} else if (*s == '[') {
			subset = true;
		} else if (*s == ']') {
			subset = false;
		} else if (*s == '>' && !subset) {
			return s + 1;
		}
	}
	return NULL;
}

static const char *skip_prolog(const char *s, const char *end)
{
	for (int guard = 0; guard < 64 && s < end; guard++) {
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
			s++;
		if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			const char *close = memmem(s, (size_t)(end - s), "-->", 3);
			s = close ? close + 3 : end;
		} else if (end - s >= 2 && memcmp(s, "<?", 2) == 0) {
			const char *close = memmem(s, (size_t)(end - s), "?>", 2);
			s = close ? close + 2 : end;
		} else if (end - s >= 9 && str_ncasecmp_ascii(s, "<!DOCTYPE", 9) == 0 &&
			   !(end - s >= 14 && str_ncasecmp_ascii(s + 9, " html", 5) == 0)) {
			const char *close = doctype_end(s, end);
			if (!close)
				return s; /* a long internal subset: its name tells */
			s = close;
		} else {
			break;
		}
	}
	return s;
}

bool feed_sniff(const char *data, size_t len)
{
	const char *s = data, *end = data + len;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (s < end && strchr(" \t\r\n", *s) && *s)
		s++;
	/* JSON goes to the parser, which reads a JSON Feed and says clearly what else is
	 * not one (its "version" may come after the bytes seen here). */
	if (s < end && *s == '{')
		return true;
	s = data;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0))
		return true; /* UTF-16 is an XML habit; HTML pages are not sent that way */
	s = skip_prolog(s, end);
	if (end - s >= 9 && str_ncasecmp_ascii(s, "<!DOCTYPE", 9) == 0) {
		for (s += 9; s < end && strchr(" \t\r\n", *s) && *s; s++)
			;
	} else if (s >= end || *s != '<') {
		return false;
	} else {
		s++;
	}
	const char *name = s;
	while (s < end && *s != '>' && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' &&
	       *s != '/' && *s != '[')
		s++;
	size_t n = (size_t)(s - name);
	const char *colon = memchr(name, ':', n);
	const char *local = colon ? colon + 1 : name;
	size_t local_len = n - (size_t)(local - name);
	return (local_len == 3 && memcmp(local, "rss", 3) == 0) ||
	       (local_len == 4 && memcmp(local, "feed", 4) == 0) ||
	       (local_len == 3 && memcmp(local, "RDF", 3) == 0);
}
