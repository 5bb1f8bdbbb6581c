/* Settings (one table: name, type, default, doc), the config file, key bindings,
 * colours, extraction profiles, and the XDG paths. Knows nothing of fetching or the UI. */
#ifndef WARTA_SETTINGS_H
#define WARTA_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

struct extract_profile;

/* X(name, default, doc): every setting, the single source of truth for the parser,
 * `warta --help-config` and the man page. Values are strings, read as int/bool on use. */
#define SETTINGS_TABLE(X) \
	X(archive, "", N_("shared archive database, opened read-only (see --archive)")) \
	X(db, "", N_("database file (default $XDG_DATA_HOME/warta/warta.db)")) \
	X(jobs, "8", N_("transfers at once when fetching")) \
	X(per_host, "2", N_("transfers at once to one host")) \
	X(connect_timeout, "15", N_("seconds to wait for a connection")) \
	X(timeout, "120", N_("seconds one transfer may take in all")) \
	X(low_speed_limit, "10", N_("abort a transfer slower than this many bytes/s...")) \
	X(low_speed_time, "30", N_("...for this many seconds")) \
	X(max_body, "16777216", N_("largest body in bytes, after decompression")) \
	X(max_redirects, "5", N_("redirects followed (http and https only)")) \
	X(max_retries, "2", N_("retries after 429/503 honouring Retry-After")) \
	X(max_retry_after, "60", N_("longest Retry-After in seconds that is waited for")) \
	X(proxy, "", N_("proxy URL (default: http_proxy/https_proxy/no_proxy)")) \
	X(user_agent, "", N_("User-Agent header (default warta/VERSION)")) \
	X(pages, "3", N_("listing pages read on a site's first fetch")) \
	X(browser, "", N_("program that opens links (default $BROWSER, else xdg-open)")) \
	X(color, "yes", N_("use colours when the terminal has them (NO_COLOR turns them off)")) \
	X(mouse, "no", N_("wheel scrolls and click selects")) \
	X(shared, "no", N_("create the archive group-readable for a shared server")) \
	X(log_file, "", N_("verbose log of fetches"))

struct settings;

/* Loads path (NULL: the XDG default, silently absent is fine). A path given explicitly
 * must exist. Errors name the file and line. On failure *out is NULL. */
int settings_load(const char *path, bool explicit_path, struct settings **out, char *err,
		size_t errlen);
/* Reads one config file on top of c (later lines win): 0 read, 1 the file could not be
 * opened (err says why; fine unless the user named the file), -1 a bad line (err names the
 * file and line). For /etc/warta/config before the user's. */
int settings_read_file(struct settings *c, const char *path, char *err, size_t errlen);
/* An empty configuration with all defaults. */
struct settings *settings_new(void);
void settings_free(struct settings *c);

/* Sets a setting by name; returns -1 (message in err) for an unknown name. */
int settings_set(struct settings *c, const char *name, const char *value, char *err, size_t errlen);
const char *settings_get(const struct settings *c, const char *name);   /* "" when unset */
long settings_get_int(const struct settings *c, const char *name);
bool settings_get_bool(const struct settings *c, const char *name);

/* `bind KEY ACTION` lines in file order. */
size_t settings_binding_count(const struct settings *c);
void settings_binding_at(const struct settings *c, size_t i, const char **key, const char **action);
/* `color ELEMENT FG [BG [ATTR...]]` lines in file order (the fields joined by spaces). */
size_t settings_color_count(const struct settings *c);
void settings_color_at(const struct settings *c, size_t i, const char **element, const char **spec);

/* `profile MATCH FIELD XPATH` lines: MATCH is an office slug, a host, or "*".
 * Fills p with the selectors for a source (by URL and office slug); false when none. */
bool settings_profile_for(const struct settings *c, const char *url, const char *office,
			struct extract_profile *p);

/* XDG paths (caller frees): $XDG_DATA_HOME/warta/warta.db, $XDG_CONFIG_HOME/warta/config,
 * $XDG_DATA_HOME/warta. NULL when neither XDG_* nor HOME is set. */
char *settings_default_db_path(void);
char *settings_default_config_path(void);
char *settings_data_dir(void);
/* mkdir -p for the directory that would hold path (mode 0700). Returns 0 or -1. */
int settings_make_parent_dir(const char *path);

#endif
