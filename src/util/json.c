#include "config.h"
#include "util/json.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Length of the valid UTF-8 sequence at p, or 0 when it is not one. */
static size_t utf8_valid_len(const unsigned char *p)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0;
		if (c == 0xED && p[1] >= 0xA0) /* surrogates */
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;
		if (c == 0xF4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/* The code point of a valid sequence of n bytes at p that would act on a terminal if
 * printed raw: C1 controls (U+0080..U+009F, e.g. U+009B is CSI) and the bidi controls
 * (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069); 0 for anything else.  JSON writes
 * them as \u escapes, CSV as U+FFFD, so that output piped to a terminal stays inert. */
static unsigned terminal_control(const unsigned char *p, size_t n)
{
	if (n == 2 && p[0] == 0xC2 && p[1] <= 0x9F)
		return p[1];
	if (n == 2 && p[0] == 0xD8 && p[1] == 0x9C)
		return 0x061C;
	if (n != 3 || p[0] != 0xE2)
		return 0;
	if (p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE)))
		return 0x2000 + (p[2] & 0x3F);
	if (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
		return 0x2040 + (p[2] & 0x3F);
	return 0;
}

/* Bytes that go out as they are: printable ASCII other than '"' and '\\'. */
static bool json_plain(unsigned c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

/* Writes runs of plain text and valid UTF-8 with one buf_add each: this is on the hot path
 * of `warta parse --json`, where most of a feed is long runs of such text. */
void json_add_string(struct buf *b, const char *s)
{
	if (!s) {
		buf_adds(b, "null");
		return;
	}
	buf_addc(b, '"');
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		const unsigned char *run = p;
		for (;;) {
			if (json_plain(*p)) {
				p++;
			} else if (*p >= 0x80) {
				size_t n = utf8_valid_len(p);
				if (!n || terminal_control(p, n))
					break;
				p += n;
			} else {
				break;
			}
		}
		if (p > run)
			buf_add(b, (const char *)run, (size_t)(p - run));
		unsigned c = *p;
		if (!c)
			break;
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			buf_add(b, esc, 2);
		} else if (c < 0x20 || c == 0x7F) {
			switch (c) {
			case '\n': buf_add(b, "\\n", 2); break;
			case '\t': buf_add(b, "\\t", 2); break;
			case '\r': buf_add(b, "\\r", 2); break;
			default: buf_printf(b, "\\u%04x", c); break;
			}
		} else if (utf8_valid_len(p)) {
			size_t n = utf8_valid_len(p);
			buf_printf(b, "\\u%04x", terminal_control(p, n));
			p += n;
			continue;
		} else {
			buf_add(b, "\xEF\xBF\xBD", 3); /* a byte that starts no valid sequence */
		}
		p++;
	}
	buf_addc(b, '"');
}

void json_add_int(struct buf *b, int64_t v)
{
	buf_printf(b, "%" PRId64, v);
}

void json_add_bool(struct buf *b, bool v)
{
	buf_adds(b, v ? "true" : "false");
}

void json_add_time(struct buf *b, int64_t t, bool has)
{
	if (!has) {
		buf_adds(b, "null");
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		buf_adds(b, "null");
		return;
	}
	buf_printf(b, "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", tm.tm_year + 1900, tm.tm_mon + 1,
		   tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* CSV has no escapes: what would act on a terminal (C0 other than tab, CR and LF, DEL,
 * C1, bidi controls, bytes that start no valid UTF-8) is written as U+FFFD. */
static void csv_add_text(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = utf8_valid_len(p);
		bool control = *p < 0x80 ? (*p < 0x20 && !strchr("\t\r\n", *p)) || *p == 0x7F
					 : !n || terminal_control(p, n);
		if (control) {
			buf_add(b, "\xEF\xBF\xBD", 3);
			p += n ? n : 1;
			continue;
		}
		if (*p == '"')
			buf_addc(b, '"');
		buf_add(b, (const char *)p, n);
		p += n;
	}
}

void csv_add_field(struct buf *b, const char *s)
{
	if (!s)
		return;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(b, '"');
	csv_add_text(b, s);
	if (quote)
		buf_addc(b, '"');
}
