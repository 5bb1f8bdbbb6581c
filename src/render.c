#include "config.h"
#include "render.h"
#include "i18n.h"
#include "util/buf.h"
#include "util/url.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* Limits on hostile input: past them we render less, never more slowly or unsafely. */
enum {
	INPUT_LIMIT = 16 << 20,      /* bytes of HTML looked at */
	FRAME_LIMIT = 64,           /* nested lists/quotes/links that keep their own state */
	LINK_LIMIT = 10000,
	URL_LIMIT = 8192,
	ALT_LIMIT = 300,             /* bytes of an image's alt text */
	RULE_LIMIT = 200,            /* columns of an <hr> */
	CHARSET_SNIFF = 1024,      /* bytes searched for a <meta charset> */
};

/* ---------------------------------------------------------------- UTF-8 */

/* Decodes one strict UTF-8 sequence (no overlongs, surrogates or values past U+10FFFF).
 * Returns its length, or -k when the first k bytes form an invalid or truncated one. */
static int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	int need;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else {
		return -1;
	}
	for (int i = 1; i <= need; i++) {
		if ((size_t)i >= n || s[i] < lo || s[i] > hi)
			return -i;
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

static void utf8_encode(struct buf *b, uint32_t cp)
{
	char s[4];
	size_t n;

	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_add(b, s, n);
}

#define REPLACEMENT "\xEF\xBF\xBD"

/* The buffer's string, handed over without the fresh allocation buf_steal makes. */
static char *buf_take(struct buf *b)
{
	char *s = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

/* ------------------------------------------------------------ sanitising */

static int is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* Invisible characters that can hide or smuggle text: byte-order marks, deprecated
 * format controls, interlinear annotations and the tag block. */
static int is_hidden_format(uint32_t cp)
{
	return cp == 0xFEFF || (cp >= 0x206A && cp <= 0x206F) ||
	       (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
}

static int is_noncharacter(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Skips a CSI's parameter, intermediate and final bytes starting at i. A malformed
 * sequence ends at the first byte that does not belong; that byte is then kept. */
static size_t skip_csi(const unsigned char *s, size_t n, size_t i)
{
	while (i < n && s[i] >= 0x30 && s[i] <= 0x3F)
		i++;
	while (i < n && s[i] >= 0x20 && s[i] <= 0x2F)
		i++;
	if (i < n && s[i] >= 0x40 && s[i] <= 0x7E)
		i++;
	return i;
}

/* Skips the body of an OSC/DCS/SOS/PM/APC string up to and including its terminator:
 * ST (ESC \\ or C1 0x9C), BEL for OSC, or CAN/SUB which abort it in terminals. The body is
 * walked by characters so that a 0x9C inside a multibyte character does not end it. */
static size_t skip_control_string(const unsigned char *s, size_t n, size_t i, int bel_ends)
{
	while (i < n) {
		uint32_t cp;
		if (s[i] == 0x1B)
			return i + 1 < n && s[i + 1] == '\\' ? i + 2 : i;
		int len = utf8_decode(s + i, n - i, &cp);
		if (len < 0) {
			if (s[i] == 0x9C)
				return i + 1;
			i += (size_t)-len;
			continue;
		}
		i += (size_t)len;
		if ((bel_ends && cp == 0x07) || cp == 0x18 || cp == 0x1A || cp == 0x9C)
			return i;
	}
	return n;
}

/* A C1 control (U+0080..U+009F) at i, `len` bytes long: the ones that open a sequence
 * take their sequence with them, as a terminal honouring them would. */
static size_t skip_c1(const unsigned char *s, size_t n, size_t i, size_t len, uint32_t code)
{
	i += len;
	switch (code) {
	case 0x9B:
		return skip_csi(s, n, i);
	case 0x9D:
		return skip_control_string(s, n, i, 1);
	case 0x90: case 0x98: case 0x9E: case 0x9F:
		return skip_control_string(s, n, i, 0);
	default:
		return i;
	}
}

static size_t skip_escape(const unsigned char *s, size_t n, size_t i)
{
	i++;
	if (i >= n)
		return i;
	unsigned char c = s[i];
	if (c == '[')
		return skip_csi(s, n, i + 1);
	if (c == ']')
		return skip_control_string(s, n, i + 1, 1);
	if (c == 'P' || c == 'X' || c == '^' || c == '_')
		return skip_control_string(s, n, i + 1, 0);
	if (c >= 0x20 && c <= 0x2F) {
		while (i < n && s[i] >= 0x20 && s[i] <= 0x2F)
			i++;
		return i < n && s[i] >= 0x30 && s[i] <= 0x7E ? i + 1 : i;
	}
	return c >= 0x30 && c <= 0x7E ? i + 1 : i;
}

/* One ASCII byte: whitespace controls become a space (or stay, with keep_newlines),
 * every other C0 control and DEL goes. */
static size_t sanitize_ascii(struct buf *out, const unsigned char *s, size_t n, size_t i,
			     int keep_newlines)
{
	unsigned char c = s[i];
	if (c == '\r') {
		if (i + 1 < n && s[i + 1] == '\n')
			return i + 1;
		c = '\n';
	}
	if (c == '\n' || c == '\t')
		buf_addc(out, keep_newlines ? (char)c : ' ');
	else if (c == '\v' || c == '\f')
		buf_addc(out, ' ');
	else if (c >= 0x20 && c != 0x7F)
		buf_addc(out, (char)c);
	return i + 1;
}

static void sanitize_into(struct buf *out, const char *text, size_t n, int keep_newlines)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < n) {
		/* Printable ASCII, nearly all of a news text, is copied a run at a time. */
		size_t run = i;
		while (run < n && s[run] >= 0x20 && s[run] < 0x7F)
			run++;
		if (run > i) {
			buf_add(out, text + i, run - i);
			i = run;
			continue;
		}
		uint32_t cp;
		if (s[i] == 0x1B) {
			i = skip_escape(s, n, i);
			continue;
		}
		if (s[i] < 0x80) {
			i = sanitize_ascii(out, s, n, i, keep_newlines);
			continue;
		}
		int len = utf8_decode(s + i, n - i, &cp);
		if (len == -1 && s[i] <= 0x9F) {
			/* A stray byte in broken UTF-8 is only removed, lest it swallow text;
			 * raw CSI is the 8-bit form terminals still act on. */
			i = s[i] == 0x9B ? skip_csi(s, n, i + 1) : i + 1;
			continue;
		}
		if (len < 0) {
			buf_adds(out, REPLACEMENT);
			i += (size_t)-len;
			continue;
		}
		if (cp <= 0x9F)
			i = skip_c1(s, n, i, (size_t)len, cp);
		else if (cp == 0x2028 || cp == 0x2029)
			buf_addc(out, keep_newlines ? '\n' : ' ');
		else if (is_noncharacter(cp))
			buf_adds(out, REPLACEMENT);
		else if (!is_bidi_control(cp) && !is_hidden_format(cp))
			buf_add(out, (const char *)s + i, (size_t)len);
		if (cp > 0x9F)
			i += (size_t)len;
	}
}

/* ---------------------------------------------------------------- width */

struct range {
	uint32_t first, last;
};

/* Used only when the C library cannot tell: the common combining marks and the East
 * Asian wide blocks. */
static const struct range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05C7}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
	{0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2060, 0x2064},
	{0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
	{0xE0000, 0xE0FFF},
};
static const struct range double_width[] = {
	{0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
	{0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3},
	{0xF900, 0xFAFF}, {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
	{0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].first && cp <= r[i].last)
			return 1;
	return 0;
}

/* wcwidth knows nothing in a non-UTF-8 locale and nothing of characters newer than the
 * C library; the small table then stands in for it. */
static int char_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 0;
	if (cp < 0x7F)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	if (in_ranges(cp, zero_width, sizeof zero_width / sizeof *zero_width))
		return 0;
	return in_ranges(cp, double_width, sizeof double_width / sizeof *double_width) ? 2 : 1;
}

/* Width of the character at s; *len gets its byte length (an invalid byte counts as one
 * column, as the terminal will show a replacement for it). */
static int width_at(const char *s, size_t n, size_t *len)
{
	uint32_t cp;
	int k = utf8_decode((const unsigned char *)s, n, &cp);
	if (k < 0) {
		*len = 1;
		return 1;
	}
	*len = (size_t)k;
	return char_width(cp);
}

static int span_width(const char *s, size_t n)
{
	int w = 0;
	size_t len;
	for (size_t i = 0; i < n; i += len)
		w += width_at(s + i, n - i, &len);
	return w;
}

/* ------------------------------------------------------------- wrapping */

typedef void line_fn(void *ctx, const char *s, size_t n);

struct wrap {
	line_fn *emit;
	void *ctx;
	int avail;                /* columns per line; <= 0 means unlimited */
	const char *start;        /* the line being filled */
	size_t len;
	int width;
};

static void wrap_flush(struct wrap *w)
{
	if (w->start)
		w->emit(w->ctx, w->start, w->len);
	w->start = NULL;
	w->len = 0;
	w->width = 0;
}

/* A word wider than a line is cut between characters; combining marks (width 0) stay
 * with the character before them. The tail becomes the line being filled. */
static void wrap_hard_break(struct wrap *w, const char *word, size_t n)
{
	size_t begin = 0, i = 0, len;
	int used = 0;

	while (i < n) {
		int cw = width_at(word + i, n - i, &len);
		if (cw > 0 && used + cw > w->avail && i > begin) {
			w->emit(w->ctx, word + begin, i - begin);
			begin = i;
			used = 0;
		}
		used += cw;
		i += len;
	}
	w->start = word + begin;
	w->len = n - begin;
	w->width = used;
}

static void wrap_word(struct wrap *w, size_t gap_len, const char *word, size_t n)
{
	int ww = span_width(word, n);
	int gw = (int)gap_len;

	if (w->start && w->width + gw + ww <= w->avail) {
		w->len = (size_t)(word + n - w->start);
		w->width += gw + ww;
		return;
	}
	wrap_flush(w);
	if (ww > w->avail) {
		wrap_hard_break(w, word, n);
		return;
	}
	w->start = word;
	w->len = n;
	w->width = ww;
}

/* Greedy wrapping at spaces; the spaces inside a line are kept as given, those at a
 * break are dropped. A text with no words emits nothing. */
static void wrap_text(const char *s, size_t n, int avail, line_fn *emit, void *ctx)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (avail <= 0) {
		size_t end = n;
		while (end > i && s[end - 1] == ' ')
			end--;
		if (end > i)
			emit(ctx, s + i, end - i);
		return;
	}
	struct wrap w = {emit, ctx, avail, NULL, 0, 0};
	while (i < n) {
		size_t gap = i;
		while (i < n && s[i] == ' ')
			i++;
		size_t word = i;
		while (i < n && s[i] != ' ')
			i++;
		if (i > word)
			wrap_word(&w, word - gap, s + word, i - word);
	}
	wrap_flush(&w);
}

