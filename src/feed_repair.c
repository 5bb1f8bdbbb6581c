#include "config.h"
#include "feed_repair.h"
#include "feed_entities.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	NAME_MAX_BYTES = 128,  /* element names longer than this are passed on, not tracked */
	ENTITY_NAME_MAX = 40,  /* longer "&name" runs are text */
	DIGITS_MAX = 12,       /* digits of a character reference */
	TAG_END_MAX = 256,     /* bytes searched for the '>' of a broken end tag */
	STACK_MAX = 1024,      /* open elements tracked; deeper ones are only counted */
};

/* Where the lexer is. Inside a start tag: between attributes (TAG), in an attribute's
 * name, between the name and '=', between '=' and the value, and in the value. */
enum state {
	S_START, S_TEXT, S_TAG, S_ATTR_NAME, S_AFTER_NAME, S_BEFORE_VALUE, S_VALUE_DQ,
	S_VALUE_SQ, S_VALUE_BARE, S_COMMENT, S_CDATA, S_PI, S_DECL,
};

struct markup_repair {
	enum state state;
	unsigned run;          /* '-' (comment), ']' (CDATA) or '?' (PI) just seen */
	unsigned brackets;     /* DOCTYPE: inside its internal subset */
	char quote;            /* DOCTYPE: inside a quoted literal */
	bool has_doctype;      /* entities may be declared (in a DTD libxml2 never loads) */
	bool changed;
	bool skipped;          /* whitespace before the first tag was left out */
	bool tag_void;         /* the open start tag is an HTML void element */
	bool tag_slash;        /* ... and its last character was '/' */
	bool tag_tracked;
	char tag[NAME_MAX_BYTES];
	size_t tag_len;

	struct buf names;      /* open element names, back to back */
	size_t *name_ends;     /* end of each name in names */
	size_t depth, cap;
	size_t overflow;       /* open elements beyond STACK_MAX */

	struct buf carry;      /* bytes of an undecided token, held for the next chunk */
	struct buf joined;
	struct buf out;
	bool out_used;         /* the result is out, not the input */
	size_t copied;         /* input before this is in out */
};

#define HOLD ((size_t)-1)

/* ---- Tables ---------------------------------------------------------------------- */

static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

unsigned long cp1252_char(unsigned char c)
{
	if (c >= 0x80 && c < 0xA0)
		return cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFDul;
	return c;
}

struct entity_key {
	const char *name;
	size_t len;
};

static int entity_compare(const void *key, const void *elem)
{
	const struct entity_key *k = key;
	const char *name = ((const struct html_entity *)elem)->name;
	int c = strncmp(k->name, name, k->len);
	if (c)
		return c;
	return name[k->len] ? -1 : 0;
}

int html_entity_find(const char *name, size_t len, unsigned long cp[2])
{
	struct entity_key k = { name, len };
	const struct html_entity *e = bsearch(&k, html_entities,
					      sizeof html_entities / sizeof html_entities[0],
					      sizeof html_entities[0], entity_compare);
	if (!e)
		return 0;
	cp[0] = e->cp[0];
	cp[1] = e->cp[1];
	return e->cp[1] ? 2 : 1;
}

/* HTML elements that never have content; feeds write them as in HTML, unclosed. Names
 * that are feed elements too (link, source, meta) are left out. */
