/* Tables of dates as feeds and KPU pages write them; every row names what it covers. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Formats a result as the tables write it: the ISO time, or "reject". */
static void describe(int rc, int64_t t, char out[21])
{
	if (rc == 0)
		date_format_iso(t, out);
	else
		strcpy(out, "reject");
}

/* Reports a row that differs; tables count them and fail once, so that one run
 * shows every broken row. */
static int differs(const char *name, const char *input, const char *got,
		   const char *expected)
{
	if (strcmp(got, expected) == 0)
		return 0;
	print_error("row \"%s\": input \"%s\": got %s, expected %s\n", name, input,
		    got, expected);
	return 1;
}

struct parse_row {
	const char *name;
	const char *input;
	const char *expected;   /* ISO UTC, or NULL when the input must be rejected */
};

static const struct parse_row parse_rows[] = {
	/* RFC 822 / 1123 / 2822 */
	{"rfc1123 GMT", "Wed, 14 Feb 2024 08:30:00 GMT", "2024-02-14T08:30:00Z"},
	{"rfc1123 +0700", "Wed, 14 Feb 2024 08:30:00 +0700", "2024-02-14T01:30:00Z"},
	{"rfc1123 -0500", "Wed, 14 Feb 2024 08:30:00 -0500", "2024-02-14T13:30:00Z"},
	{"rfc offset with colon", "Wed, 14 Feb 2024 08:30:00 +07:00", "2024-02-14T01:30:00Z"},
	{"rfc -0000", "Wed, 14 Feb 2024 08:30:00 -0000", "2024-02-14T08:30:00Z"},
	{"rfc half-hour zone", "Wed, 14 Feb 2024 08:30:00 +0530", "2024-02-14T03:00:00Z"},
	{"weekday absent", "14 Feb 2024 08:30:00 GMT", "2024-02-14T08:30:00Z"},
	{"weekday misspelled", "Wendsday, 14 Feb 2024 08:30:00 GMT", "2024-02-14T08:30:00Z"},
	{"weekday wrong day is ignored", "Fri, 14 Feb 2024 08:30:00 GMT", "2024-02-14T08:30:00Z"},
	{"weekday full English", "Wednesday, 14 February 2024 08:30:00 GMT", "2024-02-14T08:30:00Z"},
	{"weekday Thurs", "Thurs, 15 Feb 2024 10:00:00 GMT", "2024-02-15T10:00:00Z"},
	{"weekday with dot", "Thu., 15 Feb 2024 10:00:00 GMT", "2024-02-15T10:00:00Z"},
	{"one-digit day", "Fri, 2 Feb 2024 08:30:00 GMT", "2024-02-02T08:30:00Z"},
	{"zero-padded day", "Fri, 02 Feb 2024 08:30:00 GMT", "2024-02-02T08:30:00Z"},
	{"two-digit year 24", "Wed, 14 Feb 24 08:30:00 GMT", "2024-02-14T08:30:00Z"},
	{"two-digit year 49 is 2049", "14 Feb 49 08:30:00 GMT", "2049-02-14T08:30:00Z"},
	{"two-digit year 99 is 1999", "14 Feb 99 08:30:00 GMT", "1999-02-14T08:30:00Z"},
	{"two-digit year 70 is 1970", "1 Jan 70 00:00:00 GMT", "1970-01-01T00:00:00Z"},
	{"three-digit year adds 1900", "14 Feb 124 08:30:00 GMT", "2024-02-14T08:30:00Z"},
	{"seconds absent", "Wed, 14 Feb 2024 08:30 GMT", "2024-02-14T08:30:00Z"},
	{"time absent", "Wed, 14 Feb 2024", "2024-02-14T00:00:00Z"},
	{"zone absent means UTC", "Wed, 14 Feb 2024 08:30:00", "2024-02-14T08:30:00Z"},
	{"month full English", "14 September 2023 12:00:00 GMT", "2023-09-14T12:00:00Z"},
	{"month abbrev Sept", "14 Sept 2023 12:00:00 GMT", "2023-09-14T12:00:00Z"},
	{"month lower case", "wed, 14 feb 2024 08:30:00 gmt", "2024-02-14T08:30:00Z"},
	{"month upper case", "WED, 14 FEB 2024 08:30:00 GMT", "2024-02-14T08:30:00Z"},
	{"zone UT", "14 Feb 2024 08:30:00 UT", "2024-02-14T08:30:00Z"},
	{"zone UTC", "14 Feb 2024 08:30:00 UTC", "2024-02-14T08:30:00Z"},
	{"zone Z", "14 Feb 2024 08:30:00 Z", "2024-02-14T08:30:00Z"},
	{"zone EST", "14 Feb 2024 08:30:00 EST", "2024-02-14T13:30:00Z"},
	{"zone EDT", "14 Jul 2024 08:30:00 EDT", "2024-07-14T12:30:00Z"},
	{"zone CST", "14 Feb 2024 08:30:00 CST", "2024-02-14T14:30:00Z"},
	{"zone CDT", "14 Jul 2024 08:30:00 CDT", "2024-07-14T13:30:00Z"},
	{"zone MST", "14 Feb 2024 08:30:00 MST", "2024-02-14T15:30:00Z"},
	{"zone MDT", "14 Jul 2024 08:30:00 MDT", "2024-07-14T14:30:00Z"},
	{"zone PST", "14 Feb 2024 08:30:00 PST", "2024-02-14T16:30:00Z"},
	{"zone PDT", "14 Jul 2024 08:30:00 PDT", "2024-07-14T15:30:00Z"},
	{"zone WIB", "14 Feb 2024 08:30:00 WIB", "2024-02-14T01:30:00Z"},
	{"zone WITA", "14 Feb 2024 08:30:00 WITA", "2024-02-14T00:30:00Z"},
	{"zone WIT", "14 Feb 2024 08:30:00 WIT", "2024-02-13T23:30:00Z"},
	{"zone CET", "14 Feb 2024 08:30:00 CET", "2024-02-14T07:30:00Z"},
	{"zone CEST", "14 Jul 2024 08:30:00 CEST", "2024-07-14T06:30:00Z"},
	{"zone BST", "14 Jul 2024 08:30:00 BST", "2024-07-14T07:30:00Z"},
	{"zone GMT+7", "Wed, 14 Feb 2024 08:30:00 GMT+7", "2024-02-14T01:30:00Z"},
	{"zone GMT+07:00", "Wed, 14 Feb 2024 08:30:00 GMT+07:00", "2024-02-14T01:30:00Z"},
	{"zone UTC+8", "Wed, 14 Feb 2024 08:30:00 UTC+8", "2024-02-14T00:30:00Z"},
	{"zone GMT-3", "Wed, 14 Feb 2024 08:30:00 GMT-3", "2024-02-14T11:30:00Z"},
	{"trailing comment (WIB)", "Wed, 14 Feb 2024 08:30:00 +0700 (WIB)", "2024-02-14T01:30:00Z"},
	{"comment names the zone", "Wed, 14 Feb 2024 08:30:00 (WIB)", "2024-02-14T01:30:00Z"},
	{"long comment", "Wed, 14 Feb 2024 08:30:00 +0700 (Western Indonesia Time)",
	 "2024-02-14T01:30:00Z"},
	{"military letter means unknown", "Wed, 14 Feb 2024 08:30:00 A", "2024-02-14T08:30:00Z"},
	{"unknown zone means UTC", "Wed, 14 Feb 2024 08:30:00 XYZ", "2024-02-14T08:30:00Z"},
	{"leap second clamps", "30 Jun 2024 23:59:60 GMT", "2024-06-30T23:59:59Z"},
	{"surrounding blanks", "  \n\tWed, 14 Feb 2024 08:30:00 GMT \n ", "2024-02-14T08:30:00Z"},
	{"rfc850", "Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z"},
	{"rfc850 four-digit year", "Monday, 02-Feb-2026 09:00:00 GMT", "2026-02-02T09:00:00Z"},
	{"single-digit hour", "Mon, 2 Feb 2026 9:05 +0700", "2026-02-02T02:05:00Z"},
	{"dash before time", "Senin, 02 Februari 2026 - 09:00 WIB", "2026-02-02T02:00:00Z"},
	{"asctime", "Wed Feb 14 08:30:00 2024", "2024-02-14T08:30:00Z"},
	{"English month first", "February 14, 2024 08:30 GMT", "2024-02-14T08:30:00Z"},
	{"English month first with pm", "Feb 14, 2024 7:05 pm", "2024-02-14T19:05:00Z"},
	{"English ordinal", "February 14th, 2024", "2024-02-14T00:00:00Z"},
	{"ordinal glued to a word", "14thx Feb 2024", NULL},
	{"English 12 am is midnight", "Feb 14, 2024 12:30 am", "2024-02-14T00:30:00Z"},
	/* RFC 3339 / ISO 8601 / W3C-DTF */
	{"rfc3339 offset", "2024-02-14T08:30:00+07:00", "2024-02-14T01:30:00Z"},
	{"rfc3339 Z", "2024-02-14T08:30:00Z", "2024-02-14T08:30:00Z"},
	{"rfc3339 lower t and z", "2024-02-14t08:30:00z", "2024-02-14T08:30:00Z"},
	{"rfc3339 fraction", "2024-02-14T08:30:00.123456+07:00", "2024-02-14T01:30:00Z"},
	{"rfc3339 nanoseconds", "2024-02-14T08:30:00.123456789Z", "2024-02-14T08:30:00Z"},
	{"rfc3339 comma fraction", "2024-02-14T08:30:00,5Z", "2024-02-14T08:30:00Z"},
	{"iso offset without colon", "2024-02-14T08:30:00+0700", "2024-02-14T01:30:00Z"},
	{"iso offset hours only", "2024-02-14T08:30:00+07", "2024-02-14T01:30:00Z"},
	{"iso negative offset", "2024-02-14T08:30:00-03:30", "2024-02-14T12:00:00Z"},
	{"iso space for T", "2024-02-14 08:30:00", "2024-02-14T08:30:00Z"},
	{"iso space and zone", "2024-02-14 08:30:00 +0700", "2024-02-14T01:30:00Z"},
	{"iso named zone", "2024-02-14 08:30:00 WIB", "2024-02-14T01:30:00Z"},
	{"iso no seconds", "2024-02-14T08:30+07:00", "2024-02-14T01:30:00Z"},
	{"iso no zone is UTC", "2024-02-14T08:30:00", "2024-02-14T08:30:00Z"},
	{"iso date only", "2024-02-14", "2024-02-14T00:00:00Z"},
	{"w3c year and month", "2024-02", "2024-02-01T00:00:00Z"},
	{"w3c year only", "2024", "2024-01-01T00:00:00Z"},
	{"iso basic format", "20240214T083000Z", "2024-02-14T08:30:00Z"},
	{"iso 24:00 is next midnight", "2024-02-14T24:00:00Z", "2024-02-15T00:00:00Z"},
	{"iso leap day", "2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"},
	{"iso 2000 is a leap year", "2000-02-29", "2000-02-29T00:00:00Z"},
	{"iso across new year", "2024-01-01T03:00:00+07:00", "2023-12-31T20:00:00Z"},
	/* Indonesian */
	{"indonesian with time and zone", "12 Januari 2022 07.00 WIB", "2022-01-12T00:00:00Z"},
	{"indonesian pukul", "Rabu, 12 Januari 2022 pukul 07.00 WIB", "2022-01-12T00:00:00Z"},
	{"indonesian date only", "12 Januari 2022", "2022-01-12T00:00:00Z"},
	{"indonesian weekday, no time", "Rabu, 12 Januari 2022", "2022-01-12T00:00:00Z"},
	{"indonesian WITA colon", "Sabtu, 20 Agustus 2022 pukul 20:00 WITA", "2022-08-20T12:00:00Z"},
	{"indonesian WIT", "3 Maret 2023 19.00 WIT", "2023-03-03T10:00:00Z"},
	{"indonesian Mei", "1 Mei 2023", "2023-05-01T00:00:00Z"},
	{"indonesian Oktober", "17 Oktober 2023", "2023-10-17T00:00:00Z"},
	{"indonesian Desember", "31 Desember 2023", "2023-12-31T00:00:00Z"},
	{"indonesian abbrev Agu", "17 Agu 2023", "2023-08-17T00:00:00Z"},
	{"indonesian abbrev Agt", "17 Agt 2023", "2023-08-17T00:00:00Z"},
	{"indonesian abbrev Ags", "17 Ags 2023", "2023-08-17T00:00:00Z"},
	{"indonesian abbrev Okt", "5 Okt 2023", "2023-10-05T00:00:00Z"},
	{"indonesian abbrev Des", "5 Des 2023", "2023-12-05T00:00:00Z"},
	{"indonesian old spelling Nopember", "10 Nopember 2020", "2020-11-10T00:00:00Z"},
	{"indonesian Jum'at", "Jum'at, 4 Februari 2022", "2022-02-04T00:00:00Z"},
	{"indonesian Jum’at typographic", "Jum\xe2\x80\x99" "at, 4 Februari 2022",
	 "2022-02-04T00:00:00Z"},
	{"indonesian comma before time", "12 Januari 2022, 07:00 WIB", "2022-01-12T00:00:00Z"},
	{"numeric d/m/y with time", "12/01/2022 07:00", "2022-01-12T07:00:00Z"},
	{"numeric d/m/y", "12/01/2022", "2022-01-12T00:00:00Z"},
	{"numeric d-m-y", "12-01-2022", "2022-01-12T00:00:00Z"},
	{"numeric d.m.y", "12.01.2022 07.00 WIB", "2022-01-12T00:00:00Z"},
	{"numeric d/m/yy", "12/01/22", "2022-01-12T00:00:00Z"},
	{"numeric y/m/d", "2022/01/12 07:00:00", "2022-01-12T07:00:00Z"},
	{"NBSP between words", "12\xc2\xa0Januari\xc2\xa0" "2022", "2022-01-12T00:00:00Z"},
	/* European-language RFC 822, as French, German, ... CMS templates write it */
	{"french lower-case accented", "Mer, 02 d\xc3\xa9" "c 2026 10:30:00 +0100", "2026-12-02T09:30:00Z"},
	{"french capital accented", "MER, 02 D\xc3\x89" "C 2026 10:30:00 +0100", "2026-12-02T09:30:00Z"},
	{"french full names", "mercredi, 2 d\xc3\xa9" "cembre 2026 10:30:00 +0100", "2026-12-02T09:30:00Z"},
	{"french unaccented", "Mer, 02 aout 2026 10:30 +0200", "2026-08-02T08:30:00Z"},
	{"french f\xc3\xa9vr. with dot", "02 f\xc3\xa9vr. 2026 10:30:00 +0100", "2026-02-02T09:30:00Z"},
	{"french juil", "Jeu, 02 juil 2026 10:30:00 +0200", "2026-07-02T08:30:00Z"},
	{"german short", "Mi, 02 Dez 2026 10:30:00 +0100", "2026-12-02T09:30:00Z"},
	{"german M\xc3\xa4r", "Mo, 02 M\xc3\xa4r 2026 10:30:00 +0100", "2026-03-02T09:30:00Z"},
	{"german Mrz", "Mo, 02 Mrz 2026 10:30:00 +0100", "2026-03-02T09:30:00Z"},
	{"german full with ordinal dot", "Mittwoch, 02. Dezember 2026 10:30:00 +0100", "2026-12-02T09:30:00Z"},
	{"german weekday without comma", "Mi 02 Okt 2026 10:30:00 +0200", "2026-10-02T08:30:00Z"},
	{"spanish accented weekday", "Mi\xc3\xa9, 02 Dic 2026 10:30:00 +0100", "2026-12-02T09:30:00Z"},
	{"spanish dots", "mi\xc3\xa9., 02 dic. 2026 10:30:00 +0100", "2026-12-02T09:30:00Z"},
	{"spanish Mar is Tuesday", "Mar, 01 Dic 2026 10:30:00 +0100", "2026-12-01T09:30:00Z"},
	{"spanish ene", "Lun, 05 Ene 2026 10:30:00 GMT", "2026-01-05T10:30:00Z"},
	{"spanish de", "2 de diciembre de 2026 10:30 +0100", "2026-12-02T09:30:00Z"},
	{"portuguese Qua", "Qua, 02 Dez 2026 10:30:00 -0300", "2026-12-02T13:30:00Z"},
	{"portuguese quarta-feira", "quarta-feira, 2 de dezembro de 2026", "2026-12-02T00:00:00Z"},
	{"portuguese S\xc3\xa1" "b out", "S\xc3\xa1" "b, 03 Out 2026 10:30:00 -0300", "2026-10-03T13:30:00Z"},
	{"dutch mrt", "Wo, 04 mrt 2026 10:30:00 +0100", "2026-03-04T09:30:00Z"},
	{"dutch mei", "Do, 07 mei 2026 10:30:00 +0200", "2026-05-07T08:30:00Z"},
	{"italian gen", "Mer, 07 gen 2026 10:30:00 +0100", "2026-01-07T09:30:00Z"},
	{"italian mag", "Gio, 07 mag 2026 10:30:00 +0200", "2026-05-07T08:30:00Z"},
	{"italian luned\xc3\xac", "luned\xc3\xac, 07 dicembre 2026 10:30 +0100", "2026-12-07T09:30:00Z"},
	/* broken RFC 822 */
	{"doubled comma after weekday", "Wed,, 02 Dec 2026 10:30:00 +0700", "2026-12-02T03:30:00Z"},
	{"GMT+7 in rfc 822", "Wed, 02 Dec 2026 10:30:00 GMT+7", "2026-12-02T03:30:00Z"},
	{"military zone A means unknown", "Wed, 02 Dec 2026 10:30:00 A", "2026-12-02T10:30:00Z"},
	{"lower-case everything", "wed, 02 dec 2026 10:30:00 gmt", "2026-12-02T10:30:00Z"},
	{"iso space and basic offset", "2026-12-02 10:30:00+0700", "2026-12-02T03:30:00Z"},
	/* rejected */
	{"empty", "", NULL},
	{"blank", "   ", NULL},
	{"a word", "kemarin", NULL},
	{"month 13 day 45", "2024-13-45", NULL},
	{"31 November", "31 November 2022", NULL},
	{"Feb 30 without year", "Feb 30", NULL},
	{"30 Feb", "30 Feb 2024 10:00 GMT", NULL},
	{"29 Feb in a common year", "29 Feb 2023", NULL},
	{"1900 is not a leap year nor plausible", "1900-02-29", NULL},
	{"2100 is not a leap year", "2100-02-29", NULL},
	{"hour 25", "14 Feb 2024 25:00 GMT", NULL},
	{"minute 60", "2024-02-14T08:60:00Z", NULL},
	{"24:30 is not a time", "2024-02-14T24:30:00Z", NULL},
	{"year before 1970", "1969-12-31T23:59:59Z", NULL},
	{"year after 2200", "2201-01-01", NULL},
	{"two-digit year 69 is 1969", "14 Feb 69 08:30:00 GMT", NULL},
	{"day 0", "0 Jan 2024", NULL},
	{"month 0", "2024-00-10", NULL},
	{"trailing junk after iso", "2024-02-14T08:30:00Zjunk", NULL},
	{"trailing word after date", "12 Januari 2022 kemarin", NULL},
	{"no year", "12 Januari", NULL},
	{"w3c month with time", "2024-02T08:00Z", NULL},
	{"offset beyond 18 hours", "2024-02-14T08:30:00+19:00", NULL},
	{"iso one-digit month", "2024-2-14", NULL},
	{"numbers only", "12345", NULL},
	{"unix timestamp is not guessed", "1764671400", NULL},
	{"unix timestamp with millis", "1764671400000", NULL},
	{"foreign month name alone", "out 2026", NULL},
	{"time only", "08:30:00", NULL},
	{"absurd fraction", "2024-02-14T08:30:00.12345678901234567890Z", NULL},
	{"y/m/d chained", "2022/01/12/5", NULL},
	{"unclosed comment", "14 Feb 2024 08:30 GMT (WIB", NULL},
};