/* Output of text_wrap: each line of a paragraph gets its leading indentation back. */
struct plain_wrap {
	struct buf *out;
	const char *indent;
	size_t indent_len;
	int lines;
};

static void plain_line(void *ctx, const char *s, size_t n)
{
	struct plain_wrap *p = ctx;
	if (p->lines++)
		buf_addc(p->out, '\n');
	buf_add(p->out, p->indent, p->indent_len);
	buf_add(p->out, s, n);
}

static void wrap_plain_line(struct buf *out, struct buf *line, int width)
{
	size_t indent = 0;
	for (size_t i = 0; i < line->len; i++)
		if (line->data[i] == '\t')
			line->data[i] = ' ';
	while (indent < line->len && line->data[indent] == ' ')
		indent++;
	if (indent == line->len)
		return;
	int half = width / 2 > 0 ? width / 2 : 1;
	int avail = width - (int)indent;
	if (avail < half) {
		indent = (size_t)(width - half);
		avail = half;
	}
	struct plain_wrap p = {out, line->data, indent, 0};
	wrap_text(line->data + indent, line->len - indent, width > 0 ? avail : 0, plain_line,
		  &p);
}

/* ------------------------------------------------------------ rendering */

enum role {
	ROLE_INLINE, ROLE_SKIP, ROLE_BLOCK, ROLE_PARAGRAPH, ROLE_HEADING, ROLE_LIST,
	ROLE_ITEM, ROLE_QUOTE, ROLE_INDENT, ROLE_PRE, ROLE_BREAK, ROLE_RULE, ROLE_IMAGE,
	ROLE_LINK, ROLE_TABLE, ROLE_ROW, ROLE_CELL,
};

