#include "config.h"

#include "query.h"
#include "classify.h"
#include "i18n.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The compiler runs in three steps: a lexer hands out one token at a time, a
 * recursive-descent parser (depth-capped) builds a small tree, and an emitter writes
 * the tree as SQL with '?' placeholders. Values are checked while parsing, so every
 * error names the token it comes from. */

enum { ECHO_MAX = 48, RELATIVE_MAX_DAYS = 100000 };

struct parser;
struct emitter;
struct term;

/* One key of the language: how its value is checked and how it becomes SQL.
 * nullable: the SQL may be NULL (a NULL column), which NOT must treat as false. */
struct field {
	const char *key;
	int (*check)(struct parser *p, struct term *t);
	void (*emit)(struct emitter *e, const struct term *t);
	bool nullable;
};

struct term {
	const struct field *field;
	char *value;            /* unescaped text after "key:", or the free word */
	size_t pos;             /* byte offset of the term in the query */
	size_t value_pos;       /* byte offset of its value */
	bool quoted;
	bool prefix;            /* a free word ending in '*' */
	int64_t number;         /* date bound, source id, or row of is_states */
	const char *id;         /* division id */
};

enum token_kind {
	TOKEN_END, TOKEN_TERM, TOKEN_OR, TOKEN_AND, TOKEN_NOT, TOKEN_NEGATE,
	TOKEN_OPEN, TOKEN_CLOSE
};

struct token {
	enum token_kind kind;
	size_t pos;
	size_t len;
	struct term term;       /* TOKEN_TERM only; the parser takes ownership */
};

enum node_kind { NODE_TERM, NODE_AND, NODE_OR, NODE_NOT };

struct node {
	enum node_kind kind;
	struct node **kids;
	size_t n_kids;
	struct term term;
};

struct parser {
	const char *text;
	size_t at;              /* where the lexer reads next */
	struct token tok;       /* the current token */
	size_t prev_pos, prev_len;
	int depth;
	int64_t now;
	bool failed;
	char *err;
	size_t errlen;
	size_t err_pos;
};

struct emitter {
	struct buf sql;
	struct query_param *params;
	size_t n_params, cap_params;
	int uses_fts;
	const struct node *root;      /* the top level, whose words may be probed */
	bool probe;                   /* emit the top-level match as a per-article EXISTS */
	int fts_param;                /* where the top-level match went in params, or -1 */
	const struct term *folded;    /* the top-level tag that takes the is: tests, or NULL */
};

/* ---- errors ---- */

