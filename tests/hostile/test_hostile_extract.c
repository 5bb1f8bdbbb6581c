#include "config.h"
/* Regressions for crashes the fuzzers found in the extractor (issue 7). Each row is a page
 * and a profile that once crashed; the test asserts the extraction now succeeds with the
 * expected text. Run under ASan (--enable-sanitizers) to see the original faults. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "extract.h"

struct row {
	const char *what;
	const char *html;
	struct extract_profile profile;
	const char *expect_in_body;
};

static const struct row rows[] = {
	{ "profile body selector matching nested elements (use after free in drop_clutter)",
	  "<html><body><h1>Rapat Pleno</h1><div class=\"content\"><p>Paragraf pertama berita KPU "
	  "tentang rapat pleno terbuka rekapitulasi daftar pemilih.</p><div class=\"content\">"
	  "<div class=\"share\"><a href=\"https://facebook.com/x\">Bagikan</a></div>"
	  "<p>Paragraf kedua di dalam.</p></div></div></body></html>",
	  { .body = "//div[contains(@class,'content')]", .title = "//h1" },
	  "Paragraf kedua di dalam" },
};

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct extract_article a;
		memset(&a, 0, sizeof a);
		char err[256] = "";
		int rc = extract_article(r->html, strlen(r->html), "https://kpu.example/berita/1",
					 &r->profile, 1747008000, 420, &a, err, sizeof err);
		if (rc != 0 || !a.body_html || !strstr(a.body_html, r->expect_in_body))
			fail_msg("%s: rc %d, err \"%s\", body \"%s\"", r->what, rc, err,
				 a.body_html ? a.body_html : "(null)");
		/* the nested element's text appears once, not twice */
		const char *first = strstr(a.body_html, r->expect_in_body);
		assert_null(strstr(first + 1, r->expect_in_body));
		extract_article_free(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_rows) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
