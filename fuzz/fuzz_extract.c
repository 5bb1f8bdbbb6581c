#include "config.h"
/* The HTML article extractor and the listing-link collector on one page. */
#include "extract.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed clock: 2025-05-12T00:00:00Z, so that runs are reproducible. */
#define FUZZ_NOW 1747008000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *html = (const char *)data;
	const char *url = "https://kota-semarang.kpu.go.id/blog/read/rapat-pleno";
	size_t sum = 0;

	struct extract_listing listing;
	memset(&listing, 0, sizeof listing);
	if (extract_listing_links(html, size, url, NULL, &listing) == 0) {
		for (size_t i = 0; i < listing.n_links; i++)
			sum += strlen(listing.links[i].url) +
			       (listing.links[i].text ? strlen(listing.links[i].text) : 0);
	}
	extract_listing_free(&listing);   /* also after a failure: nothing may be left */

	struct extract_article a;
	memset(&a, 0, sizeof a);
	char err[256];
	if (extract_article(html, size, url, NULL, FUZZ_NOW, 420, &a, err, sizeof err) == 0) {
		sum += (a.title ? strlen(a.title) : 0) + (a.body_html ? strlen(a.body_html) : 0) +
		       (a.author ? strlen(a.author) : 0) + (a.description ? strlen(a.description) : 0);
	} else {
		sum += strlen(err);
	}
	extract_article_free(&a);
	return sum == (size_t)-1;
}
