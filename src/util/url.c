#include "config.h"
#include "util/url.h"
#include "util/buf.h"

#include <ctype.h>
#include <string.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

char *url_resolve(const char *base, const char *ref)
{
	if (!ref)
		return NULL;
	while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
		ref++;
	if (!*ref)
		return NULL;
	if (!base || !*base)
		return xstrdup(ref);
	xmlChar *r = xmlBuildURI((const xmlChar *)ref, (const xmlChar *)base);
	if (!r) {
		/* Spaces and other raw characters make libxml2 refuse; escape and retry. */
		xmlChar *esc = xmlURIEscapeStr((const xmlChar *)ref, (const xmlChar *)":/?#[]@!$&'()*+,;=%");
		if (esc) {
			r = xmlBuildURI(esc, (const xmlChar *)base);
			xmlFree(esc);
		}
	}
	if (!r)
		return xstrdup(ref);
	char *out = xstrdup((const char *)r);
	xmlFree(r);
	return out;
}

const char *url_scheme(const char *url, char *buf, size_t len)
{
	if (!url || !len)
		return NULL;
	size_t i = 0;
	if (!isalpha((unsigned char)url[0]))
		return NULL;
	while (url[i] && (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' ||
			  url[i] == '.'))
		i++;
	if (url[i] != ':' || i + 1 > len)
		return NULL;
	for (size_t k = 0; k < i; k++)
		buf[k] = (char)tolower((unsigned char)url[k]);
	buf[i] = '\0';
	return buf;
}

const char *url_host(const char *url, char *buf, size_t len)
{
	if (!url || !len)
		return NULL;
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	const char *at = NULL;
	const char *end = p;
	while (*end && *end != '/' && *end != '?' && *end != '#') {
		if (*end == '@')
			at = end;
		end++;
	}
	if (at)
		p = at + 1;
	const char *colon = NULL;
	if (*p == '[') {
		const char *rb = memchr(p, ']', (size_t)(end - p));
		if (rb)
			colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
		if (rb)
			end = colon ? colon : rb + 1;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		if (colon)
			end = colon;
	}
	size_t n = (size_t)(end - p);
	if (!n || n + 1 > len)
		return NULL;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)p[i]);
	buf[n] = '\0';
	return buf;
}
