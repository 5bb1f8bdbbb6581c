#include "config.h"
#include "classify.h"
#include "directory.h"
#include "directory_data.h"
#include "util/buf.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How it works. Text is cut into tokens: ASCII words case-folded, with typographic
 * quotes, dashes, NBSP and punctuation as separators, each token remembering its byte
 * span in the original text and whether a sentence break or a comma came before it.
 * A few spellings are canonicalised ("Propinsi", "Prov." -> provinsi, "Kab." ->
 * kabupaten, "KIP"/"KPUD" -> kpu).
 *
 * Mentions: at each office anchor ("KPU", "KIP", "Komisi Pemilihan Umum (KPU)", "Komisi
 * Independen Pemilihan") the following words are looked up, longest first, in a hash of
 * every name the directory gives ("kpu kota semarang", "kpu kabupaten sukoharjo",
 * "kpu sukoharjo", "kpu jateng", "kpu provinsi jawa tengah", aliases from
 * data/office-aliases.tsv). Only a few probes happen per anchor, so a text costs time
 * linear in its length. A name that two offices share ("KPU Madiun": kabupaten and kota)
 * is ambiguous and names no office, but still consumes its words so that no shorter name
 * inside it matches. "KPU Kabupaten Sukoharjo dan Kabupaten Klaten" names both.
 *
 * Divisions: after a division anchor ("Divisi", "Kadiv", ... from data/divisions.tsv) the
 * next words (up to a sentence break; "dan"/"serta"/"&" ignored) are looked up, longest
 * first, among the spellings. Secretariat sections ("Kasubbag Hukum dan SDM") carry no
 * anchor and so are never divisions; "hukum" or "data" in running text neither. */

#define WORD_MAX 32               /* longer words never match a name */
#define TEXT_MAX (1u << 20)       /* bytes of a title or body classified */
#define NAME_WORDS_MAX 8          /* words after "KPU" in the longest office name */
#define DIVISION_WORDS_MAX 16     /* words after "Divisi" in the longest spelling */
#define CONJUNCTIONS_MAX 32       /* "..., Kabupaten X dan Kota Y" chained at most */
#define KEY_MAX 512

enum { TOKEN_BREAK = 1, TOKEN_COMMA = 2 };

struct token {
	size_t start, end;   /* byte span in the original text */
	unsigned flags;      /* what stood between this token and the previous one */
	char word[WORD_MAX]; /* canonical form; "" when too long to ever match */
};

struct tokens {
	struct token *v;
	size_t n, cap;
};

/* ---- string -> int hash (open addressing; keys owned) ---- */

#define AMBIGUOUS (-1)
#define MISSING (-2)

struct table {
	char **keys;
	int *values;
	size_t cap, used;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static size_t table_slot(const struct table *t, const char *key, size_t len)
{
	size_t i = (size_t)hash_bytes(key, len) & (t->cap - 1);
	while (t->keys[i] && (strncmp(t->keys[i], key, len) != 0 || t->keys[i][len] != '\0'))
		i = (i + 1) & (t->cap - 1);
	return i;
}

static void table_grow(struct table *t)
{
	struct table bigger = {0};
	bigger.cap = t->cap ? t->cap * 2 : 1024;
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.values = xcalloc(bigger.cap, sizeof *bigger.values);
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->keys[i])
			continue;
		size_t s = table_slot(&bigger, t->keys[i], strlen(t->keys[i]));
		bigger.keys[s] = t->keys[i];
		bigger.values[s] = t->values[i];
	}
	bigger.used = t->used;
	free(t->keys);
	free(t->values);
	*t = bigger;
}

/* A key given twice with different values becomes AMBIGUOUS. */
static void table_put(struct table *t, const char *key, int value)
{
	if (!key[0])
		return;
	if ((t->used + 1) * 2 > t->cap)
		table_grow(t);
	size_t s = table_slot(t, key, strlen(key));
	if (t->keys[s]) {
		if (t->values[s] != value)
			t->values[s] = AMBIGUOUS;
		return;
	}
	t->keys[s] = xstrdup(key);
	t->values[s] = value;
	t->used++;
}

