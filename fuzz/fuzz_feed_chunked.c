#include "config.h"
/* The feed parser as the network drives it: the first bytes of the input choose where
 * the document is cut, and each piece goes through feed_parser_push on its own, so
 * multi-byte characters, tags, entities and the encoding sniff are split at every place
 * a TCP segment could split them. */
#include "feed.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Up to this many cut points come from the head of the input. */
#define MAX_CUTS 16

static int on_item(void *ctx, const struct feed_item *it)
{
	size_t *sum = ctx;
	*sum += (it->title ? strlen(it->title) : 0) + (it->link ? strlen(it->link) : 0) +
		(it->content ? strlen(it->content) : 0) + (it->summary ? strlen(it->summary) : 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n_cuts = data[0] % (MAX_CUTS + 1);
	data++, size--;
	if (size < n_cuts)
		return 0;
	const uint8_t *cuts = data;
	data += n_cuts, size -= n_cuts;

	size_t sum = 0;
	struct feed_limits limits;
	feed_limits_default(&limits);
	limits.max_items = 1000;
	struct feed_parser *p = feed_parser_new(NULL, &limits, on_item, &sum);
	size_t at = 0;
	int rc = 0;
	for (size_t i = 0; i < n_cuts && rc == 0; i++) {
		size_t piece = cuts[i] % 64;      /* 0-byte pushes are legal too */
		if (piece > size - at)
			piece = size - at;
		rc = feed_parser_push(p, (const char *)data + at, piece);
		at += piece;
	}
	if (rc == 0)
		rc = feed_parser_push(p, (const char *)data + at, size - at);
	if (rc == 0)
		feed_parser_finish(p);
	feed_parser_item_count(p);
	feed_parser_wellformed(p);
	feed_parser_free(p);
	return sum == (size_t)-1;
}
