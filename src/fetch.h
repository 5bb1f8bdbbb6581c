/* The network: a libcurl multi engine that runs many transfers at once, politely.
 * Bytes are handed to the caller as they arrive (gzip/deflate undone here, a cut
 * compressed stream reported as an error), so parsing
 * happens while downloading. Knows nothing of SQL or curses. */
#ifndef WARTA_FETCH_H
#define WARTA_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fetch_limits {
	int jobs;                   /* transfers at once (default 8) */
	int per_host;               /* transfers at once to one host (default 2) */
	long connect_timeout_s;     /* default 15 */
	long total_timeout_s;       /* default 120 */
	long low_speed_bytes;       /* abort below this many bytes/s ... (default 10) */
	long low_speed_time_s;      /* ... for this long (default 30) */
	int64_t max_body;           /* bytes after decompression (default 16 MiB) */
	int max_redirects;          /* default 5, http/https targets only */
	int max_retries;            /* 429/503 retries honouring Retry-After (default 2) */
	long max_retry_after_s;     /* longest Retry-After we wait for (default 60) */
	const char *proxy;          /* NULL: libcurl reads http_proxy/https_proxy/no_proxy */
	const char *user_agent;     /* NULL: "warta/VERSION (+https://...)" */
};
void fetch_limits_default(struct fetch_limits *l);

struct fetch_request {
	const char *url;
	const char *etag;           /* If-None-Match, may be NULL */
	const char *last_modified;  /* If-Modified-Since, may be NULL */
	bool allow_file;            /* file:// allowed: only when the source itself is a file */
};

struct fetch_response {
	const char *url;            /* as requested */
	const char *effective_url;  /* after redirects */
	int status;                 /* HTTP status, 0 when no response */
	bool ok;                    /* 2xx (or file read) and the body arrived whole */
	bool cut_short;             /* not ok: the body stopped early (connection closed, or a
	                             * gzip/deflate stream cut); what on_data got is sound up
	                             * to the cut, so complete items in it may be kept, but the
	                             * validators must not be stored (the next fetch retries) */
	bool not_modified;          /* 304 */
	const char *etag;           /* response validators, NULL when absent */
	const char *last_modified;
	const char *content_type;
	int64_t body_bytes;         /* after decompression */
	const char *error;          /* one line naming what failed, NULL when ok/304 */
	bool offline;               /* the failure looks like no network at all */
	int attempts;               /* 1 + retries */
};

/* Called with each chunk of body as it arrives; return non-zero to abort the transfer
 * (reported as an error "aborted by caller"). */
typedef int (*fetch_data_fn)(void *user, const char *data, size_t len);
/* Called once when the transfer ends, whatever the outcome. */
typedef void (*fetch_done_fn)(void *user, const struct fetch_response *r);

struct fetch;
/* limits NULL: the defaults. The strings in limits are copied. */
struct fetch *fetch_new(const struct fetch_limits *limits);
/* Transfers still queued or running end first, each with on_done(error "cancelled").
 * Not to be called from inside a callback of the same fetch. */
void fetch_free(struct fetch *f);

/* Queues a request. May be called from inside a callback (a listing page queues its
 * articles). Returns 0, or -1 when the URL is refused (scheme not http/https, or file://
 * not allowed) in which case on_done is still called with the error. */
/* The request's strings are copied. A refusal's on_done runs before fetch_add returns.
 * Only a 2xx (or file) body reaches on_data: error pages and retried 429/503 answers
 * are read and dropped. */
int fetch_add(struct fetch *f, const struct fetch_request *req, fetch_data_fn on_data,
	      fetch_done_fn on_done, void *user);
/* Runs until every queued transfer has ended. Returns 0. */
int fetch_run(struct fetch *f);
/* One round of work waiting at most timeout_ms; returns the number of transfers still
 * queued or running (0 when idle). */
int fetch_step(struct fetch *f, int timeout_ms);
/* Makes fetch_run/fetch_step return soon (from a signal handler or another thread). */
void fetch_interrupt(struct fetch *f);

#endif