/* How each element is drawn; anything not listed is inline and shows its text. */
static const struct {
	const char *tag;
	enum role role;
} roles[] = {
	{"a", ROLE_LINK}, {"img", ROLE_IMAGE}, {"br", ROLE_BREAK}, {"p", ROLE_PARAGRAPH},
	{"div", ROLE_BLOCK}, {"span", ROLE_INLINE}, {"li", ROLE_ITEM}, {"ul", ROLE_LIST},
	{"ol", ROLE_LIST}, {"menu", ROLE_LIST}, {"dir", ROLE_LIST},
	{"h1", ROLE_HEADING}, {"h2", ROLE_HEADING}, {"h3", ROLE_HEADING},
	{"h4", ROLE_HEADING}, {"h5", ROLE_HEADING}, {"h6", ROLE_HEADING},
	{"blockquote", ROLE_QUOTE}, {"dd", ROLE_INDENT}, {"pre", ROLE_PRE},
	{"listing", ROLE_PRE}, {"xmp", ROLE_PRE}, {"plaintext", ROLE_PRE}, {"hr", ROLE_RULE},
	{"table", ROLE_TABLE}, {"tr", ROLE_ROW}, {"td", ROLE_CELL}, {"th", ROLE_CELL},
	{"caption", ROLE_BLOCK}, {"thead", ROLE_INLINE}, {"tbody", ROLE_INLINE},
	{"figure", ROLE_PARAGRAPH}, {"figcaption", ROLE_BLOCK}, {"address", ROLE_PARAGRAPH},
	{"dl", ROLE_PARAGRAPH}, {"dt", ROLE_BLOCK}, {"article", ROLE_BLOCK},
	{"section", ROLE_BLOCK}, {"header", ROLE_BLOCK}, {"footer", ROLE_BLOCK},
	{"main", ROLE_BLOCK}, {"nav", ROLE_BLOCK}, {"aside", ROLE_BLOCK},
	{"details", ROLE_BLOCK}, {"summary", ROLE_BLOCK}, {"center", ROLE_BLOCK},
	{"fieldset", ROLE_BLOCK}, {"legend", ROLE_BLOCK}, {"form", ROLE_BLOCK},
	{"body", ROLE_BLOCK}, {"html", ROLE_BLOCK},
	{"head", ROLE_SKIP}, {"title", ROLE_SKIP}, {"script", ROLE_SKIP},
	{"style", ROLE_SKIP}, {"iframe", ROLE_SKIP}, {"frame", ROLE_SKIP},
	{"frameset", ROLE_SKIP}, {"noscript", ROLE_SKIP}, {"template", ROLE_SKIP},
	{"object", ROLE_SKIP}, {"embed", ROLE_SKIP}, {"applet", ROLE_SKIP},
	{"svg", ROLE_SKIP}, {"math", ROLE_SKIP}, {"canvas", ROLE_SKIP},
	{"audio", ROLE_SKIP}, {"video", ROLE_SKIP}, {"map", ROLE_SKIP},
	{"input", ROLE_SKIP}, {"select", ROLE_SKIP}, {"textarea", ROLE_SKIP},
	{"button", ROLE_SKIP}, {"option", ROLE_SKIP}, {"datalist", ROLE_SKIP},
	{"meta", ROLE_SKIP}, {"link", ROLE_SKIP}, {"base", ROLE_SKIP},
};

