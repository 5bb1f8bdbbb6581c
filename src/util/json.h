/* Writers for JSON and CSV text into a struct buf. Strings must be UTF-8; invalid
 * bytes are written as U+FFFD so the output is always valid JSON. */
#ifndef WARTA_JSON_H
#define WARTA_JSON_H

#include <stdint.h>
#include <stdbool.h>
#include "util/buf.h"

void json_add_string(struct buf *b, const char *s);   /* NULL writes null */
void json_add_int(struct buf *b, int64_t v);
void json_add_bool(struct buf *b, bool v);
/* UTC seconds as "YYYY-MM-DDTHH:MM:SSZ"; has == false writes null. */
void json_add_time(struct buf *b, int64_t t, bool has);

/* One RFC 4180 field: quoted when it holds a comma, quote, CR or LF. */
void csv_add_field(struct buf *b, const char *s);

#endif