static void test_parse_table(void **state)
{
	(void)state;
	int failures = 0;
	assert_true(COUNT(parse_rows) >= 80);
	for (size_t i = 0; i < COUNT(parse_rows); i++) {
		const struct parse_row *row = &parse_rows[i];
		int64_t t = 0;
		char got[21];
		int rc = date_parse(row->input, &t);
		describe(rc, t, got);
		failures += differs(row->name, row->input, got,
				    row->expected ? row->expected : "reject");
	}
	assert_int_equal(failures, 0);
}

static void test_parse_hostile(void **state)
{
	(void)state;
	int64_t t = 123;
	static char huge[100000];
	memset(huge, ' ', sizeof huge - 1);
	memcpy(huge + 10, "14 Feb 2024", 11);
	assert_int_equal(date_parse(huge, &t), -1);
	memset(huge, '9', sizeof huge - 1);
	assert_int_equal(date_parse(huge, &t), -1);
	assert_int_equal(date_parse(NULL, &t), -1);
	assert_int_equal(date_parse("2024-02-14", NULL), -1);
	assert_int_equal(date_parse("14 Feb 2024 08:30:00 +99999999999", &t), -1);
	assert_int_equal(date_parse("99999999999999999999 Feb 2024", &t), -1);
	assert_int_equal(t, 123);     /* a rejected input leaves *out alone */
}

