#include "config.h"
#include "settings.h"
#include "extract.h"
#include "i18n.h"
#include "util/buf.h"
#include "util/url.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct setting_def {
	const char *name;
	const char *fallback;
	const char *doc;
};

#define SETTING_ROW(name, fallback, doc) {#name, fallback, doc},
static const struct setting_def setting_defs[] = {SETTINGS_TABLE(SETTING_ROW)};
#undef SETTING_ROW
#define N_SETTINGS (sizeof setting_defs / sizeof setting_defs[0])

struct pair {
	char *a;
	char *b;
};

struct profile_line {
	char *match;
	char *field;
	char *xpath;
};

struct settings {
	char *values[N_SETTINGS];
	struct pair *bindings;
	size_t n_bindings;
	struct pair *colors;
	size_t n_colors;
	struct profile_line *profiles;
	size_t n_profiles;
};

struct settings *settings_new(void)
{
	return xcalloc(1, sizeof(struct settings));
}

void settings_free(struct settings *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < N_SETTINGS; i++)
		free(c->values[i]);
	for (size_t i = 0; i < c->n_bindings; i++) {
		free(c->bindings[i].a);
		free(c->bindings[i].b);
	}
	for (size_t i = 0; i < c->n_colors; i++) {
		free(c->colors[i].a);
		free(c->colors[i].b);
	}
	for (size_t i = 0; i < c->n_profiles; i++) {
		free(c->profiles[i].match);
		free(c->profiles[i].field);
		free(c->profiles[i].xpath);
	}
	free(c->bindings);
	free(c->colors);
	free(c->profiles);
	free(c);
}

static int setting_index(const char *name)
{
	for (size_t i = 0; i < N_SETTINGS; i++)
		if (strcmp(setting_defs[i].name, name) == 0)
			return (int)i;
	return -1;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool is_bool_word(const char *s)
{
	static const char *const words[] = {"yes", "no", "true", "false", "on", "off", "1", "0"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/* The default tells a setting's type: a number takes whole numbers (a typo must not
 * silently become 0, which would mean "no limit" or "fail everything"), yes/no takes a
 * truth value, anything else takes text. */
static int check_value(const struct setting_def *d, const char *value, char *err,
		       size_t errlen)
{
	if (all_digits(d->fallback) && (!all_digits(value) || strlen(value) > 15)) {
		snprintf(err, errlen, _("%s takes a whole number, not \"%s\""), d->name, value);
		return -1;
	}
	if ((strcmp(d->fallback, "yes") == 0 || strcmp(d->fallback, "no") == 0) &&
	    !is_bool_word(value)) {
		snprintf(err, errlen, _("%s takes yes or no, not \"%s\""), d->name, value);
		return -1;
	}
	return 0;
}

int settings_set(struct settings *c, const char *name, const char *value, char *err,
		 size_t errlen)
{
	char key[64];
	snprintf(key, sizeof key, "%s", name);
	for (char *p = key; *p; p++)
		if (*p == '-')
			*p = '_';
	int i = setting_index(key);
	if (i < 0) {
		snprintf(err, errlen, _("unknown setting \"%s\""), name);
		return -1;
	}
	if (check_value(&setting_defs[i], value, err, errlen) < 0)
		return -1;
	free(c->values[i]);
	c->values[i] = xstrdup(value);
	return 0;
}

const char *settings_get(const struct settings *c, const char *name)
{
	int i = setting_index(name);
	if (i < 0)
		return "";
	if (c && c->values[i])
		return c->values[i];
	return setting_defs[i].fallback;
}

long settings_get_int(const struct settings *c, const char *name)
{
	return strtol(settings_get(c, name), NULL, 10);
}

bool settings_get_bool(const struct settings *c, const char *name)
{
	const char *v = settings_get(c, name);
	return strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0 ||
	       strcmp(v, "1") == 0;
}

size_t settings_binding_count(const struct settings *c)
{
	return c ? c->n_bindings : 0;
}

void settings_binding_at(const struct settings *c, size_t i, const char **key,
			 const char **action)
{
	*key = c->bindings[i].a;
	*action = c->bindings[i].b;
}

size_t settings_color_count(const struct settings *c)
{
	return c ? c->n_colors : 0;
}

void settings_color_at(const struct settings *c, size_t i, const char **element,
		       const char **spec)
{
	*element = c->colors[i].a;
	*spec = c->colors[i].b;
}

static void add_pair(struct pair **list, size_t *n, const char *a, const char *b)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[*n].a = xstrdup(a);
	(*list)[*n].b = xstrdup(b);
	(*n)++;
}

/* Splits off the next word; a word may be "quoted" (with \" and \\ escapes). */
static char *next_word(char **cursor)
{
	char *p = *cursor;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return NULL;
	char *start = p, *w = p;
	if (*p == '"') {
		p++;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			*w++ = *p++;
		}
		if (*p == '"')
			p++;
	} else {
		while (*p && *p != ' ' && *p != '\t')
			*w++ = *p++;
	}
	if (*p)
		p++;
	*w = '\0';
	*cursor = p;
	return start;
}

static int parse_profile(struct settings *c, char *rest, char *err, size_t errlen)
{
	char *match = next_word(&rest), *field = next_word(&rest);
	char *xpath = str_trim(rest);
	static const char *const fields[] = {"listing", "title", "body", "date", "author"};
	bool known = false;
	for (size_t i = 0; field && i < sizeof fields / sizeof fields[0]; i++)
		known |= strcmp(field, fields[i]) == 0;
	if (!match || !known || !*xpath) {
		snprintf(err, errlen, "%s",
			 _("expected: profile MATCH listing|title|body|date|author XPATH"));
		return -1;
	}
	c->profiles = xrealloc(c->profiles, (c->n_profiles + 1) * sizeof *c->profiles);
	c->profiles[c->n_profiles++] = (struct profile_line){xstrdup(match), xstrdup(field),
							    xstrdup(xpath)};
	return 0;
}

static int parse_line(struct settings *c, char *line, char *err, size_t errlen)
{
	char *rest = line;
	char *word = next_word(&rest);
	if (!word || *word == '#')
		return 0;
	if (strcmp(word, "bind") == 0) {
		char *key = next_word(&rest), *action = next_word(&rest);
		if (!key || !action) {
			snprintf(err, errlen, "%s", _("expected: bind KEY ACTION"));
			return -1;
		}
		add_pair(&c->bindings, &c->n_bindings, key, action);
		return 0;
	}
	if (strcmp(word, "color") == 0) {
		char *element = next_word(&rest);
		if (!element || !*str_trim(rest)) {
			snprintf(err, errlen, "%s", _("expected: color ELEMENT FG [BG [ATTR...]]"));
			return -1;
		}
		add_pair(&c->colors, &c->n_colors, element, str_squeeze_space(rest));
		return 0;
	}
	if (strcmp(word, "profile") == 0)
		return parse_profile(c, rest, err, errlen);
	if (strcmp(word, "set") == 0)
		word = next_word(&rest);
	if (!word) {
		snprintf(err, errlen, "%s", _("expected: set NAME VALUE"));
		return -1;
	}
	/* "name = value", "name=value" and "name value" are all accepted. */
	char *eq = strchr(word, '=');
	if (eq) {
		*eq = '\0';
		if (eq[1])
			rest = eq + 1;
	} else {
		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (*rest == '=')
			rest++;
	}
	char *value = str_trim(rest);
	size_t n = strlen(value);
	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		value[n - 1] = '\0';
		value++;
	}
	return settings_set(c, word, value, err, errlen);
}

