#include "config.h"
#include "extract.h"
#include "date.h"
#include "i18n.h"
#include "util/buf.h"
#include "util/url.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

/* Bounds for hostile pages: bytes parsed, tree depth walked, links kept, nodes and text
 * looked at when a small piece of the tree is judged. */
enum {
	MAX_HTML = 16 << 20,
	MAX_DEPTH = 256,
	MAX_LINKS = 4000,
	MAX_ANCESTORS = 48,
	PEEK_TEXT = 400,
	PEEK_NODES = 600,
	MAX_SIBLINGS = 400,
	MAX_HEADINGS = 32,
	MAX_BODY_NODES = 64,
	MIN_BODY_TEXT = 50,
	SLACK_SECONDS = 86400,
};

/* ---- tree basics ---------------------------------------------------------------------- */

static bool is_element(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE;
}

static bool name_is(const xmlNode *n, const char *name)
{
	return is_element(n) && str_casecmp_ascii((const char *)n->name, name) == 0;
}

static bool name_in(const xmlNode *n, const char *const *names)
{
	if (!is_element(n))
		return false;
	for (size_t i = 0; names[i]; i++)
		if (str_casecmp_ascii((const char *)n->name, names[i]) == 0)
			return true;
	return false;
}

static const char *const SKIPPED[] = {"script", "style", "noscript", "template", "svg", "head",
				     "object", "embed", "iframe", "canvas", NULL};
static const char *const OFF_CONTENT[] = {"nav", "aside", "footer", "header", NULL};
static const char *const BLOCKS[] = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
				    "h5", "h6", "tr", "td", "th", "table", "section", "article",
				    "blockquote", "figure", "figcaption", "pre", "dd", "dt",
				    "main", "hr", "address", NULL};

/* Attribute value without allocating: the HTML parser keeps it in one text child. */
static const char *attr_get(const xmlNode *n, const char *name)
{
	if (!is_element(n))
		return NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (str_casecmp_ascii((const char *)a->name, name) == 0)
			return a->children && a->children->content ?
				(const char *)a->children->content : "";
	return NULL;
}

static bool attr_has_word(const xmlNode *n, const char *name, const char *word)
{
	const char *v = attr_get(n, name);
	size_t wl = strlen(word);
	while (v && *v) {
		while (*v == ' ' || *v == '\t')
			v++;
		size_t k = strcspn(v, " \t");
		if (k == wl && str_ncasecmp_ascii(v, word, wl) == 0)
			return true;
		v += k;
	}
	return false;
}

/* buf_steal leaves a fresh buffer behind; this one leaves nothing. */
static char *buf_take(struct buf *b)
{
	char *s = buf_steal(b);
	buf_free(b);
	return s;
}

/* Pre-order successor of n inside root; descends only when asked and the depth allows. */
static xmlNode *walk_next(xmlNode *root, xmlNode *n, int *depth, bool descend)
{
	if (descend && n->children && *depth < MAX_DEPTH) {
		(*depth)++;
		return n->children;
	}
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
		(*depth)--;
	}
	return NULL;
}

static bool skipped(const xmlNode *n)
{
	return n->type == XML_COMMENT_NODE || name_in(n, SKIPPED);
}

/* Text of a subtree; blocks and <br> become newlines when lines is set. At most cap bytes
 * and PEEK_NODES nodes when cap is not SIZE_MAX, so that judging small pieces stays cheap. */
static void text_of(xmlNode *root, struct buf *out, size_t cap, bool lines)
{
	size_t seen = 0;
	int depth = 0;
	for (xmlNode *n = root; n && out->len < cap; ) {
		bool descend = n == root || !skipped(n);
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			buf_adds(out, (const char *)n->content);
		else if (lines && name_in(n, BLOCKS))
			buf_addc(out, '\n');
		if (cap != SIZE_MAX && ++seen > PEEK_NODES)
			break;
		n = walk_next(root, n, &depth, descend);
	}
}

static char *squeezed_text(xmlNode *n, size_t cap)
{
	struct buf b;
	buf_init(&b);
	text_of(n, &b, cap, false);
	return str_squeeze_space(buf_take(&b));
}

/* True when an ancestor (or n) is one of names or has a class/id with one of words. */
static bool inside(const xmlNode *n, const char *const *names, const char *const *words)
{
	for (int i = 0; n && i < MAX_ANCESTORS; i++, n = n->parent) {
		if (names && name_in(n, names))
			return true;
		for (size_t w = 0; words && words[w]; w++) {
			const char *cls = attr_get(n, "class"), *id = attr_get(n, "id");
			if ((cls && strstr(cls, words[w])) || (id && strstr(id, words[w])))
				return true;
		}
	}
	return false;
}

/* ---- words: a lower-case ASCII token view of a short text, for recognising clutter ---- */

enum { MAX_WORDS = 16, WORD_LEN = 24 };

struct words {
	char w[MAX_WORDS][WORD_LEN];
	int n;                       /* MAX_WORDS + 1 when the text had more words */
};

static void words_of(const char *s, struct words *out)
{
	out->n = 0;
	while (*s) {
		while (*s && !(((unsigned char)*s < 128) && (isalnum((unsigned char)*s))))
			s++;
		if (!*s)
			break;
		size_t k = 0;
		while (*s && (unsigned char)*s < 128 && isalnum((unsigned char)*s)) {
			if (out->n < MAX_WORDS && k + 1 < WORD_LEN)
				out->w[out->n][k++] = (char)tolower((unsigned char)*s);
			s++;
		}
		if (out->n == MAX_WORDS) {
			out->n++;
			return;
		}
		out->w[out->n++][k] = '\0';
	}
}

