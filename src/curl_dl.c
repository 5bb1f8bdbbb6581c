/* libcurl through dlopen: see curl_dl.h for why. */
#include "config.h"

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include "curl_dl.h"
#include "i18n.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* The library's name since libcurl 7.16 (2006): its ABI number has not changed since. */
#define LIBCURL_SONAME "libcurl.so.4"

struct curl_dl curl_dl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];

/* Where each entry of the table goes, by the name libcurl exports. */
#define ENTRY(field, name) { #name, (void **)&curl_dl.field }
static const struct {
	const char *name;
	void **slot;
} entries[] = {
	ENTRY(global_init, curl_global_init),
	ENTRY(easy_init, curl_easy_init),
	ENTRY(easy_cleanup, curl_easy_cleanup),
	ENTRY(easy_setopt, curl_easy_setopt),
	ENTRY(easy_getinfo, curl_easy_getinfo),
	ENTRY(easy_strerror, curl_easy_strerror),
	ENTRY(free, curl_free),
	ENTRY(getdate, curl_getdate),
	ENTRY(multi_init, curl_multi_init),
	ENTRY(multi_cleanup, curl_multi_cleanup),
	ENTRY(multi_add_handle, curl_multi_add_handle),
	ENTRY(multi_remove_handle, curl_multi_remove_handle),
	ENTRY(multi_info_read, curl_multi_info_read),
	ENTRY(multi_perform, curl_multi_perform),
	ENTRY(multi_poll, curl_multi_poll),
	ENTRY(multi_setopt, curl_multi_setopt),
	ENTRY(multi_wakeup, curl_multi_wakeup),
	ENTRY(slist_append, curl_slist_append),
	ENTRY(slist_free_all, curl_slist_free_all),
	ENTRY(url, curl_url),
	ENTRY(url_cleanup, curl_url_cleanup),
	ENTRY(url_get, curl_url_get),
	ENTRY(url_set, curl_url_set),
};

static void load(void)
{
	/* Kept open for the life of the process: libcurl cannot be unloaded safely. */
	void *lib = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(load_error, sizeof load_error,
			 _("cannot load libcurl (%s): %s; install the Debian package libcurl4"),
			 LIBCURL_SONAME, dlerror());
		return;
	}
	for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
		/* POSIX's way to turn dlsym's void * into a function pointer. */
		*entries[i].slot = dlsym(lib, entries[i].name);
		if (!*entries[i].slot) {
			snprintf(load_error, sizeof load_error,
				 _("libcurl (%s) is too old: it lacks %s; install libcurl 7.68 or newer"),
				 LIBCURL_SONAME, entries[i].name);
			return;
		}
	}
	if (curl_dl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		snprintf(load_error, sizeof load_error, "%s", _("cannot initialise libcurl"));
}

int curl_dl_load(char *err, size_t errlen)
{
	pthread_once(&load_once, load);
	if (!load_error[0])
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "%s", load_error);
	return -1;
}