struct zone_row {
	const char *name;
	const char *input;
	int default_offset_min;
	const char *expected;
};

static const struct zone_row zone_rows[] = {
	{"no zone takes WIB", "12 Januari 2022 07.00", 420, "2022-01-12T00:00:00Z"},
	{"no zone takes WITA", "12/01/2022 07:00", 480, "2022-01-11T23:00:00Z"},
	{"no zone takes WIT", "Rabu, 12 Januari 2022", 540, "2022-01-11T15:00:00Z"},
	{"iso date only in WIB", "2024-02-14", 420, "2024-02-13T17:00:00Z"},
	{"iso without zone in WIB", "2024-02-14T08:30:00", 420, "2024-02-14T01:30:00Z"},
	{"explicit Z wins", "2024-02-14T08:30:00Z", 420, "2024-02-14T08:30:00Z"},
	{"explicit +0000 wins", "Wed, 14 Feb 2024 08:30:00 +0000", 540, "2024-02-14T08:30:00Z"},
	{"named zone wins", "12 Januari 2022 07.00 WITA", 420, "2022-01-11T23:00:00Z"},
	{"unknown zone takes default", "Wed, 14 Feb 2024 08:30:00 XYZ", 420,
	 "2024-02-14T01:30:00Z"},
	{"negative default", "14 Feb 2024 08:30", -300, "2024-02-14T13:30:00Z"},
	{"default beyond 18 hours", "14 Feb 2024 08:30", 1200, NULL},
	{"garbage still rejected", "kemarin", 420, NULL},
};