static bool word_in(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

static bool is_number(const char *w)
{
	if (!*w)
		return false;
	for (; *w; w++)
		if (!isdigit((unsigned char)*w))
			return false;
	return true;
}

static const char *const SOCIAL[] = {"facebook", "twitter", "whatapps", "whatsapp", "telegram",
				     "linkedin", "email", "e", "mail", "line", "x", "pinterest",
				     "copy", "link", "salin", "tautan", "this", "ini", "artikel",
				     "berita", "fb", "wa", "tweet", "instagram", NULL};

/* "Bagikan: facebook twitter whatapps", "Share this", "facebook twitter". */
static bool is_share(const struct words *w)
{
	if (w->n < 1 || w->n > MAX_WORDS)
		return false;
	static const char *const lead[] = {"bagikan", "share", "sebarkan", NULL};
	int i = word_in(w->w[0], lead) ? 1 : 0;
	if (i == 0 && w->n < 2)
		return false;
	for (; i < w->n; i++)
		if (!word_in(w->w[i], SOCIAL))
			return false;
	return true;
}

/* "Telah dilihat 381 kali", "Dilihat 1.204 kali", "381 views", "Dibaca: 12 kali". */
static bool is_counter(const struct words *w)
{
	static const char *const verbs[] = {"dilihat", "dibaca", "views", "view", "hits",
					    "dikunjungi", "pembaca", "viewed", NULL};
	static const char *const fill[] = {"telah", "sudah", "total", "kali", "x", "times",
					   "sebanyak", NULL};
	if (w->n < 2 || w->n > 8)
		return false;
	bool verb = false, number = false;
	for (int i = 0; i < w->n; i++) {
		if (word_in(w->w[i], verbs))
			verb = true;
		else if (is_number(w->w[i]))
			number = true;
		else if (!word_in(w->w[i], fill))
			return false;
	}
	return verb && number;
}

static bool is_read_more(const char *text)
{
	static const char *const forms[] = {"selengkapnya", "baca selengkapnya", "read more",
					    "lihat selengkapnya", "lanjut baca", "baca lanjut",
					    "continue reading", "more", "lanjutkan membaca",
					    "selanjutnya", NULL};
	struct words w;
	words_of(text, &w);
	if (w.n < 1 || w.n > 3)
		return false;
	char joined[80] = "";
	for (int i = 0; i < w.n; i++) {
		if (i)
			strcat(joined, " ");
		strcat(joined, w.w[i]);
	}
	return word_in(joined, forms);
}

/* "Baca Lainnya :", "Baca juga:", "Berita Terkait": the lead-in of a list of other links. */
static bool is_also_lead(const struct words *w)
{
	static const char *const pairs[][2] = {{"baca", "lainnya"}, {"baca", "juga"},
					       {"baca", "pula"}, {"lihat", "juga"},
					       {"berita", "terkait"}, {"artikel", "terkait"},
					       {"berita", "lainnya"}, {"read", "also"}};
	if (w->n < 2)
		return false;
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (!strcmp(w->w[0], pairs[i][0]) && !strcmp(w->w[1], pairs[i][1]))
			return true;
	return false;
}

static int word_count(const char *s)
{
	int n = 0;
	bool in = false;
	for (; *s; s++) {
		bool sp = *s == ' ' || *s == '\n' || *s == '\t';
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

/* ---- parsing ---------------------------------------------------------------------------- */

static void silent_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* UTF-8 unless the page declares its charset (libxml2 would otherwise assume Latin-1). */
static htmlDocPtr parse_html(const char *html, size_t len)
{
	if (!html)
		return NULL;
	if (len > MAX_HTML)
		len = MAX_HTML;
	size_t head = len < 4096 ? len : 4096;
	bool declared = false;
	for (size_t i = 0; i + 8 <= head && !declared; i++)
		declared = (html[i] | 0x20) == 'c' &&
			   (str_ncasecmp_ascii(html + i, "charset=", 8) == 0 ||
			    str_ncasecmp_ascii(html + i, "charset ", 8) == 0);
	int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
		      HTML_PARSE_NOWARNING;
	return htmlReadMemory(html, (int)len, NULL, declared ? NULL : "UTF-8", options);
}

static xmlXPathObject *xpath_eval(xmlDoc *doc, const char *expr)
{
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	if (!ctx)
		return NULL;
	ctx->error = silent_error;
	xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	return o;
}

static size_t xpath_count(const xmlXPathObject *o)
{
	return o && o->type == XPATH_NODESET && o->nodesetval ? (size_t)o->nodesetval->nodeNr : 0;
}

/* The first non-empty text an XPath selects (a string result, or a node's text). */
static char *xpath_text(xmlDoc *doc, const char *expr, bool prefer_attrs)
{
	if (!expr || !*expr)
		return NULL;
	xmlXPathObject *o = xpath_eval(doc, expr);
	char *s = NULL;
	if (o && o->type == XPATH_STRING && o->stringval)
		s = str_squeeze_space(xstrdup((const char *)o->stringval));
	for (size_t i = 0; !s && i < xpath_count(o); i++) {
		xmlNode *n = o->nodesetval->nodeTab[i];
		const char *a = prefer_attrs ? attr_get(n, "datetime") : NULL;
		if (!a && prefer_attrs)
			a = attr_get(n, "content");
		if (a && *a)
			s = str_squeeze_space(xstrdup(a));
		else if (n->type == XML_ATTRIBUTE_NODE && n->children)
			s = str_squeeze_space(xstrdup((const char *)n->children->content));
		else
			s = squeezed_text(n, 4096);
		if (s && !*s) {
			free(s);
			s = NULL;
		}
	}
	xmlXPathFreeObject(o);
	return s;
}

/* ---- URLs ---------------------------------------------------------------------------- */

struct url_parts {
	char host[256];
	const char *path;     /* from the first '/' after the host, up to '?' or '#' */
	size_t path_len;
	const char *query;    /* after '?', up to '#'; NULL when none */
	size_t query_len;
};

static bool url_split(const char *url, struct url_parts *u)
{
	char scheme[16];
	if (!url_scheme(url, scheme, sizeof scheme) ||
	    (strcmp(scheme, "http") && strcmp(scheme, "https")))
		return false;
	if (!url_host(url, u->host, sizeof u->host))
		return false;
	const char *p = strstr(url, "://") + 3;
	p += strcspn(p, "/?#");
	u->path = p;
	u->path_len = strcspn(p, "?#");
	u->query = p[u->path_len] == '?' ? p + u->path_len + 1 : NULL;
	u->query_len = u->query ? strcspn(u->query, "#") : 0;
	/* the KPU sites answer with and without index.php */
	if (u->path_len >= 10 && !strncmp(u->path, "/index.php", 10) &&
	    (u->path_len == 10 || u->path[10] == '/')) {
		u->path += 10;
		u->path_len -= 10;
	}
	while (u->path_len > 1 && u->path[u->path_len - 1] == '/')
		u->path_len--;
	return true;
}

static bool same_site(const char *a, const char *b)
{
	if (!strncmp(a, "www.", 4))
		a += 4;
	if (!strncmp(b, "www.", 4))
		b += 4;
	return strcmp(a, b) == 0;
}

static int path_segments(const struct url_parts *u)
{
	int n = 0;
	for (size_t i = 0; i < u->path_len; i++)
		if (u->path[i] != '/' && (i == 0 || u->path[i - 1] == '/'))
			n++;
	return n;
}

/* The value of `page=` in a query, or fallback. */
static long query_page(const struct url_parts *u, long fallback)
{
	for (size_t i = 0; u->query && i + 5 <= u->query_len; i++)
		if ((i == 0 || u->query[i - 1] == '&') && !strncmp(u->query + i, "page=", 5)) {
			long v = 0;
			size_t k = i + 5;
			for (; k < u->query_len && isdigit((unsigned char)u->query[k]) && v < 1000000; k++)
				v = v * 10 + (u->query[k] - '0');
			return k > i + 5 ? v : fallback;
		}
	return fallback;
}

static bool segment_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && str_ncasecmp_ascii(s, word, len) == 0;
}

/* /blog/read/<slug>, /blog/read/<id>_<slug>, /berita/baca/<id>/<slug> (slug may be "-"). */
static bool is_kpu_article(const struct url_parts *u)
{
	const char *p = u->path, *end = u->path + u->path_len;
	if ((size_t)(end - p) > 11 && !strncmp(p, "/blog/read/", 11))
		return memchr(p + 11, '/', (size_t)(end - p - 11)) == NULL;
	if ((size_t)(end - p) <= 13 || strncmp(p, "/berita/baca/", 13))
		return false;
	p += 13;
	const char *id = p;
	while (p < end && isdigit((unsigned char)*p))
		p++;
	return p > id && p + 1 < end && *p == '/' && memchr(p + 1, '/', (size_t)(end - p - 1)) == NULL;
}

static bool is_static_file(const struct url_parts *u)
{
	static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp",
					  ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
					  ".zip", ".rar", ".mp3", ".mp4", ".avi", ".css", ".js",
					  ".ico", ".xml", ".rss", ".txt", NULL};
	for (size_t i = 0; ext[i]; i++) {
		size_t n = strlen(ext[i]);
		if (u->path_len >= n && !str_ncasecmp_ascii(u->path + u->path_len - n, ext[i], n))
			return true;
	}
	return false;
}

/* Paths that list, navigate or log in rather than hold an article. */
static bool is_navigation_path(const struct url_parts *u)
{
	static const char *const words[] = {"category", "kategori", "tag", "tags", "page",
					    "halaman", "search", "cari", "login", "logout",
					    "register", "daftar", "author", "penulis", "user",
					    "feed", "rss", "wp-login.php", "wp-admin", "label",
					    "archive", "arsip", "share", "sharer", NULL};
	const char *p = u->path, *end = u->path + u->path_len;
	while (p < end) {
		while (p < end && *p == '/')
			p++;
		size_t k = 0;
		while (p + k < end && p[k] != '/')
			k++;
		for (size_t i = 0; k && words[i]; i++)
			if (segment_is(p, k, words[i]))
				return true;
		p += k;
	}
	for (size_t i = 0; u->query && i + 2 <= u->query_len; i++)
		if ((i == 0 || u->query[i - 1] == '&') &&
		    (!strncmp(u->query + i, "page=", 5) || !strncmp(u->query + i, "s=", 2) ||
		     !strncmp(u->query + i, "q=", 2)))
			return true;
	return false;
}

/* /2024/05/12/ in a path, or a last segment that reads like a slugged headline. */
static bool looks_like_article_path(const struct url_parts *u)
{
	const char *p = u->path, *end = u->path + u->path_len;
	for (const char *s = p; s + 6 <= end; s++)
		if (s[0] == '/' && (s[1] == '1' || s[1] == '2') && isdigit((unsigned char)s[2]) &&
		    isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) && s[5] == '/' &&
		    s + 7 < end && isdigit((unsigned char)s[6]))
			return true;
	const char *last = end;
	while (last > p && last[-1] != '/')
		last--;
	int hyphens = 0;
	for (const char *s = last; s < end; s++)
		hyphens += *s == '-';
	return hyphens >= 3 && end - last >= 20;
}

