/* warta: start-up as a list of stages (locale, settings, command), each undone in
 * reverse; the command table; global options. Nothing below main calls exit(). */
#include "config.h"
#include "commands.h"
#include "i18n.h"
#include "settings.h"
#include "store.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"sources", cmd_sources, N_("add, remove, list, import and export subscriptions")},
	{"fetch", cmd_fetch, N_("fetch sources and store their new articles")},
	{"list", cmd_list, N_("list stored articles (filters, text/JSON/CSV)")},
	{"show", cmd_show, N_("show one article as readable text")},
	{"export", cmd_export, N_("export articles as JSON or CSV")},
	{"tag", cmd_state, N_("add tags to articles")},
	{"untag", cmd_state, N_("remove tags from articles")},
	{"read", cmd_state, N_("mark articles read")},
	{"unread", cmd_state, N_("mark articles unread")},
	{"flag", cmd_state, N_("flag articles")},
	{"unflag", cmd_state, N_("remove the flag from articles")},
	{"views", cmd_views, N_("list, save and delete saved filters")},
	{"offices", cmd_offices, N_("list the KPU office directory")},
	{"reclassify", cmd_reclassify, N_("classify the stored archive again")},
	{"parse", cmd_parse, N_("parse one feed file without storing it")},
	{"archive", cmd_archive, N_("export an archive subset to a file, or merge one in")},
	{"state", cmd_state_sync, N_("export or import reading state changes (laptop sync)")},
	{"sync", cmd_sync, N_("sync articles and reading state with a server over ssh")},
	{"ui", cmd_ui, N_("open the interface (the default)")},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
	fprintf(out, "%s\n\n", _("usage: warta [--db FILE] [--archive FILE] [--config FILE] [--demo] [COMMAND [ARGS...]]"));
	fprintf(out, "%s\n\n", _("A terminal newsroom reader for the news of KPU offices and the media that cover them."));
	fprintf(out, "%s\n", _("Commands:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-11s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, "\n%s\n", _("Options:"));
	fprintf(out, "  --db FILE       %s\n", _("database (default $XDG_DATA_HOME/warta/warta.db)"));
	fprintf(out, "  --archive FILE  %s\n", _("read a shared archive; reading state stays in your own database"));
	fprintf(out, "  --config FILE   %s\n", _("configuration (default $XDG_CONFIG_HOME/warta/config)"));
	fprintf(out, "  --demo          %s\n", _("open the bundled offline sample archive"));
	fprintf(out, "  --version       %s\n", _("print the version"));
	fprintf(out, "\n%s\n", _("Run 'warta COMMAND --help' for the options of a command."));
}

/* Global options come before the command. Returns the index of the command word (argc
 * when none), or -1 after a usage error, -2 when the run is already complete. */
static int parse_global(struct cli *cli, int argc, char **argv)
{
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		const char **target = NULL;
		if (strcmp(a, "--db") == 0)
			target = &cli->db_path;
		else if (strcmp(a, "--config") == 0)
			target = &cli->config_path;
		else if (strcmp(a, "--archive") == 0)
			target = &cli->archive_path;
		if (target) {
			if (i + 1 >= argc) {
				cli_error(_("%s needs a file name"), a);
				return -1;
			}
			*target = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli->db_path = a + 5;
		} else if (strncmp(a, "--config=", 9) == 0) {
			cli->config_path = a + 9;
		} else if (strncmp(a, "--archive=", 10) == 0) {
			cli->archive_path = a + 10;
		} else if (strcmp(a, "--demo") == 0) {
			cli->demo = true;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("warta %s\n", PACKAGE_VERSION);
			return -2;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_usage(stdout);
			return -2;
		} else if (a[0] == '-' && a[1]) {
			cli_error(_("unknown option %s (see warta --help)"), a);
			return -1;
		} else {
			break;
		}
	}
	return i;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int run_command(struct cli *cli, int argc, char **argv, int first)
{
	if (first >= argc)
		return cmd_ui(cli, 0, NULL);
	const struct command *c = find_command(argv[first]);
	if (!c) {
		cli_error(_("unknown command \"%s\" (see warta --help)"), argv[first]);
		return EXIT_USAGE;
	}
	return c->run(cli, argc - first, argv + first);
}

/* The system-wide file (a shared server's archive setting) first, the user's on top. */
static int load_settings(struct cli *cli, char *err, size_t errlen)
{
	const char *system = getenv("WARTA_SYSTEM_CONFIG");
	cli->settings = settings_new();
	/* SYSCONFDIR is /usr/local/etc in a default build; administrators expect /etc. */
	int rc = settings_read_file(cli->settings, system ? system : SYSCONFDIR "/warta/config",
				    err, errlen);
	if (rc == 1 && !system && strcmp(SYSCONFDIR, "/etc") != 0)
		rc = settings_read_file(cli->settings, "/etc/warta/config", err, errlen);
	if (rc < 0)
		return -1;
	char *fallback = NULL;
	const char *path = cli->config_path;
	if (!path)
		path = fallback = settings_default_config_path();
	rc = path ? settings_read_file(cli->settings, path, err, errlen) : 1;
	if (rc == 1 && cli->config_path)
		rc = -1;   /* err names the file and why */
	free(fallback);
	return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* WARTA_LOCALEDIR lets the tests use catalogues from the build tree, uninstalled. */
	const char *localedir = getenv("WARTA_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);

	struct cli cli = {0};
	int first = parse_global(&cli, argc, argv);
	if (first == -2)
		return 0;
	if (first < 0)
		return EXIT_USAGE;

	char err[512];
	if (load_settings(&cli, err, sizeof err) < 0) {
		cli_error("%s", err);
		settings_free(cli.settings);
		return 1;
	}
	int status = run_command(&cli, argc, argv, first);
	if (cli.store)
		store_close(cli.store);
	settings_free(cli.settings);
	if (fflush(stdout) != 0 && status == 0) {
		cli_error(_("cannot write the output"));
		status = 1;
	}
	return status;
}