static void test_parse_in_zone_table(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < COUNT(zone_rows); i++) {
		const struct zone_row *row = &zone_rows[i];
		int64_t t = 0;
		char got[21];
		int rc = date_parse_in_zone(row->input, row->default_offset_min, &t);
		describe(rc, t, got);
		failures += differs(row->name, row->input, got,
				    row->expected ? row->expected : "reject");
	}
	assert_int_equal(failures, 0);
}

/* 2026-02-05T00:00:00Z, a Thursday. */
#define NOW_2026_02_05 INT64_C(1770249600)
/* 2026-01-01T10:00:00Z */
#define NOW_2026_01_01 INT64_C(1767261600)

struct find_row {
	const char *name;
	const char *text;
	int default_offset_min;
	int64_t now;            /* 0: NOW_2026_02_05 */
	const char *expected;   /* NULL: no date */
	const char *phrase;     /* the text the phrase must span */
	bool has_time;
	bool year_inferred;
};

static const struct find_row find_rows[] = {
	{"weekday pins this year", "Semarang – Senin (2/2), KPU Kota Semarang menggelar rapat.",
	 420, 0, "2026-02-01T17:00:00Z", "Senin (2/2)", false, true},
	{"weekday pins a past year", "Kamis, (15/10) KPU Provinsi Riau menerima berkas.",
	 420, 0, "2020-10-14T17:00:00Z", "Kamis, (15/10)", false, true},
	{"filler word after weekday", "Jumat pagi (4/2) para anggota berkumpul.",
	 420, 0, "2022-02-03T17:00:00Z", "Jumat pagi (4/2)", false, true},
	{"weekday today", "Kamis (5/2), rapat pleno digelar.", 420, 0,
	 "2026-02-04T17:00:00Z", "Kamis (5/2)", false, true},
	{"tomorrow is within the slack", "Jumat (6/2) ada sosialisasi.", 420, 0,
	 "2026-02-05T17:00:00Z", "Jumat (6/2)", false, true},
	{"weekday matches no year: latest past", "Senin (29/2) KPU menggelar rapat.", 420, 0,
	 "2024-02-28T17:00:00Z", "Senin (29/2)", false, true},
	{"weekday leap day", "Kamis (29/2) KPU menggelar rapat.", 420, 0,
	 "2024-02-28T17:00:00Z", "Kamis (29/2)", false, true},
	{"future weekday date falls back", "Sabtu (7/2) KPU menggelar rapat.", 420, 0,
	 "2025-02-06T17:00:00Z", "Sabtu (7/2)", false, true},
	{"weekday across new year", "Rabu (31/12) KPU menutup tahun anggaran.", 420,
	 NOW_2026_01_01, "2025-12-30T17:00:00Z", "Rabu (31/12)", false, true},
	{"new year's day itself", "Kamis (1/1) KPU libur.", 420, NOW_2026_01_01,
	 "2025-12-31T17:00:00Z", "Kamis (1/1)", false, true},
	{"Minggu", "Minggu (1/2) kegiatan jalan sehat.", 420, 0,
	 "2026-01-31T17:00:00Z", "Minggu (1/2)", false, true},
	{"Ahad", "Ahad (1/2) kegiatan jalan sehat.", 420, 0,
	 "2026-01-31T17:00:00Z", "Ahad (1/2)", false, true},
	{"Jum'at", "Jum'at (30/1) apel pagi.", 420, 0,
	 "2026-01-29T17:00:00Z", "Jum'at (30/1)", false, true},
	{"Jum’at typographic apostrophe", "Jum\xe2\x80\x99" "at (30/1) apel pagi.", 420, 0,
	 "2026-01-29T17:00:00Z", "Jum\xe2\x80\x99" "at (30/1)", false, true},
	{"upper case weekday", "SENIN (2/2) RAPAT PLENO", 420, 0,
	 "2026-02-01T17:00:00Z", "SENIN (2/2)", false, true},
	{"NBSP after weekday", "Senin\xc2\xa0(2/2) rapat.", 420, 0,
	 "2026-02-01T17:00:00Z", "Senin\xc2\xa0(2/2)", false, true},
	{"WITA office default", "Senin (2/2) rapat.", 480, 0,
	 "2026-02-01T16:00:00Z", "Senin (2/2)", false, true},
	{"d/m/yyyy in parentheses", "Selasa (18/01/2022) KPU melantik PPK.", 420, 0,
	 "2022-01-17T17:00:00Z", "Selasa (18/01/2022)", false, false},
	{"dd/mm/yy in parentheses", "Kamis (13/01/22) KPU melantik PPS.", 420, 0,
	 "2022-01-12T17:00:00Z", "Kamis (13/01/22)", false, false},
	{"d/m/yyyy without weekday", "KPU Kabupaten Kendal (31/3/2022) menerima tamu.", 420, 0,
	 "2022-03-30T17:00:00Z", "(31/3/2022)", false, false},
	{"long form with pukul and WIB",
	 "Rabu, 12 Januari 2022 pukul 07.00 WIB bertempat di aula KPU.", 420, 0,
	 "2022-01-12T00:00:00Z", "Rabu, 12 Januari 2022 pukul 07.00 WIB", true, false},
	{"long form without comma", "Kamis 25 Agustus 2022 KPU menggelar bimtek.", 420, 0,
	 "2022-08-24T17:00:00Z", "Kamis 25 Agustus 2022", false, false},
	{"long form without year", "Senin, 2 Februari KPU menerima audiensi.", 420, 0,
	 "2026-02-01T17:00:00Z", "Senin, 2 Februari", false, true},
	{"weekday mismatch: numbers win", "Senin, 12 Januari 2022 KPU rapat.", 420, 0,
	 "2022-01-11T17:00:00Z", "Senin, 12 Januari 2022", false, false},
	{"weekday mismatch in parentheses", "Senin (18/01/2022) KPU rapat.", 420, 0,
	 "2022-01-17T17:00:00Z", "Senin (18/01/2022)", false, false},
	{"dateline en dash",
	 "Pekanbaru, 29 September 2025 \xe2\x80\x93 KPU Provinsi Riau menggelar rapat koordinasi.",
	 420, 0, "2025-09-28T17:00:00Z", "29 September 2025", false, false},
	{"dateline em dash", "Jayapura, 3 Oktober 2025 \xe2\x80\x94 KPU Provinsi Papua.", 540, 0,
	 "2025-10-02T15:00:00Z", "3 Oktober 2025", false, false},
	{"range with hyphen", "Bimtek digelar 13-15 Juni 2022 di Semarang.", 420, 0,
	 "2022-06-12T17:00:00Z", "13-15 Juni 2022", false, false},
	{"range with en dash", "Bimtek digelar 13\xe2\x80\x93" "15 Juni 2022 di Semarang.", 420, 0,
	 "2022-06-12T17:00:00Z", "13\xe2\x80\x93" "15 Juni 2022", false, false},
	{"range with hingga", "Pendaftaran 22 hingga 27 September 2016 di kantor KPU.", 420, 0,
	 "2016-09-21T17:00:00Z", "22 hingga 27 September 2016", false, false},
	{"range with s/d", "Pendaftaran 22 s/d 27 September 2016.", 420, 0,
	 "2016-09-21T17:00:00Z", "22 s/d 27 September 2016", false, false},
	{"range across months", "Pameran 28 Januari - 2 Februari 2026 di alun-alun.", 420, 0,
	 "2026-01-27T17:00:00Z", "28 Januari - 2 Februari 2026", false, false},
	{"range across years", "Libur 30 Desember - 2 Januari 2026 bagi pegawai.", 420, 0,
	 "2025-12-29T17:00:00Z", "30 Desember - 2 Januari 2026", false, false},
	{"time with WITA", "Sabtu (31/1) pukul 20:00 WITA rapat dimulai.", 420, 0,
	 "2026-01-31T12:00:00Z", "Sabtu (31/1) pukul 20:00 WITA", true, true},
	{"bare time with WIT", "Jumat (30/1) 19.00 WIT, rapat dimulai.", 420, 0,
	 "2026-01-30T10:00:00Z", "Jumat (30/1) 19.00 WIT", true, true},
	{"time without zone takes default",
	 "Kamis (13/01/22), KPU Kota Semarang menggelar rapat pleno pukul 13.00 s/d selesai.",
	 420, 0, "2022-01-13T06:00:00Z",
	 "Kamis (13/01/22), KPU Kota Semarang menggelar rapat pleno pukul 13.00", true, false},
	{"time after filler", "Senin (2/2) pagi pukul 08.00 WIB para peserta hadir.", 420, 0,
	 "2026-02-02T01:00:00Z", "Senin (2/2) pagi pukul 08.00 WIB", true, true},
	{"time in next sentence is not attached", "Senin (2/2). Pukul 08.00 WIB rapat dimulai.",
	 420, 0, "2026-02-01T17:00:00Z", "Senin (2/2)", false, true},
	{"bare time without zone is not a time", "Senin (2/2) 08.00 rapat dimulai.", 420, 0,
	 "2026-02-01T17:00:00Z", "Senin (2/2)", false, true},
	{"English long form", "WASHINGTON, Monday, February 2, 2026 - Officials met.", 0, 0,
	 "2026-02-02T00:00:00Z", "Monday, February 2, 2026", false, false},
	{"English month first without weekday", "Posted Feb. 3, 2026 by admin", 0, 0,
	 "2026-02-03T00:00:00Z", "Feb. 3, 2026", false, false},
	{"English day first with time", "Tuesday, 3 February 2026 at 10:15 GMT the board met.",
	 420, 0, "2026-02-03T10:15:00Z", "Tuesday, 3 February 2026 at 10:15 GMT", true, false},
	{"RFC 822 in text", "Diposting Mon, 2 Feb 2026 09:00:00 +0700 oleh admin", 0, 0,
	 "2026-02-02T02:00:00Z", "Mon, 2 Feb 2026 09:00:00 +0700", true, false},
	{"span of hours is not a zone", "Senin (2/2) pukul 08.00-10.00 rapat.", 420, 0,
	 "2026-02-02T01:00:00Z", "Senin (2/2) pukul 08.00", true, true},
	{"pipe before time", "SURABAYA \xe2\x80\x93 Rabu, 4 Februari 2026 | 10:30 WIB", 420, 0,
	 "2026-02-04T03:30:00Z", "Rabu, 4 Februari 2026 | 10:30 WIB", true, false},
	{"tanggal between weekday and date", "Pada hari Kamis tanggal 29 Januari 2026 KPU rapat.",
	 420, 0, "2026-01-28T17:00:00Z", "Kamis tanggal 29 Januari 2026", false, false},
	{"English ordinal day", "Published on February 2nd, 2026 by staff.", 0, 0,
	 "2026-02-02T00:00:00Z", "February 2nd, 2026", false, false},
	{"implausible old year skipped",
	 "Semangat 17 Agustus 1945 hidup. Jakarta, 3 Februari 2026 \xe2\x80\x93 KPU RI.", 420, 0,
	 "2026-02-02T17:00:00Z", "3 Februari 2026", false, false},
	{"bare numeric with year", "Surat tertanggal 12/01/2022 telah diterima.", 420, 0,
	 "2022-01-11T17:00:00Z", "12/01/2022", false, false},
	{"iso date in text", "Diperbarui 2025-11-20 oleh admin.", 420, 0,
	 "2025-11-19T17:00:00Z", "2025-11-20", false, false},
	{"impossible date skipped", "Pada 31 November 2022 tidak ada. Selasa (18/01/2022) ada.",
	 420, 0, "2022-01-17T17:00:00Z", "Selasa (18/01/2022)", false, false},
	{"future date skipped", "Pemilu 14 Februari 2029 disiapkan. Selasa (3/2) KPU rapat.",
	 420, 0, "2026-02-02T17:00:00Z", "Selasa (3/2)", false, true},
	{"first date wins", "Rabu (4/2) KPU membahas hasil rapat Senin (2/2).", 420, 0,
	 "2026-02-03T17:00:00Z", "Rabu (4/2)", false, true},
	{"dateline with site name",
	 "Semarang, kota-semarang.kpu.go.id \xe2\x80\x93 Selasa (3/2/2026) KPU Kota Semarang.",
	 420, 0, "2026-02-02T17:00:00Z", "Selasa (3/2/2026)", false, false},
	{"impossible yearless date", "Senin (31/11) KPU rapat.", 420, 0, NULL, NULL, false, false},
	{"impossible long form", "Senin, 31 November 2022 KPU rapat.", 420, 0,
	 NULL, NULL, false, false},
	{"only a future date", "Senin (2/3/2026) KPU rapat.", 420, 0, NULL, NULL, false, false},
	{"fraction is not a date", "Pasal 5 ayat (1/2) berbunyi.", 420, 0, NULL, NULL, false, false},
	{"yearless long form without weekday", "Pada 2 Februari KPU rapat.", 420, 0,
	 NULL, NULL, false, false},
	{"no date", "KPU Kota Semarang menggelar rapat pleno terbuka.", 420, 0,
	 NULL, NULL, false, false},
	{"money and times are not dates", "Anggaran Rp 1.500.000 pukul 08.00 WIB.", 420, 0,
	 NULL, NULL, false, false},
	{"letters glued to a date", "Kode 2024-02-14Feb dan 12/01/2022x.", 420, 0,
	 NULL, NULL, false, false},
	{"longer number chain is not a date", "Nomor 2024-02-14-1 dan 12/01/2022/5.", 420, 0,
	 NULL, NULL, false, false},
	{"phone number is not a date", "Hubungi 0812-3456-7890.", 420, 0, NULL, NULL, false, false},
	{"empty text", "", 420, 0, NULL, NULL, false, false},
	{"foreign month words are not read in text", "Sebanyak 3 out 2024 peserta gugur.",
	 420, 0, NULL, NULL, false, false},
};

