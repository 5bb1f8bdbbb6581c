#include "config.h"
#include "commands.h"
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
	struct cli cli = {0};
	if (argc > 1 && strcmp(argv[1], "parse") == 0)
		return cmd_parse(&cli, argc - 1, argv + 1);
	fprintf(stderr, _("usage: warta COMMAND ...\n"));
	return EXIT_USAGE;
}