static bool is_void(const char *name, size_t n)
{
	if (n < 2 || n > 6)
		return false;
	static const char *const names[] = { "br", "hr", "img", "wbr", "input", "area", "col",
		"embed", "param", "track", "keygen", NULL };
	for (const char *const *v = names; *v; v++)
		if (strlen(*v) == n && str_ncasecmp_ascii(name, *v, n) == 0)
			return true;
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* UTF-8 bytes count as letters, as in libxml2's names. */
static bool name_start(char c)
{
	unsigned char u = (unsigned char)c;
	return (unsigned)((u | 0x20) - 'a') < 26 || u == '_' || u == ':' || u >= 0x80;
}

static bool name_char(char c)
{
	unsigned char u = (unsigned char)c;
	return name_start(c) || (unsigned)(u - '0') < 10 || u == '-' || u == '.';
}

/* ---- Output ------------------------------------------------------------------------ */

/* Moves the input before i to the output. */
static void flush_to(struct markup_repair *r, const char *s, size_t i)
{
	if (!r->out_used) {
		buf_reset(&r->out);
		r->out_used = true;
	}
	buf_add(&r->out, s + r->copied, i - r->copied);
	r->copied = i;
}

/* Puts rep in place of the n bytes at s[i]. */
static void replace(struct markup_repair *r, const char *s, size_t i, size_t n, const char *rep)
{
	flush_to(r, s, i);
	buf_adds(&r->out, rep);
	r->copied = i + n;
}

static void repair(struct markup_repair *r, const char *s, size_t i, size_t n, const char *rep)
{
	replace(r, s, i, n, rep);
	r->changed = true;
}

/* Whether s[0..avail) begins with lit: 1 yes, 0 no, -1 cannot tell yet. */
static int starts(const char *s, size_t avail, const char *lit)
{
	size_t n = strlen(lit);
	size_t k = avail < n ? avail : n;
	if (memcmp(s, lit, k) != 0)
		return 0;
	return k == n ? 1 : -1;
}

/* ---- Open elements ------------------------------------------------------------------- */

static void push_element(struct markup_repair *r)
{
	if (!r->tag_tracked)
		return;
	if (r->depth >= STACK_MAX || r->overflow) {
		r->overflow++;
		return;
	}
	if (r->depth == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 32;
		r->name_ends = xrealloc(r->name_ends, r->cap * sizeof *r->name_ends);
	}
	buf_add(&r->names, r->tag, r->tag_len);
	r->name_ends[r->depth++] = r->names.len;
}

static const char *element_name(const struct markup_repair *r, size_t k, size_t *len)
{
	size_t start = k ? r->name_ends[k - 1] : 0;
	*len = r->name_ends[k] - start;
	return r->names.data + start;
}

static void pop_element(struct markup_repair *r)
{
	r->depth--;
	r->names.len = r->depth ? r->name_ends[r->depth - 1] : 0;
}

/* The open element an end tag for name[0..n) closes: depth when none. */
static size_t find_open(const struct markup_repair *r, const char *name, size_t n)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = r->depth; k-- > 0;) {
			size_t len;
			const char *open = element_name(r, k, &len);
			if (len == n && (pass ? str_ncasecmp_ascii(open, name, n) == 0
					      : memcmp(open, name, n) == 0))
				return k;
		}
	}
	return r->depth;
}

/* ---- Tokens -------------------------------------------------------------------------- */

/* A character reference's value as XML can carry it. */
static unsigned long charref_value(unsigned long c)
{
	if (c >= 0x80 && c < 0xA0)
		return cp1252_char((unsigned char)c);
	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0xD800 && c < 0xE000) ||
	    c == 0xFFFE || c == 0xFFFF || c > 0x10FFFF)
		return 0xFFFDul;
	return c;
}

/* "&#...;" at s[i]; returns where it ends, HOLD, or 0 when it is none. */
static size_t char_reference(struct markup_repair *r, const char *s, size_t n, size_t i,
			     bool final)
{
	size_t j = i + 2;
	bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
	if (hex)
		j++;
	size_t first = j;
	unsigned long v = 0;
	while (j < n && j - first < DIGITS_MAX) {
		char c = s[j];
		int d = is_digit(c) ? c - '0' : !hex ? -1 : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			break;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
		if (v > 0x10FFFF)
			v = 0x110000;
		j++;
	}
	if (j == n && !final)
		return HOLD;
	if (j == first || j >= n || s[j] != ';')
		return 0;
	unsigned long c = charref_value(v);
	if (c != v) {
		char rep[16];
		snprintf(rep, sizeof rep, "&#x%lX;", c);
		replace(r, s, i, j + 1 - i, rep);
	}
	return j + 1;
}

/* "&name;" at s[i]; returns where it ends, HOLD, or 0 when it is none. */
static size_t named_reference(struct markup_repair *r, const char *s, size_t n, size_t i,
			      bool final)
{
	size_t j = i + 1;
	while (j < n && j - i <= ENTITY_NAME_MAX && (j == i + 1 ? name_start(s[j]) : name_char(s[j])))
		j++;
	if (j == n && !final && j - i <= ENTITY_NAME_MAX)
		return HOLD;
	if (j == i + 1 || j >= n || s[j] != ';')
		return 0;
	const char *name = s + i + 1;
	size_t len = j - i - 1;
	static const char *const xml[] = { "amp", "lt", "gt", "quot", "apos", NULL };
	for (const char *const *x = xml; *x; x++)
		if (strlen(*x) == len && memcmp(*x, name, len) == 0)
			return j + 1;
	unsigned long cp[2];
	int k = html_entity_find(name, len, cp);
	if (k) {
		char rep[32];
		snprintf(rep, sizeof rep, k == 2 ? "&#x%lX;&#x%lX;" : "&#x%lX;", cp[0], cp[1]);
		replace(r, s, i, j + 1 - i, rep);
		return j + 1;
	}
	/* Maybe declared in the DTD: libxml2 decides (it expands nothing but the predefined). */
	if (r->has_doctype)
		return j + 1;
	return 0; /* never declared: text, as browsers show it */
}