static enum role role_of(const xmlNode *node)
{
	const char *tag = (const char *)node->name;
	if (!tag)
		return ROLE_INLINE;
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(roles[i].tag, tag) == 0)
			return roles[i].role;
	return ROLE_INLINE;
}

/* State kept for an open element that changes how its content is drawn. */
struct frame {
	const xmlNode *node;
	enum role role;
	char first[16];           /* line prefix for the first line ("• ", "12. ") */
	char rest[16];            /* and for the lines after it */
	int prefix_width;
	int first_used;
	int counter;              /* a list's next number */
	int ordered;
	char *href;               /* a link's target, when it has a usable one */
};

struct render {
	struct buf out;
	struct buf para;          /* the current block's inline text, spaces collapsed */
	struct buf mapped, scratch;  /* reused for each text node */
	int pending_space;
	int pending_separator;    /* a table cell's " | " waits for the cell's text */
	int pending_break;        /* 1: new line, 2: blank line before the next line */
	int width;
	int pre;                  /* inside <pre>: lines kept, no wrapping */
	int pre_column;
	int cell;                 /* inside a table cell: blocks flatten to spaces */
	int lists;
	struct frame frames[FRAME_LIMIT];
	size_t n_frames;
	const char *base_url;
	char **links;
	size_t n_links, links_cap;
	size_t *slots;            /* hash of links: index + 1, 0 for empty */
	size_t n_slots;
};

static struct frame *frame_push(struct render *r, const xmlNode *node, enum role role)
{
	if (r->n_frames >= FRAME_LIMIT)
		return NULL;
	struct frame *f = &r->frames[r->n_frames++];
	memset(f, 0, sizeof *f);
	f->node = node;
	f->role = role;
	return f;
}

static struct frame *frame_pop(struct render *r, const xmlNode *node)
{
	if (!r->n_frames || r->frames[r->n_frames - 1].node != node)
		return NULL;
	return &r->frames[--r->n_frames];
}

static struct frame *frame_nearest(struct render *r, enum role role)
{
	for (size_t i = r->n_frames; i-- > 0;)
		if (r->frames[i].role == role)
			return &r->frames[i];
	return NULL;
}

static void frame_set_prefix(struct frame *f, const char *first, int width)
{
	snprintf(f->first, sizeof f->first, "%s", first);
	memset(f->rest, ' ', (size_t)width);
	f->rest[width] = '\0';
	f->prefix_width = width;
}

/* Indentation is capped so that deep nesting never squeezes the text out of the line. */
static int prefix_cap(const struct render *r)
{
	return r->width > 0 ? r->width / 2 : 40;
}

static int prefix_width(const struct render *r)
{
	int w = 0, cap = prefix_cap(r);
	for (size_t i = 0; i < r->n_frames; i++)
		if (w + r->frames[i].prefix_width <= cap)
			w += r->frames[i].prefix_width;
	return w;
}

static void add_prefix(struct render *r)
{
	int w = 0, cap = prefix_cap(r);
	for (size_t i = 0; i < r->n_frames; i++) {
		struct frame *f = &r->frames[i];
		if (!f->prefix_width || w + f->prefix_width > cap)
			continue;
		buf_adds(&r->out, f->first_used ? f->rest : f->first);
		f->first_used = 1;
		w += f->prefix_width;
	}
}

static void render_line(void *ctx, const char *s, size_t n)
{
	struct render *r = ctx;
	if (r->out.len)
		buf_add(&r->out, "\n\n", r->pending_break > 1 ? 2 : 1);
	r->pending_break = 0;
	if (!n)
		return;
	add_prefix(r);
	buf_add(&r->out, s, n);
}

static void request_break(struct render *r, int lines)
{
	if (r->pending_break < lines)
		r->pending_break = lines;
}

