#include "config.h"
#include "directory.h"
#include "directory_data.h"
#include "util/buf.h"
#include "util/url.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables generated from data/ at build time (in the build tree, hence the "src/"
 * path found through -I$(top_builddir)). Compiled here rather than as a source of its
 * own so that the build needs no second list of generated library sources. */
#include "src/directory_data.c"

/* Offices sorted by slug and by domain (without "www."), built once for binary search:
 * every fetched article is matched to its office by URL. */
static const struct office **by_slug;
static const struct office **by_host;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static const char *bare_host(const char *host)
{
	return str_ncasecmp_ascii(host, "www.", 4) == 0 ? host + 4 : host;
}

static int compare_slug(const void *a, const void *b)
{
	return strcmp((*(const struct office *const *)a)->slug,
		      (*(const struct office *const *)b)->slug);
}

static int compare_host(const void *a, const void *b)
{
	return str_casecmp_ascii(bare_host((*(const struct office *const *)a)->domain),
				 bare_host((*(const struct office *const *)b)->domain));
}

static void build_index(void)
{
	size_t n = directory_offices_count;
	by_slug = xcalloc(n, sizeof *by_slug);
	by_host = xcalloc(n, sizeof *by_host);
	for (size_t i = 0; i < n; i++)
		by_slug[i] = by_host[i] = &directory_offices[i];
	qsort(by_slug, n, sizeof *by_slug, compare_slug);
	qsort(by_host, n, sizeof *by_host, compare_host);
}

size_t directory_count(void)
{
	return directory_offices_count;
}

const struct office *directory_at(size_t i)
{
	return i < directory_offices_count ? &directory_offices[i] : NULL;
}

const struct office *directory_find_slug(const char *slug)
{
	if (!slug)
		return NULL;
	pthread_once(&index_once, build_index);
	size_t lo = 0, hi = directory_offices_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(slug, by_slug[mid]->slug);
		if (c == 0)
			return by_slug[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct office *directory_find_host(const char *host)
{
	if (!host)
		return NULL;
	char name[256];
	size_t len = strcspn(host, ":/");
	if (len == 0 || len >= sizeof name)
		return NULL;
	memcpy(name, host, len);
	name[len] = '\0';
	if (name[len - 1] == '.')
		name[len - 1] = '\0';
	const char *key = bare_host(name);
	pthread_once(&index_once, build_index);
	size_t lo = 0, hi = directory_offices_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = str_casecmp_ascii(key, bare_host(by_host[mid]->domain));
		if (c == 0)
			return by_host[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct office *directory_find_url(const char *url)
{
	char host[256];
	return directory_find_host(url_host(url, host, sizeof host));
}

char *directory_news_url(const struct office *o)
{
	if (!o)
		return NULL;
	size_t len = strlen(o->domain) + sizeof "https:///index.php/blog/category/104";
	char *url = xmalloc(len);
	if (strcmp(o->level, "ri") == 0)
		snprintf(url, len, "https://%s/berita/104/berita-terkini", o->domain);
	else
		snprintf(url, len, "https://%s/index.php/blog/category/104", o->domain);
	return url;
}

/* "KPU Kabupaten Sukoharjo" -> "Kab. Sukoharjo", "KPU Kota Semarang" -> "Kota Semarang",
 * "KPU Provinsi Jawa Tengah" -> "Jawa Tengah", "KIP Aceh" -> "Aceh": short enough for a
 * list column, and still unambiguous (no kabupaten or kota is named without its level). */
const char *directory_short_name(const struct office *o, char *buf, size_t len)
{
	if (!buf || len == 0)
		return buf;
	buf[0] = '\0';
	if (!o)
		return buf;
	if (strcmp(o->level, "ri") == 0) {
		snprintf(buf, len, "%s", o->name);
		return buf;
	}
	const char *rest = o->name;
	if (str_starts_with(rest, "KPU ") || str_starts_with(rest, "KIP "))
		rest += 4;
	if (str_starts_with(rest, "Provinsi "))
		rest += strlen("Provinsi ");
	else if (str_starts_with(rest, "Kabupaten "))
		snprintf(buf, len, "Kab. %s", rest + strlen("Kabupaten "));
	if (!buf[0])
		snprintf(buf, len, "%s", rest);
	return buf;
}

static const struct office *province_office_exact(const char *province)
{
	for (size_t i = 0; i < directory_offices_count; i++) {
		const struct office *o = &directory_offices[i];
		if (strcmp(o->level, "provinsi") == 0 && str_casecmp_ascii(o->province, province) == 0)
			return o;
	}
	return NULL;
}

/* Case-insensitive substring search; the province names are short ASCII. */
static int contains_ascii(const char *hay, const char *needle, size_t n)
{
	for (; *hay; hay++)
		if (str_ncasecmp_ascii(hay, needle, n) == 0)
			return 1;
	return 0;
}

const char *directory_province_name(const char *q)
{
	if (!q)
		return NULL;
	char text[128];
	snprintf(text, sizeof text, "%s", q);
	str_squeeze_space(text);
	size_t n = strlen(text);
	if (n == 0 || n + 1 >= sizeof text)
		return NULL;
	const struct office *o = province_office_exact(text);
	if (o)
		return o->province;
	/* "jateng", "DKI", "babel": the provincial slugs and aliases people write. */
	for (size_t i = 0; i < directory_offices_count; i++) {
		o = &directory_offices[i];
		if (strcmp(o->level, "provinsi") == 0 && str_casecmp_ascii(o->slug, text) == 0)
			return o->province;
	}
	for (size_t i = 0; i < directory_aliases_count; i++) {
		if (str_casecmp_ascii(directory_aliases[i].name, text) != 0)
			continue;
		o = directory_find_slug(directory_aliases[i].slug);
		if (o && strcmp(o->level, "provinsi") == 0)
			return o->province;
	}
	const char *found = NULL;
	for (size_t i = 0; i < directory_offices_count; i++) {
		o = &directory_offices[i];
		if (strcmp(o->level, "provinsi") != 0 || !contains_ascii(o->province, text, n))
			continue;
		if (found)
			return NULL;
		found = o->province;
	}
	return found;
}

const struct office *directory_province_office(const char *province)
{
	const char *name = directory_province_name(province);
	return name ? province_office_exact(name) : NULL;
}
