/* libcurl, loaded when the first fetch begins rather than when warta starts. Linking it
 * makes every `warta list` load some forty libraries that only fetching needs (TLS,
 * Kerberos, LDAP, SSH, ...) and run their constructors: about 5 ms of a 10 ms start.
 * Only fetch.c includes this header, after <curl/curl.h>: the curl_* names below then
 * call through the table that curl_dl_load fills. */
#ifndef WARTA_CURL_DL_H
#define WARTA_CURL_DL_H

#include <stddef.h>

#ifndef CURL_DISABLE_TYPECHECK
#error "define CURL_DISABLE_TYPECHECK before including <curl/curl.h>"
#endif

struct curl_dl {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *curl);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode code);
	void (*free)(void *p);
	time_t (*getdate)(const char *p, const time_t *unused);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *multi);
	CURLMcode (*multi_add_handle)(CURLM *multi, CURL *curl);
	CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *curl);
	CURLMsg *(*multi_info_read)(CURLM *multi, int *left);
	CURLMcode (*multi_perform)(CURLM *multi, int *running);
	CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd *extra, unsigned int n,
				int timeout_ms, int *ret);
	CURLMcode (*multi_setopt)(CURLM *multi, CURLMoption option, ...);
	CURLMcode (*multi_wakeup)(CURLM *multi);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *u);
	CURLUcode (*url_get)(const CURLU *u, CURLUPart what, char **part, unsigned int flags);
	CURLUcode (*url_set)(CURLU *u, CURLUPart what, const char *part, unsigned int flags);
};

extern struct curl_dl curl_dl;

/* Loads libcurl and runs curl_global_init, once (thread-safe). 0, or -1 with a message
 * that names the library and the package to install. */
int curl_dl_load(char *err, size_t errlen);

/* curl.h wraps these three in macros that check the argument count: ours replace them. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt

#define curl_global_init (curl_dl.global_init)
#define curl_easy_init (curl_dl.easy_init)
#define curl_easy_cleanup (curl_dl.easy_cleanup)
#define curl_easy_setopt (curl_dl.easy_setopt)
#define curl_easy_getinfo (curl_dl.easy_getinfo)
#define curl_easy_strerror (curl_dl.easy_strerror)
#define curl_free (curl_dl.free)
#define curl_getdate (curl_dl.getdate)
#define curl_multi_init (curl_dl.multi_init)
#define curl_multi_cleanup (curl_dl.multi_cleanup)
#define curl_multi_add_handle (curl_dl.multi_add_handle)
#define curl_multi_remove_handle (curl_dl.multi_remove_handle)
#define curl_multi_info_read (curl_dl.multi_info_read)
#define curl_multi_perform (curl_dl.multi_perform)
#define curl_multi_poll (curl_dl.multi_poll)
#define curl_multi_setopt (curl_dl.multi_setopt)
#define curl_multi_wakeup (curl_dl.multi_wakeup)
#define curl_slist_append (curl_dl.slist_append)
#define curl_slist_free_all (curl_dl.slist_free_all)
#define curl_url (curl_dl.url)
#define curl_url_cleanup (curl_dl.url_cleanup)
#define curl_url_get (curl_dl.url_get)
#define curl_url_set (curl_dl.url_set)

#endif