/* Resolves href against base, drops the fragment; NULL for javascript:, mailto: etc. */
static char *link_target(const char *base, const char *href)
{
	if (!href)
		return NULL;
	while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
		href++;
	if (!*href || *href == '#')
		return NULL;
	char *url = url_resolve(base, href);
	if (!url)
		return NULL;
	url[strcspn(url, "#")] = '\0';
	char scheme[16];
	if (!url_scheme(url, scheme, sizeof scheme) ||
	    (strcmp(scheme, "http") && strcmp(scheme, "https"))) {
		free(url);
		return NULL;
	}
	return url;
}

static const char *base_url(xmlDoc *doc, const char *page_url, char **owned)
{
	*owned = NULL;
	int depth = 0;
	xmlNode *root = (xmlNode *)doc;
	for (xmlNode *n = root; n; n = walk_next(root, n, &depth, !name_is(n, "body"))) {
		if (name_is(n, "base") && attr_get(n, "href")) {
			*owned = url_resolve(page_url, attr_get(n, "href"));
			return *owned ? *owned : page_url;
		}
	}
	return page_url;
}

/* ---- listing pages ---------------------------------------------------------------------- */

static bool title_like(const char *text)
{
	return (word_count(text) >= 4 || strlen(text) >= 25) && !is_read_more(text);
}

static char *anchor_text(xmlNode *a)
{
	char *t = squeezed_text(a, 1024);
	if (!*t) {
		const char *alt = attr_get(a, "title");
		int depth = 0;
		for (xmlNode *n = a; !alt && n; n = walk_next(a, n, &depth, true))
			if (name_is(n, "img"))
				alt = attr_get(n, "alt");
		if (alt) {
			free(t);
			t = str_squeeze_space(xstrdup(alt));
		}
	}
	return t;
}

static long listing_add(struct extract_listing *l, size_t *cap, char *url, char *text)
{
	for (size_t i = 0; i < l->n_links; i++) {
		if (strcmp(l->links[i].url, url) == 0) {
			/* several anchors to one article: the title's text wins over "Selengkapnya" */
			if (!title_like(l->links[i].text) && title_like(text)) {
				free(l->links[i].text);
				l->links[i].text = text;
				text = NULL;
			}
			free(url);
			free(text);
			return (long)i;
		}
	}
	if (l->n_links >= MAX_LINKS) {
		free(url);
		free(text);
		return -1;
	}
	if (l->n_links == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		l->links = xrealloc(l->links, *cap * sizeof *l->links);
	}
	l->links[l->n_links].url = url;
	l->links[l->n_links].text = text;
	return (long)l->n_links++;
}

static const char *const NAV_WORDS[] = {"menu", "nav", "footer", "breadcrumb", "pagination",
					"share", "social", NULL};
static const char *const NAV_TAGS[] = {"nav", "header", "footer", NULL};

/* Judges one anchor; adds it to l when it leads to an article and returns the link's
 * index, else -1. A profile's selection is trusted: any web link it picks is kept. */
static long consider_anchor(xmlNode *a, const char *base, const struct url_parts *page,
			    bool by_profile, struct extract_listing *l, size_t *cap)
{
	char *url = link_target(base, attr_get(a, "href"));
	struct url_parts u;
	if (!url || !url_split(url, &u) || is_static_file(&u) ||
	    (!by_profile && !same_site(u.host, page->host))) {
		free(url);
		return -1;
	}
	char *text = anchor_text(a);
	bool keep = by_profile || is_kpu_article(&u);
	if (!keep) {
		int depth = path_segments(&u);
		bool same_page = u.path_len == page->path_len &&
				 !memcmp(u.path, page->path, u.path_len);
		bool deep = depth > path_segments(page) || depth >= 2 || looks_like_article_path(&u);
		keep = deep && !same_page && title_like(text) && !is_navigation_path(&u) &&
		       !inside(a, NAV_TAGS, NAV_WORDS);
	}
	/* a second anchor (image, "Selengkapnya") to an article already taken */
	for (size_t i = 0; i < l->n_links && !keep; i++)
		keep = strcmp(l->links[i].url, url) == 0;
	if (keep)
		return listing_add(l, cap, url, text);
	free(url);
	free(text);
	return -1;
}

static bool is_next_text(const char *t)
{
	static const char *const forms[] = {"next", "selanjutnya", "berikutnya", "»", "›", ">",
					    "next »", "next ›", "selanjutnya »", "selanjutnya ›",
					    "halaman berikutnya", "next page", "older posts",
					    "›", ">>", NULL};
	for (size_t i = 0; forms[i]; i++)
		if (str_casecmp_ascii(t, forms[i]) == 0)
			return true;
	return false;
}

/* ?page=N+1 on the same path, else rel="next", else a "Next"/"»" link. */
static char *find_next_page(xmlDoc *doc, const char *base, const char *page_url)
{
	struct url_parts page;
	if (!url_split(page_url, &page))
		return NULL;
	long want = query_page(&page, 1) + 1;
	char *by_rel = NULL, *by_text = NULL;
	xmlNode *root = (xmlNode *)doc;
	int depth = 0;
	for (xmlNode *n = root; n; n = walk_next(root, n, &depth, !skipped(n) || name_is(n, "head"))) {
		if (!(name_is(n, "a") || name_is(n, "link")))
			continue;
		char *url = link_target(base, attr_get(n, "href"));
		struct url_parts u;
		if (!url || !url_split(url, &u) || !same_site(u.host, page.host) ||
		    strcmp(url, page_url) == 0) {
			free(url);
			continue;
		}
		if (u.path_len == page.path_len && !memcmp(u.path, page.path, u.path_len) &&
		    query_page(&u, 1) == want) {
			free(by_rel);
			free(by_text);
			return url;
		}
		if (!by_rel && attr_has_word(n, "rel", "next")) {
			by_rel = url;
			continue;
		}
		char *t = name_is(n, "a") ? squeezed_text(n, 64) : NULL;
		if (!by_text && t && is_next_text(t))
			by_text = url;
		else
			free(url);
		free(t);
	}
	if (by_rel) {
		free(by_text);
		return by_rel;
	}
	return by_text;
}

/* ---- the page's own list: sidebars of other headlines are not part of it ----------------- */

/* Listing pages carry sidebars ("Berita Populer", "Berita Terkini") whose links lead to
 * older articles: a later fetch that met one would stop walking pages too early. When the
 * page's own list is recognisable (two or more items with a lead text next to the title),
 * the links found only outside it are dropped. */
enum { MAX_FILTERED_ANCHORS = 1500, ITEM_LEVELS = 8, LEAD_TEXT = 80 };

struct listed_anchor {
	xmlNode *node;
	long link;
};

static bool is_ancestor(const xmlNode *ancestor, const xmlNode *n)
{
	for (int i = 0; n && i < MAX_ANCESTORS; i++, n = n->parent)
		if (n == ancestor)
			return true;
	return false;
}

static xmlNode *common_ancestor(xmlNode *a, xmlNode *b)
{
	for (int i = 0; a && i < MAX_ANCESTORS; i++, a = a->parent)
		if (is_ancestor(a, b))
			return a;
	return NULL;
}

/* The largest element around an anchor that holds no anchor to another listed article. */
static xmlNode *item_of(const struct listed_anchor *self, const struct listed_anchor *all,
			size_t n)
{
	xmlNode *item = self->node;
	for (int level = 0; level < ITEM_LEVELS && item->parent && is_element(item->parent);
	     level++) {
		for (size_t k = 0; k < n; k++)
			if (all[k].link != self->link && is_ancestor(item->parent, all[k].node))
				return item;
		item = item->parent;
	}
	return item;
}

static size_t lead_length(xmlNode *item, const char *title)
{
	char *t = squeezed_text(item, 4 * PEEK_TEXT);
	size_t len = strlen(t), own = strlen(title);
	free(t);
	return len > own ? len - own : 0;
}

static void drop_link(struct extract_listing *l, size_t i)
{
	free(l->links[i].url);
	free(l->links[i].text);
	memmove(&l->links[i], &l->links[i + 1], (l->n_links - i - 1) * sizeof *l->links);
	l->n_links--;
}

