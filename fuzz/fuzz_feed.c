#include "config.h"
/* The feed parser on whole documents: one push of every byte, then finish. Items are
 * walked so that every string the parser hands out is read (ASan sees a bad one). */
#include "feed.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const char *s)
{
	return s ? strlen(s) : 0;
}

static int on_item(void *ctx, const struct feed_item *it)
{
	size_t *sum = ctx;
	*sum += touch(it->title) + touch(it->link) + touch(it->guid) + touch(it->author) +
		touch(it->summary) + touch(it->content);
	for (size_t i = 0; i < it->n_categories; i++)
		*sum += touch(it->categories[i]);
	for (size_t i = 0; i < it->n_enclosures; i++)
		*sum += touch(it->enclosures[i].url) + touch(it->enclosures[i].type);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sum = 0;
	struct feed_limits limits;
	feed_limits_default(&limits);
	limits.max_items = 1000;
	struct feed_parser *p = feed_parser_new("https://kpu.example/feed/", &limits, on_item, &sum);
	feed_sniff((const char *)data, size);
	if (feed_parser_push(p, (const char *)data, size) == 0)
		feed_parser_finish(p);
	const struct feed_info *info = feed_parser_info(p);
	if (info)
		sum += touch(info->title) + touch(info->link) + touch(info->subtitle);
	sum += touch(feed_parser_error(p)) + touch(feed_parser_warnings(p));
	feed_format_name(feed_parser_format(p));
	feed_parser_free(p);
	return sum == (size_t)-1;
}