static int check_find_row(const struct find_row *row)
{
	struct date_found found;
	int64_t now = row->now ? row->now : NOW_2026_02_05;
	int rc = date_find_in_text(row->text, now, row->default_offset_min, &found);
	char got[21];
	describe(rc, found.when, got);
	if (differs(row->name, row->text, got, row->expected ? row->expected : "reject"))
		return 1;
	if (rc != 0)
		return 0;
	const char *at = strstr(row->text, row->phrase);
	assert_non_null(at);
	if (found.offset != (size_t)(at - row->text) || found.length != strlen(row->phrase)) {
		print_error("row \"%s\": phrase \"%.*s\", expected \"%s\"\n", row->name,
			    (int)found.length, row->text + found.offset, row->phrase);
		return 1;
	}
	if (found.has_time != row->has_time || found.year_inferred != row->year_inferred) {
		print_error("row \"%s\": has_time %d year_inferred %d\n", row->name,
			    found.has_time, found.year_inferred);
		return 1;
	}
	return 0;
}

static void test_find_table(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < COUNT(find_rows); i++)
		failures += check_find_row(&find_rows[i]);
	assert_int_equal(failures, 0);
}

/* The date must start near the beginning: a megabyte of text is not scanned. */
static void test_find_bounded(void **state)
{
	(void)state;
	size_t size = 1 << 20;
	char *text = malloc(size + 64);
	struct date_found found;
	assert_non_null(text);
	memset(text, 'a', size);
	for (size_t i = 0; i < size; i += 8)
		text[i] = ' ';
	strcpy(text + size, " Selasa (18/01/2022) rapat.");
	assert_int_equal(date_find_in_text(text, NOW_2026_02_05, 420, &found), -1);
	memcpy(text + 100, " Selasa (18/01/2022) ", 21);
	assert_int_equal(date_find_in_text(text, NOW_2026_02_05, 420, &found), 0);
	assert_int_equal(found.offset, 101);
	free(text);
	assert_int_equal(date_find_in_text(NULL, NOW_2026_02_05, 420, &found), -1);
	assert_int_equal(date_find_in_text("Selasa (18/01/2022)", NOW_2026_02_05, 420, NULL), -1);
}

