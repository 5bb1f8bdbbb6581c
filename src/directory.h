/* The KPU office directory (553 offices), compiled in from data/offices.csv so that
 * warta works with no data files around. */
#ifndef WARTA_DIRECTORY_H
#define WARTA_DIRECTORY_H

#include <stddef.h>

struct office {
	const char *slug;          /* "kota-semarang", "jateng", "ri" */
	const char *code;          /* Kemendagri code, "" for KPU RI */
	const char *level;         /* "ri", "provinsi", "kabupaten", "kota" */
	const char *name;          /* "KPU Kota Semarang" */
	const char *province;      /* "Jawa Tengah", "" for KPU RI */
	const char *domain;        /* "kota-semarang.kpu.go.id" */
	const char *domain_status; /* verified, verified-legacy, derived, derived-uncertain */
	const char *tz;            /* "WIB", "WITA", "WIT" */
	int tz_offset_min;         /* 420, 480, 540 */
};

size_t directory_count(void);
const struct office *directory_at(size_t i);
const struct office *directory_find_slug(const char *slug);
/* By host name ("kota-semarang.kpu.go.id", "www.kpu.go.id", "kpu.go.id"), case-insensitive. */
const struct office *directory_find_host(const char *host);
/* By any URL on an office's site. */
const struct office *directory_find_url(const char *url);
/* The CMS news list: "https://DOMAIN/index.php/blog/category/104" (KPU RI:
 * "https://www.kpu.go.id/berita/104/berita-terkini"). Caller frees. */
char *directory_news_url(const struct office *o);
/* A short name for a narrow list column, unambiguous among all offices: "Kota Semarang",
 * "Kab. Sukoharjo", "Jawa Tengah" (a province: its name alone), "Aceh", "KPU RI".
 * Always NUL-terminated within len; returns buf. */
const char *directory_short_name(const struct office *o, char *buf, size_t len);
/* The provincial office of a province name (case-insensitive, "jawa tengah"). */
const struct office *directory_province_office(const char *province);
/* Canonical province name for a case-insensitive name, a provincial slug ("jateng"), an
 * alias ("DKI Jakarta"), or a part of one name ("yogya"); NULL if none/ambiguous. */
const char *directory_province_name(const char *q);

#endif
