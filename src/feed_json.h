/* A streaming JSON reader for the feed parser's JSON Feed support: bytes go in chunk by
 * chunk (a token cut by a chunk's end waits for the next), events come out as values
 * open, close or complete. Memory is bounded: nesting by max_depth, a string by
 * max_string bytes (the rest is dropped and the string reported cut), a member name by
 * JSON_KEY_MAX bytes. Input must be UTF-8. */
#ifndef WARTA_FEED_JSON_H
#define WARTA_FEED_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum { JSON_KEY_MAX = 64 };

enum json_event {
	JSON_OBJECT_BEGIN, JSON_OBJECT_END, JSON_ARRAY_BEGIN, JSON_ARRAY_END,
	JSON_STRING, JSON_NUMBER, JSON_TRUE, JSON_FALSE, JSON_NULL,
};

/* key: the member name the value belongs to ("" inside an array or at the top); text,
 * len: a string's decoded value or a number as written (NULL otherwise); cut: the string
 * was longer than max_string. Returns 0 to go on, non-zero to stop. */
typedef int (*json_event_fn)(void *ctx, enum json_event ev, const char *key, const char *text,
			     size_t len, bool cut);

struct json_reader;

struct json_reader *json_reader_new(size_t max_depth, size_t max_string, json_event_fn fn,
				    void *ctx);
/* Reads a chunk. Returns 0, or -1 once the input is not JSON (json_reader_error says
 * where), nesting went too deep, or the callback stopped. */
int json_reader_push(struct json_reader *r, const char *data, size_t len);
/* Ends the input: -1 when the document is unfinished or was not JSON. */
int json_reader_finish(struct json_reader *r);
/* Why reading stopped, naming the byte offset; NULL when it did not. */
const char *json_reader_error(const struct json_reader *r);
void json_reader_free(struct json_reader *r);

#endif