static int table_get(const struct table *t, const char *key, size_t len)
{
	if (!t->cap)
		return MISSING;
	size_t s = table_slot(t, key, len);
	return t->keys[s] ? t->values[s] : MISSING;
}

/* ---- tokens ---- */

static const struct {
	const char *from, *to;
} canonical_words[] = {
	{"propinsi", "provinsi"}, {"prov", "provinsi"}, {"prop", "provinsi"},
	{"kab", "kabupaten"}, {"kabupaten", "kabupaten"},
	{"kotamadya", "kota"}, {"kodya", "kota"},
	{"kip", "kpu"}, {"kpud", "kpu"},
	{"adm", "administrasi"}, {"kep", "kepulauan"},
};

/* Words after which a full stop is an abbreviation, not the end of a sentence. */
static const char *const abbreviations[] = {
	"kab", "prov", "prop", "kep", "adm", "kec", "kel", "kadiv", "kordiv", "div", "kasubbag",
	"kabag", "sekr", "dr", "drs", "ir", "st", "no", "ds", "jl", "hj",
};

static size_t unicode_separator(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xA0 || s[1] == 0xAB || s[1] == 0xBB ||
				     s[1] == 0xB7))
		return 2;
	/* U+2000..U+206F: spaces, dashes, quotes, bullets, ellipsis. */
	if (n >= 3 && s[0] == 0xE2 && (s[1] == 0x80 || s[1] == 0x81))
		return 3;
	if (n >= 3 && ((s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
		       (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)))
		return 3;
	return 0;
}

static int is_word_byte(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
		       (s[0] >= '0' && s[0] <= '9');
	return unicode_separator(s, n) == 0;
}

static int is_abbreviation(const char *word)
{
	if (word[0] && !word[1])
		return 1; /* initials: "H. Ahmad", "D.I. Yogyakarta" */
	for (size_t i = 0; i < sizeof abbreviations / sizeof *abbreviations; i++)
		if (strcmp(word, abbreviations[i]) == 0)
			return 1;
	return 0;
}

static struct token *tokens_push(struct tokens *tk, size_t start, size_t end, unsigned flags)
{
	if (tk->n == tk->cap) {
		tk->cap = tk->cap ? tk->cap * 2 : 256;
		tk->v = xrealloc(tk->v, tk->cap * sizeof *tk->v);
	}
	struct token *t = &tk->v[tk->n++];
	t->start = start;
	t->end = end;
	t->flags = flags;
	t->word[0] = '\0';
	return t;
}