static void keep_own_list(struct extract_listing *l, struct listed_anchor *all, size_t n)
{
	if (l->n_links < 3 || n >= MAX_FILTERED_ANCHORS)
		return;
	xmlNode *list = NULL;
	size_t leads = 0;
	bool *has_lead = xcalloc(l->n_links, sizeof *has_lead);
	for (size_t k = 0; k < n; k++) {
		xmlNode *item = item_of(&all[k], all, n);
		if (lead_length(item, l->links[all[k].link].text) < LEAD_TEXT)
			continue;
		leads += !has_lead[all[k].link];
		has_lead[all[k].link] = true;
		list = list ? common_ancestor(list, item) : item;
	}
	free(has_lead);
	if (leads < 2 || !list)
		return;
	for (size_t i = l->n_links; i-- > 0; ) {
		bool inside_list = false;
		for (size_t k = 0; k < n && !inside_list; k++)
			inside_list = all[k].link == (long)i && is_ancestor(list, all[k].node);
		if (inside_list)
			continue;
		drop_link(l, i);
		for (size_t k = 0; k < n; k++)
			if (all[k].link > (long)i)
				all[k].link--;
	}
}

int extract_listing_links(const char *html, size_t len, const char *page_url,
			  const struct extract_profile *profile, struct extract_listing *out)
{
	memset(out, 0, sizeof *out);
	struct url_parts page;
	if (!page_url || !url_split(page_url, &page))
		return -1;
	htmlDocPtr doc = parse_html(html, len);
	if (!doc)
		return -1;
	char *owned;
	const char *base = base_url(doc, page_url, &owned);
	size_t cap = 0;
	if (profile && profile->listing_links && *profile->listing_links) {
		xmlXPathObject *o = xpath_eval(doc, profile->listing_links);
		for (size_t i = 0; i < xpath_count(o); i++) {
			xmlNode *n = o->nodesetval->nodeTab[i];
			xmlNode *a = n;
			int depth = 0;
			while (a && !attr_get(a, "href"))
				a = walk_next(n, a, &depth, true);
			if (a)
				consider_anchor(a, base, &page, true, out, &cap);
		}
		xmlXPathFreeObject(o);
	}
	if (!out->n_links) {
		xmlNode *root = (xmlNode *)doc;
		int depth = 0;
		struct listed_anchor *all = xmalloc(MAX_FILTERED_ANCHORS * sizeof *all);
		size_t n_all = 0;
		for (xmlNode *n = root; n; n = walk_next(root, n, &depth, !skipped(n))) {
			if (!name_is(n, "a"))
				continue;
			long link = consider_anchor(n, base, &page, false, out, &cap);
			if (link >= 0 && n_all < MAX_FILTERED_ANCHORS)
				all[n_all++] = (struct listed_anchor){n, link};
		}
		keep_own_list(out, all, n_all);
		free(all);
	}
	out->next_page = find_next_page(doc, base, page_url);
	free(owned);
	xmlFreeDoc(doc);
	return 0;
}

void extract_listing_free(struct extract_listing *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_links; i++) {
		free(l->links[i].url);
		free(l->links[i].text);
	}
	free(l->links);
	free(l->next_page);
	memset(l, 0, sizeof *l);
}

/* ---- article pages: what the page says about itself -------------------------------------- */

enum date_source { DATE_ARTICLE_META, DATE_ITEMPROP, DATE_JSONLD, DATE_TIME, DATE_META,
		   N_DATE_SOURCES };

struct page_meta {
	char *og_title, *title, *description, *author;
	char *dates[N_DATE_SOURCES];        /* in order of trust */
	xmlNode *headings[MAX_HEADINGS];
	size_t n_headings;
	xmlNode *body;
};

static void set_once(char **slot, const char *value)
{
	if (*slot || !value)
		return;
	char *v = str_squeeze_space(xstrdup(value));
	if (*v)
		*slot = v;
	else
		free(v);
}

static bool attr_is(const xmlNode *n, const char *name, const char *const *values)
{
	const char *v = attr_get(n, name);
	for (size_t i = 0; v && values[i]; i++)
		if (str_casecmp_ascii(v, values[i]) == 0)
			return true;
	return false;
}

/* "key": "value" in JSON-LD text, without a JSON parser: enough for dates and names. */
static char *json_string_after(const char *text, const char *key, size_t window)
{
	const char *k = strstr(text, key);
	if (!k)
		return NULL;
	const char *p = k + strlen(key);
	const char *end = p + strnlen(p, window);
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p >= end || *p++ != ':')
		return NULL;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p >= end || *p++ != '"')
		return NULL;
	const char *q = memchr(p, '"', (size_t)(end - p));
	return q && q > p ? xstrndup(p, (size_t)(q - p)) : NULL;
}

static void read_meta_tag(xmlNode *n, struct page_meta *m)
{
	static const char *const published[] = {"article:published_time", "og:published_time",
						"published_time", "datePublished", NULL};
	static const char *const dated[] = {"pubdate", "publishdate", "publish-date", "date",
					    "dc.date", "dc.date.issued", "dcterms.created",
					    "dcterms.date", "dcterms.issued", NULL};
	static const char *const authored[] = {"author", "article:author", "dc.creator", NULL};
	const char *content = attr_get(n, "content");
	if (attr_is(n, "property", (const char *const[]){"og:title", NULL}))
		set_once(&m->og_title, content);
	if (attr_is(n, "property", (const char *const[]){"og:description", NULL}) ||
	    attr_is(n, "name", (const char *const[]){"description", NULL}))
		set_once(&m->description, content);
	if (attr_is(n, "property", published) || attr_is(n, "name", published))
		set_once(&m->dates[DATE_ARTICLE_META], content);
	if (attr_is(n, "name", dated))
		set_once(&m->dates[DATE_META], content);
	if ((attr_is(n, "name", authored) || attr_is(n, "property", authored)) && content &&
	    !strstr(content, "://"))
		set_once(&m->author, content);
}

static void read_json_ld(xmlNode *script, struct page_meta *m)
{
	char *text = squeezed_text(script, 65536);
	char *date = json_string_after(text, "\"datePublished\"", 200);
	set_once(&m->dates[DATE_JSONLD], date);
	const char *author = strstr(text, "\"author\"");
	char *name = author ? json_string_after(author, "\"name\"", 300) : NULL;
	set_once(&m->author, name);
	free(name);
	free(date);
	free(text);
}

static void read_itemprop(xmlNode *n, struct page_meta *m)
{
	const char *prop = attr_get(n, "itemprop");
	if (!prop)
		return;
	const char *value = attr_get(n, "datetime");
	if (!value)
		value = attr_get(n, "content");
	char *text = value ? NULL : squeezed_text(n, 256);
	if (str_casecmp_ascii(prop, "datePublished") == 0)
		set_once(&m->dates[DATE_ITEMPROP], value ? value : text);
	if (str_casecmp_ascii(prop, "author") == 0 && !name_is(n, "meta")) {
		/* the name may sit in a nested itemprop="name" */
		int depth = 0;
		for (xmlNode *c = n; c; c = walk_next(n, c, &depth, true))
			if (c != n && attr_is(c, "itemprop", (const char *const[]){"name", NULL})) {
				free(text);
				text = squeezed_text(c, 256);
				break;
			}
	}
	if (str_casecmp_ascii(prop, "author") == 0 && (value || (text && strlen(text) < 80)))
		set_once(&m->author, value ? value : text);
	free(text);
}

static void read_meta_node(xmlNode *n, struct page_meta *m)
{
	if (name_is(n, "meta"))
		read_meta_tag(n, m);
	else if (name_is(n, "title") && !m->title)
		m->title = squeezed_text(n, 1024);
	else if (name_is(n, "script") &&
		 attr_is(n, "type", (const char *const[]){"application/ld+json", NULL}))
		read_json_ld(n, m);
	else if (name_is(n, "body") && !m->body)
		m->body = n;
	else if (name_is(n, "time") && attr_get(n, "datetime") && !inside(n, OFF_CONTENT, NULL))
		set_once(&m->dates[DATE_TIME], attr_get(n, "datetime"));
	else if ((name_is(n, "h1") || name_is(n, "h2")) && m->n_headings < MAX_HEADINGS &&
		 !inside(n, (const char *const[]){"nav", "aside", "footer", NULL}, NULL))
		m->headings[m->n_headings++] = n;
	else if (name_is(n, "a") && attr_has_word(n, "rel", "author")) {
		char *t = squeezed_text(n, 256);
		set_once(&m->author, t);
		free(t);
	}
	if (is_element(n))
		read_itemprop(n, m);
}