static size_t ampersand(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	if (i + 1 >= n && !final)
		return HOLD;
	size_t end = i + 1 < n && s[i + 1] == '#' ? char_reference(r, s, n, i, final)
						  : named_reference(r, s, n, i, final);
	if (end)
		return end;
	repair(r, s, i, 1, "&amp;");
	return i + 1;
}

/* "</name ...>" at s[i]. */
static size_t end_tag(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	size_t j = i + 2;
	while (j < n && j - i - 2 <= NAME_MAX_BYTES && name_char(s[j]))
		j++;
	size_t len = j - i - 2;
	if (j == n && !final && len <= NAME_MAX_BYTES)
		return HOLD;
	if (!len || !name_start(s[i + 2])) {
		repair(r, s, i, 1, "&lt;");
		return i + 1;
	}
	size_t k = j;
	while (k < n && k - j < TAG_END_MAX && s[k] != '>' && s[k] != '<')
		k++;
	if (k == n && !final && k - j < TAG_END_MAX)
		return HOLD;
	bool closed = k < n && s[k] == '>';
	size_t end = closed ? k + 1 : j;
	bool clean = closed && (k == j || is_space(s[j]));
	for (size_t q = j; clean && q < k; q++)
		clean = is_space(s[q]);
	if (r->overflow) {
		r->overflow--;
		return end;
	}
	if (len > NAME_MAX_BYTES)
		return end;
	size_t open = find_open(r, s + i + 2, len);
	if (open == r->depth) {
		repair(r, s, i, end - i, ""); /* closes nothing that is open */
		return end;
	}
	if (clean && open == r->depth - 1 && memcmp(element_name(r, open, &len), s + i + 2, len) == 0) {
		pop_element(r);
		return end;
	}
	flush_to(r, s, i);
	while (r->depth > open) {
		const char *name = element_name(r, r->depth - 1, &len);
		buf_adds(&r->out, "</");
		buf_add(&r->out, name, len);
		buf_addc(&r->out, '>');
		pop_element(r);
	}
	r->copied = end;
	r->changed = true;
	return end;
}

static size_t start_tag(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	size_t j = i + 1;
	while (j < n && j - i - 1 <= NAME_MAX_BYTES && name_char(s[j]))
		j++;
	size_t len = j - i - 1;
	if (j == n && !final && len <= NAME_MAX_BYTES)
		return HOLD;
	r->tag_tracked = len <= NAME_MAX_BYTES;
	r->tag_len = r->tag_tracked ? len : 0;
	memcpy(r->tag, s + i + 1, r->tag_len);
	r->tag_void = r->tag_tracked && is_void(r->tag, len);
	r->tag_slash = false;
	r->state = S_TAG;
	return j;
}

/* '<' in text at s[i]. */
static size_t less_than(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	if (i + 1 >= n && !final)
		return HOLD;
	char c = i + 1 < n ? s[i + 1] : ' ';
	if (c == '/')
		return end_tag(r, s, n, i, final);
	if (name_start(c))
		return start_tag(r, s, n, i, final);
	if (c == '?') {
		r->state = S_PI;
		r->run = 0;
		return i + 2;
	}
	if (c == '!') {
		int comment = starts(s + i, n - i, "<!--");
		int cdata = starts(s + i, n - i, "<![CDATA[");
		if ((comment < 0 || cdata < 0) && !final)
			return HOLD;
		if (comment == 1 || cdata == 1) {
			r->state = comment == 1 ? S_COMMENT : S_CDATA;
			r->run = 0;
			return i + (comment == 1 ? 4 : 9);
		}
		if (i + 2 < n && is_alpha(s[i + 2])) {
			r->state = S_DECL;
			r->has_doctype = true;
			r->brackets = 0;
			r->quote = 0;
			return i + 2;
		}
	}
	repair(r, s, i, 1, "&lt;");
	return i + 1;
}

