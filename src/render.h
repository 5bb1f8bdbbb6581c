/* Article HTML to terminal-safe plain text, and the sanitising every string from the web
 * goes through before it reaches a terminal. */
#ifndef WARTA_RENDER_H
#define WARTA_RENDER_H

#include <stddef.h>

struct render_result {
	char *text;       /* UTF-8, lines separated by '\n', no trailing link list */
	char **links;     /* absolute URLs, numbered [1]..[n_links] in the text */
	size_t n_links;
};

/* Renders HTML (a fragment or a whole page): paragraphs separated by a blank line,
 * headings, lists with bullets ("• " / "1. "), block quotes indented, <br>, tables row by
 * row, links as "text[n]", images as "[image: alt]", entities decoded, script/style/iframe
 * dropped, whitespace normalised, and text wrapped at `width` display columns measured
 * with wcwidth (0 = do not wrap). base_url (may be NULL) resolves relative links.
 * Returns 0, or -1 when len == 0 or nothing could be parsed (out is then empty). */
int render_html(const char *html, size_t len, const char *base_url, int width,
		struct render_result *out);
void render_result_free(struct render_result *r);

/* Appends the link list ("\n[1] https://...\n") to text; returns a new string. */
char *render_with_link_list(const struct render_result *r);

/* A copy of s that is safe to print to a terminal: C0 controls other than '\n' and '\t'
 * (and those too when keep_newlines is 0), DEL, ESC sequences (CSI, OSC, DCS...), C1 codes
 * (U+0080..U+009F and raw 0x80..0x9F bytes), bidi controls (U+202A..U+202E,
 * U+2066..U+2069, U+200E/F, U+061C) and invalid UTF-8 are removed or replaced with U+FFFD.
 * NULL gives NULL. */
char *text_sanitize(const char *s, int keep_newlines);

/* Display width in columns of a UTF-8 string (wcwidth; non-printables count 0). */
int text_width(const char *s);

/* Wraps plain text to width columns (paragraphs kept); returns a new string. */
char *text_wrap(const char *s, int width);

#endif