static void read_page_meta(xmlDoc *doc, struct page_meta *m)
{
	memset(m, 0, sizeof *m);
	xmlNode *root = (xmlNode *)doc;
	int depth = 0;
	for (xmlNode *n = root; n; ) {
		read_meta_node(n, m);
		bool descend = !skipped(n) || name_is(n, "head");
		n = walk_next(root, n, &depth, descend);
	}
}

static void page_meta_free(struct page_meta *m)
{
	free(m->og_title);
	free(m->title);
	free(m->description);
	free(m->author);
	for (int i = 0; i < N_DATE_SOURCES; i++)
		free(m->dates[i]);
}

/* ---- the title --------------------------------------------------------------------------- */

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return false;
	for (; *hay; hay++)
		if (str_ncasecmp_ascii(hay, needle, n) == 0)
			return true;
	return false;
}

/* A part of "<title>" that names the site: its host, its first label, or a short office name. */
static bool looks_like_site_name(const char *part, size_t len, const char *host)
{
	char *p = xstrndup(part, len);
	str_squeeze_space(p);
	const char *bare = strncmp(host, "www.", 4) ? host : host + 4;
	char label[128];
	snprintf(label, sizeof label, "%.*s", (int)strcspn(bare, "."), bare);
	static const char *const offices[] = {"KPU ", "KIP ", "Komisi Pemilihan Umum", "Bawaslu",
					      NULL};
	bool site = contains_nocase(p, bare) || (strlen(label) > 3 && contains_nocase(p, label));
	for (size_t i = 0; offices[i] && !site; i++)
		site = str_ncasecmp_ascii(p, offices[i], strlen(offices[i])) == 0 && word_count(p) <= 6;
	site = site || !str_casecmp_ascii(p, "Beranda") || !str_casecmp_ascii(p, "Home");
	free(p);
	return site;
}

/* "Judul Berita | KPU Kota Semarang" -> "Judul Berita". */
static char *strip_site_name(const char *title, const char *host)
{
	static const char *const seps[] = {" | ", " :: ", " – ", " — ", " - ", " » ", NULL};
	if (!title)
		return NULL;
	for (size_t s = 0; seps[s]; s++) {
		if (!strstr(title, seps[s]))
			continue;
		struct buf out;
		buf_init(&out);
		size_t sl = strlen(seps[s]), dropped = 0, parts = 0;
		for (const char *p = title; p; parts++) {
			const char *q = strstr(p, seps[s]);
			size_t len = q ? (size_t)(q - p) : strlen(p);
			if (looks_like_site_name(p, len, host))
				dropped++;
			else {
				if (out.len)
					buf_adds(&out, seps[s]);
				buf_add(&out, p, len);
			}
			p = q ? q + sl : NULL;
		}
		if (dropped && out.len)
			return str_squeeze_space(buf_take(&out));
		buf_free(&out);
		break;
	}
	return str_squeeze_space(xstrdup(title));
}

static bool title_matches(const char *heading, const char *candidate)
{
	if (!candidate || strlen(heading) < 8)
		return false;
	if (str_casecmp_ascii(heading, candidate) == 0)
		return true;
	return strlen(heading) * 2 >= strlen(candidate) && contains_nocase(candidate, heading);
}

static char *find_title(xmlDoc *doc, const struct page_meta *m,
			const struct extract_profile *profile, const char *host)
{
	char *t = profile ? xpath_text(doc, profile->title, false) : NULL;
	if (t)
		return t;
	char *og = strip_site_name(m->og_title, host);
	char *tt = strip_site_name(m->title, host);
	for (size_t i = 0; i < m->n_headings && !t; i++) {
		char *h = squeezed_text(m->headings[i], 2048);
		if (title_matches(h, og) || title_matches(h, tt) || title_matches(h, m->og_title) ||
		    title_matches(h, m->title))
			t = h;
		else
			free(h);
	}
	if (!t && og)
		t = xstrdup(og);
	if (!t && tt)
		t = xstrdup(tt);
	for (size_t i = 0; i < m->n_headings && !t; i++) {
		char *h = squeezed_text(m->headings[i], 2048);
		if (word_count(h) >= 2)
			t = h;
		else
			free(h);
	}
	free(og);
	free(tt);
	return t;
}

/* ---- the body: scored by text density and structure ------------------------------------- */

/* Readers' comments and the reply form: long sentences, but not the article. */
static bool is_comment_area(const xmlNode *n)
{
	static const char *const words[] = {"comment", "komentar", "respond", "disqus", NULL};
	const char *names[2] = {attr_get(n, "class"), attr_get(n, "id")};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; names[k] && words[i]; i++)
			if (contains_nocase(names[k], words[i]))
				return true;
	return false;
}

struct node_info {
	xmlNode *node;
	size_t text, link, own;      /* text inside, of which inside links, directly inside */
	unsigned commas, own_commas;
	double score;
	bool candidate;
	bool off;                    /* inside nav, aside, footer or header */
};

struct scoring {
	struct node_info *v;
	size_t n, cap;
};

static struct node_info *info_of(struct scoring *s, const xmlNode *n)
{
	uintptr_t i = n ? (uintptr_t)n->_private : 0;
	return i && i <= s->n && s->v[i - 1].node == n ? &s->v[i - 1] : NULL;
}

/* Length of a text with whitespace runs counted once, and its commas. */
static size_t text_measure(const char *s, unsigned *commas)
{
	size_t n = 0;
	bool space = true;
	for (; *s; s++) {
		bool sp = isspace((unsigned char)*s);
		if (!sp || !space)
			n++;
		*commas += *s == ',';
		space = sp;
	}
	return n;
}

/* One pass down to number the elements, one pass up (reverse pre-order) to sum text. */
static void measure_tree(struct scoring *s, xmlNode *root)
{
	int depth = 0;
	for (xmlNode *n = root; n; ) {
		bool descend = !skipped(n);
		struct node_info *parent = info_of(s, n->parent);
		if (is_element(n) && descend) {
			bool parent_off = parent && parent->off;   /* before v moves */
			if (s->n == s->cap) {
				s->cap = s->cap ? s->cap * 2 : 1024;
				s->v = xrealloc(s->v, s->cap * sizeof *s->v);
			}
			s->v[s->n] = (struct node_info){.node = n};
			s->v[s->n].off = name_in(n, OFF_CONTENT) || parent_off || is_comment_area(n);
			n->_private = (void *)(uintptr_t)++s->n;
		} else if (n->type == XML_TEXT_NODE && parent && n->content) {
			parent->own += text_measure((const char *)n->content, &parent->own_commas);
		}
		n = walk_next(root, n, &depth, descend);
	}
	for (size_t i = s->n; i-- > 0; ) {
		struct node_info *x = &s->v[i];
		x->text += x->own;
		x->commas += x->own_commas;
		if (name_is(x->node, "a"))
			x->link = x->text;
		struct node_info *p = info_of(s, x->node->parent);
		if (p) {
			p->text += x->text;
			p->link += x->link;
			p->commas += x->commas;
		}
	}
}

