/* The bundled offline sample: a few dozen Indonesian KPU-style articles compiled into the
 * binary (and installed as data/sample.xml), so that a new user sees a working reader
 * without any network. `warta --demo` keeps it in its own database. */
#ifndef WARTA_DEMO_H
#define WARTA_DEMO_H

#include <stddef.h>

struct settings;
struct store;

/* $XDG_DATA_HOME/warta/demo.db; caller frees. */
char *demo_db_path(void);
/* Loads the sample into an empty database (does nothing when it holds articles).
 * Returns 0 or -1 with a message in err. */
int demo_seed(struct store *st, const struct settings *settings, char *err, size_t errlen);

#endif
