/* The command-line commands. Each takes the global context and its own arguments
 * (argv[0] is the command name) and returns the process exit status:
 * 0 success, 1 failure (a message on stderr names what and why), 2 usage error. */
#ifndef WARTA_COMMANDS_H
#define WARTA_COMMANDS_H

struct cli {
	const char *db_path;      /* --db, or NULL for the XDG default */
	const char *config_path;  /* --config, or NULL for the XDG default */
	const char *archive_path; /* --archive (shared archive), or NULL */
	int demo;                 /* --demo */
};

#define EXIT_USAGE 2

int cmd_parse(struct cli *cli, int argc, char **argv);

#endif