struct fields_row {
	const char *name;
	int year, month, day, hour, min, sec, offset_min;
	const char *expected;
};

static const struct fields_row fields_rows[] = {
	{"epoch", 1970, 1, 1, 0, 0, 0, 0, "1970-01-01T00:00:00Z"},
	{"plain", 2024, 2, 14, 8, 30, 0, 420, "2024-02-14T01:30:00Z"},
	{"leap day 2024", 2024, 2, 29, 0, 0, 0, 0, "2024-02-29T00:00:00Z"},
	{"leap day 2000", 2000, 2, 29, 0, 0, 0, 0, "2000-02-29T00:00:00Z"},
	{"no leap day 2100", 2100, 2, 29, 0, 0, 0, 0, NULL},
	{"no leap day 2023", 2023, 2, 29, 0, 0, 0, 0, NULL},
	{"30 April ok", 2023, 4, 30, 0, 0, 0, 0, "2023-04-30T00:00:00Z"},
	{"31 April", 2023, 4, 31, 0, 0, 0, 0, NULL},
	{"31 November", 2022, 11, 31, 0, 0, 0, 0, NULL},
	{"31 December", 2022, 12, 31, 23, 59, 59, 0, "2022-12-31T23:59:59Z"},
	{"24:00 is next day", 2022, 12, 31, 24, 0, 0, 0, "2023-01-01T00:00:00Z"},
	{"24:01 rejected", 2022, 12, 31, 24, 1, 0, 0, NULL},
	{"leap second clamps", 2016, 12, 31, 23, 59, 60, 0, "2016-12-31T23:59:59Z"},
	{"second 61", 2016, 12, 31, 23, 59, 61, 0, NULL},
	{"hour 25", 2024, 1, 1, 25, 0, 0, 0, NULL},
	{"hour negative", 2024, 1, 1, -1, 0, 0, 0, NULL},
	{"minute 60", 2024, 1, 1, 10, 60, 0, 0, NULL},
	{"month 0", 2024, 0, 1, 0, 0, 0, 0, NULL},
	{"month 13", 2024, 13, 1, 0, 0, 0, 0, NULL},
	{"day 0", 2024, 1, 0, 0, 0, 0, 0, NULL},
	{"year 1969", 1969, 12, 31, 0, 0, 0, 0, NULL},
	{"year 2200", 2200, 12, 31, 0, 0, 0, 0, "2200-12-31T00:00:00Z"},
	{"year 2201", 2201, 1, 1, 0, 0, 0, 0, NULL},
	{"offset WIT", 2024, 1, 1, 0, 0, 0, 540, "2023-12-31T15:00:00Z"},
	{"offset -12:00", 2024, 1, 1, 0, 0, 0, -720, "2024-01-01T12:00:00Z"},
	{"offset 18:00", 2024, 1, 1, 0, 0, 0, 1080, "2023-12-31T06:00:00Z"},
	{"offset beyond 18:00", 2024, 1, 1, 0, 0, 0, 1081, NULL},
};