static void set_word(struct token *t, const char *text, char raw[WORD_MAX])
{
	size_t len = t->end - t->start;
	if (len >= WORD_MAX)
		return;
	for (size_t i = 0; i < len; i++) {
		char c = text[t->start + i];
		raw[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	raw[len] = '\0';
	const char *word = raw;
	/* Every word to canonicalise starts with a, k or p: most words need no search. */
	if (raw[0] == 'k' || raw[0] == 'p' || raw[0] == 'a')
		for (size_t i = 0; i < sizeof canonical_words / sizeof *canonical_words; i++)
			if (strcmp(raw, canonical_words[i].from) == 0)
				word = canonical_words[i].to;
	memcpy(t->word, word, strlen(word) + 1);
}

/* What separates two words: a full stop ending a sentence, "!", "?", ";", ":", or a blank
 * line breaks a phrase; a comma is remembered; "&" is the word "dan". */
static size_t scan_separator(const unsigned char *s, size_t n, const char *prev_raw,
			     unsigned *flags, size_t *newlines)
{
	switch (s[0]) {
	case '.':
		if ((n == 1 || s[1] == ' ' || s[1] == '\n' || s[1] == '\r' || s[1] == '\t') &&
		    !(prev_raw[0] && is_abbreviation(prev_raw)))
			*flags |= TOKEN_BREAK;
		return 1;
	case '!': case '?': case ';': case ':':
		*flags |= TOKEN_BREAK;
		return 1;
	case ',':
		*flags |= TOKEN_COMMA;
		return 1;
	case '\n':
		if (++*newlines >= 2)
			*flags |= TOKEN_BREAK;
		return 1;
	case ' ': case '\t': case '\r':
		return 1;
	}
	if (s[0] < 0x80)
		return 1;
	size_t step = unicode_separator(s, n);
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xA6)
		*flags |= TOKEN_BREAK; /* an ellipsis ends a phrase */
	return step ? step : 1;
}

static void tokenize(const char *text, struct tokens *tk)
{
	tk->n = 0;
	if (!text)
		return;
	size_t len = strnlen(text, TEXT_MAX);
	const unsigned char *s = (const unsigned char *)text;
	unsigned flags = 0;
	size_t newlines = 0;
	char raw[WORD_MAX] = "";
	size_t i = 0;
	while (i < len) {
		if (is_word_byte(s + i, len - i)) {
			size_t start = i;
			while (i < len && is_word_byte(s + i, len - i))
				i++;
			struct token *t = tokens_push(tk, start, i, flags);
			raw[0] = '\0';
			set_word(t, text, raw);
			flags = 0;
			newlines = 0;
		} else if (s[i] == '&') {
			struct token *t = tokens_push(tk, i, i + 1, flags);
			memcpy(t->word, "dan", 4);
			raw[0] = '\0';
			flags = 0;
			i++;
		} else {
			if (s[i] != '\n' && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
				newlines = 0;
			i += scan_separator(s + i, len - i, raw, &flags, &newlines);
		}
	}
}

/* Joins the canonical words of a phrase, as keys are built ("KPU Kab. Toli-Toli" ->
 * "kpu kabupaten toli toli"); skip_conjunctions drops "dan"/"serta". */
static void phrase_key(const char *phrase, int skip_conjunctions, struct buf *key)
{
	struct tokens tk = {0};
	tokenize(phrase, &tk);
	buf_reset(key);
	for (size_t i = 0; i < tk.n; i++) {
		const char *w = tk.v[i].word;
		if (skip_conjunctions && (strcmp(w, "dan") == 0 || strcmp(w, "serta") == 0))
			continue;
		if (key->len)
			buf_addc(key, ' ');
		buf_adds(key, w[0] ? w : "#");
	}
	free(tk.v);
}

/* ---- vocabularies, built once ---- */

static struct table offices;         /* "kpu kota semarang" -> office index */
static struct table division_words;  /* "hukum pengawasan" -> term index of the name */
static struct table division_anchors;
static unsigned char anchor_initials[256]; /* first bytes of anchors: skips most lookups */
static const char *division_ids[64];
static size_t division_ids_count;
/* Two tables built on first use, apart: the divisions (a few dozen terms) are all that
 * parsing a filter or opening the store needs; the office gazetteer (two thousand phrases,
 * a few ms to build) only classifying does. */
static pthread_once_t vocabulary_once = PTHREAD_ONCE_INIT;
static pthread_once_t divisions_once = PTHREAD_ONCE_INIT;

static const char *level_word(const struct office *o)
{
	if (strcmp(o->level, "provinsi") == 0)
		return "provinsi";
	if (strcmp(o->level, "kabupaten") == 0)
		return "kabupaten";
	if (strcmp(o->level, "kota") == 0)
		return "kota";
	return NULL;
}

/* Adds "kpu NAME" and "kpu LEVEL NAME". */
static void add_office_name(size_t index, const char *name, struct buf *phrase, struct buf *key)
{
	const struct office *o = &directory_offices[index];
	buf_reset(phrase);
	buf_printf(phrase, "kpu %s", name);
	phrase_key(phrase->data, 0, key);
	table_put(&offices, key->data, (int)index);
	if (level_word(o)) {
		buf_reset(phrase);
		buf_printf(phrase, "kpu %s %s", level_word(o), name);
		phrase_key(phrase->data, 0, key);
		table_put(&offices, key->data, (int)index);
	}
}

/* The region name inside the official name: "KPU Kabupaten Aceh Besar" -> "Aceh Besar". */
static const char *region_name(const struct office *o)
{
	static const char *const prefixes[] = {"KPU Provinsi ", "KPU Kabupaten ", "KPU Kota ",
		"KIP Kabupaten ", "KIP Kota ", "KPU ", "KIP "};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (str_starts_with(o->name, prefixes[i]))
			return o->name + strlen(prefixes[i]);
	return o->name;
}

/* "kab-pangkep" -> "pangkep", "jateng" -> "jateng": the slug people also write. */
static const char *slug_name(const struct office *o)
{
	static const char *const prefixes[] = {"kab-", "kota-", "kip-"};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (str_starts_with(o->slug, prefixes[i]))
			return o->slug + strlen(prefixes[i]);
	return o->slug;
}

static void build_offices(struct buf *phrase, struct buf *key)
{
	for (size_t i = 0; i < directory_offices_count; i++) {
		const struct office *o = &directory_offices[i];
		add_office_name(i, region_name(o), phrase, key);
		if (strcmp(o->level, "ri") != 0 && !strchr(slug_name(o), '-'))
			add_office_name(i, slug_name(o), phrase, key);
	}
	for (size_t i = 0; i < directory_aliases_count; i++) {
		const struct office *o = directory_find_slug(directory_aliases[i].slug);
		if (o)
			add_office_name((size_t)(o - directory_offices), directory_aliases[i].name,
					phrase, key);
	}
}

static void build_divisions(struct buf *key)
{
	int name_term = -1;
	for (size_t i = 0; i < directory_division_terms_count; i++) {
		const struct directory_term *term = &directory_division_terms[i];
		phrase_key(term->text, 1, key);
		if (term->kind == DIRECTORY_TERM_ANCHOR) {
			table_put(&division_anchors, key->data, 0);
			anchor_initials[(unsigned char)key->data[0]] = 1;
			continue;
		}
		if (term->kind == DIRECTORY_TERM_NAME) {
			name_term = (int)i;
			if (division_ids_count < sizeof division_ids / sizeof *division_ids)
				division_ids[division_ids_count++] = term->id;
			/* The canonical name is a spelling too, without its "Divisi". */
			if (str_starts_with(key->data, "divisi "))
				table_put(&division_words, key->data + strlen("divisi "), name_term);
			continue;
		}
		if (name_term >= 0 && strcmp(directory_division_terms[name_term].id, term->id) == 0)
			table_put(&division_words, key->data, name_term);
	}
}

static void build_division_tables(void)
{
	struct buf key;
	buf_init(&key);
	build_divisions(&key);
	buf_free(&key);
}

static void divisions_init(void)
{
	pthread_once(&divisions_once, build_division_tables);
}

static void build_vocabulary(void)
{
	struct buf phrase, key;
	buf_init(&phrase);
	buf_init(&key);
	build_offices(&phrase, &key);
	buf_free(&phrase);
	buf_free(&key);
	divisions_init();
}

static void vocabulary_init(void)
{
	pthread_once(&vocabulary_once, build_vocabulary);
}

/* ---- results ---- */

static void add_match(struct classify_match **list, size_t *n, const char *key, const char *text,
		      size_t start, size_t end)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i].key, key) == 0)
			return;
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[*n].key = xstrdup(key);
	(*list)[*n].evidence = xstrndup(text + start, end - start);
	(*n)++;
}