static double tag_weight(const xmlNode *n)
{
	static const char *const minus3[] = {"address", "ol", "ul", "dl", "dd", "dt", "li",
					     "form", NULL};
	static const char *const minus5[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
	if (name_is(n, "article"))
		return 10;
	if (name_is(n, "div") || name_is(n, "main"))
		return 5;
	if (name_is(n, "pre") || name_is(n, "td") || name_is(n, "blockquote"))
		return 3;
	if (name_in(n, minus3))
		return -3;
	if (name_in(n, minus5))
		return -5;
	return name_in(n, OFF_CONTENT) ? -25 : 0;
}

/* Class and id names are only a weak hint: no single site's names decide. */
static double class_weight(const xmlNode *n)
{
	static const char *const bad[] = {"sidebar", "footer", "menu", "nav", "comment", "share",
					  "widget", "related", "breadcrumb", "banner", "popular",
					  "terkait", "populer", "terkini", NULL};
	static const char *const good[] = {"article", "content", "entry", "post", "story", "text",
					   "body", "isi", "berita", NULL};
	double w = 0;
	const char *names[2] = {attr_get(n, "class"), attr_get(n, "id")};
	for (int k = 0; k < 2; k++) {
		bool neg = false, pos = false;
		for (size_t i = 0; names[k] && bad[i]; i++)
			neg = neg || contains_nocase(names[k], bad[i]);
		for (size_t i = 0; names[k] && good[i]; i++)
			pos = pos || contains_nocase(names[k], good[i]);
		w += neg ? -12 : pos ? 8 : 0;
	}
	return w;
}

static void add_score(struct scoring *s, xmlNode *n, double points)
{
	for (int level = 0; n && level < 4; level++, n = n->parent) {
		struct node_info *x = info_of(s, n);
		if (!x)
			break;
		if (!x->candidate) {
			x->candidate = true;
			x->score = tag_weight(n) + class_weight(n);
		}
		x->score += level == 0 ? points : level == 1 ? points / 2 : points / (level * 3);
	}
}

static double paragraph_points(size_t len, unsigned commas)
{
	double bonus = (double)len / 100;
	return 1 + commas + (bonus > 3 ? 3 : bonus);
}

static double final_score(const struct node_info *x)
{
	double density = x->text ? (double)x->link / (double)x->text : 1;
	return x->score * (1 - density);
}

/* Paragraphs give points to their container and, less, to its ancestors; a container
 * holding text directly (div soup, old tables with <br>) counts as its own paragraph. */
static struct node_info *score_paragraphs(struct scoring *s)
{
	static const char *const holders[] = {"div", "td", "section", "article", "main",
					      "blockquote", "font", "center", "dd", "span", NULL};
	for (size_t i = 0; i < s->n; i++) {
		struct node_info *x = &s->v[i];
		if (x->off)
			continue;
		if ((name_is(x->node, "p") || name_is(x->node, "pre")) && x->text >= 25)
			add_score(s, x->node->parent, paragraph_points(x->text, x->commas));
		else if (x->own >= 25 && name_in(x->node, holders))
			add_score(s, x->node, paragraph_points(x->own, x->own_commas));
	}
	struct node_info *top = NULL;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].candidate && !s->v[i].off &&
		    (!top || final_score(&s->v[i]) > final_score(top)))
			top = &s->v[i];
	return top && final_score(top) > 0 ? top : NULL;
}

static bool sentence_like(xmlNode *n)
{
	char *t = squeezed_text(n, PEEK_TEXT);
	size_t len = strlen(t);
	bool yes = strstr(t, ". ") || (len && t[len - 1] == '.') || (len && t[len - 1] == ')');
	free(t);
	return yes;
}

static bool has_image(xmlNode *root)
{
	int depth = 0, seen = 0;
	for (xmlNode *n = root; n && seen++ < PEEK_NODES; n = walk_next(root, n, &depth, true))
		if (name_is(n, "img"))
			return true;
	return false;
}

/* The element just before or after: where a page puts the article's photo. */
static bool next_to(const xmlNode *a, const xmlNode *b)
{
	const xmlNode *n = a->next;
	while (n && !is_element(n))
		n = n->next;
	if (n == b)
		return true;
	for (n = a->prev; n && !is_element(n); n = n->prev)
		;
	return n == b;
}

/* The best block and its siblings that read like more of the same text. */
static size_t gather_body(struct scoring *s, struct node_info *top, xmlNode **out)
{
	xmlNode *parent = top->node->parent;
	if (!parent || name_is(top->node, "body")) {
		out[0] = top->node;
		return 1;
	}
	double threshold = final_score(top) * 0.2 > 10 ? final_score(top) * 0.2 : 10;
	/* a window of siblings around the top block, however many the page has */
	xmlNode *first = top->node;
	for (int i = 0; i < MAX_SIBLINGS / 2 && first->prev; i++)
		first = first->prev;
	size_t n = 0;
	int seen = 0;
	bool passed = false;
	for (xmlNode *c = first; c && (!passed || seen < MAX_SIBLINGS) && n < MAX_BODY_NODES;
	     passed = passed || c == top->node, c = c->next, seen++) {
		struct node_info *x = info_of(s, c);
		if (!x || x->off) {
			continue;
		}
		bool keep = c == top->node;
		double density = x->text ? (double)x->link / (double)x->text : 1;
		if (!keep && x->candidate && final_score(x) >= threshold)
			keep = true;
		else if (!keep && name_is(c, "p") && x->text > 80 && density < 0.25)
			keep = true;
		else if (!keep && name_is(c, "p") && x->text > 0 && x->link == 0)
			keep = sentence_like(c);
		else if (!keep && (name_is(c, "figure") || next_to(c, top->node)))
			keep = x->link == 0 && x->text < 300 && has_image(c);
		if (keep)
			out[n++] = c;
	}
	return n;
}

/* ---- cleaning the body -------------------------------------------------------------------- */

static const char *const DROPPED[] = {"script", "style", "noscript", "template", "svg", "iframe",
				      "frame", "frameset", "form", "object", "embed", "applet",
				      "button", "input", "select", "textarea", "nav", "aside",
				      "footer", "header", "link", "meta", "canvas", "audio",
				      "video", "base", "title", NULL};

static void remove_node(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Text (capped) and how much of it sits inside links. */
static size_t peek_text(xmlNode *root, struct buf *b)
{
	size_t link = 0, seen = 0;
	int depth = 0;
	for (xmlNode *n = root; n && b->len < PEEK_TEXT && seen++ < PEEK_NODES; ) {
		if (n->type == XML_TEXT_NODE && n->content) {
			size_t before = b->len;
			buf_adds(b, (const char *)n->content);
			for (xmlNode *p = n->parent; p && p != root->parent; p = p->parent)
				if (name_is(p, "a")) {
					link += b->len - before;
					break;
				}
		}
		n = walk_next(root, n, &depth, n == root || !skipped(n));
	}
	str_squeeze_space(b->data);
	b->len = strlen(b->data);
	return link;
}

static bool is_social_link(xmlNode *a)
{
	static const char *const hosts[] = {"facebook.com", "twitter.com", "x.com", "wa.me",
					    "whatsapp.com", "t.me", "telegram.me", "linkedin.com",
					    "pinterest.com", "line.me", NULL};
	const char *href = attr_get(a, "href");
	char host[256];
	if (href && (str_starts_with(href, "whatsapp:") || str_starts_with(href, "mailto:")))
		return true;
	if (!href || !url_host(href, host, sizeof host))
		return false;
	for (size_t i = 0; hosts[i]; i++) {
		size_t hl = strlen(host), l = strlen(hosts[i]);
		if (hl >= l && !strcmp(host + hl - l, hosts[i]) && (hl == l || host[hl - l - 1] == '.'))
			return true;
	}
	return false;
}

/* After "Baca Lainnya :", the links it introduces, up to the next real text. */
static void drop_link_list(xmlNode *lead)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < MAX_SIBLINGS && lead->next; i++) {
		xmlNode *s = lead->next;
		buf_reset(&b);
		size_t link = peek_text(s, &b);
		bool blank = b.len == 0 || (b.len < 3 && !isalnum((unsigned char)b.data[0]));
		bool links = name_is(s, "a") || name_is(s, "ul") || name_is(s, "ol") ||
			     (is_element(s) && b.len && link * 2 >= b.len);
		if (!(blank || links))
			break;
		remove_node(s);
	}
	buf_free(&b);
}

enum verdict { KEEP, DROP, DROP_WITH_LIST };

/* Links in a block, and how many lead to files (a list of documents is content). */
static int count_links(xmlNode *root, int *files)
{
	int depth = 0, seen = 0, links = 0;
	*files = 0;
	for (xmlNode *n = root; n && seen++ < PEEK_NODES; n = walk_next(root, n, &depth, true)) {
		if (!name_is(n, "a") || !attr_get(n, "href"))
			continue;
		links++;
		/* relative links are judged on a stand-in host: only the path matters here */
		const char *href = attr_get(n, "href");
		char absolute[1024];
		snprintf(absolute, sizeof absolute, "%s%s", strstr(href, "://") ? "" : "http://h/",
			 href + (!strstr(href, "://") && *href == '/'));
		struct url_parts u;
		*files += url_split(absolute, &u) && is_static_file(&u);
	}
	return links;
}

/* "Berita Terkait", related posts, tag clouds: a block that is nearly all links to pages. */
static bool is_link_block(xmlNode *n, size_t text, size_t link)
{
	static const char *const blocks[] = {"div", "ul", "ol", "section", "table", "dl", "nav",
					     NULL};
	if (!name_in(n, blocks) || !text || link * 10 < text * 7)
		return false;
	int files;
	int links = count_links(n, &files);
	return links >= 2 && files * 2 < links;
}

static enum verdict judge_text(const char *text, size_t link)
{
	struct words w;
	size_t len = strlen(text);
	if (len >= PEEK_TEXT)
		return KEEP;
	words_of(text, &w);
	if (is_share(&w) || is_counter(&w) || is_read_more(text))
		return DROP;
	if (is_also_lead(&w))
		return len <= 40 ? DROP_WITH_LIST : link * 2 >= len ? DROP : KEEP;
	return KEEP;
}