static void flush_pre(struct render *r)
{
	char *s = r->para.data;
	size_t n = r->para.len;
	if (n && s[0] == '\n') {  /* a newline right after <pre> is not content */
		s++;
		n--;
	}
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	while (n) {
		char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;
		render_line(r, s, len);
		s += len;
		n -= len;
		if (nl) {
			s++;
			n--;
		}
	}
}

static void flush_para(struct render *r)
{
	if (r->pre) {
		flush_pre(r);
	} else if (r->para.len) {
		for (size_t i = 0; i < r->para.len; i++)
			if (r->para.data[i] == '\n')
				r->para.data[i] = ' ';
		int avail = r->width > 0 ? r->width - prefix_width(r) : 0;
		wrap_text(r->para.data, r->para.len, avail, render_line, r);
	}
	buf_reset(&r->para);
	r->pending_space = 0;
	r->pending_separator = 0;
	r->pre_column = 0;
}

/* Starts or ends a block: inside a table cell blocks only separate words. */
static void block_edge(struct render *r, int lines)
{
	if (r->cell) {
		r->pending_space = 1;
		return;
	}
	flush_para(r);
	request_break(r, lines);
}

/* Everything inline goes through here so that spaces collapse and cells get their
 * separators only when they have content. */
static void para_begin_content(struct render *r)
{
	if (r->pending_separator) {
		while (r->para.len && r->para.data[r->para.len - 1] == ' ')
			r->para.data[--r->para.len] = '\0';
		buf_adds(&r->para, " | ");
		r->pending_separator = 0;
		r->pending_space = 0;
	}
	if (r->pending_space && r->para.len && r->para.data[r->para.len - 1] != ' ')
		buf_addc(&r->para, ' ');
	r->pending_space = 0;
}

static void add_pre_text(struct render *r, const char *s, size_t n)
{
	para_begin_content(r);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t') {
			int spaces = 8 - r->pre_column % 8;
			buf_add(&r->para, "        ", (size_t)spaces);
			r->pre_column += spaces;
			continue;
		}
		buf_addc(&r->para, (char)c);
		if (c == '\n')
			r->pre_column = 0;
		else if ((c & 0xC0) != 0x80)
			r->pre_column++;
	}
}

/* Unicode spaces other than the ideographic one collapse like ASCII spaces. */
static int space_length(const unsigned char *s, size_t n)
{
	if (s[0] == ' ')
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xAF))
		return 3;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
		return 3;
	return 0;
}

static void add_flow_text(struct render *r, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < n) {
		int sp = space_length(s + i, n - i);
		if (sp) {
			r->pending_space = 1;
			i += (size_t)sp;
			continue;
		}
		if (n - i >= 2 && s[i] == 0xC2 && s[i + 1] == 0xAD) {  /* soft hyphen */
			i += 2;
			continue;
		}
		size_t run = i + 1;
		while (run < n && s[run] != ' ' && s[run] != 0xC2 && s[run] != 0xE2)
			run++;
		para_begin_content(r);
		buf_add(&r->para, text + i, run - i);
		i = run;
	}
}

/* Numeric references to 0x80..0x9F mean windows-1252 in every browser (&#150; is a
 * dash); anything else in that range is a control and is left to the sanitiser. */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void map_cp1252(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *lead = memchr(s + i, 0xC2, n - i);
		size_t at = lead ? (size_t)(lead - s) : n;
		buf_add(out, s + i, at - i);
		i = at;
		if (i == n)
			break;
		unsigned char next = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		if (next >= 0x80 && next <= 0x9F && cp1252[next - 0x80]) {
			utf8_encode(out, cp1252[next - 0x80]);
			i += 2;
		} else {
			buf_addc(out, s[i]);
			i++;
		}
	}
}

static void add_text(struct render *r, const char *s, size_t n)
{
	buf_reset(&r->mapped);
	map_cp1252(&r->mapped, s, n);
	buf_reset(&r->scratch);
	int pre = r->pre && !r->cell;
	sanitize_into(&r->scratch, r->mapped.data, r->mapped.len, pre);
	if (pre)
		add_pre_text(r, r->scratch.data, r->scratch.len);
	else
		add_flow_text(r, r->scratch.data, r->scratch.len);
}

/* Inline tokens we write ourselves ("[image]", "[3]"): already safe. */
static void add_token(struct render *r, const char *s)
{
	para_begin_content(r);
	buf_adds(&r->para, s);
}

/* -------------------------------------------------------------- links */