void classify_result_free(struct classify_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_mentions; i++) {
		free(r->mentions[i].key);
		free(r->mentions[i].evidence);
	}
	for (size_t i = 0; i < r->n_divisions; i++) {
		free(r->divisions[i].key);
		free(r->divisions[i].evidence);
	}
	free(r->mentions);
	free(r->divisions);
	memset(r, 0, sizeof *r);
}

/* ---- mentions ---- */

static int word_is(const struct tokens *tk, size_t i, const char *word)
{
	return i < tk->n && strcmp(tk->v[i].word, word) == 0 &&
	       (i == 0 || !(tk->v[i].flags & TOKEN_BREAK));
}

/* Words of an office anchor at i: "KPU"/"KIP" 1, "Komisi Pemilihan Umum (KPU)" 3 or 4,
 * "KPU (Komisi Pemilihan Umum)" 4. */
static size_t office_anchor(const struct tokens *tk, size_t i)
{
	if (strcmp(tk->v[i].word, "kpu") == 0)
		return word_is(tk, i + 1, "komisi") && word_is(tk, i + 2, "pemilihan") &&
		       word_is(tk, i + 3, "umum") ? 4 : 1;
	if (strcmp(tk->v[i].word, "komisi") != 0)
		return 0;
	size_t n = 0;
	if (word_is(tk, i + 1, "pemilihan") && word_is(tk, i + 2, "umum"))
		n = 3;
	else if (word_is(tk, i + 1, "independen") && word_is(tk, i + 2, "pemilihan"))
		n = 3;
	if (n && word_is(tk, i + n, "kpu"))
		n++;
	return n;
}

