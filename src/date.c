/* Dates: feed fields (RFC 822/2822, RFC 3339, W3C-DTF), Indonesian forms, and the
 * publication date hidden in a news text.  No C library time zone is consulted:
 * everything goes through date_from_fields, a days-from-civil conversion.
 *
 * Choices worth knowing:
 * - Years outside 1970..2200 are not plausible for a news reader and are rejected.
 * - 24:00:00 is the end of a day (ISO 8601) and means the next midnight; 24:01 is
 *   rejected.  A leap second (:60) is clamped to :59.
 * - Offsets beyond +-18:00 are rejected.
 * - Two-digit years follow RFC 2822: below 50 is 20xx, else 19xx; three digits add 1900.
 * - Zone names come from one table.  Ambiguous names (IST, AST) are left out; CST is
 *   RFC 822's US Central.  RFC 822's military letters other than Z had their signs
 *   wrong in practice, so, as RFC 2822 asks, they and any other unknown short zone
 *   after a time mean "zone unknown": the default zone (UTC for date_parse).
 * - date_find_in_text looks for a phrase starting in the first DATE_TEXT_SCAN_LIMIT
 *   bytes: the publication date sits in the dateline or the first sentences, and
 *   texts can be megabytes. */
#include "config.h"

#include "date.h"

#include <string.h>

enum {
	OFFSET_MAX_MIN = 18 * 60,
	FIELD_MAX = 256,          /* a feed's date field longer than this is not a date */
	FIELD_SCAN_MAX = 4096,    /* bytes looked at, leading and trailing blanks included */
	PHRASE_MAX = 200,         /* bytes a phrase may run past the scan limit */
	TIME_WINDOW = 100,        /* how far after a date its time of day may appear */
	INFER_YEARS_BACK = 6,
	FUTURE_SLACK = 86400,
	FRACTION_MAX_DIGITS = 12,
	COMMENT_MAX = 64,         /* bytes in a trailing "(...)" */
	COMMENTS_MAX = 4,
	FILLER_WORDS_MAX = 2,
};

struct name_value {
	const char *name;         /* lower case, UTF-8 */
	int value;
};

static const struct name_value month_names[] = {
	{"januari", 1}, {"january", 1}, {"jan", 1},
	{"februari", 2}, {"february", 2}, {"pebruari", 2}, {"feb", 2}, {"peb", 2},
	{"maret", 3}, {"march", 3}, {"mar", 3},
	{"april", 4}, {"apr", 4},
	{"mei", 5}, {"may", 5},
	{"juni", 6}, {"june", 6}, {"jun", 6},
	{"juli", 7}, {"july", 7}, {"jul", 7},
	{"agustus", 8}, {"august", 8}, {"aug", 8}, {"agu", 8}, {"agt", 8}, {"ags", 8},
	{"september", 9}, {"sep", 9}, {"sept", 9},
	{"oktober", 10}, {"october", 10}, {"oct", 10}, {"okt", 10},
	{"november", 11}, {"nopember", 11}, {"nov", 11}, {"nop", 11},
	{"desember", 12}, {"december", 12}, {"dec", 12}, {"des", 12},
	{NULL, 0}
};

/* 0 is Sunday, as weekday_of counts. */
static const struct name_value weekday_names[] = {
	{"minggu", 0}, {"ahad", 0}, {"sunday", 0}, {"sun", 0},
	{"senin", 1}, {"monday", 1}, {"mon", 1},
	{"selasa", 2}, {"tuesday", 2}, {"tue", 2}, {"tues", 2},
	{"rabu", 3}, {"wednesday", 3}, {"wed", 3},
	{"kamis", 4}, {"thursday", 4}, {"thu", 4}, {"thur", 4}, {"thurs", 4},
	{"jumat", 5}, {"jum'at", 5}, {"jum\xe2\x80\x99" "at", 5}, {"friday", 5}, {"fri", 5},
	{"sabtu", 6}, {"saturday", 6}, {"sat", 6},
	{NULL, 0}
};

