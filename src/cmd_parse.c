/* Placeholder replaced by the feed module's owner. */
#include "config.h"
#include "commands.h"
#include <stdio.h>
int cmd_parse(struct cli *cli, int argc, char **argv) { fputs("parse: not built yet\n", stderr); return 1; }
