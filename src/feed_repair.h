/* The feed parser's byte pre-pass: turns the markup real feeds publish into XML libxml2
 * reads without losing text. Works on UTF-8 as it streams, chunk by chunk; a token cut by
 * a chunk's end waits for the next chunk. What it repairs:
 *  - a '&' that starts no entity or character reference becomes "&amp;", an undeclared
 *    entity name is kept as text, HTML named entities become character references, and
 *    references to C1 controls are read as Windows-1252 (as browsers do);
 *  - a '<' that cannot start markup becomes "&lt;", also inside attribute values;
 *  - HTML habits in tags: void elements (<br>, <img ...>) are closed, their end tags
 *    dropped, attributes without a value or without quotes get them;
 *  - end tags: a stray one is dropped, one that closes an outer element first closes the
 *    elements left open inside it (matched case-insensitively when nothing matches exactly);
 *  - whitespace (and a second BOM) before the first tag is skipped.
 * Comments, CDATA sections, processing instructions and the DOCTYPE pass untouched. */
#ifndef WARTA_FEED_REPAIR_H
#define WARTA_FEED_REPAIR_H

#include <stdbool.h>
#include <stddef.h>

struct markup_repair;

struct markup_repair *markup_repair_new(void);
void markup_repair_free(struct markup_repair *r);

/* Repairs the next chunk (*len bytes of UTF-8) and returns the bytes to parse, *len set to
 * their length; the result is valid until the next call. final marks the end of input. */
const char *markup_repair(struct markup_repair *r, const char *data, size_t *len, bool final);

/* Whether anything was repaired that made the document not well-formed XML (HTML named
 * entities and leading whitespace do not count). */
bool markup_repair_changed(const struct markup_repair *r);

/* The code points of the HTML named entity name[0..len) (without '&' and ';') in cp;
 * returns how many (1 or 2), 0 for an unknown name. */
int html_entity_find(const char *name, size_t len, unsigned long cp[2]);

/* The Windows-1252 reading of byte c as a code point (U+FFFD for its five holes). */
unsigned long cp1252_char(unsigned char c);

#endif
