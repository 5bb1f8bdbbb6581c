/* OPML 2.0 subscription lists (newsboat and sfeed users bring theirs). Parsed with the
 * same safety as feeds: no DTD, no external entities, no network. */
#ifndef WARTA_OPML_H
#define WARTA_OPML_H

#include <stddef.h>

struct opml_outline {
	const char *url;      /* xmlUrl (or url) */
	const char *title;    /* title, else text; may be NULL */
	const char *category; /* the enclosing outline's text, may be NULL */
};

typedef int (*opml_outline_fn)(void *ctx, const struct opml_outline *o);

/* Calls fn for each outline that carries a feed URL. Returns the number of outlines
 * found, or -1 with a message in err (naming line when known). */
int opml_parse(const char *data, size_t len, opml_outline_fn fn, void *ctx, char *err,
	       size_t errlen);

struct buf;
void opml_begin(struct buf *out, const char *title);
void opml_add(struct buf *out, const char *url, const char *title);
void opml_end(struct buf *out);

#endif
