#include "config.h"
/* The extractor with XPath selectors from an extraction profile: hostile pages meet the
 * profile code paths (selector hits, misses and fallbacks). The selectors are fixed —
 * profiles are the user's configuration, not web input. */
#include "extract.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct extract_profile profile = {
		.listing_links = "//div[@class='post']//a",
		.title = "//h1",
		.body = "//div[contains(@class,'content')]",
		.date = "//span[@class='date']",
		.author = "//span[@class='author']",
	};
	const char *html = (const char *)data;
	const char *url = "https://jatim.kpu.go.id/berita/baca/1/x";
	struct extract_listing listing;
	memset(&listing, 0, sizeof listing);
	extract_listing_links(html, size, url, &profile, &listing);
	extract_listing_free(&listing);   /* also after a failure: nothing may be left */
	struct extract_article a;
	memset(&a, 0, sizeof a);
	char err[256];
	extract_article(html, size, url, &profile, 1747008000, 480, &a, err, sizeof err);
	extract_article_free(&a);
	return 0;
}
