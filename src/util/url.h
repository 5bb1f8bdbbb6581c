/* URL helpers shared by feed, render and extract. */
#ifndef WARTA_URL_H
#define WARTA_URL_H

#include <stddef.h>

/* Resolves ref against base (RFC 3986); either may be NULL. Returns a new string, or NULL
 * when ref is NULL/empty. A ref that cannot be resolved is returned as given. */
char *url_resolve(const char *base, const char *ref);
/* The host of an absolute URL, lower-cased, into buf; NULL when there is none. */
const char *url_host(const char *url, char *buf, size_t len);
/* The scheme of a URL lower-cased into buf ("http"); NULL when none. */
const char *url_scheme(const char *url, char *buf, size_t len);

#endif
