#include "config.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		abort();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void buf_init(struct buf *b)
{
	b->cap = 64;
	b->len = 0;
	b->data = xmalloc(b->cap);
	b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	if (!n)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	if (s)
		buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	char probe[1];
	int n = vsnprintf(probe, sizeof probe, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *str_vprintf(const char *fmt, va_list ap)
{
	struct buf b;
	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	return buf_steal(&b);
}

char *buf_steal(struct buf *b)
{
	char *d = b->data ? b->data : xstrdup("");
	/* Left empty and unallocated: it can be reused (buf_add allocates) or freed. */
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

static int is_space_at(const unsigned char *p, size_t *w)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
		*w = 1;
		return 1;
	}
	if (p[0] == 0xC2 && p[1] == 0xA0) { /* NBSP */
		*w = 2;
		return 1;
	}
	return 0;
}

char *str_squeeze_space(char *s)
{
	if (!s)
		return s;
	unsigned char *r = (unsigned char *)s, *w = (unsigned char *)s;
	int pending = 0;
	while (*r) {
		size_t n;
		if (is_space_at(r, &n)) {
			pending = (w != (unsigned char *)s);
			r += n;
			continue;
		}
		if (pending)
			*w++ = ' ';
		pending = 0;
		*w++ = *r++;
	}
	*w = '\0';
	return s;
}

char *str_trim(char *s)
{
	if (!s)
		return s;
	unsigned char *p = (unsigned char *)s;
	size_t n;
	while (*p && is_space_at(p, &n))
		p += n;
	size_t len = strlen((char *)p);
	memmove(s, p, len + 1);
	while (len > 0) {
		unsigned char c = (unsigned char)s[len - 1];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			len--;
		else if (len >= 2 && c == 0xA0 && (unsigned char)s[len - 2] == 0xC2)
			len -= 2;
		else
			break;
	}
	s[len] = '\0';
	return s;
}

/* ASCII only, whatever the locale: markup and protocol words, not text. */
static int lower_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int str_casecmp_ascii(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = lower_ascii((unsigned char)*a), cb = lower_ascii((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

int str_ncasecmp_ascii(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int ca = lower_ascii((unsigned char)a[i]), cb = lower_ascii((unsigned char)b[i]);
		if (ca != cb || !ca)
			return ca - cb;
	}
	return 0;
}

int str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
