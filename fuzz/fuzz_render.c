#include "config.h"
/* The HTML-to-text renderer, the terminal sanitiser and the wrapper. The first byte picks
 * the wrap width (0 = no wrap). Rendered and sanitised text must come out terminal-safe,
 * which is checked here: no ESC, no C1 code, no bidi control, no invalid UTF-8. */
#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts (a finding) when s is not valid UTF-8 or holds a character that acts on a
 * terminal: C0 controls other than '\n' and '\t', DEL, C1 (U+0080..U+009F) and the bidi
 * controls text_sanitize promises to remove. */
static void assert_terminal_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned long c;
		int n;
		if (*p < 0x80)
			c = *p, n = 1;
		else if ((*p & 0xe0) == 0xc0)
			c = *p & 0x1f, n = 2;
		else if ((*p & 0xf0) == 0xe0)
			c = *p & 0x0f, n = 3;
		else if ((*p & 0xf8) == 0xf0)
			c = *p & 0x07, n = 4;
		else
			abort();
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				abort();
			c = c << 6 | (p[i] & 0x3f);
		}
		if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f))
			abort();
		if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
		    c == 0x200e || c == 0x200f || c == 0x061c)
			abort();
		p += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int width = data[0] % 100;
	const char *html = (const char *)data + 1;
	size--;

	struct render_result r;
	memset(&r, 0, sizeof r);
	if (render_html(html, size, "https://kpu.example/berita/", width, &r) == 0) {
		/* render_html promises terminal-safe text and links by itself. */
		char *with_links = render_with_link_list(&r);
		assert_terminal_safe(with_links);
		text_width(with_links);
		free(with_links);
	}
	/* A failed render still leaves an (empty) result to free, as render.h says. */
	render_result_free(&r);

	/* The raw bytes as a NUL-terminated string through sanitize and wrap. */
	char *s = malloc(size + 1);
	memcpy(s, html, size);
	s[size] = '\0';
	for (int keep = 0; keep <= 1; keep++) {
		char *safe = text_sanitize(s, keep);
		assert_terminal_safe(safe);
		if (!keep && strchr(safe, '\n'))
			abort();
		char *wrapped = text_wrap(safe, width);
		assert_terminal_safe(wrapped);
		free(wrapped);
		free(safe);
	}
	free(s);
	return 0;
}
