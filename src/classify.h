/* What an article is about: which KPU offices it names (mentions) and which divisions,
 * each with the phrase that proves it. Built from the directory and data/divisions. */
#ifndef WARTA_CLASSIFY_H
#define WARTA_CLASSIFY_H

#include <stddef.h>

struct classify_match {
	char *key;       /* office slug or division id */
	char *evidence;  /* the phrase as it stands in the text */
};

struct classify_result {
	struct classify_match *mentions;
	size_t n_mentions;
	struct classify_match *divisions;
	size_t n_divisions;
};

/* Classifies title + body (plain text; either may be NULL). Returns 0. Each office or
 * division appears once, in order of first appearance, evidence from that appearance.
 * A name that fits two offices ("KPU Madiun": Kabupaten and Kota Madiun; "KPU Semarang";
 * "KPU Gorontalo") names none; "KPU Kabupaten/Kota se-Jawa Timur" names none either.
 * Thread-safe; the vocabulary is built on first use. Time is linear in the text length
 * (at most the first MiB of each part is read). */
int classify_text(const char *title, const char *body, struct classify_result *out);
void classify_result_free(struct classify_result *r);

/* Divisions vocabulary (ids of divisions.md). */
size_t division_count(void);
const char *division_id_at(size_t i);
const char *division_name(const char *id);          /* canonical name, NULL if unknown */
/* An id ("hukum", "HUKUM") or a spelling ("Hukum dan Pengawasan", "sosdiklih parmas")
 * to its id; NULL when it names none. */
const char *division_lookup(const char *text);

/* An office named in free text ("KPU Jateng", "KPU Kota Madiun") or a slug, to its slug;
 * NULL when it names none (used by filters such as mentions:jateng). */
const char *classify_office_lookup(const char *text);

#endif
