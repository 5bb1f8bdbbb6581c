#include "config.h"
/* OPML import: every outline handed out is read. */
#include "opml.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_outline(void *ctx, const struct opml_outline *o)
{
	size_t *sum = ctx;
	*sum += strlen(o->url) + (o->title ? strlen(o->title) : 0) +
		(o->category ? strlen(o->category) : 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sum = 0;
	char err[256];
	opml_parse((const char *)data, size, on_outline, &sum, err, sizeof err);
	return sum == (size_t)-1;
}
