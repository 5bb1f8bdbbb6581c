/* Reading sites without feeds: article links from a listing page, and title, body, author
 * and date from an article page. Generic heuristics (text density and structure), with
 * optional XPath selectors from an extraction profile tried first. No network, no SQL. */
#ifndef WARTA_EXTRACT_H
#define WARTA_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* XPath selectors; any may be NULL (heuristics are used then, and also when a selector
 * finds nothing). */
struct extract_profile {
	const char *listing_links;   /* selects <a> elements of article links */
	const char *title;
	const char *body;
	const char *date;
	const char *author;
};

struct extract_link {
	char *url;                   /* absolute */
	char *text;                  /* anchor text, whitespace squeezed */
};

struct extract_listing {
	struct extract_link *links;  /* article links in page order, no duplicates */
	size_t n_links;
	char *next_page;             /* the next listing page (?page=N+1), NULL when none */
};

/* Collects article links: the KPU forms /blog/read/<slug>, /blog/read/<id>_<slug>,
 * /berita/baca/<id>/<slug>, and on other sites same-host deeper links with title-like
 * anchor text. Returns 0, -1 when the page cannot be parsed. */
int extract_listing_links(const char *html, size_t len, const char *page_url,
			  const struct extract_profile *profile, struct extract_listing *out);
void extract_listing_free(struct extract_listing *l);

struct extract_article {
	char *title;
	char *author;                /* NULL when none found */
	char *body_html;             /* the main text block, cleaned (no share/counter/"Baca Lainnya") */
	int64_t published;           /* UTC seconds */
	bool has_published;
	bool published_estimated;    /* no date found: published = now */
	char *description;           /* og:description / meta description, may be NULL */
};

/* Extracts an article page. now is the fetch time; tz_offset_min the office's zone.
 * Returns 0, or -1 when no article body is found (err says why). */
int extract_article(const char *html, size_t len, const char *page_url,
		    const struct extract_profile *profile, int64_t now, int tz_offset_min,
		    struct extract_article *out, char *err, size_t errlen);
void extract_article_free(struct extract_article *a);

/* Cleans an article body that came whole (a feed's content:encoded): the same clutter
 * rules as extract_article ("Baca Lainnya" lists, share blocks, view counters, related
 * links, comments), without looking for the main block. Links resolve against page_url.
 * *out is the cleaned HTML (caller frees). Returns 0, -1 when it cannot be parsed. */
int extract_clean_fragment(const char *html, size_t len, const char *page_url, char **out);

#endif
