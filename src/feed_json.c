#include "config.h"
#include "feed_json.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

enum state {
	S_VALUE,          /* a value must come */
	S_VALUE_OR_CLOSE, /* just after '[': a value or ']' */
	S_AFTER_VALUE,    /* ',' or the container's close */
	S_KEY_OR_CLOSE,   /* just after '{': a member name or '}' */
	S_KEY,            /* after ',' in an object */
	S_COLON,
	S_STRING,
	S_ESCAPE,
	S_UNICODE,
	S_NUMBER,
	S_LITERAL,
	S_END,            /* the top value is complete: only blanks may follow */
	S_STOPPED,
};

struct json_reader {
	size_t max_depth, max_string;
	json_event_fn fn;
	void *ctx;
	enum state state;
	bool *is_object;        /* per open container */
	size_t depth;
	bool in_key;            /* the string being read is a member name */
	char key[JSON_KEY_MAX + 1];
	size_t key_len;
	struct buf str;
	bool str_cut;
	unsigned long unit;     /* a \uXXXX being read */
	int unit_digits;
	unsigned long high;     /* a high surrogate waiting for its low half, 0: none */
	char token[32];         /* a number or literal being read */
	size_t token_len;
	size_t offset;          /* bytes read before the current chunk */
	char *error;
};

#define REPLACEMENT 0xFFFDul

static void fail(struct json_reader *r, size_t at, const char *what)
{
	if (!r->error) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s at byte %zu", what, r->offset + at);
		r->error = buf_steal(&b);
	}
	r->state = S_STOPPED;
}

static void emit(struct json_reader *r, enum json_event ev, const char *text, size_t len,
		 bool cut)
{
	if (r->state == S_STOPPED)
		return;
	if (r->fn(r->ctx, ev, r->key, text, len, cut) != 0)
		r->state = S_STOPPED;
}

/* After a complete value: the container goes on, or the document is done. */
static void value_done(struct json_reader *r)
{
	r->key[0] = '\0';
	r->key_len = 0;
	if (r->state != S_STOPPED)
		r->state = r->depth ? S_AFTER_VALUE : S_END;
}

static void open_container(struct json_reader *r, bool object, size_t at)
{
	if (r->depth >= r->max_depth) {
		fail(r, at, "nested deeper than the limit");
		return;
	}
	emit(r, object ? JSON_OBJECT_BEGIN : JSON_ARRAY_BEGIN, NULL, 0, false);
	r->is_object[r->depth++] = object;
	r->key[0] = '\0';
	r->key_len = 0;
	if (r->state != S_STOPPED)
		r->state = object ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
}

static void close_container(struct json_reader *r, char c, size_t at)
{
	bool object = c == '}';
	if (!r->depth || r->is_object[r->depth - 1] != object) {
		fail(r, at, "unexpected close");
		return;
	}
	r->depth--;
	r->key[0] = '\0';
	emit(r, object ? JSON_OBJECT_END : JSON_ARRAY_END, NULL, 0, false);
	value_done(r);
}

static void add_byte(struct json_reader *r, char c)
{
	if (r->in_key) {
		if (r->key_len < JSON_KEY_MAX)
			r->key[r->key_len++] = c;
		r->key[r->key_len] = '\0';
		return;
	}
	if (r->str.len < r->max_string)
		buf_addc(&r->str, c);
	else
		r->str_cut = true;
}

static void add_code_point(struct json_reader *r, unsigned long c)
{
	char s[4];
	int n;
	if (c == 0)
		c = REPLACEMENT;
	if (c < 0x80) {
		s[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | c >> 6), s[1] = (char)(0x80 | (c & 0x3F)), n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | c >> 12), s[1] = (char)(0x80 | (c >> 6 & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F)), n = 3;
	} else {
		s[0] = (char)(0xF0 | c >> 18), s[1] = (char)(0x80 | (c >> 12 & 0x3F));
		s[2] = (char)(0x80 | (c >> 6 & 0x3F)), s[3] = (char)(0x80 | (c & 0x3F)), n = 4;
	}
	for (int i = 0; i < n; i++)
		add_byte(r, s[i]);
}

/* A high surrogate not followed by its low half stands for nothing readable. */
static void flush_high(struct json_reader *r)
{
	if (r->high) {
		add_code_point(r, REPLACEMENT);
		r->high = 0;
	}
}

static void unicode_done(struct json_reader *r)
{
	unsigned long u = r->unit;
	if (u >= 0xDC00 && u < 0xE000 && r->high) {
		add_code_point(r, 0x10000 + ((r->high - 0xD800) << 10) + (u - 0xDC00));
		r->high = 0;
		return;
	}
	flush_high(r);
	if (u >= 0xD800 && u < 0xDC00)
		r->high = u;
	else
		add_code_point(r, u >= 0xDC00 && u < 0xE000 ? REPLACEMENT : u);
}