/* Longest office name "kpu" + words from `first`; MISSING, AMBIGUOUS or an office
 * index, with *last the name's last token. */
static int longest_office(const struct tokens *tk, size_t first, size_t *last)
{
	char key[KEY_MAX] = "kpu";
	size_t len = 3;
	int found = MISSING;
	for (size_t j = first; j < tk->n && j < first + NAME_WORDS_MAX; j++) {
		const struct token *t = &tk->v[j];
		size_t w = strlen(t->word);
		if (!w || (t->flags & TOKEN_BREAK) || len + 1 + w >= sizeof key)
			break;
		key[len++] = ' ';
		memcpy(key + len, t->word, w + 1);
		len += w;
		int value = table_get(&offices, key, len);
		if (value != MISSING) {
			found = value;
			*last = j;
		}
	}
	return found;
}

static int is_level_word(const char *w)
{
	return strcmp(w, "kabupaten") == 0 || strcmp(w, "kota") == 0 || strcmp(w, "provinsi") == 0;
}

/* After "KPU Kabupaten Sukoharjo": ", Kabupaten Klaten dan Kota Surakarta" names more
 * offices. Returns the next token to scan from. */
static size_t follow_conjunctions(const struct tokens *tk, size_t next, const char *text,
				  struct classify_result *out)
{
	for (int round = 0; round < CONJUNCTIONS_MAX && next < tk->n; round++) {
		size_t k = next;
		if (tk->v[k].flags & TOKEN_BREAK)
			break;
		int joined = (tk->v[k].flags & TOKEN_COMMA) != 0;
		if (word_is(tk, k, "dan") || word_is(tk, k, "serta")) {
			joined = 1;
			k++;
		}
		if (!joined || k >= tk->n || (tk->v[k].flags & TOKEN_BREAK) ||
		    !is_level_word(tk->v[k].word))
			break;
		size_t last = k;
		int office = longest_office(tk, k, &last);
		if (office == MISSING)
			break;
		if (office != AMBIGUOUS)
			add_match(&out->mentions, &out->n_mentions, directory_offices[office].slug,
				  text, tk->v[k].start, tk->v[last].end);
		next = last + 1;
	}
	return next;
}

static void find_mentions(const struct tokens *tk, const char *text, struct classify_result *out)
{
	size_t i = 0;
	while (i < tk->n) {
		size_t anchor = office_anchor(tk, i);
		size_t last = i;
		int office = anchor ? longest_office(tk, i + anchor, &last) : MISSING;
		if (office == MISSING) {
			i += anchor ? anchor : 1;
			continue;
		}
		if (office != AMBIGUOUS)
			add_match(&out->mentions, &out->n_mentions, directory_offices[office].slug,
				  text, tk->v[i].start, tk->v[last].end);
		i = follow_conjunctions(tk, last + 1, text, out);
	}
}