/* Ends the open start tag with s[i] == '>'. */
static size_t close_start_tag(struct markup_repair *r, const char *s, size_t i)
{
	r->state = S_TEXT;
	if (r->tag_slash)
		return i + 1;
	if (r->tag_void)
		repair(r, s, i, 1, "/>");
	else
		push_element(r);
	return i + 1;
}

/* Between attributes. */
static size_t in_tag(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	char c = s[i];
	if (is_space(c))
		return i + 1;
	if (c == '>')
		return close_start_tag(r, s, i);
	if (c == '/') {
		if (i + 1 >= n && !final)
			return HOLD;
		if (i + 1 < n && s[i + 1] == '>') {
			r->tag_slash = true;
			return i + 1;
		}
		repair(r, s, i, 1, ""); /* HTML ignores a '/' that ends nothing */
		return i + 1;
	}
	r->tag_slash = false;
	if (name_start(c)) {
		r->state = S_ATTR_NAME;
		return i + 1;
	}
	if (c == '<') {
		/* A tag left without its '>': end it here. */
		repair(r, s, i, 0, r->tag_void ? "/>" : ">");
		if (!r->tag_void)
			push_element(r);
		r->state = S_TEXT;
		return i;
	}
	repair(r, s, i, 1, ""); /* stray quotes and such between attributes */
	return i + 1;
}

/* In an attribute value; q is its quote, 0 when it has none. */
static size_t in_value(struct markup_repair *r, const char *s, size_t n, size_t i, bool final,
		       char q)
{
	char c = s[i];
	if (q && c == q) {
		r->state = S_TAG;
		return i + 1;
	}
	if (!q && (is_space(c) || c == '>')) {
		repair(r, s, i, 0, "\"");
		r->state = S_TAG;
		return i;
	}
	if (c == '&')
		return ampersand(r, s, n, i, final);
	if (c == '<') {
		repair(r, s, i, 1, "&lt;");
		return i + 1;
	}
	if (!q && c == '"') {
		repair(r, s, i, 1, "&quot;");
		return i + 1;
	}
	return i + 1;
}

static size_t in_attribute(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	char c = s[i];
	switch (r->state) {
	case S_ATTR_NAME:
		if (name_char(c))
			return i + 1;
		if (c == '=') {
			r->state = S_BEFORE_VALUE;
			return i + 1;
		}
		if (is_space(c)) {
			r->state = S_AFTER_NAME;
			return i + 1;
		}
		break;
	case S_AFTER_NAME:
		if (is_space(c))
			return i + 1;
		if (c == '=') {
			r->state = S_BEFORE_VALUE;
			return i + 1;
		}
		break;
	case S_BEFORE_VALUE:
		if (is_space(c))
			return i + 1;
		if (c == '"' || c == '\'') {
			r->state = c == '"' ? S_VALUE_DQ : S_VALUE_SQ;
			return i + 1;
		}
		if (c == '>') {
			repair(r, s, i, 0, "\"\"");
			r->state = S_TAG;
			return i;
		}
		repair(r, s, i, 0, "\"");
		r->state = S_VALUE_BARE;
		return i;
	case S_VALUE_DQ:
		return in_value(r, s, n, i, final, '"');
	case S_VALUE_SQ:
		return in_value(r, s, n, i, final, '\'');
	default:
		return in_value(r, s, n, i, final, 0);
	}
	/* An attribute without a value, as HTML writes booleans. */
	repair(r, s, i, 0, "=\"\"");
	r->state = S_TAG;
	return i;
}

/* Skips to the end of a comment, CDATA section or PI: "-->", "]]>" or "?>". */
static size_t in_section(struct markup_repair *r, const char *s, size_t n, size_t i)
{
	char mark = r->state == S_COMMENT ? '-' : r->state == S_CDATA ? ']' : '?';
	unsigned need = r->state == S_PI ? 1 : 2;
	while (i < n) {
		if (!r->run) {
			const char *m = memchr(s + i, mark, n - i);
			if (!m)
				return n;
			i = (size_t)(m - s);
		}
		char c = s[i++];
		if (c == mark) {
			r->run = r->run < need ? r->run + 1 : need;
		} else if (c == '>' && r->run >= need) {
			r->state = S_TEXT;
			r->run = 0;
			return i;
		} else {
			r->run = 0;
		}
	}
	return i;
}

