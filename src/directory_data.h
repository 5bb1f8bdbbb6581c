/* The tables tools/gen-directory compiles from data/: shared by directory.c and classify.c
 * only (not part of any public interface). */
#ifndef WARTA_DIRECTORY_DATA_H
#define WARTA_DIRECTORY_DATA_H

#include "directory.h"

struct directory_alias {
	const char *slug;
	const char *name;   /* "DKI Jakarta": read as "KPU DKI Jakarta" */
};

enum directory_term_kind {
	DIRECTORY_TERM_ANCHOR,    /* "Divisi", "Kadiv": a division is named right after */
	DIRECTORY_TERM_NAME,      /* a division's canonical name, one per id, in display order */
	DIRECTORY_TERM_SPELLING   /* a spelling seen after an anchor */
};

struct directory_term {
	const char *id;           /* "HUKUM"; "*" for anchors */
	enum directory_term_kind kind;
	const char *text;
};

extern const struct office directory_offices[];
extern const size_t directory_offices_count;
extern const struct directory_alias directory_aliases[];
extern const size_t directory_aliases_count;
extern const struct directory_term directory_division_terms[];
extern const size_t directory_division_terms_count;

#endif