/* ---- divisions ---- */

static int is_conjunction(const char *w)
{
	return strcmp(w, "dan") == 0 || strcmp(w, "serta") == 0;
}

/* Longest spelling in the words after the anchor at i; the name's term index or MISSING. */
static int longest_division(const struct tokens *tk, size_t i, size_t *last)
{
	char key[KEY_MAX];
	size_t len = 0;
	int found = MISSING;
	size_t words = 0;
	for (size_t j = i + 1; j < tk->n && words < DIVISION_WORDS_MAX; j++) {
		const struct token *t = &tk->v[j];
		size_t w = strlen(t->word);
		if (!w || (t->flags & TOKEN_BREAK) || len + 1 + w >= sizeof key)
			break;
		if (is_conjunction(t->word))
			continue;
		if (len)
			key[len++] = ' ';
		memcpy(key + len, t->word, w + 1);
		len += w;
		words++;
		int value = table_get(&division_words, key, len);
		if (value >= 0) {
			found = value;
			*last = j;
		}
	}
	return found;
}

/* The election supervisors (Bawaslu, Panwaslih in Aceh) have divisions of their own:
 * "Anggota Bawaslu Kota Semarang Divisi Hukum", "Kordiv Hukum, Humas dan Datin Bawaslu".
 * A division is theirs when their name stands a few words before the anchor or after the
 * division, with no KPU/KIP in between. */
enum { SUPERVISOR_WINDOW = 6 };

static int is_supervisor(const char *w)
{
	static const char *const names[] = {"bawaslu", "panwaslu", "panwaslih", "panwascam",
					     "panwas", "gakkumdu", "dkpp", NULL};
	for (size_t i = 0; names[i]; i++)
		if (strcmp(w, names[i]) == 0)
			return 1;
	return 0;
}

static int is_commission(const char *w)
{
	return strcmp(w, "kpu") == 0 || strcmp(w, "kip") == 0 || strcmp(w, "kpud") == 0;
}

static int supervisors_division(const struct tokens *tk, const char *text, size_t anchor,
				size_t last)
{
	for (size_t k = 1; k <= SUPERVISOR_WINDOW && k <= anchor; k++) {
		const struct token *t = &tk->v[anchor - k];
		/* "Ketua Bawaslu dan Kadiv Hukum KPU ...": another person's title ends the look */
		/* "Anggota KPU Kota X Divisi Hukum ... Bawaslu": KPU named just before the anchor
		 * makes the division KPU's whatever follows. */
		if (is_commission(t->word))
			return 0;
		if (is_conjunction(t->word) || strcmp(t->word, "bersama") == 0 ||
		    strcmp(t->word, "dengan") == 0)
			break;
		if (is_supervisor(t->word))
			return 1;
		if (tk->v[anchor - k + 1].flags & TOKEN_BREAK)
			break;
	}
	for (size_t j = last + 1; j < tk->n && j <= last + SUPERVISOR_WINDOW; j++) {
		const struct token *t = &tk->v[j];
		if ((t->flags & TOKEN_BREAK) || is_commission(t->word))
			break;
		if (is_supervisor(t->word))
			return 1;
		/* Only the rest of a list of division names ("Hukum, Humas dan Datin Bawaslu")
		 * may stand between: a lower-case word such as a verb ("menerima audiensi
		 * Bawaslu") starts another clause. */
		if (!is_conjunction(t->word) && text[t->start] >= 'a' && text[t->start] <= 'z')
			break;
	}
	return 0;
}

