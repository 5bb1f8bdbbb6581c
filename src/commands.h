/* The command-line commands. Each takes the global context and its own arguments
 * (argv[0] is the command name) and returns the process exit status:
 * 0 success, 1 failure (a message on stderr names what and why), 2 usage error. */
#ifndef WARTA_COMMANDS_H
#define WARTA_COMMANDS_H

#include <stdarg.h>
#include <stdbool.h>

struct settings;
struct store;

struct cli {
	const char *db_path;       /* --db, or NULL for the settings/XDG default */
	const char *config_path;   /* --config, or NULL for the XDG default */
	const char *archive_path;  /* --archive (shared archive), or NULL */
	bool demo;                 /* --demo: open the bundled sample archive */
	struct settings *settings; /* loaded before any command runs */
	struct store *store;       /* opened on demand by cli_open_store */
};

#define EXIT_USAGE 2

/* Opens the database for a command (creating it when `write`), once; prints one clear
 * line on failure. Returns 0 or -1. */
int cli_open_store(struct cli *cli, bool write, struct store **out);
/* The database path in force (--db, settings, XDG default); caller frees. */
char *cli_db_path(const struct cli *cli);
/* Mirrors the compiled office directory and division list into the database. */
int cli_sync_vocabulary(struct store *st);
/* Prints "warta: " and the formatted message to stderr, sanitised. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Whether argv[i] is --help/-h; prints usage when so. */
bool cli_wants_help(int argc, char **argv, const char *usage);
/* Parses a positive integer option value; prints an error and returns -1 when bad. */
int cli_parse_int(const char *opt, const char *value, long min, long max, long *out);

int cmd_parse(struct cli *cli, int argc, char **argv);
int cmd_sources(struct cli *cli, int argc, char **argv);
int cmd_fetch(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_state(struct cli *cli, int argc, char **argv);   /* tag untag read unread flag unflag */
int cmd_offices(struct cli *cli, int argc, char **argv);
int cmd_reclassify(struct cli *cli, int argc, char **argv);
int cmd_views(struct cli *cli, int argc, char **argv);
int cmd_ui(struct cli *cli, int argc, char **argv);
int cmd_archive(struct cli *cli, int argc, char **argv);     /* archive export|import */
int cmd_state_sync(struct cli *cli, int argc, char **argv);  /* state export|import|token */
int cmd_sync(struct cli *cli, int argc, char **argv);        /* sync [USER@]HOST over ssh */

#endif