/* A string cut at max_string may end inside a UTF-8 sequence: that part goes. */
static void trim_partial_sequence(struct buf *b)
{
	size_t i = b->len, back = 0;
	while (i > 0 && back < 4 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80)
		i--, back++;
	if (i == 0 || (unsigned char)b->data[i - 1] < 0xC0)
		return;
	unsigned char lead = (unsigned char)b->data[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (back + 1 < need)
		b->len = i - 1;
	b->data[b->len] = '\0';
}

static void string_done(struct json_reader *r)
{
	flush_high(r);
	if (r->in_key) {
		r->in_key = false;
		r->state = S_COLON;
		return;
	}
	if (r->str_cut)
		trim_partial_sequence(&r->str);
	emit(r, JSON_STRING, r->str.data ? r->str.data : "", r->str.len, r->str_cut);
	value_done(r);
}

static void begin_string(struct json_reader *r, bool key)
{
	r->in_key = key;
	if (key) {
		r->key[0] = '\0';
		r->key_len = 0;
	}
	buf_reset(&r->str);
	r->str_cut = false;
	r->high = 0;
	r->state = S_STRING;
}

static void token_done(struct json_reader *r, size_t at)
{
	r->token[r->token_len] = '\0';
	const char *t = r->token;
	if (r->state == S_NUMBER)
		emit(r, JSON_NUMBER, t, r->token_len, false);
	else if (strcmp(t, "true") == 0)
		emit(r, JSON_TRUE, NULL, 0, false);
	else if (strcmp(t, "false") == 0)
		emit(r, JSON_FALSE, NULL, 0, false);
	else if (strcmp(t, "null") == 0)
		emit(r, JSON_NULL, NULL, 0, false);
	else {
		fail(r, at, "not a JSON value");
		return;
	}
	value_done(r);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The first byte of a value. */
static void start_value(struct json_reader *r, char c, size_t at)
{
	if (c == '{' || c == '[') {
		open_container(r, c == '{', at);
	} else if (c == '"') {
		begin_string(r, false);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		r->token[0] = c, r->token_len = 1, r->state = S_NUMBER;
	} else if (c >= 'a' && c <= 'z') {
		r->token[0] = c, r->token_len = 1, r->state = S_LITERAL;
	} else {
		fail(r, at, "not a JSON value");
	}
}

static void escape_char(struct json_reader *r, char c)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	if (c == 'u') {
		r->unit = 0, r->unit_digits = 0, r->state = S_UNICODE;
		return;
	}
	flush_high(r);
	const char *hit = strchr(from, c);
	add_byte(r, hit && c ? to[hit - from] : c); /* an unknown escape: the character */
	r->state = S_STRING;
}

static void unicode_char(struct json_reader *r, char c, size_t at)
{
	int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
	if (v < 0) {
		fail(r, at, "bad \\u escape");
		return;
	}
	r->unit = r->unit << 4 | (unsigned long)v;
	if (++r->unit_digits == 4) {
		unicode_done(r);
		r->state = S_STRING;
	}
}

/* One byte; returns false when the byte must be read again in the new state. */
static bool step(struct json_reader *r, char c, size_t at)
{
	switch (r->state) {
	case S_STRING:
		if (c == '"')
			string_done(r);
		else if (c == '\\')
			r->state = S_ESCAPE;
		else {
			flush_high(r);
			add_byte(r, c);
		}
		return true;
	case S_ESCAPE:
		escape_char(r, c);
		return true;
	case S_UNICODE:
		unicode_char(r, c, at);
		return true;
	case S_NUMBER:
	case S_LITERAL: {
		bool more = r->state == S_NUMBER ? strchr("0123456789+-.eE", c) && c
						 : c >= 'a' && c <= 'z';
		if (!more) {
			token_done(r, at);
			return false;
		}
		if (r->token_len + 1 >= sizeof r->token)
			fail(r, at, "number too long");
		else
			r->token[r->token_len++] = c;
		return true;
	}
	default:
		break;
	}
	if (blank(c))
		return true;
	switch (r->state) {
	case S_VALUE_OR_CLOSE:
		if (c == ']')
			return close_container(r, c, at), true;
		/* fall through */
	case S_VALUE:
		start_value(r, c, at);
		break;
	case S_KEY_OR_CLOSE:
		if (c == '}')
			return close_container(r, c, at), true;
		/* fall through */
	case S_KEY:
		if (c == '"')
			begin_string(r, true);
		else
			fail(r, at, "a member name was expected");
		break;
	case S_COLON:
		if (c == ':')
			r->state = S_VALUE;
		else
			fail(r, at, "':' was expected");
		break;
	case S_AFTER_VALUE:
		if (c == ',')
			r->state = r->is_object[r->depth - 1] ? S_KEY : S_VALUE;
		else if (c == '}' || c == ']')
			close_container(r, c, at);
		else
			fail(r, at, "',' was expected");
		break;
	case S_END:
		fail(r, at, "data after the JSON document");
		break;
	default:
		break;
	}
	return true;
}

struct json_reader *json_reader_new(size_t max_depth, size_t max_string, json_event_fn fn,
				    void *ctx)
{
	struct json_reader *r = xcalloc(1, sizeof *r);
	r->max_depth = max_depth ? max_depth : 1;
	r->max_string = max_string;
	r->fn = fn;
	r->ctx = ctx;
	r->is_object = xcalloc(r->max_depth, sizeof *r->is_object);
	buf_init(&r->str);
	r->state = S_VALUE;
	return r;
}

int json_reader_push(struct json_reader *r, const char *data, size_t len)
{
	for (size_t i = 0; i < len && r->state != S_STOPPED;)
		i += step(r, data[i], i);
	r->offset += len;
	return r->state == S_STOPPED ? -1 : 0;
}

int json_reader_finish(struct json_reader *r)
{
	if (r->state == S_NUMBER || r->state == S_LITERAL)
		token_done(r, 0);
	if (r->state == S_STOPPED)
		return -1;
	if (r->state != S_END) {
		fail(r, 0, "the document ends early");
		return -1;
	}
	return 0;
}

const char *json_reader_error(const struct json_reader *r)
{
	return r->error;
}

void json_reader_free(struct json_reader *r)
{
	if (!r)
		return;
	free(r->is_object);
	buf_free(&r->str);
	free(r->error);
	free(r);
}