/* The DOCTYPE (or another declaration): up to its '>' outside brackets and quotes. */
static size_t in_declaration(struct markup_repair *r, const char *s, size_t n, size_t i)
{
	for (; i < n; i++) {
		char c = s[i];
		if (r->quote) {
			if (c == r->quote)
				r->quote = 0;
		} else if (c == '"' || c == '\'') {
			r->quote = c;
		} else if (c == '[') {
			r->brackets++;
		} else if (c == ']' && r->brackets) {
			r->brackets--;
		} else if (c == '>' && !r->brackets) {
			r->state = S_TEXT;
			return i + 1;
		}
	}
	return i;
}

/* Whether one of the 8 bytes at s is '<' or '&' (the classic has-zero-byte test on the
 * bytes xor'ed with each). Text is scanned a word at a time: it is most of a feed. */
static bool word_has_markup(const char *s)
{
	uint64_t w, lt, amp;
	memcpy(&w, s, sizeof w);
	lt = w ^ UINT64_C(0x3C3C3C3C3C3C3C3C);
	amp = w ^ UINT64_C(0x2626262626262626);
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
	return (((lt - ones) & ~lt) | ((amp - ones) & ~amp)) & highs;
}

static size_t in_text(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	while (i + 8 <= n && !word_has_markup(s + i))
		i += 8;
	while (i < n && s[i] != '<' && s[i] != '&')
		i++;
	if (i == n)
		return n;
	return s[i] == '<' ? less_than(r, s, n, i, final) : ampersand(r, s, n, i, final);
}

/* Whitespace and stray BOMs before the first tag; an XML declaration must come first. */
static size_t at_start(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	size_t j = i;
	for (;;) {
		if (j < n && is_space(s[j]))
			j++;
		else if (n - j >= 3 && memcmp(s + j, "\xEF\xBB\xBF", 3) == 0)
			j += 3;
		else
			break;
	}
	if (j > i) {
		replace(r, s, i, j - i, "");
		r->skipped = true;
		return j;
	}
	if (r->skipped) {
		int declaration = starts(s + i, n - i, "<?xml");
		if (declaration < 0 && !final)
			return HOLD;
		if (declaration > 0)
			r->changed = true;
	}
	r->state = S_TEXT;
	return i;
}

static size_t step(struct markup_repair *r, const char *s, size_t n, size_t i, bool final)
{
	switch (r->state) {
	case S_START: return at_start(r, s, n, i, final);
	case S_TEXT: return in_text(r, s, n, i, final);
	case S_TAG: return in_tag(r, s, n, i, final);
	case S_COMMENT:
	case S_CDATA:
	case S_PI: return in_section(r, s, n, i);
	case S_DECL: return in_declaration(r, s, n, i);
	default: return in_attribute(r, s, n, i, final);
	}
}

const char *markup_repair(struct markup_repair *r, const char *data, size_t *len, bool final)
{
	const char *s = data;
	size_t n = *len;
	if (r->carry.len) {
		buf_reset(&r->joined);
		buf_add(&r->joined, r->carry.data, r->carry.len);
		buf_add(&r->joined, data, n);
		buf_reset(&r->carry);
		s = r->joined.data;
		n = r->joined.len;
	}
	r->out_used = false;
	r->copied = 0;
	size_t i = 0;
	while (i < n) {
		size_t next = step(r, s, n, i, final);
		if (next == HOLD)
			break;
		i = next;
	}
	if (i < n)
		buf_add(&r->carry, s + i, n - i);
	if (!r->out_used) {
		*len = i;
		return s;
	}
	flush_to(r, s, i);
	*len = r->out.len;
	return r->out.data;
}

bool markup_repair_changed(const struct markup_repair *r)
{
	return r->changed;
}

struct markup_repair *markup_repair_new(void)
{
	struct markup_repair *r = xcalloc(1, sizeof *r);
	buf_init(&r->names);
	buf_init(&r->carry);
	buf_init(&r->joined);
	buf_init(&r->out);
	return r;
}

void markup_repair_free(struct markup_repair *r)
{
	if (!r)
		return;
	buf_free(&r->names);
	buf_free(&r->carry);
	buf_free(&r->joined);
	buf_free(&r->out);
	free(r->name_ends);
	free(r);
}
