/* gettext glue: every user-facing string goes through _() or N_(). */
#ifndef WARTA_I18N_H
#define WARTA_I18N_H

#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)

#endif