static void test_fields_table(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < COUNT(fields_rows); i++) {
		const struct fields_row *r = &fields_rows[i];
		int64_t t = 0;
		char got[21];
		int rc = date_from_fields(r->year, r->month, r->day, r->hour, r->min, r->sec,
					  r->offset_min, &t);
		describe(rc, t, got);
		failures += differs(r->name, "fields", got, r->expected ? r->expected : "reject");
	}
	assert_int_equal(failures, 0);
	int64_t t;
	assert_int_equal(date_from_fields(1970, 1, 1, 0, 0, 0, 0, &t), 0);
	assert_true(t == 0);
	assert_int_equal(date_from_fields(1970, 1, 1, 0, 0, 0, 0, NULL), -1);
}

static void test_zone_offsets(void **state)
{
	(void)state;
	static const struct { const char *name; size_t len; int rc, offset; } rows[] = {
		{"WIB", 3, 0, 420}, {"wita", 4, 0, 480}, {"WIT", 3, 0, 540},
		{"WITA", 3, 0, 540},   /* only len bytes are read */
		{"UTC", 3, 0, 0}, {"GMT", 3, 0, 0}, {"UT", 2, 0, 0}, {"z", 1, 0, 0},
		{"EST", 3, 0, -300}, {"PDT", 3, 0, -420}, {"CEST", 4, 0, 120},
		{"IST", 3, -1, 0}, {"A", 1, -1, 0}, {"", 0, -1, 0}, {"WI", 2, -1, 0},
		{"WIBX", 4, -1, 0},
	};
	for (size_t i = 0; i < COUNT(rows); i++) {
		int offset = 12345;
		assert_int_equal(date_zone_offset(rows[i].name, rows[i].len, &offset), rows[i].rc);
		if (rows[i].rc == 0)
			assert_int_equal(offset, rows[i].offset);
	}
	int offset;
	assert_int_equal(date_zone_offset(NULL, 3, &offset), -1);
	assert_int_equal(date_zone_offset("WIB", 3, NULL), -1);
}