int settings_read_file(struct settings *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, _("cannot read config file %s: %s"), path, strerror(errno));
		return 1;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		char msg[256];
		if (parse_line(c, line, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

int settings_load(const char *path, bool explicit_path, struct settings **out, char *err,
		  size_t errlen)
{
	*out = NULL;
	char *fallback = NULL;
	if (!path)
		path = fallback = settings_default_config_path();
	struct settings *c = settings_new();
	int rc = path ? settings_read_file(c, path, err, errlen) : 1;
	if (rc == 1 && explicit_path)
		rc = -1;   /* err names the file and why */
	free(fallback);
	if (rc < 0) {
		settings_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

static bool profile_matches(const char *match, const char *host, const char *office)
{
	if (strcmp(match, "*") == 0)
		return true;
	if (office && str_casecmp_ascii(match, office) == 0)
		return true;
	return host && str_casecmp_ascii(match, host) == 0;
}

bool settings_profile_for(const struct settings *c, const char *url, const char *office,
			  struct extract_profile *p)
{
	memset(p, 0, sizeof *p);
	if (!c)
		return false;
	char hostbuf[256];
	const char *host = url ? url_host(url, hostbuf, sizeof hostbuf) : NULL;
	bool any = false;
	/* Later lines win, so a specific rule after a "*" rule overrides it. */
	for (size_t i = 0; i < c->n_profiles; i++) {
		const struct profile_line *l = &c->profiles[i];
		if (!profile_matches(l->match, host, office))
			continue;
		any = true;
		if (strcmp(l->field, "listing") == 0)
			p->listing_links = l->xpath;
		else if (strcmp(l->field, "title") == 0)
			p->title = l->xpath;
		else if (strcmp(l->field, "body") == 0)
			p->body = l->xpath;
		else if (strcmp(l->field, "date") == 0)
			p->date = l->xpath;
		else if (strcmp(l->field, "author") == 0)
			p->author = l->xpath;
	}
	return any;
}

static char *xdg_path(const char *var, const char *home_rel, const char *leaf)
{
	const char *base = getenv(var);
	struct buf b;
	buf_init(&b);
	if (base && *base == '/') {
		buf_adds(&b, base);
	} else {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			buf_free(&b);
			return NULL;
		}
		buf_printf(&b, "%s/%s", home, home_rel);
	}
	buf_printf(&b, "/warta%s%s", leaf ? "/" : "", leaf ? leaf : "");
	return buf_steal(&b);
}

char *settings_default_db_path(void)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", "warta.db");
}

char *settings_default_config_path(void)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", "config");
}

char *settings_data_dir(void)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", NULL);
}

int settings_make_parent_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	int rc = (mkdir(dir, 0700) < 0 && errno != EEXIST) ? -1 : 0;
	free(dir);
	return rc;
}
