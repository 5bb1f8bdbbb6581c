#include "config.h"
/* The date parser on feed date fields and the date finder on free text. A result must lie
 * in the plausible years the header promises. */
#include "date.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1970-01-01 and 2201-01-01 plus a day of zone slack either side. */
#define EARLIEST (-86400LL)
#define LATEST (7289654400LL + 86400LL)

static void assert_plausible(int64_t t)
{
	if (t < EARLIEST || t > LATEST)
		abort();
	char iso[21];
	date_format_iso(t, iso);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	int64_t t;
	if (date_parse(s, &t) == 0)
		assert_plausible(t);
	if (date_parse_in_zone(s, 540, &t) == 0)
		assert_plausible(t);
	struct date_found found;
	if (date_find_in_text(s, 1747008000, 420, &found) == 0) {
		assert_plausible(found.when);
		if (found.offset > strlen(s) || found.length > strlen(s) - found.offset)
			abort();
	}
	int offset;
	date_zone_offset(s, strlen(s), &offset);
	free(s);
	return 0;
}