/* link_lists: drop blocks that are nearly all links (not in a body a profile selected) */
static enum verdict judge(xmlNode *n, const char *title, bool link_lists)
{
	if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || name_in(n, DROPPED))
		return DROP;
	if (n->type == XML_TEXT_NODE)
		return n->content ? judge_text((const char *)n->content, 0) : KEEP;
	if (!is_element(n) || name_is(n, "img") || name_is(n, "br"))
		return KEEP;
	if (name_is(n, "a") && is_social_link(n))
		return DROP;
	struct buf b;
	buf_init(&b);
	size_t link = peek_text(n, &b);
	enum verdict v = b.len ? judge_text(b.data, link) : KEEP;
	const char *cls = attr_get(n, "class"), *id = attr_get(n, "id");
	if (b.len < 150 && ((cls && (strstr(cls, "share") || strstr(cls, "social"))) ||
			    (id && (strstr(id, "share") || strstr(id, "social")))))
		v = DROP;
	if (title && (name_is(n, "h1") || name_is(n, "h2") || name_is(n, "h3")) &&
	    str_casecmp_ascii(b.data, title) == 0)
		v = DROP;
	if (is_comment_area(n) || (link_lists && b.len < PEEK_TEXT && is_link_block(n, b.len, link)))
		v = DROP;
	buf_free(&b);
	return v;
}

static void drop_clutter(xmlNode *root, const char *title, bool link_lists)
{
	int depth = 0;
	for (xmlNode *n = root; n; ) {
		enum verdict v = n == root ? KEEP : judge(n, title, link_lists);
		if (v == KEEP) {
			n = walk_next(root, n, &depth, true);
			continue;
		}
		if (v == DROP_WITH_LIST)
			drop_link_list(n);
		xmlNode *next = walk_next(root, n, &depth, false);
		remove_node(n);
		n = next;
	}
}

static bool is_void(const xmlNode *n)
{
	static const char *const voids[] = {"img", "br", "hr", "source", "wbr", "col", NULL};
	return name_in(n, voids);
}

/* Elements left without text or images, innermost first. */
static void drop_empty(xmlNode *root)
{
	xmlNode **order = NULL;
	size_t n = 0, cap = 0;
	int depth = 0;
	for (xmlNode *c = root; c; c = walk_next(root, c, &depth, true)) {
		if (!is_element(c) || c == root || is_void(c))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			order = xrealloc(order, cap * sizeof *order);
		}
		order[n++] = c;
	}
	while (n-- > 0) {
		bool empty = true;
		for (xmlNode *c = order[n]->children; c && empty; c = c->next) {
			if (c->type == XML_TEXT_NODE) {
				struct buf b;
				buf_init(&b);
				buf_adds(&b, (const char *)c->content);
				empty = !*str_squeeze_space(b.data);
				buf_free(&b);
			} else if (is_element(c)) {
				empty = name_is(c, "br");
			}
		}
		if (empty)
			remove_node(order[n]);
	}
	free(order);
}

/* ---- serialising the kept nodes ------------------------------------------------------------ */

static void add_escaped(struct buf *b, const char *s, bool attribute)
{
	const char *special = attribute ? "&<>\"" : "&<>";
	while (s && *s) {
		size_t run = strcspn(s, special);   /* copied a run at a time */
		buf_add(b, s, run);
		s += run;
		if (*s == '&')
			buf_adds(b, "&amp;");
		else if (*s == '<')
			buf_adds(b, "&lt;");
		else if (*s == '>')
			buf_adds(b, "&gt;");
		else if (*s == '"')
			buf_adds(b, "&quot;");
		else
			break;
		s++;
	}
}

static bool plain_name(const xmlNode *n)
{
	const char *s = (const char *)n->name;
	if (!s || !isalpha((unsigned char)*s) || strlen(s) > 16)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s))
			return false;
	return true;
}

static void add_url_attr(struct buf *b, const char *name, const char *base, const char *ref)
{
	char *url = url_resolve(base, ref);
	if (!url || str_ncasecmp_ascii(url, "javascript:", 11) == 0) {
		free(url);
		return;
	}
	buf_printf(b, " %s=\"", name);
	add_escaped(b, url, true);
	buf_addc(b, '"');
	free(url);
}

/* Only the attributes a reader needs; links and images made absolute. */
static void open_tag(struct buf *b, xmlNode *n, const char *base)
{
	buf_printf(b, "<%s", (const char *)n->name);
	if (name_is(n, "a") && attr_get(n, "href"))
		add_url_attr(b, "href", base, attr_get(n, "href"));
	if (name_is(n, "img")) {
		const char *src = attr_get(n, "src");
		if (!src || !*src || str_starts_with(src, "data:"))
			src = attr_get(n, "data-src") ? attr_get(n, "data-src") : src;
		if (src)
			add_url_attr(b, "src", base, src);
		static const char *const plain[] = {"alt", "title", NULL};
		for (size_t i = 0; plain[i]; i++)
			if (attr_get(n, plain[i])) {
				buf_printf(b, " %s=\"", plain[i]);
				add_escaped(b, attr_get(n, plain[i]), true);
				buf_addc(b, '"');
			}
	}
	buf_addc(b, '>');
}

static void serialize(xmlNode *root, const char *base, struct buf *b)
{
	int depth = 0;
	for (xmlNode *n = root; n; ) {
		bool tag = is_element(n) && plain_name(n);
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			add_escaped(b, (const char *)n->content, false);
		else if (tag)
			open_tag(b, n, base);
		if (is_element(n) && n->children && depth < MAX_DEPTH) {
			n = n->children;
			depth++;
			continue;
		}
		for (;;) {
			if (is_element(n) && plain_name(n) && !is_void(n))
				buf_printf(b, "</%s>", (const char *)n->name);
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			depth--;
		}
	}
}

/* ---- author and date ---------------------------------------------------------------------- */

static bool is_name_word(const char *w, size_t len)
{
	static const char *const stops[] = {"Kota", "Kabupaten", "Kab.", "Provinsi", "KPU", "KIP",
					    "Hupmas", NULL};
	for (size_t i = 0; stops[i]; i++)
		if (strlen(stops[i]) == len && !strncmp(w, stops[i], len))
			return false;
	return len && (isupper((unsigned char)w[0]) || (unsigned char)w[0] >= 0x80);
}

/* "Oleh Nurwidyarini DP" opening the body: the whole line when it is short, else the run
 * of capitalised words that follows (a dateline may share the line). */
static char *byline_author(const char *text)
{
	size_t line = 0;
	/* a photo caption may come first: look at the first few lines */
	for (int lines = 0; lines < 4; lines++, text += line) {
		while (*text && isspace((unsigned char)*text))
			text++;
		line = strcspn(text, "\n");
		if (line >= 6 && (!str_ncasecmp_ascii(text, "oleh ", 5) ||
				  !str_ncasecmp_ascii(text, "oleh:", 5)))
			break;
	}
	if (line < 6 || (str_ncasecmp_ascii(text, "oleh ", 5) && str_ncasecmp_ascii(text, "oleh:", 5)))
		return NULL;
	char *rest = xstrndup(text + 5, line - 5 < 300 ? line - 5 : 300);
	str_squeeze_space(rest);
	char *p = rest;
	while (*p == ':' || *p == ' ')
		p++;
	if (strlen(p) > 60 || word_count(p) > 6) {
		char *end = p;
		for (int words = 0; words < 4; words++) {
			size_t len = strcspn(end, " ");
			if (!is_name_word(end, len))
				break;
			end += len;
			if (*end == ' ')
				end++;
		}
		*end = '\0';
	}
	size_t len = strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == ',' || p[len - 1] == '-' || p[len - 1] == ':'))
		p[--len] = '\0';
	char *name = len ? xstrdup(p) : NULL;
	free(rest);
	return name;
}

static bool usable_author(const char *a)
{
	return a && *a && strlen(a) < 100 && str_casecmp_ascii(a, "admin") &&
	       str_casecmp_ascii(a, "administrator");
}