/* Columns count characters (UTF-8), err_pos counts bytes. */
static size_t column_of(const char *text, size_t pos)
{
	size_t column = 1;
	for (size_t i = 0; i < pos && text[i]; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			column++;
	return column;
}

/* A piece of the query shown back in a message: clipped, control bytes replaced. */
static void echo(const char *s, size_t n, char out[ECHO_MAX + 4])
{
	size_t k = n > ECHO_MAX ? ECHO_MAX : n;
	while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	for (size_t i = 0; i < k; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	strcpy(out + k, k < n ? "..." : "");
}

static void fail(struct parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err_pos = pos;
	if (p->err && p->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
	}
}

static void fail_value(struct parser *p, const struct term *t, const char *expects)
{
	char shown[ECHO_MAX + 4];
	echo(t->value, strlen(t->value), shown);
	fail(p, t->value_pos, _("%s: expects %s, got \"%s\" at column %zu"), t->field->key,
	     expects, shown, column_of(p->text, t->value_pos));
}

/* ---- parameters and SQL pieces ---- */

static void add_param(struct emitter *e, enum query_param_type type, char *text,
		      int64_t integer)
{
	if (e->n_params == e->cap_params) {
		e->cap_params = e->cap_params ? e->cap_params * 2 : 8;
		e->params = xrealloc(e->params, e->cap_params * sizeof *e->params);
	}
	e->params[e->n_params++] = (struct query_param){ type, text, integer };
}

static void add_text(struct emitter *e, const char *text)
{
	add_param(e, QUERY_PARAM_TEXT, xstrdup(text), 0);
}

static void add_int(struct emitter *e, int64_t value)
{
	add_param(e, QUERY_PARAM_INT, NULL, value);
}

/* %value% for LIKE ... ESCAPE '\': the user's % and _ are literal. */
static void add_like(struct emitter *e, const char *value)
{
	struct buf b;
	buf_init(&b);
	buf_addc(&b, '%');
	for (const char *s = value; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	buf_addc(&b, '%');
	add_param(e, QUERY_PARAM_TEXT, b.data, 0);
}

/* An FTS5 string: inside double quotes nothing is syntax but a doubled quote, so user
 * text can never become an FTS operator; a phrase stays a phrase. */
static void fts_quote(struct buf *b, const char *value, bool prefix)
{
	buf_addc(b, '"');
	for (const char *s = value; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
	if (prefix)
		buf_addc(b, '*');
}

/* An office slug given exactly wins ("kota-madiun" is not "kab-madiun"); otherwise
 * any office whose name or slug contains the text. */
#define OFFICE_MATCH \
	"SELECT slug FROM offices WHERE CASE WHEN EXISTS (SELECT 1 FROM offices " \
	"WHERE slug = lower(?)) THEN slug = lower(?) ELSE (name LIKE ? ESCAPE '\\' " \
	"OR slug LIKE ? ESCAPE '\\') END"

static void add_office_params(struct emitter *e, const char *value)
{
	add_text(e, value);
	add_text(e, value);
	add_like(e, value);
	add_like(e, value);
}

/* ---- is: states ---- */

/* The read rows are looked up in a narrow index of their ids (state_read_ids): the table
 * itself also holds each article's key, and a probe per tagged article would read most of
 * it. A test given as before_id ends with the id it tests and ")": of article a, or of an
 * id in a tag's set (emit_tag); the others are whole. */
static const struct {
	const char *name;
	const char *sql;        /* the whole test, when it cannot be folded into a tag */
	const char *before_id;  /* the test up to the id it is about */
} is_states[] = {
	{ "unread", NULL, "NOT EXISTS (SELECT 1 FROM state_read r INDEXED BY state_read_ids"
			  " WHERE r.article_id = " },
	{ "read", NULL, "EXISTS (SELECT 1 FROM state_read r INDEXED BY state_read_ids"
			" WHERE r.article_id = " },
	{ "flagged", NULL, "EXISTS (SELECT 1 FROM state_flag f WHERE f.article_id = " },
	{ "unflagged", NULL, "NOT EXISTS (SELECT 1 FROM state_flag f WHERE f.article_id = " },
	{ "tagged", "EXISTS (SELECT 1 FROM state_tag t WHERE t.article_id = a.id)", NULL },
	{ "untagged", "NOT EXISTS (SELECT 1 FROM state_tag t WHERE t.article_id = a.id)", NULL },
	{ "estimated", "coalesce(a.published_estimated, 0) = 1", NULL },
};

enum { N_IS_STATES = sizeof is_states / sizeof is_states[0] };

static int check_is(struct parser *p, struct term *t)
{
	for (size_t i = 0; i < N_IS_STATES; i++) {
		if (str_casecmp_ascii(t->value, is_states[i].name) == 0) {
			t->number = (int64_t)i;
			return 0;
		}
	}
	fail_value(p, t, _("unread, read, flagged, unflagged, tagged, untagged or estimated"));
	return -1;
}

static bool is_foldable(const struct node *n)
{
	return n->kind == NODE_TERM && strcmp(n->term.field->key, "is") == 0 &&
	       is_states[n->term.number].before_id;
}

static void emit_is(struct emitter *e, const struct term *t)
{
	/* Tested inside the tag's set of ids instead (emit_tag). */
	if (e->folded)
		for (size_t i = 0; i < e->root->n_kids; i++)
			if (&e->root->kids[i]->term == t && is_foldable(e->root->kids[i])) {
				buf_adds(&e->sql, "1");
				return;
			}
	if (is_states[t->number].before_id)
		buf_printf(&e->sql, "%sa.id)", is_states[t->number].before_id);
	else
		buf_adds(&e->sql, is_states[t->number].sql);
}

/* ---- dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm):
 * no time zone of the C library is involved, dates in queries are UTC. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* Exactly n ASCII digits. */
static bool read_digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "7d", "2w": that long before now. */
static bool relative_date(const char *s, int64_t now, int64_t *out)
{
	size_t n = strlen(s);
	int count;
	if (n < 2 || n > 7 || !read_digits(s, n - 1, &count))
		return false;
	char unit = s[n - 1] | 0x20;
	int64_t days = unit == 'd' ? count : unit == 'w' ? (int64_t)count * 7 : -1;
	if (days < 0 || days > RELATIVE_MAX_DAYS)
		return false;
	*out = now - days * 86400;
	return true;
}

/* YYYY-MM-DD, YYYY-MM or YYYY as the first second of that period, or (end) the first
 * second after it, so that until: takes in the whole day, month or year. */
static bool calendar_date(const char *s, bool end, int64_t *out)
{
	size_t n = strlen(s);
	int y, m = 1, d = 1;
	if (!(n == 4 || n == 7 || n == 10) || !read_digits(s, 4, &y) || y < 1900)
		return false;
	if (n >= 7 && (s[4] != '-' || !read_digits(s + 5, 2, &m) || m < 1 || m > 12))
		return false;
	if (n == 10 && (s[7] != '-' || !read_digits(s + 8, 2, &d) || d < 1 ||
			d > days_in_month(y, m)))
		return false;
	int64_t days = days_from_civil(y, m, d);
	if (end && n == 10)
		days += 1;
	else if (end && n == 7)
		days += days_in_month(y, m);
	else if (end)
		days = days_from_civil(y + 1, 1, 1);
	*out = days * 86400;
	return true;
}

static int check_date(struct parser *p, struct term *t, bool end)
{
	if (calendar_date(t->value, end, &t->number) ||
	    relative_date(t->value, p->now, &t->number))
		return 0;
	char shown[ECHO_MAX + 4];
	echo(t->value, strlen(t->value), shown);
	fail(p, t->value_pos,
	     _("%s: expects a date YYYY-MM-DD, got \"%s\" at column %zu "
	       "(also YYYY-MM, YYYY, or 7d / 2w for days / weeks ago)"),
	     t->field->key, shown, column_of(p->text, t->value_pos));
	return -1;
}

static int check_since(struct parser *p, struct term *t)
{
	return check_date(p, t, false);
}

static int check_until(struct parser *p, struct term *t)
{
	return check_date(p, t, true);
}

static void emit_since(struct emitter *e, const struct term *t)
{
	buf_adds(&e->sql, "a.published >= ?");
	add_int(e, t->number);
}

static void emit_until(struct emitter *e, const struct term *t)
{
	buf_adds(&e->sql, "a.published < ?");
	add_int(e, t->number);
}

/* ---- source: ---- */

static int check_source(struct parser *p, struct term *t)
{
	size_t n = strlen(t->value);
	bool numeric = n > 0 && n <= 18;
	for (size_t i = 0; numeric && i < n; i++)
		numeric = t->value[i] >= '0' && t->value[i] <= '9';
	if (numeric) {
		t->number = strtoll(t->value, NULL, 10);
		return 0;
	}
	t->number = -1;
	if (strchr(t->value, '.') || strchr(t->value, ':'))
		return 0;
	fail_value(p, t, _("a numeric source id or a URL"));
	return -1;
}

static void emit_source(struct emitter *e, const struct term *t)
{
	if (t->number >= 0) {
		buf_adds(&e->sql, "(a.source_id = ? OR a.id IN (SELECT article_id FROM "
			 "article_sources WHERE source_id = ?))");
		add_int(e, t->number);
		add_int(e, t->number);
		return;
	}
	buf_adds(&e->sql, "(a.source_id IN (SELECT id FROM sources WHERE url = ?) OR a.id IN "
		 "(SELECT article_id FROM article_sources WHERE source_id IN "
		 "(SELECT id FROM sources WHERE url = ?)))");
	add_text(e, t->value);
	add_text(e, t->value);
}

/* ---- division: ---- */

static int check_division(struct parser *p, struct term *t)
{
	t->id = division_lookup(t->value);
	if (t->id)
		return 0;
	struct buf valid;
	buf_init(&valid);
	size_t n = division_count();
	for (size_t i = 0; i < n && i < 64; i++)
		buf_printf(&valid, "%s%s", i ? ", " : "", division_id_at(i));
	char shown[ECHO_MAX + 4];
	echo(t->value, strlen(t->value), shown);
	fail(p, t->value_pos, _("division: unknown division \"%s\" at column %zu; valid: %s"),
	     shown, column_of(p->text, t->value_pos), valid.data);
	buf_free(&valid);
	return -1;
}

static void emit_division(struct emitter *e, const struct term *t)
{
	buf_adds(&e->sql, "EXISTS (SELECT 1 FROM article_divisions d WHERE "
		 "d.article_id = a.id AND d.division = ?)");
	add_text(e, t->id);
}

/* ---- the other keys ---- */

static int check_any(struct parser *p, struct term *t)
{
	return 0;
}

static void emit_office(struct emitter *e, const struct term *t)
{
	buf_adds(&e->sql, "a.office IN (" OFFICE_MATCH ")");
	add_office_params(e, t->value);
}

static void emit_mentions(struct emitter *e, const struct term *t)
{
	buf_adds(&e->sql, "EXISTS (SELECT 1 FROM article_offices m WHERE m.article_id = a.id "
		 "AND m.office IN (" OFFICE_MATCH "))");
	add_office_params(e, t->value);
}

/* A provincial office's slug ("jateng") stands for its province too. */
static void emit_province(struct emitter *e, const struct term *t)
{
	buf_adds(&e->sql, "a.office IN (SELECT slug FROM offices WHERE province LIKE ? "
		 "ESCAPE '\\' OR province = (SELECT province FROM offices WHERE "
		 "slug = lower(?) AND level = 'provinsi'))");
	add_like(e, t->value);
	add_text(e, t->value);
}

/* Beside a tag at the top level, read/flag tests go inside the tag's set: the few tagged
 * ids are checked before the articles are looked up, not after. */
static void emit_tag(struct emitter *e, const struct term *t)
{
	/* A set of ids from the tag index (state_tag_nocase): the tagged articles are few,
	 * so this beats probing the tag table for every article in date order. */
	buf_adds(&e->sql, "a.id IN (SELECT t.article_id FROM state_tag t "
		 "WHERE t.tag = ? COLLATE NOCASE");
	add_text(e, t->value);
	if (e->folded == t)
		for (size_t i = 0; i < e->root->n_kids; i++)
			if (is_foldable(e->root->kids[i]))
				buf_printf(&e->sql, " AND %st.article_id)",
					   is_states[e->root->kids[i]->term.number].before_id);
	buf_adds(&e->sql, ")");
}

static void emit_author(struct emitter *e, const struct term *t)
{
	buf_adds(&e->sql, "a.author LIKE ? ESCAPE '\\'");
	add_like(e, t->value);
}

static void emit_title(struct emitter *e, const struct term *t)
{
	buf_adds(&e->sql, "a.title LIKE ? ESCAPE '\\'");
	add_like(e, t->value);
}

/* A bare word ending in '*' searches by prefix; a quoted '*' is text. */
static int check_word(struct parser *p, struct term *t)
{
	size_t n = strlen(t->value);
	if (t->quoted || n == 0 || t->value[n - 1] != '*')
		return 0;
	while (n > 0 && t->value[n - 1] == '*')
		t->value[--n] = '\0';
	t->prefix = true;
	if (n > 0)
		return 0;
	fail(p, t->pos, _("\"*\" needs a word before it at column %zu"),
	     column_of(p->text, t->pos));
	return -1;
}

#define FTS_SET "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
#define FTS_PROBE \
	"EXISTS (SELECT 1 FROM articles_fts f WHERE articles_fts MATCH ? AND f.rowid = a.id)"

/* The match of the top level's words: its text goes in as the next parameter. */
static void emit_match(struct emitter *e, bool top, char *text)
{
	if (top)
		e->fts_param = (int)e->n_params;
	buf_adds(&e->sql, top && e->probe ? FTS_PROBE : FTS_SET);
	add_param(e, QUERY_PARAM_TEXT, text, 0);
	e->uses_fts = 1;
}

/* A word alone at the top level, or beside other parts of the top-level AND. */
static bool top_level_term(const struct node *root, const struct term *t)
{
	if (root->kind == NODE_TERM)
		return &root->term == t;
	for (size_t i = 0; root->kind == NODE_AND && i < root->n_kids; i++)
		if (root->kids[i]->kind == NODE_TERM && &root->kids[i]->term == t)
			return true;
	return false;
}

static void emit_word(struct emitter *e, const struct term *t)
{
	struct buf b;
	buf_init(&b);
	fts_quote(&b, t->value, t->prefix);
	emit_match(e, top_level_term(e->root, t), buf_steal(&b));
	buf_free(&b);
}

static const struct field fields[] = {
	{ "office", check_any, emit_office, true },
	{ "division", check_division, emit_division, false },
	{ "tag", check_any, emit_tag, false },
	{ "province", check_any, emit_province, true },
	{ "mentions", check_any, emit_mentions, false },
	{ "is", check_is, emit_is, false },
	{ "since", check_since, emit_since, true },
	{ "until", check_until, emit_until, true },
	{ "source", check_source, emit_source, true },
	{ "author", check_any, emit_author, true },
	{ "title", check_any, emit_title, true },
};

static const struct field word_field = { "word", check_word, emit_word, false };

static const struct field *field_named(const char *key, size_t n)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strlen(fields[i].key) == n && str_ncasecmp_ascii(fields[i].key, key, n) == 0)
			return &fields[i];
	return NULL;
}

/* ---- lexer ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Where a bare word ends. */
static bool is_delimiter(char c)
{
	return c == '\0' || is_space(c) || c == '(' || c == ')' || c == '"' || c == '|';
}

/* "..." with \" and \\; any other backslash is kept as it stands. */
static int lex_quoted(struct parser *p, size_t open, char **out)
{
	const char *s = p->text;
	struct buf b;
	buf_init(&b);
	size_t i = open + 1;
	for (; s[i] && s[i] != '"'; i++) {
		if (s[i] == '\\' && (s[i + 1] == '"' || s[i + 1] == '\\'))
			i++;
		buf_addc(&b, s[i]);
	}
	if (!s[i]) {
		buf_free(&b);
		fail(p, open, _("missing closing quote for the quote at column %zu"),
		     column_of(s, open));
		return -1;
	}
	p->at = i + 1;
	*out = b.data;
	return 0;
}

static void unknown_key(struct parser *p, size_t pos, size_t n)
{
	struct buf keys;
	buf_init(&keys);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		buf_printf(&keys, "%s%s", i ? ", " : "", fields[i].key);
	char shown[ECHO_MAX + 4];
	echo(p->text + pos, n, shown);
	fail(p, pos, _("unknown key \"%s\" at column %zu (keys: %s)"), shown,
	     column_of(p->text, pos), keys.data);
	buf_free(&keys);
}

/* key:value or key:"value". Returns 1 when the word is one, 0 when it is a plain word. */
static int lex_keyed(struct parser *p, size_t start, size_t end, struct term *t)
{
	const char *s = p->text;
	size_t colon = start;
	while (colon < end && ((s[colon] | 0x20) >= 'a' && (s[colon] | 0x20) <= 'z'))
		colon++;
	if (colon == start || colon == end || s[colon] != ':')
		return 0;
	t->field = field_named(s + start, colon - start);
	if (!t->field) {
		unknown_key(p, start, colon - start);
		return -1;
	}
	t->value_pos = colon + 1;
	if (s[colon + 1] == '"') {
		t->quoted = true;
		return lex_quoted(p, colon + 1, &t->value) < 0 ? -1 : 1;
	}
	if (colon + 1 == end) {
		fail(p, start, _("%s: expects a value at column %zu"), t->field->key,
		     column_of(s, start));
		return -1;
	}
	t->value = xstrndup(s + colon + 1, end - colon - 1);
	p->at = end;
	return 1;
}

static enum token_kind keyword(const char *s, size_t n)
{
	if (n == 2 && memcmp(s, "OR", 2) == 0)
		return TOKEN_OR;
	if (n == 3 && memcmp(s, "AND", 3) == 0)
		return TOKEN_AND;
	if (n == 3 && memcmp(s, "NOT", 3) == 0)
		return TOKEN_NOT;
	return TOKEN_TERM;
}

static int lex_term(struct parser *p, struct token *tok)
{
	const char *s = p->text;
	size_t start = tok->pos, end = start;
	struct term *t = &tok->term;
	t->pos = t->value_pos = start;
	if (s[start] == '"') {
		t->field = &word_field;
		t->quoted = true;
		return lex_quoted(p, start, &t->value);
	}
	while (!is_delimiter(s[end]))
		end++;
	tok->kind = keyword(s + start, end - start);
	p->at = end;
	if (tok->kind != TOKEN_TERM)
		return 0;
	int keyed = lex_keyed(p, start, end, t);
	if (keyed != 0)
		return keyed < 0 ? -1 : 0;
	t->field = &word_field;
	t->value = xstrndup(s + start, end - start);
	return 0;
}

static int check_term(struct parser *p, struct term *t)
{
	if (t->value[0] == '\0' && t->field == &word_field) {
		fail(p, t->pos, _("empty quotes at column %zu"), column_of(p->text, t->pos));
		return -1;
	}
	if (t->value[0] == '\0') {
		fail(p, t->pos, _("%s: expects a value at column %zu"), t->field->key,
		     column_of(p->text, t->pos));
		return -1;
	}
	return t->field->check(p, t);
}

/* Reads the next token into p->tok; a term's value is checked here. */
static int lex_next(struct parser *p)
{
	const char *s = p->text;
	struct token *tok = &p->tok;
	p->prev_pos = tok->pos;
	p->prev_len = tok->len;
	while (is_space(s[p->at]))
		p->at++;
	*tok = (struct token){ .kind = TOKEN_TERM, .pos = p->at };
	char c = s[p->at];
	if (c == '\0' || c == '(' || c == ')' || c == '|') {
		tok->kind = c == '\0' ? TOKEN_END : c == '(' ? TOKEN_OPEN :
			    c == ')' ? TOKEN_CLOSE : TOKEN_OR;
		p->at += c != '\0';
	} else if (c == '-') {
		if (is_space(s[p->at + 1]) || s[p->at + 1] == '\0' || s[p->at + 1] == ')' ||
		    s[p->at + 1] == '|') {
			fail(p, p->at, _("\"-\" must stand right before a term at column %zu"),
			     column_of(s, p->at));
			return -1;
		}
		tok->kind = TOKEN_NEGATE;
		p->at++;
	} else if (lex_term(p, tok) < 0) {
		free(tok->term.value);
		tok->term.value = NULL;
		tok->kind = TOKEN_END;
		return -1;
	}
	tok->len = p->at - tok->pos;
	return tok->kind == TOKEN_TERM ? check_term(p, &tok->term) : 0;
}

/* ---- parser ---- */

static void node_free(struct node *n);

static struct node *node_new(enum node_kind kind)
{
	struct node *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	return n;
}

static void node_add(struct node *n, struct node *kid)
{
	/* grows in powers of two: a kid count of 2^k means the array is full */
	if (n->n_kids == 0 || (n->n_kids & (n->n_kids - 1)) == 0)
		n->kids = xrealloc(n->kids, (n->n_kids ? n->n_kids * 2 : 1) * sizeof *n->kids);
	n->kids[n->n_kids++] = kid;
}

static void node_free(struct node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n_kids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->term.value);
	free(n);
}

static struct node *parse_or(struct parser *p);
static struct node *parse_unary(struct parser *p);

static bool deeper(struct parser *p)
{
	if (++p->depth <= QUERY_MAX_DEPTH)
		return true;
	fail(p, p->tok.pos, _("query nests too deeply (more than %d levels) at column %zu"),
	     QUERY_MAX_DEPTH, column_of(p->text, p->tok.pos));
	return false;
}

static void unexpected(struct parser *p)
{
	char shown[ECHO_MAX + 4];
	if (p->tok.kind == TOKEN_END) {
		echo(p->text + p->prev_pos, p->prev_len, shown);
		fail(p, p->prev_pos, _("nothing after \"%s\" at column %zu"), shown,
		     column_of(p->text, p->prev_pos));
		return;
	}
	echo(p->text + p->tok.pos, p->tok.len, shown);
	fail(p, p->tok.pos, _("unexpected \"%s\" at column %zu"), shown,
	     column_of(p->text, p->tok.pos));
}

static struct node *parse_group(struct parser *p)
{
	size_t open = p->tok.pos;
	if (!deeper(p) || lex_next(p) < 0)
		return NULL;
	struct node *n = NULL;
	if (p->tok.kind != TOKEN_END && !(n = parse_or(p)))
		return NULL;
	if (p->tok.kind != TOKEN_CLOSE) {
		node_free(n);
		fail(p, open, _("missing \")\" for the \"(\" at column %zu"),
		     column_of(p->text, open));
		return NULL;
	}
	p->depth--;
	if (lex_next(p) < 0) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct node *parse_primary(struct parser *p)
{
	if (p->tok.kind == TOKEN_OPEN)
		return parse_group(p);
	if (p->tok.kind != TOKEN_TERM) {
		unexpected(p);
		return NULL;
	}
	struct node *n = node_new(NODE_TERM);
	n->term = p->tok.term;
	p->tok.term.value = NULL;
	if (lex_next(p) < 0) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct node *parse_unary(struct parser *p)
{
	if (p->tok.kind != TOKEN_NOT && p->tok.kind != TOKEN_NEGATE)
		return parse_primary(p);
	if (!deeper(p) || lex_next(p) < 0)
		return NULL;
	struct node *kid = parse_unary(p);
	if (!kid)
		return NULL;
	p->depth--;
	struct node *n = node_new(NODE_NOT);
	node_add(n, kid);
	return n;
}

static bool starts_unary(enum token_kind kind)
{
	return kind == TOKEN_TERM || kind == TOKEN_NOT || kind == TOKEN_NEGATE ||
	       kind == TOKEN_OPEN;
}

/* Collects operands joined by `joiner` (OR) or by juxtaposition / AND. */
static struct node *parse_list(struct parser *p, enum node_kind kind,
			       struct node *(*operand)(struct parser *p))
{
	struct node *first = operand(p), *list = NULL;
	if (!first)
		return NULL;
	for (;;) {
		bool more = kind == NODE_OR ? p->tok.kind == TOKEN_OR :
			    p->tok.kind == TOKEN_AND || starts_unary(p->tok.kind);
		if (!more)
			return list ? list : first;
		if (p->tok.kind == TOKEN_OR || p->tok.kind == TOKEN_AND) {
			if (lex_next(p) < 0)
				break;
		}
		struct node *next = operand(p);
		if (!next)
			break;
		if (!list) {
			list = node_new(kind);
			node_add(list, first);
		}
		node_add(list, next);
	}
	node_free(list ? list : first);
	return NULL;
}

static struct node *parse_and(struct parser *p)
{
	return parse_list(p, NODE_AND, parse_unary);
}

static struct node *parse_or(struct parser *p)
{
	return parse_list(p, NODE_OR, parse_and);
}

static struct node *parse(struct parser *p)
{
	if (lex_next(p) < 0)
		return NULL;
	if (p->tok.kind == TOKEN_END)
		return node_new(NODE_AND);   /* the empty query: true */
	struct node *n = parse_or(p);
	if (n && p->tok.kind != TOKEN_END) {
		unexpected(p);
		node_free(n);
		return NULL;
	}
	return n;
}

/* ---- emitter ---- */

static bool node_nullable(const struct node *n)
{
	if (n->kind == NODE_TERM)
		return n->term.field->nullable;
	for (size_t i = 0; i < n->n_kids; i++)
		if (node_nullable(n->kids[i]))
			return true;
	return false;
}

static void emit_node(struct emitter *e, const struct node *n);

/* SQL's NOT of NULL is NULL (the row is dropped), but "-author:x" must keep articles
 * without an author: a NULL under NOT counts as false. */
static void emit_not(struct emitter *e, const struct node *n)
{
	const struct node *kid = n->kids[0];
	bool nullable = node_nullable(kid);
	bool group = kid->kind == NODE_AND || kid->kind == NODE_OR;
	buf_adds(&e->sql, nullable ? "NOT coalesce(" : group ? "NOT (" : "NOT ");
	emit_node(e, kid);
	buf_adds(&e->sql, nullable ? ", 0)" : group ? ")" : "");
}

static bool is_word(const struct node *n)
{
	return n->kind == NODE_TERM && n->term.field == &word_field;
}

static size_t count_words(const struct node *and)
{
	size_t k = 0;
	for (size_t i = 0; i < and->n_kids; i++)
		k += is_word(and->kids[i]);
	return k;
}

/* Every word of an AND list as one FTS5 expression of quoted strings. */
static void emit_words(struct emitter *e, const struct node *and)
{
	struct buf expr;
	buf_init(&expr);
	for (size_t i = 0; i < and->n_kids; i++) {
		if (!is_word(and->kids[i]))
			continue;
		const struct term *t = &and->kids[i]->term;
		if (expr.len)
			buf_addc(&expr, ' ');
		fts_quote(&expr, t->value, t->prefix);
	}
	emit_match(e, and == e->root, buf_steal(&expr));
	buf_free(&expr);
}

static void emit_node(struct emitter *e, const struct node *n)
{
	if (n->kind == NODE_TERM) {
		n->term.field->emit(e, &n->term);
		return;
	}
	if (n->kind == NODE_NOT) {
		emit_not(e, n);
		return;
	}
	if (n->n_kids == 0) {
		buf_adds(&e->sql, "1");
		return;
	}
	bool words_done = false;
	for (size_t i = 0; i < n->n_kids; i++) {
		const struct node *kid = n->kids[i];
		/* Words side by side are one full-text match ("a" "b" is AND inside FTS5):
		 * the index intersects them, instead of each word's matches being listed
		 * and intersected by SQL. */
		if (n->kind == NODE_AND && is_word(kid) && count_words(n) > 1) {
			if (words_done)
				continue;
			words_done = true;
		}
		bool group = n->kind == NODE_AND && kid->kind == NODE_OR;
		buf_adds(&e->sql, i == 0 ? "" : n->kind == NODE_AND ? " AND " : " OR ");
		buf_adds(&e->sql, group ? "(" : "");
		if (n->kind == NODE_AND && is_word(kid) && count_words(n) > 1)
			emit_words(e, n);
		else
			emit_node(e, kid);
		buf_adds(&e->sql, group ? ")" : "");
	}
}

/* ---- what the page query can do with it ---- */

/* Terms that read only a.id, a.published and a.source_id (all in the narrow index). */
static bool term_narrow(const struct term *t)
{
	static const char *const narrow[] = { "tag", "since", "until", "source", "division",
					      "mentions", "word" };
	if (strcmp(t->field->key, "is") == 0)
		return strcmp(is_states[t->number].name, "estimated") != 0;
	for (size_t i = 0; i < sizeof narrow / sizeof narrow[0]; i++)
		if (strcmp(t->field->key, narrow[i]) == 0)
			return true;
	return false;
}

static bool node_narrow(const struct node *n)
{
	if (n->kind == NODE_TERM)
		return term_narrow(&n->term);
	for (size_t i = 0; i < n->n_kids; i++)
		if (!node_narrow(n->kids[i]))
			return false;
	return true;
}

static bool node_id_set(const struct node *n)
{
	return n->kind == NODE_TERM && (n->term.field == &word_field ||
					strcmp(n->term.field->key, "tag") == 0);
}

static bool id_driven(const struct node *root)
{
	if (!node_narrow(root))
		return false;
	if (root->kind != NODE_AND)
		return node_id_set(root);
	for (size_t i = 0; i < root->n_kids; i++)
		if (node_id_set(root->kids[i]))
			return true;
	return false;
}

/* The first tag of a top-level AND that also has is: tests that can go inside it. */
static const struct term *fold_target(const struct node *root)
{
	if (root->kind != NODE_AND)
		return NULL;
	const struct term *tag = NULL;
	bool foldable = false;
	for (size_t i = 0; i < root->n_kids; i++) {
		const struct node *k = root->kids[i];
		if (!tag && k->kind == NODE_TERM && strcmp(k->term.field->key, "tag") == 0)
			tag = &k->term;
		foldable = foldable || is_foldable(k);
	}
	return foldable ? tag : NULL;
}

static char *emit_where(const struct node *tree, bool probe, struct emitter *e)
{
	*e = (struct emitter){ .root = tree, .probe = probe, .fts_param = -1,
			       .folded = fold_target(tree) };
	buf_init(&e->sql);
	emit_node(e, tree);
	return e->sql.data;
}

/* ---- public ---- */

int query_compile_at(const char *text, int64_t now, struct query_sql *out, char *err,
		     size_t errlen, size_t *err_pos)
{
	*out = (struct query_sql){ 0 };
	if (err && errlen)
		err[0] = '\0';
	struct parser p = { .text = text ? text : "", .now = now, .err = err,
			    .errlen = errlen };
	struct node *tree = NULL;
	if (strnlen(p.text, QUERY_MAX_LENGTH + 1) > QUERY_MAX_LENGTH)
		fail(&p, QUERY_MAX_LENGTH, _("query is too long (more than %d bytes)"),
		     QUERY_MAX_LENGTH);
	else
		tree = parse(&p);
	free(p.tok.term.value);
	if (!tree) {
		if (err_pos)
			*err_pos = p.err_pos;
		return -1;
	}
	struct emitter e, probe;
	out->where = emit_where(tree, false, &e);
	out->params = e.params;
	out->n_params = e.n_params;
	out->uses_fts = e.uses_fts;
	out->fts_param = e.fts_param;
	out->id_driven = id_driven(tree);
	out->words_only = is_word(tree) || (tree->kind == NODE_AND && tree->n_kids > 0 &&
					    count_words(tree) == tree->n_kids);
	if (e.fts_param >= 0) {
		/* The same text but for one wrapper: the parameters come out the same. */
		out->where_probe = emit_where(tree, true, &probe);
		for (size_t i = 0; i < probe.n_params; i++)
			free(probe.params[i].text);
		free(probe.params);
	}
	node_free(tree);
	return 0;
}

int query_compile(const char *text, struct query_sql *out, char *err, size_t errlen,
		  size_t *err_pos)
{
	return query_compile_at(text, (int64_t)time(NULL), out, err, errlen, err_pos);
}

void query_sql_free(struct query_sql *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n_params; i++)
		free(q->params[i].text);
	free(q->params);
	free(q->where);
	free(q->where_probe);
	*q = (struct query_sql){ 0 };
}

/* Bare when the lexer would read the value back unchanged, quoted otherwise. */
char *query_quote(const char *value)
{
	if (!value)
		value = "";
	bool bare = value[0] != '\0';
	for (const char *s = value; *s && bare; s++)
		bare = !is_delimiter(*s) && *s != '\\' && (unsigned char)*s >= 0x20;
	if (bare)
		return xstrdup(value);
	struct buf b;
	buf_init(&b);
	buf_addc(&b, '"');
	for (const char *s = value; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	buf_addc(&b, '"');
	return b.data;
}