static size_t hash_string(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void links_rehash(struct render *r)
{
	free(r->slots);
	r->n_slots = r->n_slots ? r->n_slots * 2 : 64;
	r->slots = xcalloc(r->n_slots, sizeof *r->slots);
	for (size_t k = 0; k < r->n_links; k++) {
		size_t i = hash_string(r->links[k]) & (r->n_slots - 1);
		while (r->slots[i])
			i = (i + 1) & (r->n_slots - 1);
		r->slots[i] = k + 1;
	}
}

/* The number of url in the list, adding it when new; 0 when the list is full. */
static size_t link_number(struct render *r, const char *url)
{
	if (!r->n_slots)
		links_rehash(r);
	size_t i = hash_string(url) & (r->n_slots - 1);
	for (; r->slots[i]; i = (i + 1) & (r->n_slots - 1))
		if (strcmp(r->links[r->slots[i] - 1], url) == 0)
			return r->slots[i];
	if (r->n_links >= LINK_LIMIT)
		return 0;
	if (r->n_links == r->links_cap) {
		r->links_cap = r->links_cap ? r->links_cap * 2 : 16;
		r->links = xrealloc(r->links, r->links_cap * sizeof *r->links);
	}
	r->links[r->n_links++] = xstrdup(url);
	r->slots[i] = r->n_links;
	if (r->n_links * 2 > r->n_slots)
		links_rehash(r);
	return r->n_links;
}

static int scheme_allowed(const char *url)
{
	static const char *const allowed[] = {"http", "https", "ftp", "mailto"};
	char scheme[16];
	if (!url_scheme(url, scheme, sizeof scheme))
		return 0;
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
		if (strcmp(scheme, allowed[i]) == 0)
			return 1;
	return 0;
}

/* The absolute, printable form of an href, or NULL for links a reader cannot follow:
 * in-page anchors, scripts, data: and other schemes, and relative links with no base. */
static char *link_target(const struct render *r, const char *href)
{
	while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
		href++;
	if (!*href || *href == '#' || strlen(href) > URL_LIMIT)
		return NULL;
	char *resolved = url_resolve(r->base_url, href);
	char *safe = resolved ? text_sanitize(resolved, 0) : NULL;
	free(resolved);
	if (!safe || !scheme_allowed(safe)) {
		free(safe);
		return NULL;
	}
	struct buf b;
	buf_init(&b);
	for (const char *p = str_trim(safe); *p; p++) {
		if (*p == ' ')
			buf_adds(&b, "%20");
		else
			buf_addc(&b, *p);
	}
	free(safe);
	return buf_take(&b);
}

/* ------------------------------------------------------------ elements */

static void link_enter(struct render *r, const xmlNode *node)
{
	struct frame *f = frame_push(r, node, ROLE_LINK);
	xmlChar *href = f ? xmlGetProp(node, BAD_CAST "href") : NULL;
	if (href) {
		f->href = link_target(r, (const char *)href);
		xmlFree(href);
	}
}

/* The number sticks to the anchor text: a space waiting after it stays waiting. */
static void link_leave(struct render *r, const xmlNode *node)
{
	struct frame *f = frame_pop(r, node);
	if (!f || !f->href)
		return;
	size_t n = link_number(r, f->href);
	free(f->href);
	f->href = NULL;
	if (n) {
		char token[32];
		snprintf(token, sizeof token, "[%zu]", n);
		buf_adds(&r->para, token);
	}
}

static void image(struct render *r, const xmlNode *node)
{
	xmlChar *alt = xmlGetProp(node, BAD_CAST "alt");
	struct buf text, token;
	buf_init(&text);
	buf_init(&token);
	if (alt) {
		sanitize_into(&text, (const char *)alt, strlen((const char *)alt), 0);
		xmlFree(alt);
		str_squeeze_space(text.data);
		text.len = strlen(text.data);
		if (text.len > ALT_LIMIT) {
			size_t cut = ALT_LIMIT;
			while (cut && ((unsigned char)text.data[cut] & 0xC0) == 0x80)
				cut--;
			text.len = cut;
			text.data[cut] = '\0';
			buf_adds(&text, "\xE2\x80\xA6");
		}
	}
	if (text.len)
		buf_printf(&token, _("[image: %s]"), text.data);
	else
		buf_adds(&token, _("[image]"));
	r->pending_space = 1;
	add_token(r, token.data);
	r->pending_space = 1;
	buf_free(&text);
	buf_free(&token);
}

static void list_enter(struct render *r, const xmlNode *node)
{
	block_edge(r, r->lists ? 1 : 2);
	r->lists++;
	struct frame *f = frame_push(r, node, ROLE_LIST);
	if (!f)
		return;
	f->ordered = strcmp((const char *)node->name, "ol") == 0;
	f->counter = 1;
	xmlChar *start = f->ordered ? xmlGetProp(node, BAD_CAST "start") : NULL;
	if (start) {
		long n = strtol((const char *)start, NULL, 10);
		f->counter = n < -99999 ? -99999 : n > 99999 ? 99999 : (int)n;
		xmlFree(start);
	}
}

static void list_leave(struct render *r, const xmlNode *node)
{
	frame_pop(r, node);
	r->lists--;
	block_edge(r, r->lists ? 1 : 2);
}

static void item_enter(struct render *r, const xmlNode *node)
{
	block_edge(r, 1);
	struct frame *list = frame_nearest(r, ROLE_LIST);
	struct frame *f = frame_push(r, node, ROLE_ITEM);
	if (!f)
		return;
	if (list && list->ordered) {
		char number[16];
		int n = snprintf(number, sizeof number, "%d. ", list->counter++);
		frame_set_prefix(f, number, n);
	} else {
		frame_set_prefix(f, "\xE2\x80\xA2 ", 2);
	}
}

static void indent_enter(struct render *r, const xmlNode *node, enum role role, int lines)
{
	block_edge(r, lines);
	struct frame *f = frame_push(r, node, role);
	if (f)
		frame_set_prefix(f, "  ", 2);
}

static void line_break(struct render *r)
{
	if (r->pre && !r->cell)
		add_pre_text(r, "\n", 1);
	else if (r->cell)
		r->pending_space = 1;
	else if (r->para.len)
		flush_para(r);
	else
		request_break(r, 2);
}

static void rule(struct render *r)
{
	block_edge(r, 2);
	if (r->cell)
		return;
	int columns = r->width > 0 ? r->width - prefix_width(r) : 40;
	struct buf line;
	buf_init(&line);
	for (int i = 0; i < columns && i < RULE_LIMIT; i++)
		buf_adds(&line, "\xE2\x94\x80");
	render_line(r, line.data, line.len);
	buf_free(&line);
	request_break(r, 2);
}

static void cell_enter(struct render *r)
{
	if (r->para.len)
		r->pending_separator = 1;
	else
		r->pending_space = 1;
	r->cell++;
}

static int paragraph_lines(const struct render *r)
{
	return r->lists ? 1 : 2;
}

/* Returns whether the element's children are to be visited (and leave() called). */
static int enter(struct render *r, const xmlNode *node)
{
	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		if (node->content)
			add_text(r, (const char *)node->content, strlen((const char *)node->content));
		return 0;
	}
	if (node->type != XML_ELEMENT_NODE)
		return 0;
	enum role role = role_of(node);
	if (role == ROLE_SKIP || xmlHasProp(node, BAD_CAST "hidden"))
		return 0;
	switch (role) {
	case ROLE_BLOCK: case ROLE_ROW: block_edge(r, 1); break;
	case ROLE_PARAGRAPH: block_edge(r, paragraph_lines(r)); break;
	case ROLE_HEADING: case ROLE_TABLE: block_edge(r, 2); break;
	case ROLE_PRE: block_edge(r, 2); r->pre++; break;
	case ROLE_LIST: list_enter(r, node); break;
	case ROLE_ITEM: item_enter(r, node); break;
	case ROLE_QUOTE: indent_enter(r, node, role, 2); break;
	case ROLE_INDENT: indent_enter(r, node, role, 1); break;
	case ROLE_LINK: link_enter(r, node); break;
	case ROLE_CELL: cell_enter(r); break;
	case ROLE_BREAK: line_break(r); return 0;
	case ROLE_RULE: rule(r); return 0;
	case ROLE_IMAGE: image(r, node); return 0;
	case ROLE_INLINE: case ROLE_SKIP: break;
	}
	return 1;
}

