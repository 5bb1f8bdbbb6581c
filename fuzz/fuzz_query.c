#include "config.h"
/* The filter query compiler. What it emits must be well-formed: a '?' in the WHERE
 * clause for every bound parameter, and an error offset inside the text. */
#include "query.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	struct query_sql q;
	memset(&q, 0, sizeof q);
	char err[256];
	size_t pos = 0;
	if (query_compile_at(s, 1747008000, &q, err, sizeof err, &pos) == 0) {
		size_t marks = 0;
		for (const char *p = q.where; *p; p++)
			marks += *p == '?';
		if (marks != q.n_params)
			abort();
		for (size_t i = 0; i < q.n_params; i++)
			if (q.params[i].type == QUERY_PARAM_TEXT && !q.params[i].text)
				abort();
		query_sql_free(&q);
	} else if (pos > strlen(s)) {
		abort();
	}
	char *quoted = query_quote(s);
	free(quoted);
	free(s);
	return 0;
}
