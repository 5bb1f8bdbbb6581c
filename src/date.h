/* Dates in every form feeds and KPU pages write them, normalised to UTC seconds.
 * Nothing here guesses: input that is not a real date gives -1, never a random value. */
#ifndef WARTA_DATE_H
#define WARTA_DATE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

/* A feed's date field: RFC 822/1123 (weekday optional, 2-digit years, named zones
 * incl. WIB/WITA/WIT, "GMT+7"), RFC 3339 / ISO 8601 / W3C-DTF (fractions, "+0700",
 * date only), Indonesian forms ("12 Januari 2022 07.00 WIB", "Rabu, 12 Januari 2022"),
 * and RFC 822 in French, German, Spanish, Portuguese, Dutch and Italian words
 * ("Mer, 02 déc 2026"). A bare number (a Unix time) is not a date.
 * A missing zone means UTC. Returns 0 and sets *out, or -1. */
int date_parse(const char *s, int64_t *out);

/* The same parser but with the zone to assume when the text names none (minutes east of
 * UTC: WIB = 420), as when a KPU page's date comes from a province's office. */
int date_parse_in_zone(const char *s, int default_offset_min, int64_t *out);

/* A date found in free text (an article body or a page's date line). */
struct date_found {
	int64_t when;        /* UTC seconds */
	bool has_time;       /* a time of day was stated ("pukul 08.00 WIB") */
	bool year_inferred;  /* the year came from the weekday or from `now` */
	size_t offset;       /* byte offset of the phrase in the text */
	size_t length;       /* byte length of the phrase */
};

/* Finds the publication date of an Indonesian (or English) news text: a dateline
 * ("Pekanbaru, 29 September 2025 –"), a "Senin (2/2)" with the year pinned by the
 * weekday, "(18/01/2022)", "Rabu, 12 Januari 2022 pukul 07.00 WIB", ranges (first day).
 * The first plausible phrase near the start wins. `now` bounds the result: a date in
 * the future (beyond a day of slack) is rejected. default_offset_min is the office's
 * zone. Returns 0 and fills *out, or -1 when no date is found. */
int date_find_in_text(const char *text, int64_t now, int default_offset_min,
		      struct date_found *out);
/* Only a phrase starting in the first DATE_TEXT_SCAN_LIMIT bytes is considered: the
 * publication date sits in the dateline or the first sentences, and a text may be
 * megabytes long.  A yearless date takes the latest year, at most six back, in which
 * it falls on its weekday and is not in the future. */
#define DATE_TEXT_SCAN_LIMIT 4000

/* Offset in minutes for a zone abbreviation ("WIB", "WITA", "WIT", "UTC", "GMT", "EST",
 * ...); returns 0 on success, -1 when unknown. */
int date_zone_offset(const char *name, size_t len, int *offset_min);

/* Days-from-civil conversion without the C library's time zone: UTC seconds from
 * broken-down fields. Returns -1 when the fields are not a real date. */
int date_from_fields(int year, int month, int day, int hour, int min, int sec,
		     int offset_min, int64_t *out);
/* Plausible years for every function here: DATE_YEAR_MIN..DATE_YEAR_MAX.  24:00:00 is
 * the next midnight, a leap second (:60) is clamped to :59, and offsets lie within
 * +-18 hours. */
#define DATE_YEAR_MIN 1970
#define DATE_YEAR_MAX 2200

/* "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void date_format_iso(int64_t t, char out[21]);

#endif