static void test_format_iso(void **state)
{
	(void)state;
	static const struct { int64_t t; const char *iso; } rows[] = {
		{0, "1970-01-01T00:00:00Z"},
		{1707899400, "2024-02-14T08:30:00Z"},
		{-1, "1969-12-31T23:59:59Z"},
		{951782400, "2000-02-29T00:00:00Z"},
		{INT64_MAX, "9999-12-31T23:59:59Z"},
		{INT64_MIN, "0000-01-01T00:00:00Z"},
	};
	for (size_t i = 0; i < COUNT(rows); i++) {
		char out[21];
		memset(out, 'x', sizeof out);
		date_format_iso(rows[i].t, out);
		assert_string_equal(out, rows[i].iso);
	}
}

/* Every date the parser accepts survives a round trip through the formatter. */
static void test_round_trip(void **state)
{
	(void)state;
	for (int64_t t = 0; t < INT64_C(7258118400); t += INT64_C(7654321)) {
		char iso[21];
		int64_t back;
		date_format_iso(t, iso);
		assert_int_equal(date_parse(iso, &back), 0);
		assert_true(back == t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_parse_in_zone_table),
		cmocka_unit_test(test_find_table),
		cmocka_unit_test(test_find_bounded),
		cmocka_unit_test(test_fields_table),
		cmocka_unit_test(test_zone_offsets),
		cmocka_unit_test(test_format_iso),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