static void leave(struct render *r, const xmlNode *node)
{
	switch (role_of(node)) {
	case ROLE_BLOCK: case ROLE_ROW: block_edge(r, 1); break;
	case ROLE_PARAGRAPH: block_edge(r, paragraph_lines(r)); break;
	case ROLE_HEADING: case ROLE_TABLE: block_edge(r, 2); break;
	case ROLE_PRE: block_edge(r, 2); r->pre--; break;
	case ROLE_LIST: list_leave(r, node); break;
	case ROLE_ITEM: case ROLE_INDENT: block_edge(r, 1); frame_pop(r, node); break;
	case ROLE_QUOTE: block_edge(r, 2); frame_pop(r, node); break;
	case ROLE_LINK: link_leave(r, node); break;
	case ROLE_CELL: r->cell--; r->pending_space = 1; break;
	default: break;
	}
}

/* Depth-first through parent pointers, so that 100,000 nested elements cost no stack. */
static void walk(struct render *r, xmlDoc *doc)
{
	const xmlNode *top = (const xmlNode *)doc;
	const xmlNode *node = doc->children;

	while (node) {
		int open = enter(r, node);
		if (open && node->children) {
			node = node->children;
			continue;
		}
		if (open)
			leave(r, node);
		while (!node->next) {
			node = node->parent;
			if (!node || node == top)
				return;
			leave(r, node);
		}
		node = node->next;
	}
}

/* ------------------------------------------------------------- parsing */

static const char *find_ascii_nocase(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);
	int first = word[0] | 0x20;   /* words here start with a letter or '<' */
	for (; s + n <= end; s++)
		if ((*s | 0x20) == first && str_ncasecmp_ascii(s, word, n) == 0)
			return s;
	return NULL;
}

/* Whether the page names a charset other than UTF-8 (a UTF-16 byte-order mark or a
 * <meta> charset near the top); only then is libxml2 left to pick the encoding. */