/* "Diposting oleh Dimas Prakoso", "By Rina": the name after the words that introduce it. */
static const char *after_author_lead(const char *t)
{
	static const char *const leads[] = {"diposting oleh", "ditulis oleh", "dikirim oleh",
					    "posted by", "written by", "penulis", "reporter",
					    "oleh", "by", NULL};
	for (size_t i = 0; leads[i]; i++) {
		size_t n = strlen(leads[i]);
		if (!str_ncasecmp_ascii(t, leads[i], n) && (t[n] == ' ' || t[n] == ':')) {
			t += n;
			break;
		}
	}
	while (*t == ' ' || *t == ':')
		t++;
	return t;
}

/* An author element of the page's template (Blogger's post-author, a rel=author link, a
 * "byline"), outside the comments. */
static char *page_author(xmlDoc *doc)
{
	xmlNode *root = (xmlNode *)doc;
	int depth = 0, seen = 0;
	for (xmlNode *n = root; n && seen++ < 20000; n = walk_next(root, n, &depth, !skipped(n))) {
		if (!is_element(n) || is_comment_area(n))
			continue;
		const char *cls = attr_get(n, "class");
		bool marked = attr_has_word(n, "rel", "author") ||
			      (cls && (contains_nocase(cls, "author") || contains_nocase(cls, "byline")));
		if (!marked || inside(n->parent, NULL, (const char *const[]){"comment", NULL}))
			continue;
		char *t = squeezed_text(n, 160);
		const char *name = after_author_lead(t);
		int words = word_count(name);
		bool digits = strpbrk(name, "0123456789") != NULL;
		if (words >= 1 && words <= 5 && !digits && usable_author(name) &&
		    is_name_word(name, strcspn(name, " "))) {
			char *out = xstrdup(name);
			free(t);
			return out;
		}
		free(t);
	}
	return NULL;
}

static bool date_from_string(const char *s, int64_t now, int tz, int64_t *out)
{
	struct date_found f;
	if (!s)
		return false;
	if (date_parse_in_zone(s, tz, out) == 0)
		return *out <= now + SLACK_SECONDS;
	if (date_find_in_text(s, now, tz, &f) == 0) {
		*out = f.when;
		return true;
	}
	return false;
}

/* The profile's date, the page's metadata, then the body text; else the fetch time. */
static void find_date(xmlDoc *doc, const struct extract_profile *profile,
		      const struct page_meta *m, const char *body_text, int64_t now, int tz,
		      struct extract_article *out)
{
	char *picked = profile ? xpath_text(doc, profile->date, true) : NULL;
	bool found = date_from_string(picked, now, tz, &out->published);
	free(picked);
	for (int i = 0; i < N_DATE_SOURCES && !found; i++)
		found = m->dates[i] && date_parse_in_zone(m->dates[i], tz, &out->published) == 0 &&
			out->published <= now + SLACK_SECONDS;
	struct date_found f;
	if (!found && date_find_in_text(body_text, now, tz, &f) == 0) {
		out->published = f.when;
		found = true;
	}
	out->has_published = true;
	out->published_estimated = !found;
	if (!found)
		out->published = now;
}

/* ---- the article ------------------------------------------------------------------------- */

/* The body's top-level nodes: the profile's selection, else the best scored block. */
static size_t find_body(xmlDoc *doc, const struct extract_profile *profile,
			const struct page_meta *m, xmlNode **nodes, bool *by_profile)
{
	size_t n = 0;
	*by_profile = false;
	if (profile && profile->body && *profile->body) {
		xmlXPathObject *o = xpath_eval(doc, profile->body);
		for (size_t i = 0; i < xpath_count(o) && n < MAX_BODY_NODES; i++)
			if (is_element(o->nodesetval->nodeTab[i]))
				nodes[n++] = o->nodesetval->nodeTab[i];
		xmlXPathFreeObject(o);
		*by_profile = n > 0;
		if (n)
			return n;
	}
	struct scoring s = {0};
	measure_tree(&s, m->body ? m->body : xmlDocGetRootElement(doc));
	struct node_info *top = s.n ? score_paragraphs(&s) : NULL;
	if (top)
		n = gather_body(&s, top, nodes);
	for (size_t i = 0; i < s.n; i++)
		s.v[i].node->_private = NULL;
	free(s.v);
	return n;
}

/* A profile's selector may pick an element and also one inside it (two nested
 * "content" divs): cleaning the outer one can free the inner one, and the inner one's
 * text is in the outer one's anyway. Keeps only the outermost; returns the new count. */
static size_t drop_nested(xmlNode **nodes, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		bool inside = false;
		for (xmlNode *a = nodes[i]->parent; a && !inside; a = a->parent)
			for (size_t j = 0; j < n && !inside; j++)
				inside = j != i && nodes[j] == a;
		if (!inside)
			nodes[kept++] = nodes[i];
	}
	return kept;
}

static void build_body(xmlNode **nodes, size_t n, bool by_profile, const char *title,
		       const char *base, struct extract_article *out, struct buf *text)
{
	struct buf html;
	buf_init(&html);
	n = drop_nested(nodes, n);
	for (size_t i = 0; i < n; i++)
		drop_clutter(nodes[i], title, !by_profile);
	for (size_t i = 0; i < n; i++) {
		drop_empty(nodes[i]);
		if (!nodes[i]->children && !is_void(nodes[i]))
			continue;
		serialize(nodes[i], base, &html);
		buf_addc(&html, '\n');
		text_of(nodes[i], text, SIZE_MAX, true);
		buf_addc(text, '\n');
	}
	out->body_html = buf_take(&html);
}

static bool has_text(const char *s, size_t min)
{
	size_t n = 0;
	for (; *s && n < min; s++)
		n += !isspace((unsigned char)*s);
	return n >= min;
}

int extract_article(const char *html, size_t len, const char *page_url,
		    const struct extract_profile *profile, int64_t now, int tz_offset_min,
		    struct extract_article *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	const char *url = page_url ? page_url : "";
	htmlDocPtr doc = parse_html(html, len);
	if (!doc) {
		snprintf(err, errlen, _("no article text found in %s"), url);
		return -1;
	}
	char host[256] = "";
	url_host(url, host, sizeof host);
	char *owned;
	const char *base = base_url(doc, url, &owned);
	struct page_meta m;
	read_page_meta(doc, &m);
	out->title = find_title(doc, &m, profile, host);
	out->description = m.description ? xstrdup(m.description) : NULL;

	xmlNode *nodes[MAX_BODY_NODES];
	bool by_profile;
	size_t n = find_body(doc, profile, &m, nodes, &by_profile);
	struct buf text;
	buf_init(&text);
	if (n)
		build_body(nodes, n, by_profile, out->title, base, out, &text);
	int rc = 0;
	/* a body the user's profile selected is taken however short it is */
	if (!n || !has_text(text.data, by_profile ? 1 : MIN_BODY_TEXT)) {
		snprintf(err, errlen, _("no article text found in %s"), url);
		extract_article_free(out);
		rc = -1;
	} else {
		char *author = profile ? xpath_text(doc, profile->author, false) : NULL;
		if (!author)
			author = byline_author(text.data);
		if (!author && usable_author(m.author))
			author = xstrdup(m.author);
		if (!author)
			author = page_author(doc);
		out->author = author;
		find_date(doc, profile, &m, text.data, now, tz_offset_min, out);
		if (!out->title)
			out->title = xstrdup(url);
	}
	buf_free(&text);
	page_meta_free(&m);
	free(owned);
	xmlFreeDoc(doc);
	return rc;
}

int extract_clean_fragment(const char *html, size_t len, const char *page_url, char **out)
{
	*out = NULL;
	htmlDocPtr doc = parse_html(html, len);
	if (!doc)
		return -1;
	xmlNode *root = (xmlNode *)doc, *body = NULL;
	int depth = 0, seen = 0;
	for (xmlNode *n = root; n && !body && seen++ < PEEK_NODES; n = walk_next(root, n, &depth, true))
		if (name_is(n, "body"))
			body = n;
	if (!body) {
		xmlFreeDoc(doc);
		return -1;
	}
	char *owned;
	const char *base = base_url(doc, page_url ? page_url : "", &owned);
	drop_clutter(body, NULL, true);
	drop_empty(body);
	struct buf b;
	buf_init(&b);
	for (xmlNode *c = body->children; c; c = c->next)
		serialize(c, base, &b);
	*out = buf_take(&b);
	free(owned);
	xmlFreeDoc(doc);
	return 0;
}

void extract_article_free(struct extract_article *a)
{
	if (!a)
		return;
	free(a->title);
	free(a->author);
	free(a->body_html);
	free(a->description);
	memset(a, 0, sizeof *a);
}
