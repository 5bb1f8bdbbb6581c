/* Streaming RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 parser on libxml2's push (SAX) parser, and
 * JSON Feed 1.0/1.1 on a streaming JSON reader (feed_json.c).
 * Bytes go in as they arrive; each item is handed to a callback as soon as it closes and
 * then forgotten, so memory stays flat whatever the size of the feed. Safe by construction:
 * no DTD loading, no external entities, no network; besides the predefined entities and
 * character references, only internal entities whose value is plain text are expanded
 * (within a budget); depth, field length and item count are capped. */
#ifndef WARTA_FEED_H
#define WARTA_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum feed_format {
	FEED_FORMAT_UNKNOWN = 0,
	FEED_FORMAT_RSS20,
	FEED_FORMAT_RSS10,
	FEED_FORMAT_RSS09X,
	FEED_FORMAT_ATOM10,
	FEED_FORMAT_ATOM03,
	FEED_FORMAT_JSONFEED,
};

/* "rss2.0", "rss1.0", "rss0.9x", "atom1.0", "atom0.3", "jsonfeed" or NULL. */
const char *feed_format_name(enum feed_format f);

struct feed_enclosure {
	char *url;
	char *type;       /* NULL when absent */
	int64_t length;   /* -1 when absent or not a number */
};

/* Every string is UTF-8, entities decoded, whitespace-trimmed; NULL when absent.
 * summary and content keep their HTML markup as published, except that relative URLs in
 * their href/src (and similar) attributes are made absolute: against the xml:base in
 * effect on their element, else the item's link, else the feed's URL. */
struct feed_item {
	char *title;      /* HTML read as text; without one, the summary's first words */
	bool title_derived; /* the title is those first words, not the publisher's */
	char *link;       /* absolute: resolved against xml:base and the feed URL */
	char *guid;
	char *author;
	char *summary;
	char *content;
	int64_t published;
	bool has_published;
	int64_t updated;
	bool has_updated;
	char **categories;
	size_t n_categories;
	struct feed_enclosure *enclosures;
	size_t n_enclosures;
};

struct feed_info {
	char *title;
	char *link;
	char *subtitle;
	int64_t updated;
	bool has_updated;
};

struct feed_limits {
	size_t max_depth;        /* default 256 */
	size_t max_field_bytes;  /* default 1 MiB; longer text is cut and reported */
	size_t max_items;        /* default 100000 */
};
void feed_limits_default(struct feed_limits *l);

/* Called for each complete item; the item and its strings belong to the parser and are
 * freed after the call returns. Return 0 to go on, non-zero to stop parsing. */
typedef int (*feed_item_fn)(void *ctx, const struct feed_item *item);

struct feed_parser;

/* base_url (may be NULL) resolves relative links; limits may be NULL for defaults. */
struct feed_parser *feed_parser_new(const char *base_url, const struct feed_limits *limits,
				    feed_item_fn on_item, void *ctx);
/* Feeds a chunk. Returns 0, or -1 once the input is known not to be a feed (then
 * feed_parser_error says why) or the callback asked to stop. */
int feed_parser_push(struct feed_parser *p, const char *data, size_t len);
/* Ends the input. Returns 0 when a feed was recognised (even if recovered), -1 if not. */
int feed_parser_finish(struct feed_parser *p);

enum feed_format feed_parser_format(const struct feed_parser *p);
bool feed_parser_wellformed(const struct feed_parser *p);
const struct feed_info *feed_parser_info(const struct feed_parser *p);
size_t feed_parser_item_count(const struct feed_parser *p);
/* The reason for a failure, or the first limit that was hit; NULL when none. */
const char *feed_parser_error(const struct feed_parser *p);
/* Warnings such as "field longer than 1048576 bytes cut", one per line; NULL when none. */
const char *feed_parser_warnings(const struct feed_parser *p);
void feed_parser_free(struct feed_parser *p);

/* Guess from the first bytes whether a document is a feed, XML or JSON Feed (true), or
 * something else, e.g. an HTML page (false). */
bool feed_sniff(const char *data, size_t len);

#endif