static void find_divisions(const struct tokens *tk, const char *text, struct classify_result *out)
{
	for (size_t i = 0; i < tk->n; i++) {
		const char *w = tk->v[i].word;
		if (!anchor_initials[(unsigned char)w[0]] ||
		    table_get(&division_anchors, w, strlen(w)) == MISSING)
			continue;
		size_t last = i;
		int term = longest_division(tk, i, &last);
		if (term < 0 || supervisors_division(tk, text, i, last))
			continue;
		add_match(&out->divisions, &out->n_divisions, directory_division_terms[term].id, text,
			  tk->v[i].start, tk->v[last].end);
		/* "Divisi Datin dan Renlog": one member holding two divisions ("... dan SDM"
		 * is part of a longer name or a secretariat section, not a second one) */
		size_t next = last + 1;
		if (next + 1 < tk->n && is_conjunction(tk->v[next].word) &&
		    !(tk->v[next].flags & TOKEN_BREAK)) {
			size_t second_last = next;
			int second = longest_division(tk, next, &second_last);
			const char *id1 = directory_division_terms[term].id;
			const char *id2 = second >= 0 ? directory_division_terms[second].id : NULL;
			if (id2 && strcmp(id1, id2) != 0 && strcmp(id2, "SDM") != 0) {
				add_match(&out->divisions, &out->n_divisions,
					  directory_division_terms[second].id, text,
					  tk->v[next + 1].start, tk->v[second_last].end);
				last = second_last;
			}
		}
		i = last;
	}
}

int classify_text(const char *title, const char *body, struct classify_result *out)
{
	memset(out, 0, sizeof *out);
	vocabulary_init();
	struct tokens tk = {0};
	const char *parts[] = {title, body};
	for (size_t p = 0; p < 2; p++) {
		if (!parts[p])
			continue;
		tokenize(parts[p], &tk);
		find_mentions(&tk, parts[p], out);
		find_divisions(&tk, parts[p], out);
	}
	free(tk.v);
	return 0;
}

/* ---- lookups ---- */

size_t division_count(void)
{
	divisions_init();
	return division_ids_count;
}

const char *division_id_at(size_t i)
{
	divisions_init();
	return i < division_ids_count ? division_ids[i] : NULL;
}

static const struct directory_term *division_name_term(const char *id)
{
	for (size_t i = 0; id && i < directory_division_terms_count; i++) {
		const struct directory_term *term = &directory_division_terms[i];
		if (term->kind == DIRECTORY_TERM_NAME && str_casecmp_ascii(term->id, id) == 0)
			return term;
	}
	return NULL;
}

const char *division_name(const char *id)
{
	const struct directory_term *term = division_name_term(id);
	return term ? term->text : NULL;
}

const char *division_lookup(const char *text)
{
	if (!text)
		return NULL;
	divisions_init();
	char trimmed[KEY_MAX];
	snprintf(trimmed, sizeof trimmed, "%s", text);
	str_trim(trimmed);
	const struct directory_term *term = division_name_term(trimmed);
	if (term)
		return term->id;
	struct buf key;
	buf_init(&key);
	phrase_key(trimmed, 1, &key);
	const char *words = key.data;
	const char *space = strchr(words, ' ');
	/* "Divisi Hukum", "Kadiv Teknis": the anchor may come along. */
	if (space && table_get(&division_anchors, words, (size_t)(space - words)) != MISSING)
		words = space + 1;
	int value = table_get(&division_words, words, strlen(words));
	buf_free(&key);
	return value >= 0 ? directory_division_terms[value].id : NULL;
}

const char *classify_office_lookup(const char *text)
{
	if (!text)
		return NULL;
	char trimmed[KEY_MAX];
	snprintf(trimmed, sizeof trimmed, "%s", text);
	str_trim(trimmed);
	for (char *p = trimmed; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const struct office *o = directory_find_slug(trimmed);
	if (!o && strchr(trimmed, '.'))
		o = strstr(trimmed, "://") ? directory_find_url(trimmed) : directory_find_host(trimmed);
	if (o)
		return o->slug;
	vocabulary_init();
	struct tokens tk = {0};
	tokenize(trimmed, &tk);
	const char *slug = NULL;
	if (tk.n) {
		size_t anchor = office_anchor(&tk, 0);
		size_t last = 0;
		int office = longest_office(&tk, anchor, &last);
		if (office >= 0 && last + 1 == tk.n)
			slug = directory_offices[office].slug;
	}
	free(tk.v);
	return slug;
}