/* Minutes east of UTC. */
static const struct name_value zone_names[] = {
	{"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0},
	{"wib", 420}, {"wita", 480}, {"wit", 540},
	{"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
	{"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
	{"akst", -540}, {"akdt", -480}, {"hst", -600},
	{"wet", 0}, {"west", 60}, {"bst", 60}, {"cet", 60}, {"cest", 120},
	{"met", 60}, {"mest", 120}, {"eet", 120}, {"eest", 180}, {"msk", 180},
	{"ict", 420}, {"sgt", 480}, {"myt", 480}, {"hkt", 480}, {"pht", 480},
	{"awst", 480}, {"jst", 540}, {"kst", 540}, {"acst", 570}, {"aest", 600},
	{"aedt", 660}, {"nzst", 720}, {"nzdt", 780},
	{NULL, 0}
};

/* Words between a weekday and its date: "Jumat pagi (4/2)". */
static const struct name_value filler_words[] = {
	{"pagi", 0}, {"siang", 0}, {"sore", 0}, {"malam", 0}, {"dini", 0}, {"hari", 0},
	{"ini", 0}, {"kemarin", 0}, {"lalu", 0}, {"tanggal", 0}, {"tgl", 0},
	{NULL, 0}
};

/* Words that introduce a time of day: "pukul 08.00". */
static const struct name_value time_words[] = {
	{"pukul", 0}, {"pkl", 0}, {"jam", 0}, {"at", 0}, {"sekitar", 0},
	{NULL, 0}
};

/* Words joining the days of a range: "22 hingga 27 September". */
static const struct name_value range_words[] = {
	{"hingga", 0}, {"sampai", 0}, {"sd", 0}, {"dan", 0}, {"to", 0}, {"until", 0},
	{NULL, 0}
};

static const struct name_value ordinal_suffixes[] = {
	{"st", 0}, {"nd", 0}, {"rd", 0}, {"th", 0}, {NULL, 0}
};

/* Months and weekdays of the European languages whose feeds (and CMS templates) write
 * RFC 822 dates in their own words: French, German, Spanish, Portuguese, Dutch,
 * Italian.  Only feed fields read them: in running text "out", "set" or "mag" are
 * ordinary words.  Accented forms also appear without their accents. */
static const struct name_value foreign_month_names[] = {
	{"janvier", 1}, {"janv", 1}, {"januar", 1}, {"j\xc3\xa4nner", 1}, {"jaenner", 1},
	{"j\xc3\xa4n", 1}, {"enero", 1}, {"ene", 1}, {"janeiro", 1}, {"gennaio", 1},
	{"gen", 1},
	{"f\xc3\xa9vrier", 2}, {"fevrier", 2}, {"f\xc3\xa9vr", 2}, {"fevr", 2},
	{"f\xc3\xa9v", 2}, {"fev", 2}, {"februar", 2}, {"febrero", 2},
	{"fevereiro", 2}, {"febbraio", 2},
	{"mars", 3}, {"m\xc3\xa4rz", 3}, {"maerz", 3}, {"m\xc3\xa4r", 3}, {"mrz", 3},
	{"marzo", 3}, {"mar\xc3\xa7o", 3}, {"marco", 3}, {"maart", 3}, {"mrt", 3},
	{"avril", 4}, {"avr", 4}, {"abril", 4}, {"abr", 4}, {"aprile", 4},
	{"mai", 5}, {"mayo", 5}, {"maio", 5}, {"maggio", 5}, {"mag", 5},
	{"juin", 6}, {"junio", 6}, {"junho", 6}, {"giugno", 6}, {"giu", 6},
	{"juillet", 7}, {"juil", 7}, {"julio", 7}, {"julho", 7}, {"luglio", 7},
	{"lug", 7},
	{"ao\xc3\xbbt", 8}, {"aout", 8}, {"ao\xc3\xbb", 8}, {"agosto", 8}, {"ago", 8},
	{"septembre", 9}, {"septiembre", 9}, {"setiembre", 9}, {"setembro", 9},
	{"settembre", 9}, {"set", 9},
	{"octobre", 10}, {"octubre", 10}, {"outubro", 10}, {"out", 10}, {"ottobre", 10},
	{"ott", 10},
	{"novembre", 11}, {"noviembre", 11}, {"novembro", 11},
	{"d\xc3\xa9" "cembre", 12}, {"decembre", 12}, {"d\xc3\xa9" "c", 12}, {"dezember", 12},
	{"dez", 12}, {"diciembre", 12}, {"dic", 12}, {"dezembro", 12}, {"dicembre", 12},
	{NULL, 0}
};

static const struct name_value foreign_weekday_names[] = {
	{"dimanche", 0}, {"dim", 0}, {"sonntag", 0}, {"so", 0}, {"domingo", 0},
	{"dom", 0}, {"zondag", 0}, {"zo", 0}, {"domenica", 0},
	{"lundi", 1}, {"lun", 1}, {"montag", 1}, {"mo", 1}, {"lunes", 1}, {"segunda", 1},
	{"seg", 1}, {"maandag", 1}, {"ma", 1}, {"luned\xc3\xac", 1}, {"lunedi", 1},
	{"mardi", 2}, {"dienstag", 2}, {"di", 2}, {"martes", 2}, {"ter\xc3\xa7" "a", 2},
	{"terca", 2}, {"ter", 2}, {"dinsdag", 2}, {"marted\xc3\xac", 2}, {"martedi", 2},
	{"mercredi", 3}, {"mer", 3}, {"mittwoch", 3}, {"mi", 3}, {"mi\xc3\xa9rcoles", 3},
	{"miercoles", 3}, {"mi\xc3\xa9", 3}, {"mie", 3}, {"quarta", 3}, {"qua", 3},
	{"woensdag", 3}, {"wo", 3}, {"mercoled\xc3\xac", 3}, {"mercoledi", 3},
	{"jeudi", 4}, {"jeu", 4}, {"donnerstag", 4}, {"do", 4}, {"jueves", 4}, {"jue", 4},
	{"quinta", 4}, {"qui", 4}, {"donderdag", 4}, {"gioved\xc3\xac", 4},
	{"giovedi", 4}, {"gio", 4},
	{"vendredi", 5}, {"ven", 5}, {"freitag", 5}, {"fr", 5}, {"viernes", 5},
	{"vie", 5}, {"sexta", 5}, {"sex", 5}, {"vrijdag", 5}, {"vr", 5},
	{"venerd\xc3\xac", 5}, {"venerdi", 5},
	{"samedi", 6}, {"sam", 6}, {"samstag", 6}, {"sonnabend", 6}, {"sa", 6},
	{"s\xc3\xa1" "bado", 6}, {"sabado", 6}, {"s\xc3\xa1" "b", 6}, {"sab", 6},
	{"zaterdag", 6}, {"za", 6}, {"sabato", 6},
	{NULL, 0}
};

/* Words between the parts of a date: "2 de diciembre de 2026". */
static const struct name_value date_joint_words[] = {
	{"de", 0}, {"del", 0}, {NULL, 0}
};

static const struct name_value utc_names[] = {
	{"ut", 0}, {"utc", 0}, {"gmt", 0}, {NULL, 0}
};

/* ---- calendar ---- */

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian
 * calendar. */
static int64_t days_from_civil(int64_t year, int month, int day)
{
	year -= month <= 2;
	int64_t era = (year >= 0 ? year : year - 399) / 400;
	int64_t year_of_era = year - era * 400;
	int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100
		+ day_of_year;
	return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(int64_t days, int *year, int *month, int *day)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t day_of_era = days - era * 146097;
	int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
			       - day_of_era / 146096) / 365;
	int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4
					    - year_of_era / 100);
	int64_t shifted_month = (5 * day_of_year + 2) / 153;
	*day = (int)(day_of_year - (153 * shifted_month + 2) / 5 + 1);
	*month = (int)(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
	*year = (int)(year_of_era + era * 400 + (*month <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

/* 0 is Sunday; 1970-01-01 was a Thursday. */
static int weekday_of(int year, int month, int day)
{
	int64_t days = days_from_civil(year, month, day);
	return (int)(days - floor_div(days + 4, 7) * 7 + 4);
}

/* ---- a cursor over bounded bytes ---- */

struct cursor {
	const char *s;
	size_t len;
	size_t pos;
	bool field;            /* a feed's date field: foreign month and weekday names */
};

static int peek_at(const struct cursor *c, size_t ahead)
{
	size_t at = c->pos + ahead;
	return at < c->len ? (unsigned char)c->s[at] : -1;
}

static bool at_end(const struct cursor *c)
{
	return c->pos >= c->len;
}

static bool is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
}

/* Length of the blank at the cursor: ASCII blanks, NBSP, thin and narrow spaces. */
static size_t blank_length(const struct cursor *c, bool cross_lines)
{
	int ch = peek_at(c, 0);
	if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f')
		return 1;
	if (ch == '\n')
		return cross_lines ? 1 : 0;
	if (ch == 0xc2 && peek_at(c, 1) == 0xa0)
		return 2;
	if (ch == 0xe2 && peek_at(c, 1) == 0x80) {
		int third = peek_at(c, 2);
		if ((third >= 0x80 && third <= 0x8b) || third == 0xaf)
			return 3;
	}
	return 0;
}

static void skip_blanks(struct cursor *c)
{
	size_t n;
	while ((n = blank_length(c, true)) > 0)
		c->pos += n;
}

static void skip_blanks_in_line(struct cursor *c)
{
	size_t n;
	while ((n = blank_length(c, false)) > 0)
		c->pos += n;
}

static bool eat_char(struct cursor *c, int ch)
{
	if (peek_at(c, 0) != ch)
		return false;
	c->pos++;
	return true;
}

static bool eat_literal(struct cursor *c, const char *literal)
{
	size_t n = strlen(literal);
	if (c->pos > c->len || c->len - c->pos < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)c->s[c->pos + i]) != (unsigned char)literal[i])
			return false;
	c->pos += n;
	return true;
}

/* A hyphen, en dash or em dash. */
static bool eat_dash(struct cursor *c)
{
	return eat_char(c, '-') || eat_literal(c, "\xe2\x80\x93")
		|| eat_literal(c, "\xe2\x80\x94");
}

/* Whether the bytes at ahead are a Latin-1 letter in UTF-8 ("é", "ä", "ç"). */
static bool is_latin1_letter(const struct cursor *c, size_t ahead)
{
	int next = peek_at(c, ahead + 1);
	return peek_at(c, ahead) == 0xc3 && next >= 0x80 && next <= 0xbf && next != 0x97
		&& next != 0xb7;
}

/* Bytes of the word at the cursor: ASCII and Latin-1 letters, with apostrophes (' or
 * U+2019) inside ("Jum'at"). */
static size_t word_length(const struct cursor *c)
{
	size_t n = 0;
	for (;;) {
		int ch = peek_at(c, n);
		if (is_alpha(ch)) {
			n++;
		} else if (is_latin1_letter(c, n)) {
			n += 2;
		} else if (n > 0 && ch == '\'' && is_alpha(peek_at(c, n + 1))) {
			n += 1;
		} else if (n > 0 && ch == 0xe2 && peek_at(c, n + 1) == 0x80
			   && peek_at(c, n + 2) == 0x99 && is_alpha(peek_at(c, n + 3))) {
			n += 3;
		} else {
			return n;
		}
	}
}

/* Compares ignoring the case of ASCII and of Latin-1 letters ("DÉC" is "déc"). */
static bool word_equals(const char *word, size_t len, const char *name)
{
	if (strlen(name) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		int ch = (unsigned char)word[i];
		if (i > 0 && (unsigned char)word[i - 1] == 0xc3 && ch >= 0x80 && ch <= 0x9e
		    && ch != 0x97)
			ch += 0x20;
		if (lower(ch) != (unsigned char)name[i])
			return false;
	}
	return true;
}

static const struct name_value *find_name(const struct name_value *table,
					  const char *word, size_t len)
{
	for (; table->name; table++)
		if (word_equals(word, len, table->name))
			return table;
	return NULL;
}

/* Consumes the word at the cursor when the table names it. */
static bool eat_word_in(struct cursor *c, const struct name_value *table, int *value)
{
	size_t n = word_length(c);
	const struct name_value *hit = n ? find_name(table, c->s + c->pos, n) : NULL;
	if (!hit)
		return false;
	if (value)
		*value = hit->value;
	c->pos += n;
	return true;
}

/* How many digits follow the cursor. */
static size_t digit_run(const struct cursor *c)
{
	size_t n = 0;
	while (is_digit(peek_at(c, n)))
		n++;
	return n;
}

/* A fraction of a second: its digits are skipped, not read. */
static bool skip_fraction(struct cursor *c)
{
	size_t n;
	if ((peek_at(c, 0) != '.' && peek_at(c, 0) != ',') || !is_digit(peek_at(c, 1)))
		return true;
	c->pos++;
	n = digit_run(c);
	c->pos += n;
	return n <= FRACTION_MAX_DIGITS;
}

/* Between min_digits and max_digits (at most 9) digits, not followed by another. */
static bool scan_number(struct cursor *c, int min_digits, int max_digits, int *value,
			int *digits)
{
	int n = 0, v = 0;
	while (is_digit(peek_at(c, (size_t)n))) {
		if (n == max_digits)
			return false;
		v = v * 10 + (peek_at(c, (size_t)n) - '0');
		n++;
	}
	if (n < min_digits)
		return false;
	c->pos += (size_t)n;
	*value = v;
	if (digits)
		*digits = n;
	return true;
}

/* ---- the pieces of a date ---- */

struct phrase {
	int year;              /* 0 when absent */
	int month, day;
	int weekday;           /* -1 when absent */
	int hour, min, sec;
	bool has_time;
	bool has_seconds;
	bool has_zone;
	int offset_min;
	size_t start, end;
};

static void phrase_init(struct phrase *p, size_t start)
{
	memset(p, 0, sizeof *p);
	p->weekday = -1;
	p->start = start;
}

static bool scan_month(struct cursor *c, int *month)
{
	if (!eat_word_in(c, month_names, month)
	    && !(c->field && eat_word_in(c, foreign_month_names, month)))
		return false;
	eat_char(c, '.');
	return true;
}

/* "2", "02", "2nd", "14th". */
static bool scan_day(struct cursor *c, int *day)
{
	size_t save = c->pos;
	if (!scan_number(c, 1, 2, day, NULL) || *day < 1) {
		c->pos = save;
		return false;
	}
	eat_word_in(c, ordinal_suffixes, NULL);
	if (is_alpha(peek_at(c, 0))) {
		c->pos = save;
		return false;
	}
	/* German writes the day as an ordinal: "02. Dezember 2026". */
	if (c->field && peek_at(c, 0) == '.' && peek_at(c, 1) == ' ')
		c->pos++;
	return true;
}

/* "de" in "2 de diciembre de 2026" (Spanish, Portuguese). */
static void skip_date_joint(struct cursor *c)
{
	size_t save = c->pos;
	if (!c->field)
		return;
	skip_blanks(c);
	if (eat_word_in(c, date_joint_words, NULL) && blank_length(c, true))
		return;
	c->pos = save;
}

/* Four digits, or two or three when short years are allowed; never the hour of a
 * time ("08:30") nor the start of a longer number or word. */
static bool scan_year(struct cursor *c, bool short_ok, int *year)
{
	size_t save = c->pos;
	int value, digits;
	if (!scan_number(c, short_ok ? 2 : 4, 4, &value, &digits))
		return false;
	int next = peek_at(c, 0);
	if (is_alpha(next) || ((next == ':' || next == '.') && is_digit(peek_at(c, 1)))) {
		c->pos = save;
		return false;
	}
	if (digits == 2)
		value += value < 50 ? 2000 : 1900;
	else if (digits == 3)
		value += 1900;
	*year = value;
	return true;
}

/* A range's joint: "-", "–", "hingga", "s/d", "s.d.". */
static bool eat_range_joint(struct cursor *c)
{
	size_t save = c->pos;
	skip_blanks(c);
	if (eat_dash(c) || eat_literal(c, "s/d") || eat_literal(c, "s.d.")
	    || eat_literal(c, "s.d") || eat_word_in(c, range_words, NULL)) {
		skip_blanks(c);
		return true;
	}
	c->pos = save;
	return false;
}

/* After "D Month": a year, or a range's second half "– D2 Month2 Year", whose year
 * belongs to the first half too (one year earlier when the range crosses New Year). */
static void scan_year_after_month(struct cursor *c, struct phrase *p, bool short_ok)
{
	size_t save = c->pos;
	int day, month;
	skip_date_joint(c);
	skip_blanks(c);
	eat_char(c, ',');
	skip_blanks(c);
	if (scan_year(c, short_ok, &p->year))
		return;
	c->pos = save;
	if (eat_range_joint(c) && scan_day(c, &day)) {
		skip_blanks(c);
		if (scan_month(c, &month)) {
			skip_blanks(c);
			eat_char(c, ',');
			skip_blanks(c);
			if (scan_year(c, short_ok, &p->year)) {
				p->year -= month < p->month;
				return;
			}
		}
	}
	c->pos = save;
}

/* "12 Januari 2022", "13-15 Juni 2022", "22 hingga 27 September 2016",
 * "14 Feb 24", "February 2, 2026", "Feb. 14 2024"; the year may be absent. */
static bool scan_long_date(struct cursor *c, struct phrase *p, bool short_year_ok)
{
	size_t save = c->pos;
	int last_day;
	if (scan_day(c, &p->day)) {
		size_t after_day = c->pos;
		if (!(eat_range_joint(c) && scan_day(c, &last_day)))
			c->pos = after_day;
		skip_date_joint(c);
		skip_blanks(c);
		if (!scan_month(c, &p->month)) {
			c->pos = save;
			return false;
		}
	} else if (scan_month(c, &p->month)) {
		skip_blanks(c);
		if (!scan_day(c, &p->day)) {
			c->pos = save;
			return false;
		}
	} else {
		return false;
	}
	scan_year_after_month(c, p, short_year_ok);
	return true;
}

/* RFC 850, still sent by old servers: "06-Nov-94", "06-Nov-1994". */
static bool scan_hyphenated_date(struct cursor *c, struct phrase *p)
{
	size_t save = c->pos;
	if (scan_number(c, 1, 2, &p->day, NULL) && eat_char(c, '-') && scan_month(c, &p->month)
	    && eat_char(c, '-') && scan_year(c, true, &p->year))
		return true;
	c->pos = save;
	p->year = 0;
	return false;
}

/* The year of a day-first numeric date: "/2022" after "12/01"; optional unless the
 * separator is a dot ("07.00" is a time), but never a year that fails to parse. */
static bool scan_numeric_year(struct cursor *c, struct phrase *p, int separator,
			      bool short_year_ok)
{
	size_t save = c->pos;
	if (eat_char(c, separator) && scan_year(c, short_year_ok, &p->year))
		return true;
	c->pos = save;
	return separator != '.' && !(peek_at(c, 0) == separator && is_digit(peek_at(c, 1)));
}

/* "12/01/2022", "12-01-22", "12.01.2022", "2/2", "2022/01/12", "2022-01-12". */
static bool scan_numeric_date(struct cursor *c, struct phrase *p, bool short_year_ok)
{
	size_t save = c->pos;
	int first, digits, second;
	bool ok = scan_number(c, 1, 4, &first, &digits) && digits != 3;
	int separator = peek_at(c, 0);
	ok = ok && (separator == '/' || separator == '-' || separator == '.');
	ok = ok && eat_char(c, separator) && scan_number(c, 1, 2, &second, NULL);
	if (ok && digits == 4) {
		p->year = first, p->month = second;
		ok = eat_char(c, separator) && scan_number(c, 1, 2, &p->day, NULL);
	} else if (ok) {
		p->day = first, p->month = second;
		ok = scan_numeric_year(c, p, separator, short_year_ok);
	}
	int next = peek_at(c, 0);
	if (ok && !is_digit(next) && !is_alpha(next)
	    && !((next == '/' || next == '-' || next == '.') && is_digit(peek_at(c, 1))))
		return true;
	c->pos = save;
	p->year = 0;
	return false;
}

/* "08:30", "8.30", "08:30:15.250", "7:05 pm". */
static bool scan_time(struct cursor *c, struct phrase *p)
{
	size_t save = c->pos;
	int hour, min, sec = 0;
	if (!scan_number(c, 1, 2, &hour, NULL))
		return false;
	int separator = peek_at(c, 0);
	if ((separator != ':' && separator != '.') || !is_digit(peek_at(c, 1)))
		goto fail;
	c->pos++;
	if (!scan_number(c, 2, 2, &min, NULL))
		goto fail;
	if (peek_at(c, 0) == separator && is_digit(peek_at(c, 1))) {
		c->pos++;
		if (!scan_number(c, 2, 2, &sec, NULL))
			goto fail;
		p->has_seconds = true;
		if (!skip_fraction(c))
			goto fail;
	}
	size_t before_meridiem = c->pos;
	skip_blanks_in_line(c);
	bool pm = eat_literal(c, "pm") || eat_literal(c, "p.m.");
	bool am = !pm && (eat_literal(c, "am") || eat_literal(c, "a.m."));
	if ((am || pm) && hour >= 1 && hour <= 12 && !is_alpha(peek_at(c, 0)))
		hour = hour % 12 + (pm ? 12 : 0);
	else
		c->pos = before_meridiem;
	if (hour > 24 || min > 59 || sec > 60)
		goto fail;
	p->hour = hour, p->min = min, p->sec = sec;
	p->has_time = true;
	return true;
fail:
	c->pos = save;
	return false;
}

/* "+0700", "+07:00", "+07", "-5", "+700". */
static bool scan_numeric_offset(struct cursor *c, int *offset_min)
{
	size_t save = c->pos;
	int sign = peek_at(c, 0) == '-' ? -1 : 1;
	int value, digits, hours, minutes = 0;
	if (!eat_char(c, '+') && !eat_char(c, '-'))
		return false;
	if (!scan_number(c, 1, 4, &value, &digits))
		goto fail;
	if (digits <= 2) {
		hours = value;
		if (eat_char(c, ':') && !scan_number(c, 2, 2, &minutes, NULL))
			goto fail;
	} else {
		hours = value / 100, minutes = value % 100;
	}
	if (hours * 60 + minutes > OFFSET_MAX_MIN || minutes > 59 || is_alpha(peek_at(c, 0)))
		goto fail;
	*offset_min = sign * (hours * 60 + minutes);
	return true;
fail:
	c->pos = save;
	return false;
}

/* A named zone ("WIB", "GMT+7", "UTC+08:00") or, when allowed, a numeric one. */
static bool scan_zone(struct cursor *c, bool numeric_ok, int *offset_min)
{
	size_t n = word_length(c);
	int extra;
	if (n == 0)
		return numeric_ok && scan_numeric_offset(c, offset_min);
	if (date_zone_offset(c->s + c->pos, n, offset_min) != 0)
		return false;
	bool utc = find_name(utc_names, c->s + c->pos, n) != NULL;
	c->pos += n;
	if (utc && scan_numeric_offset(c, &extra))
		*offset_min = extra;
	return true;
}

/* The commas after a weekday: "Wed," and the doubled "Wed,,". */
static void eat_commas(struct cursor *c)
{
	while (eat_char(c, ','))
		skip_blanks(c);
}

/* A weekday name, or in a feed field any short word before a comma ("Thrs,", "Mié,",
 * even "Mar," which is Tuesday in Spanish, French and Italian, not March). */
static bool scan_weekday(struct cursor *c, struct phrase *p, bool loose)
{
	size_t save = c->pos;
	size_t n = word_length(c);
	if (eat_word_in(c, weekday_names, &p->weekday)
	    || (c->field && eat_word_in(c, foreign_weekday_names, &p->weekday))) {
		if (c->field)
			eat_literal(c, "-feira");
		eat_char(c, '.');
		eat_commas(c);
		return true;
	}
	if (!loose || n < 2 || n > 12)
		return false;
	c->pos += n;
	if (c->field)
		eat_literal(c, "-feira");   /* Portuguese: "quarta-feira," */
	eat_char(c, '.');
	if (peek_at(c, 0) == ',' && (c->field || !find_name(month_names, c->s + save, n))) {
		eat_commas(c);
		return true;
	}
	c->pos = save;
	return false;
}

/* What may stand between a date and its time: ",", "-", "pukul", "jam", "at". */
static void skip_time_lead(struct cursor *c)
{
	size_t save = c->pos;
	skip_blanks(c);
	if (eat_char(c, ',') || eat_char(c, '|') || eat_dash(c))
		skip_blanks(c);
	if (eat_word_in(c, time_words, NULL)) {
		eat_char(c, '.');
		skip_blanks(c);
	}
	if (!is_digit(peek_at(c, 0)))
		c->pos = save;
}

/* ---- feed fields ---- */

static bool looks_iso(const struct cursor *c)
{
	for (size_t i = 0; i < 4; i++)
		if (!is_digit(peek_at(c, i)))
			return false;
	int next = peek_at(c, 4);
	return next == '-' || next == -1 || is_digit(next);
}

/* Exactly `digits` digits (more may follow: "20240214" is read in pieces). */
static bool scan_fixed(struct cursor *c, int digits, int *value)
{
	int v = 0;
	for (int n = 0; n < digits; n++) {
		if (!is_digit(peek_at(c, (size_t)n)))
			return false;
		v = v * 10 + (peek_at(c, (size_t)n) - '0');
	}
	c->pos += (size_t)digits;
	*value = v;
	return true;
}

/* Sets *complete when the day was written: only then may a time follow. */
static bool scan_iso_date(struct cursor *c, struct phrase *p, bool *complete)
{
	p->month = p->day = 1;
	*complete = false;
	if (!scan_fixed(c, 4, &p->year))
		return false;
	if (eat_char(c, '-')) {
		if (!scan_fixed(c, 2, &p->month))
			return false;
		if (eat_char(c, '-')) {
			if (!scan_fixed(c, 2, &p->day))
				return false;
			*complete = true;
		}
	} else if (is_digit(peek_at(c, 0))) {      /* basic format: 20240214 */
		if (!scan_fixed(c, 2, &p->month) || !scan_fixed(c, 2, &p->day))
			return false;
		*complete = true;
	}
	return !is_digit(peek_at(c, 0));
}

/* "08:30", "08:30:00.123456", basic "083000". */
static bool scan_iso_time(struct cursor *c, struct phrase *p)
{
	bool colon;
	if (!scan_fixed(c, 2, &p->hour))
		return false;
	colon = eat_char(c, ':');
	if (!scan_fixed(c, 2, &p->min))
		return false;
	if ((colon ? eat_char(c, ':') : is_digit(peek_at(c, 0))) && !scan_fixed(c, 2, &p->sec))
		return false;
	if (!skip_fraction(c))
		return false;
	p->has_time = true;
	return p->hour <= 24 && p->min <= 59 && p->sec <= 60;
}

/* RFC 3339, ISO 8601 and W3C-DTF: "2024-02-14T08:30:00.5+07:00", "2024-02-14",
 * "2024-02", "2024", with a space or a lower-case t and z. */
static bool parse_iso(struct cursor *c, struct phrase *p)
{
	bool complete;
	if (!scan_iso_date(c, p, &complete))
		return false;
	if (at_end(c) || !complete)
		return at_end(c);
	int separator = peek_at(c, 0);
	if (separator != 'T' && separator != 't' && separator != ' ')
		return false;
	c->pos++;
	if (!scan_iso_time(c, p))
		return false;
	skip_blanks(c);
	p->has_zone = scan_zone(c, true, &p->offset_min);
	return at_end(c);
}

/* A parenthesised comment: "(WIB)", "(Western Indonesia Time)".  A comment that is
 * a zone name gives the zone when none was written before it. */
static bool skip_comment(struct cursor *c, struct phrase *p)
{
	size_t save = c->pos;
	int offset;
	if (!eat_char(c, '('))
		return false;
	if (!p->has_zone && scan_zone(c, true, &offset) && peek_at(c, 0) == ')') {
		p->has_zone = true;
		p->offset_min = offset;
	}
	for (size_t n = 0; n < COMMENT_MAX && !at_end(c); n++) {
		if (eat_char(c, ')'))
			return true;
		c->pos++;
	}
	c->pos = save;
	return false;
}

/* After the date and time: a zone, comments, or an unknown zone name (RFC 2822:
 * treated as no zone).  Anything else makes the field not a date. */
static bool parse_loose_tail(struct cursor *c, struct phrase *p)
{
	skip_blanks(c);
	if (!p->has_zone && scan_zone(c, true, &p->offset_min))
		p->has_zone = true;
	skip_blanks(c);
	size_t n = word_length(c);
	if (p->has_time && !p->has_zone && n >= 1 && n <= 5)
		c->pos += n;
	for (int i = 0; i < COMMENTS_MAX; i++) {
		skip_blanks(c);
		if (!skip_comment(c, p))
			break;
	}
	skip_blanks(c);
	return at_end(c);
}

/* RFC 822/1123/2822, asctime, and Indonesian forms: "Wed, 14 Feb 2024 08:30:00 +0700",
 * "Rabu, 12 Januari 2022 pukul 07.00 WIB", "12/01/2022 07:00", "Wed Feb 14 08:30 2024". */
static bool parse_loose(struct cursor *c, struct phrase *p)
{
	scan_weekday(c, p, true);
	skip_blanks(c);
	if (!scan_numeric_date(c, p, true) && !scan_hyphenated_date(c, p)
	    && !scan_long_date(c, p, true))
		return false;
	skip_time_lead(c);
	if (scan_time(c, p) && p->year == 0) {       /* asctime puts the year last */
		skip_blanks(c);
		scan_year(c, false, &p->year);
	}
	return p->year != 0 && parse_loose_tail(c, p);
}

/* Blanks around a feed field are not part of it. */
static void trim_field(struct cursor *c)
{
	skip_blanks(c);
	while (c->len > c->pos) {
		unsigned char last = (unsigned char)c->s[c->len - 1];
		if (last == ' ' || (last >= '\t' && last <= '\r'))
			c->len--;
		else if (last == 0xa0 && c->len - c->pos >= 2
			 && (unsigned char)c->s[c->len - 2] == 0xc2)
			c->len -= 2;
		else
			break;
	}
}

static bool offset_is_sane(int offset_min)
{
	return offset_min >= -OFFSET_MAX_MIN && offset_min <= OFFSET_MAX_MIN;
}

static int phrase_to_time(const struct phrase *p, int default_offset_min, int64_t *out)
{
	return date_from_fields(p->year, p->month, p->day, p->hour, p->min, p->sec,
				p->has_zone ? p->offset_min : default_offset_min, out);
}

int date_parse_in_zone(const char *s, int default_offset_min, int64_t *out)
{
	if (!s || !out || !offset_is_sane(default_offset_min))
		return -1;
	struct cursor c = {s, strnlen(s, FIELD_SCAN_MAX), 0, true};
	if (c.len == FIELD_SCAN_MAX)
		return -1;
	trim_field(&c);
	if (at_end(&c) || c.len - c.pos > FIELD_MAX)
		return -1;
	struct phrase p;
	phrase_init(&p, c.pos);
	bool ok = looks_iso(&c) ? parse_iso(&c, &p) : parse_loose(&c, &p);
	if (!ok)
		return -1;
	return phrase_to_time(&p, default_offset_min, out);
}

int date_parse(const char *s, int64_t *out)
{
	return date_parse_in_zone(s, 0, out);
}

/* ---- dates in running text ---- */

/* "(2/2)", "(18/01/2022)", "(13/01/22)". */
static bool scan_parenthesised_date(struct cursor *c, struct phrase *p)
{
	size_t save = c->pos;
	if (eat_char(c, '(') && scan_numeric_date(c, p, true) && eat_char(c, ')'))
		return true;
	c->pos = save;
	p->year = 0;
	return false;
}

/* "Senin (2/2)", "Kamis, (15/10)", "Jumat pagi (4/2)", "Senin, 2 Februari",
 * "Rabu, 12 Januari 2022", "Monday, February 2, 2026": the year may be absent. */
static bool match_weekday_phrase(struct cursor *c, struct phrase *p)
{
	if (!scan_weekday(c, p, false))
		return false;
	skip_blanks(c);
	for (int i = 0; i < FILLER_WORDS_MAX && eat_word_in(c, filler_words, NULL); i++) {
		eat_char(c, ',');
		skip_blanks(c);
	}
	eat_char(c, ',');
	skip_blanks(c);
	return scan_parenthesised_date(c, p) || scan_long_date(c, p, false)
		|| scan_numeric_date(c, p, false);
}

/* Without a weekday only a date with its year is trusted: a dateline's
 * "29 September 2025", "(31/3/2022)", "12/01/2022". */
static bool match_dated_phrase(struct cursor *c, struct phrase *p)
{
	size_t save = c->pos;
	if (scan_parenthesised_date(c, p) || scan_long_date(c, p, false)
	    || scan_numeric_date(c, p, false)) {
		if (p->year != 0)
			return true;
	}
	c->pos = save;
	return false;
}

/* A sentence ends at a full stop (not one inside "07.00"), "!", "?", ";" or a line. */
static bool at_sentence_end(const struct cursor *c)
{
	int ch = peek_at(c, 0);
	if (ch == '.')
		return !is_digit(peek_at(c, 1));
	return ch == '!' || ch == '?' || ch == ';' || ch == '\n' || ch == -1;
}

/* "pukul 08.00 WIB", "pukul 13.00 s/d selesai", or a bare "19.00 WIT". */
static bool scan_text_time(struct cursor *c, struct phrase *p)
{
	size_t save = c->pos;
	struct phrase time = *p;
	bool introduced = eat_word_in(c, time_words, NULL);
	if (introduced) {
		eat_char(c, '.');
		skip_blanks_in_line(c);
	}
	if (is_digit(peek_at(c, 0)) && scan_time(c, &time)) {
		size_t after_time = c->pos;
		skip_blanks_in_line(c);
		/* "08.00-10.00" is a span of hours, but "09:00:00 +0700" a zone */
		time.has_zone = scan_zone(c, time.has_seconds, &time.offset_min);
		if (!time.has_zone)
			c->pos = after_time;
		if (time.has_zone || introduced) {
			*p = time;
			return true;
		}
	}
	c->pos = save;
	return false;
}

/* A time of day belongs to a date when it follows it in the same sentence, before
 * any other weekday. */
static void attach_time(struct cursor *c, struct phrase *p)
{
	size_t save = c->pos;
	size_t limit = c->pos + TIME_WINDOW;
	while (c->pos < limit) {
		skip_blanks_in_line(c);
		if (at_sentence_end(c) || c->pos >= limit)
			break;
		if (scan_text_time(c, p)) {
			p->end = c->pos;
			c->pos = save;
			return;
		}
		size_t n = word_length(c);
		if (n && find_name(weekday_names, c->s + c->pos, n))
			break;
		if (n)
			c->pos += n;
		else if (digit_run(c) > 0)
			c->pos += digit_run(c);
		else
			c->pos++;
	}
	c->pos = save;
}

/* The year a yearless date most likely means: the latest year, from next year back
 * INFER_YEARS_BACK years, in which it is not in the future and falls on its weekday;
 * failing the weekday, the latest year in which it is not in the future. */
static int infer_year(const struct phrase *p, int offset_min, int64_t now)
{
	int now_year, now_month, now_day, fallback = -1;
	int64_t when;
	civil_from_days(floor_div(now + (int64_t)offset_min * 60, 86400),
			&now_year, &now_month, &now_day);
	for (int year = now_year + 1; year >= now_year - INFER_YEARS_BACK; year--) {
		if (date_from_fields(year, p->month, p->day, p->hour, p->min, p->sec,
				     offset_min, &when) != 0 || when > now + FUTURE_SLACK)
			continue;
		if (fallback < 0)
			fallback = year;
		if (p->weekday < 0 || weekday_of(year, p->month, p->day) == p->weekday)
			return year;
	}
	return fallback;
}

static bool resolve_phrase(struct phrase *p, int64_t now, int default_offset_min,
			   struct date_found *out)
{
	int offset = p->has_zone ? p->offset_min : default_offset_min;
	bool inferred = p->year == 0;
	int64_t when;
	if (inferred && (p->year = infer_year(p, offset, now)) < 0)
		return false;
	if (phrase_to_time(p, default_offset_min, &when) != 0 || when > now + FUTURE_SLACK)
		return false;
	out->when = when;
	out->has_time = p->has_time;
	out->year_inferred = inferred;
	out->offset = p->start;
	out->length = p->end - p->start;
	return true;
}

static bool match_phrase(struct cursor *c, struct phrase *p)
{
	size_t start = c->pos;
	phrase_init(p, start);
	if (!match_weekday_phrase(c, p)) {
		c->pos = start;
		phrase_init(p, start);
		if (!match_dated_phrase(c, p))
			return false;
	}
	p->end = c->pos;
	attach_time(c, p);
	return true;
}

static bool is_phrase_start(const struct cursor *c)
{
	int ch = peek_at(c, 0);
	if (ch == '(')
		return true;
	if (!is_digit(ch) && !is_alpha(ch))
		return false;
	int before = c->pos > 0 ? (unsigned char)c->s[c->pos - 1] : ' ';
	return !is_digit(before) && !is_alpha(before);
}

int date_find_in_text(const char *text, int64_t now, int default_offset_min,
		      struct date_found *out)
{
	if (!text || !out || !offset_is_sane(default_offset_min))
		return -1;
	struct cursor c = {text, strnlen(text, DATE_TEXT_SCAN_LIMIT + PHRASE_MAX), 0, false};
	for (size_t start = 0; start < c.len && start < DATE_TEXT_SCAN_LIMIT; start++) {
		struct phrase p;
		c.pos = start;
		if (is_phrase_start(&c) && match_phrase(&c, &p)
		    && resolve_phrase(&p, now, default_offset_min, out))
			return 0;
	}
	return -1;
}

/* ---- zones, fields, formatting ---- */

int date_zone_offset(const char *name, size_t len, int *offset_min)
{
	const struct name_value *hit;
	if (!name || !offset_min || len == 0)
		return -1;
	hit = find_name(zone_names, name, len);
	if (!hit)
		return -1;
	*offset_min = hit->value;
	return 0;
}

int date_from_fields(int year, int month, int day, int hour, int min, int sec,
		     int offset_min, int64_t *out)
{
	if (!out || year < DATE_YEAR_MIN || year > DATE_YEAR_MAX || month < 1 || month > 12)
		return -1;
	if (day < 1 || day > days_in_month(year, month) || hour < 0 || hour > 24
	    || min < 0 || min > 59 || sec < 0 || sec > 60 || !offset_is_sane(offset_min))
		return -1;
	if (hour == 24 && (min != 0 || sec != 0))
		return -1;
	if (sec == 60)
		sec = 59;
	*out = days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec
		- (int64_t)offset_min * 60;
	return 0;
}

static void put_digits(char *out, int value, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
}

/* Times outside years 0000..9999 are clamped: the format has four year digits. */
void date_format_iso(int64_t t, char out[21])
{
	const int64_t first = days_from_civil(0, 1, 1) * 86400;
	const int64_t last = days_from_civil(9999, 12, 31) * 86400 + 86399;
	int year, month, day;
	if (t < first)
		t = first;
	if (t > last)
		t = last;
	int64_t days = floor_div(t, 86400);
	int seconds = (int)(t - days * 86400);
	civil_from_days(days, &year, &month, &day);
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	put_digits(out, year, 4);
	put_digits(out + 5, month, 2);
	put_digits(out + 8, day, 2);
	put_digits(out + 11, seconds / 3600, 2);
	put_digits(out + 14, seconds / 60 % 60, 2);
	put_digits(out + 17, seconds % 60, 2);
}