static int declares_other_charset(const char *html, size_t len)
{
	const unsigned char *u = (const unsigned char *)html;
	if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE)))
		return 1;
	const char *end = html + (len < CHARSET_SNIFF ? len : CHARSET_SNIFF);
	for (const char *p = html; (p = find_ascii_nocase(p, end, "<meta")); p += 5) {
		const char *close = memchr(p, '>', (size_t)(end - p));
		const char *tag_end = close ? close : end;
		const char *c = find_ascii_nocase(p, tag_end, "charset");
		if (!c)
			continue;
		c += 7;
		while (c < tag_end && (*c == ' ' || *c == '=' || *c == '"' || *c == '\''))
			c++;
		return !(find_ascii_nocase(c, tag_end, "utf-8") == c ||
			 find_ascii_nocase(c, tag_end, "utf8") == c);
	}
	return 0;
}

/* XML_PARSE_HUGE lifts libxml2's nesting limit of 256, past which it drops the rest of
 * the page; the input size cap and our iterative walk keep deep pages safe.
 * A UTF-8 page is sanitised before parsing: libxml2 would silently drop a lone ESC and
 * leave "[2J" behind, and would switch to Latin-1 at the first invalid byte. Its C1
 * characters are first read as windows-1252, the usual cause of them in a page. */
static xmlDoc *parse_html(const char *html, size_t len)
{
	const int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
			    HTML_PARSE_NOWARNING | XML_PARSE_HUGE;
	if (declares_other_charset(html, len))
		return htmlReadMemory(html, (int)len, NULL, NULL, options);
	struct buf mapped, clean;
	buf_init(&mapped);
	buf_init(&clean);
	map_cp1252(&mapped, html, len);
	sanitize_into(&clean, mapped.data, mapped.len, 1);
	buf_free(&mapped);
	xmlDoc *doc = htmlReadMemory(clean.data, (int)clean.len, NULL, "UTF-8", options);
	buf_free(&clean);
	return doc;
}

static void render_init(struct render *r, const char *base_url, int width)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->out);
	buf_init(&r->para);
	buf_init(&r->mapped);
	buf_init(&r->scratch);
	r->base_url = base_url;
	r->width = width > 0 ? width : 0;
}

static void render_finish(struct render *r, struct render_result *out)
{
	struct buf text;
	buf_init(&text);
	sanitize_into(&text, r->out.data, r->out.len, 1);
	out->text = buf_take(&text);
	out->links = r->links;
	out->n_links = r->n_links;
	for (size_t i = 0; i < r->n_frames; i++)
		free(r->frames[i].href);
	free(r->slots);
	buf_free(&r->out);
	buf_free(&r->para);
	buf_free(&r->mapped);
	buf_free(&r->scratch);
}

/* -------------------------------------------------------------- public */

int render_html(const char *html, size_t len, const char *base_url, int width,
		struct render_result *out)
{
	memset(out, 0, sizeof *out);
	if (!html || !len) {
		out->text = xstrdup("");
		return -1;
	}
	if (len > INPUT_LIMIT)
		len = INPUT_LIMIT;
	xmlDoc *doc = parse_html(html, len);
	if (!doc) {
		out->text = xstrdup("");
		return -1;
	}
	struct render r;
	render_init(&r, base_url, width);
	walk(&r, doc);
	flush_para(&r);
	xmlFreeDoc(doc);
	render_finish(&r, out);
	return 0;
}

void render_result_free(struct render_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_links; i++)
		free(r->links[i]);
	free(r->links);
	free(r->text);
	memset(r, 0, sizeof *r);
}

char *render_with_link_list(const struct render_result *r)
{
	if (!r)
		return NULL;
	struct buf b;
	buf_init(&b);
	buf_adds(&b, r->text);
	if (r->n_links) {
		if (b.len)
			buf_adds(&b, "\n\n");
		buf_adds(&b, _("Links:"));
		buf_addc(&b, '\n');
		for (size_t i = 0; i < r->n_links; i++)
			buf_printf(&b, "[%zu] %s\n", i + 1, r->links[i]);
	}
	return buf_take(&b);
}

char *text_sanitize(const char *s, int keep_newlines)
{
	if (!s)
		return NULL;
	struct buf b;
	buf_init(&b);
	sanitize_into(&b, s, strlen(s), keep_newlines);
	return buf_take(&b);
}

/* Needs LC_CTYPE to be UTF-8 for wcwidth's full tables (main sets the locale); without
 * it a small built-in table of wide and combining ranges is used. */
int text_width(const char *s)
{
	return s ? span_width(s, strlen(s)) : 0;
}

char *text_wrap(const char *s, int width)
{
	if (!s)
		return NULL;
	if (width <= 0)
		return xstrdup(s);
	struct buf out, line;
	buf_init(&out);
	buf_init(&line);
	for (const char *p = s;; p++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		buf_reset(&line);
		buf_add(&line, p, n);
		wrap_plain_line(&out, &line, width);
		if (!nl)
			break;
		buf_addc(&out, '\n');
		p = nl;
	}
	buf_free(&line);
	return buf_take(&out);
}
