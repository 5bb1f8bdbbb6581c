#include "config.h"
#include "fetch.h"
#include "i18n.h"
#include "util/buf.h"
#include "util/url.h"

/* libcurl is loaded by the first fetch_new, not linked (curl_dl.h). */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include "curl_dl.h"
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

/* A fetch is a FIFO of pending transfers (new ones, and 429/503 ones waiting for their
 * retry time) plus at most `jobs` running ones.  Easy handles are only created, added and
 * cleaned up from fetch_step itself, never from inside a curl callback, so callers may
 * queue requests from on_data and on_done. */

enum { HOST_MAX = 256, HEADER_VALUE_MAX = 512, REASON_MAX = 64, ERROR_MAX = 512 };

/* Bodies are decompressed here, not by libcurl: libcurl hands over whatever inflated
 * before a gzip stream was cut and calls the transfer complete, so a truncated body
 * looked like a whole feed (its last items silently missing, its ETag stored). Only
 * gzip and deflate are asked for, so only they need undoing. */
enum coding { CODING_IDENTITY, CODING_GZIP, CODING_DEFLATE, CODING_OTHER };

struct decoder {
	enum coding coding;
	char *name;             /* the Content-Encoding as sent, for messages */
	bool started;           /* inflateInit done */
	bool ended;             /* the stream's end (and gzip trailer) arrived */
	bool raw;               /* deflate without the zlib wrapper, as some servers send */
	bool failed;            /* corrupt data */
	int64_t produced;       /* bytes inflated so far */
	z_stream z;
};

struct transfer {
	struct fetch *fetch;
	struct transfer *next;          /* in the pending queue */
	char *url;
	char *if_none_match;
	char *if_modified_since;
	bool allow_file;
	bool is_file;
	char host[HOST_MAX];
	fetch_data_fn on_data;
	fetch_done_fn on_done;
	void *user;
	int attempts;
	int64_t not_before_ms;          /* retry time on the monotonic clock */

	CURL *easy;
	struct curl_slist *headers;
	char curl_error[CURL_ERROR_SIZE];
	/* What the final response said (reset by every status line). */
	int status;
	char reason[REASON_MAX];
	char *etag;
	char *last_modified;
	char *content_type;
	char *location;
	long retry_after_s;             /* -1: none given */
	int64_t body_bytes;             /* handed to the caller */
	int64_t discarded_bytes;        /* of error pages, counted against the same limit */
	bool too_big;
	bool caller_abort;
	struct decoder decoder;         /* the body's Content-Encoding, undone here */
};

struct fetch {
	struct fetch_limits limits;
	char *proxy;
	char *user_agent;
	CURLM *multi;
	struct transfer *pending;
	struct transfer *pending_tail;
	int pending_count;
	struct transfer **running;      /* limits.jobs slots */
	int running_count;
	atomic_bool interrupted;
	bool closing;
	bool refusing;                  /* inside on_done for a refused request */
	char *unavailable;              /* libcurl could not be loaded: why, for each request */
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void fetch_limits_default(struct fetch_limits *l)
{
	*l = (struct fetch_limits){
		.jobs = 8,
		.per_host = 2,
		.connect_timeout_s = 15,
		.total_timeout_s = 120,
		.low_speed_bytes = 10,
		.low_speed_time_s = 30,
		.max_body = 16 * 1024 * 1024,
		.max_redirects = 5,
		.max_retries = 2,
		.max_retry_after_s = 60,
	};
}

/* ---- the response as seen through curl's callbacks ---------------------------------- */

static const char *status_reason(int status)
{
	static const struct { int code; const char *text; } reasons[] = {
		{ 300, "Multiple Choices" }, { 301, "Moved Permanently" }, { 302, "Found" },
		{ 303, "See Other" }, { 307, "Temporary Redirect" }, { 308, "Permanent Redirect" },
		{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
		{ 404, "Not Found" }, { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
		{ 408, "Request Timeout" }, { 410, "Gone" }, { 429, "Too Many Requests" },
		{ 451, "Unavailable For Legal Reasons" }, { 500, "Internal Server Error" },
		{ 501, "Not Implemented" }, { 502, "Bad Gateway" }, { 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (reasons[i].code == status)
			return reasons[i].text;
	return NULL;
}

static void decoder_reset(struct decoder *d)
{
	if (d->started)
		inflateEnd(&d->z);
	free(d->name);
	memset(d, 0, sizeof *d);
}

static void response_reset(struct transfer *t)
{
	decoder_reset(&t->decoder);
	free(t->etag);
	free(t->last_modified);
	free(t->content_type);
	free(t->location);
	t->etag = t->last_modified = t->content_type = t->location = NULL;
	t->status = 0;
	t->reason[0] = '\0';
	t->retry_after_s = -1;
}

/* A header value, trimmed, or NULL when it is too long or holds control characters:
 * validators are stored and sent back verbatim, so they must be clean. */
static char *header_value(const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	if (!n || n > HEADER_VALUE_MAX)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 && v[i] != '\t')
			return NULL;
	return xstrndup(v, n);
}

static long parse_retry_after(const char *v)
{
	if (!v)
		return -1;
	if (*v >= '0' && *v <= '9') {
		long s = 0;
		for (; *v >= '0' && *v <= '9'; v++)
			s = s < 100000000 ? s * 10 + (*v - '0') : s;
		return s;
	}
	time_t when = curl_getdate(v, NULL);
	if (when == -1)
		return -1;
	time_t now = time(NULL);
	return when > now ? (long)(when - now) : 0;
}

static void status_line(struct transfer *t, const char *line, size_t n)
{
	response_reset(t);
	const char *p = memchr(line, ' ', n);
	if (!p)
		return;
	int status = 0;
	size_t i = (size_t)(p - line) + 1;
	for (; i < n && line[i] >= '0' && line[i] <= '9' && status < 1000; i++)
		status = status * 10 + (line[i] - '0');
	t->status = status;
	size_t k = 0;
	for (i++; i < n && k + 1 < REASON_MAX && line[i] >= ' ' && line[i] < 0x7f; i++)
		t->reason[k++] = line[i];
	t->reason[k] = '\0';
}

static bool header_is(const char *line, size_t n, const char *name, const char **value)
{
	size_t len = strlen(name);
	if (n <= len || line[len] != ':' || str_ncasecmp_ascii(line, name, len) != 0)
		return false;
	*value = line + len + 1;
	return true;
}

/* Takes the Content-Encoding header's value. */
static void decoder_choose(struct decoder *d, char *name)
{
	decoder_reset(d);
	if (!name || str_casecmp_ascii(name, "identity") == 0) {
		free(name);
		return;
	}
	d->name = name;
	if (str_casecmp_ascii(name, "gzip") == 0 || str_casecmp_ascii(name, "x-gzip") == 0)
		d->coding = CODING_GZIP;
	else if (str_casecmp_ascii(name, "deflate") == 0)
		d->coding = CODING_DEFLATE;
	else
		d->coding = CODING_OTHER;
}

static size_t on_header(char *line, size_t size, size_t count, void *data)
{
	struct transfer *t = data;
	size_t n = size * count;
	const char *v;
	char **slot = NULL;
	if (n > 5 && memcmp(line, "HTTP/", 5) == 0) {
		status_line(t, line, n);
		return n;
	}
	if (header_is(line, n, "ETag", &v))
		slot = &t->etag;
	else if (header_is(line, n, "Last-Modified", &v))
		slot = &t->last_modified;
	else if (header_is(line, n, "Content-Type", &v))
		slot = &t->content_type;
	else if (header_is(line, n, "Location", &v))
		slot = &t->location;
	else if (header_is(line, n, "Content-Encoding", &v))
		decoder_choose(&t->decoder, header_value(v, n - (size_t)(v - line)));
	else if (header_is(line, n, "Retry-After", &v)) {
		char *value = header_value(v, n - (size_t)(v - line));
		t->retry_after_s = parse_retry_after(value);
		free(value);
	}
	if (slot) {
		free(*slot);
		*slot = header_value(v, n - (size_t)(v - line));
	}
	return n;
}

static bool status_ok(int status)
{
	return status >= 200 && status < 300;
}

/* Hands decompressed bytes on: the body limit is on what the caller would have to
 * hold. Returns false when the transfer is to stop. */
static bool deliver(struct transfer *t, const char *data, size_t n, bool wanted)
{
	int64_t max = t->fetch->limits.max_body;
	int64_t *seen = wanted ? &t->body_bytes : &t->discarded_bytes;
	if (*seen + (int64_t)n > max) {
		t->too_big = true;
		return false;
	}
	*seen += (int64_t)n;
	if (!wanted || !n)
		return true;
	if (t->on_data && t->on_data(t->user, data, n) != 0) {
		t->caller_abort = true;
		return false;
	}
	return true;
}

static bool decoder_start(struct decoder *d)
{
	/* 15 + 32: a zlib or a gzip header, whichever comes; -15: no header at all. */
	if (inflateInit2(&d->z, d->raw ? -15 : 15 + 32) != Z_OK)
		return false;
	d->started = true;
	return true;
}

/* Inflates data into the caller's hands; false stops the transfer. Trailing bytes after
 * the end of the stream start another gzip member or are ignored, as browsers do. */
static bool inflate_body(struct transfer *t, const char *data, size_t n, bool wanted)
{
	struct decoder *d = &t->decoder;
	unsigned char out[16384];
	if (!d->started && !decoder_start(d))
		return d->failed = true, false;
	d->z.next_in = (unsigned char *)data;
	d->z.avail_in = (uInt)n;
	while (d->z.avail_in && !d->ended) {
		d->z.next_out = out;
		d->z.avail_out = sizeof out;
		int rc = inflate(&d->z, Z_NO_FLUSH);
		size_t got = sizeof out - d->z.avail_out;
		if (rc == Z_DATA_ERROR && d->coding == CODING_DEFLATE && !d->raw && !d->produced &&
		    d->z.total_in <= n) {
			/* "deflate" without its zlib wrapper: start again, raw. */
			inflateEnd(&d->z);
			d->started = false;
			d->raw = true;
			return inflate_body(t, data, n, wanted);
		}
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			return d->failed = true, false;
		d->produced += (int64_t)got;
		if (!deliver(t, (const char *)out, got, wanted))
			return false;
		if (rc == Z_STREAM_END) {
			bool member = d->coding == CODING_GZIP && d->z.avail_in >= 2 &&
				      d->z.next_in[0] == 0x1f && d->z.next_in[1] == 0x8b;
			if (member)
				inflateReset(&d->z);
			else
				d->ended = true;
		}
		if (rc == Z_BUF_ERROR && !got)
			break;
	}
	return true;
}

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
	struct transfer *t = user;
	size_t n = size * count;
	/* The body of an error page or a 429 that will be retried is not the caller's. */
	bool wanted = t->is_file || status_ok(t->status);
	enum coding coding = wanted ? t->decoder.coding : CODING_IDENTITY;
	if (coding == CODING_GZIP || coding == CODING_DEFLATE)
		return inflate_body(t, data, n, wanted) ? n : 0;
	if (coding == CODING_OTHER && n)
		return 0; /* not asked for: reported when the transfer ends */
	return deliver(t, data, n, wanted) ? n : 0;
}

/* ---- starting transfers ------------------------------------------------------------- */

static struct curl_slist *conditional_headers(const struct transfer *t)
{
	struct curl_slist *list = NULL;
	struct buf b;
	buf_init(&b);
	if (t->if_none_match) {
		buf_printf(&b, "If-None-Match: %s", t->if_none_match);
		list = curl_slist_append(list, b.data);
		buf_reset(&b);
	}
	if (t->if_modified_since) {
		buf_printf(&b, "If-Modified-Since: %s", t->if_modified_since);
		list = curl_slist_append(list, b.data);
	}
	buf_free(&b);
	return list;
}

static CURL *easy_new(struct transfer *t)
{
	const struct fetch *f = t->fetch;
	const struct fetch_limits *l = &f->limits;
	CURL *e = curl_easy_init();
	if (!e)
		abort();
	curl_easy_setopt(e, CURLOPT_URL, t->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->curl_error);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, t->allow_file ? "http,https,file" : "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)l->max_redirects);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
	curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, f->user_agent);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Waiting to multiplex only pays off where HTTP/2 can be had (TLS); on plain http it
	 * made a second request to a host wait for a slow first one to finish. */
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, strncmp(t->url, "https:", 6) == 0 ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, l->connect_timeout_s);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, l->total_timeout_s);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, l->low_speed_bytes);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, l->low_speed_time_s);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)l->max_body);
	curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	if (f->proxy)
		curl_easy_setopt(e, CURLOPT_PROXY, f->proxy);
	t->headers = conditional_headers(t);
	if (t->headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	return e;
}

static int host_running(const struct fetch *f, const char *host)
{
	int n = 0;
	for (int i = 0; i < f->running_count; i++)
		n += strcmp(f->running[i]->host, host) == 0;
	return n;
}

static void transfer_start(struct fetch *f, struct transfer *t)
{
	response_reset(t);
	t->body_bytes = t->discarded_bytes = 0;
	t->too_big = t->caller_abort = false;
	t->curl_error[0] = '\0';
	t->attempts++;
	t->easy = easy_new(t);
	f->running[f->running_count++] = t;
	curl_multi_add_handle(f->multi, t->easy);
}

/* Starts what the limits allow, in queue order; returns the milliseconds until the
 * earliest retry that is not due yet (-1: none). */
static long start_ready(struct fetch *f)
{
	long wait = -1;
	int64_t now = now_ms();
	struct transfer **link = &f->pending, *prev = NULL;
	while (*link && f->running_count < f->limits.jobs) {
		struct transfer *t = *link;
		if (t->not_before_ms > now) {
			long left = (long)(t->not_before_ms - now);
			wait = wait < 0 || left < wait ? left : wait;
		} else if (host_running(f, t->host) < f->limits.per_host) {
			*link = t->next;
			if (f->pending_tail == t)
				f->pending_tail = prev;
			t->next = NULL;
			f->pending_count--;
			transfer_start(f, t);
			continue;
		}
		prev = t;
		link = &t->next;
	}
	return wait;
}

static void pending_append(struct fetch *f, struct transfer *t)
{
	t->next = NULL;
	if (f->pending_tail)
		f->pending_tail->next = t;
	else
		f->pending = t;
	f->pending_tail = t;
	f->pending_count++;
}

/* ---- ending transfers --------------------------------------------------------------- */

static void transfer_free(struct transfer *t)
{
	response_reset(t);
	free(t->url);
	free(t->if_none_match);
	free(t->if_modified_since);
	free(t);
}

static void easy_release(struct fetch *f, struct transfer *t)
{
	if (!t->easy)
		return;
	curl_multi_remove_handle(f->multi, t->easy);
	curl_easy_cleanup(t->easy);
	curl_slist_free_all(t->headers);
	t->easy = NULL;
	t->headers = NULL;
	for (int i = 0; i < f->running_count; i++)
		if (f->running[i] == t) {
			f->running[i] = f->running[--f->running_count];
			break;
		}
}

static void http_status_error(const struct transfer *t, char *out, size_t len)
{
	const char *reason = status_reason(t->status);
	if (!reason)
		reason = t->reason;
	snprintf(out, len, _("HTTP %d %s"), t->status, reason);
	size_t n = strlen(out);
	if (n && out[n - 1] == ' ')
		out[n - 1] = '\0';
}

/* Where a failed connection was going: the address tried, else the URL's host:port. */
static void peer_name(const struct transfer *t, char *out, size_t len)
{
	char *ip = NULL;
	long port = 0;
	curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_PORT, &port);
	if (ip && *ip && port > 0) {
		snprintf(out, len, strchr(ip, ':') ? "[%s]:%ld" : "%s:%ld", ip, port);
		return;
	}
	CURLU *u = curl_url();
	char *host = NULL, *portstr = NULL;
	char *effective = NULL;
	curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &effective);
	if (curl_url_set(u, CURLUPART_URL, effective ? effective : t->url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &portstr, CURLU_DEFAULT_PORT) == CURLUE_OK)
		snprintf(out, len, "%s:%s", host, portstr);
	else
		snprintf(out, len, "%s", t->host);
	curl_free(host);
	curl_free(portstr);
	curl_url_cleanup(u);
}

static void connect_error(const struct transfer *t, char *out, size_t len, bool *offline)
{
	char peer[300];
	long os_errno = 0;
	peer_name(t, peer, sizeof peer);
	curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
	if (os_errno == ECONNREFUSED)
		snprintf(out, len, _("connection refused: %s"), peer);
	else if (os_errno == ENETUNREACH) {
		*offline = true;
		snprintf(out, len, _("network unreachable: %s"), peer);
	} else if (os_errno == EHOSTUNREACH)
		snprintf(out, len, _("host unreachable: %s"), peer);
	else
		snprintf(out, len, _("could not connect to %s: %s"), peer,
			 os_errno ? strerror((int)os_errno) : t->curl_error);
}

static void timeout_error(const struct transfer *t, char *out, size_t len)
{
	const struct fetch_limits *l = &t->fetch->limits;
	curl_off_t connected_us = 0;
	curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &connected_us);
	if (strstr(t->curl_error, "too slow"))
		snprintf(out, len, _("too slow: under %ld bytes/s for %ld s"), l->low_speed_bytes,
			 l->low_speed_time_s);
	else if (connected_us == 0 && l->connect_timeout_s < l->total_timeout_s) {
		char peer[300];
		peer_name(t, peer, sizeof peer);
		snprintf(out, len, _("connection timed out after %ld s: %s"), l->connect_timeout_s,
			 peer);
	} else
		snprintf(out, len, _("timed out after %ld s"), l->total_timeout_s);
}

static void redirect_error(const struct transfer *t, char *out, size_t len)
{
	char scheme[32];
	if (t->location && url_scheme(t->location, scheme, sizeof scheme))
		snprintf(out, len, _("redirect to %s:// refused"), scheme);
	else
		snprintf(out, len, _("unsupported URL scheme: %s"), t->curl_error);
}

/* For a body whose Content-Encoding could not be undone, or whose compressed stream
 * stopped before its end: one line saying so. */
static void decoder_failure(const struct transfer *t, char *out, size_t len)
{
	const struct decoder *d = &t->decoder;
	if (d->coding == CODING_OTHER)
		snprintf(out, len, _("unsupported Content-Encoding: %s"), d->name);
	else if (d->failed)
		snprintf(out, len, _("corrupt %s body after %" PRId64 " bytes"), d->name,
			 d->produced);
	else
		snprintf(out, len, _("%s body cut short: the compressed stream ends after %"
				     PRId64 " bytes"), d->name, d->produced);
}

/* Whether a body that arrived in full (as HTTP sees it) still lacks the end of its
 * compressed stream. */
static bool decoder_incomplete(const struct transfer *t)
{
	const struct decoder *d = &t->decoder;
	bool compressed = d->coding == CODING_GZIP || d->coding == CODING_DEFLATE;
	return compressed && d->started && !d->ended;
}

/* One line naming what failed, for a transfer that did not end with CURLE_OK. */
static void curl_failure(const struct transfer *t, CURLcode rc, char *out, size_t len,
			 bool *offline)
{
	const struct fetch_limits *l = &t->fetch->limits;
	switch (rc) {
	case CURLE_WRITE_ERROR:
		if (t->caller_abort) {
			snprintf(out, len, "%s", _("aborted by caller"));
			return;
		}
		if (t->decoder.failed || t->decoder.coding == CODING_OTHER) {
			decoder_failure(t, out, len);
			return;
		}
		if (!t->too_big)
			break;
		/* fall through */
	case CURLE_FILESIZE_EXCEEDED:
		snprintf(out, len, _("body larger than %" PRId64 " bytes"), l->max_body);
		return;
	case CURLE_TOO_MANY_REDIRECTS:
		snprintf(out, len, _("too many redirects (%d)"), l->max_redirects);
		return;
	case CURLE_UNSUPPORTED_PROTOCOL:
		redirect_error(t, out, len);
		return;
	case CURLE_COULDNT_RESOLVE_HOST:
		*offline = true;
		snprintf(out, len, _("could not resolve host: %s"), t->host);
		return;
	case CURLE_COULDNT_RESOLVE_PROXY:
		*offline = true;
		snprintf(out, len, _("could not resolve proxy: %s"), t->curl_error);
		return;
	case CURLE_COULDNT_CONNECT:
		connect_error(t, out, len, offline);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		timeout_error(t, out, len);
		return;
	case CURLE_PARTIAL_FILE:
		snprintf(out, len, _("connection closed before the whole body arrived (%" PRId64
				     " bytes received)"), t->body_bytes);
		return;
	case CURLE_GOT_NOTHING:
		snprintf(out, len, "%s", _("empty reply from server"));
		return;
	default:
		break;
	}
	snprintf(out, len, "%s", t->curl_error[0] ? t->curl_error : curl_easy_strerror(rc));
}

/* For a 429/503: the delay before the next attempt in ms, or -1 with out filled when
 * the request should fail instead. */
static long retry_delay(const struct transfer *t, char *out, size_t len)
{
	const struct fetch_limits *l = &t->fetch->limits;
	char status[128];
	http_status_error(t, status, sizeof status);
	if (t->retry_after_s > l->max_retry_after_s) {
		snprintf(out, len, _("%s (retry after %ld s exceeds the %ld s limit)"), status,
			 t->retry_after_s, l->max_retry_after_s);
		return -1;
	}
	if (t->attempts >= 1 + l->max_retries) {
		snprintf(out, len, _("%s (gave up after %d attempts)"), status, t->attempts);
		return -1;
	}
	long backoff = 1L << (t->attempts < 16 ? t->attempts - 1 : 15);
	if (backoff > l->max_retry_after_s)
		backoff = l->max_retry_after_s;
	long wait = t->retry_after_s > backoff ? t->retry_after_s : backoff;
	return wait * 1000;
}

static void report(struct transfer *t, struct fetch_response *r)
{
	r->url = t->url;
	if (!r->effective_url)
		r->effective_url = t->url;
	r->attempts = t->attempts;
	r->body_bytes = t->body_bytes;
	if (r->ok || r->not_modified) {
		r->etag = t->etag;
		r->last_modified = t->last_modified;
		r->content_type = t->content_type;
	}
	if (t->on_done)
		t->on_done(t->user, r);
}

static void transfer_done(struct fetch *f, struct transfer *t, CURLcode rc)
{
	char error[ERROR_MAX] = "";
	struct fetch_response r = { .status = t->status };
	char *effective = NULL;
	curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &effective);
	char *effective_copy = xstrdup(effective);
	r.effective_url = effective_copy;
	if (rc != CURLE_OK) {
		curl_failure(t, rc, error, sizeof error, &r.offline);
		r.cut_short = rc == CURLE_PARTIAL_FILE;
	} else if ((t->is_file || status_ok(t->status)) && decoder_incomplete(t)) {
		decoder_failure(t, error, sizeof error);
		r.cut_short = true;
	} else if (t->is_file || status_ok(t->status))
		r.ok = true;
	else if (t->status == 304)
		r.not_modified = true;
	else if (t->status == 429 || t->status == 503) {
		long wait = retry_delay(t, error, sizeof error);
		if (wait >= 0) {
			easy_release(f, t);
			free(effective_copy);
			t->not_before_ms = now_ms() + wait;
			pending_append(f, t);
			return;
		}
	} else
		http_status_error(t, error, sizeof error);
	r.error = error[0] ? error : NULL;
	easy_release(f, t);
	report(t, &r);
	free(effective_copy);
	transfer_free(t);
}

static void drain_finished(struct fetch *f)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(f->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		struct transfer *t = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
		transfer_done(f, t, msg->data.result);
	}
}

/* ---- the public interface ----------------------------------------------------------- */

struct fetch *fetch_new(const struct fetch_limits *limits)
{
	struct fetch *f = xcalloc(1, sizeof *f);
	if (limits)
		f->limits = *limits;
	else
		fetch_limits_default(&f->limits);
	struct fetch_limits *l = &f->limits;
	l->jobs = l->jobs < 1 ? 1 : l->jobs > 1024 ? 1024 : l->jobs;
	l->per_host = l->per_host < 1 ? 1 : l->per_host;
	l->max_body = l->max_body < 1 ? 1 : l->max_body;
	l->max_redirects = l->max_redirects < 0 ? 0 : l->max_redirects;
	l->max_retries = l->max_retries < 0 ? 0 : l->max_retries;
	f->proxy = xstrdup(l->proxy);
	if (l->user_agent)
		f->user_agent = xstrdup(l->user_agent);
	else
		f->user_agent = xstrdup("warta/" PACKAGE_VERSION);
	l->proxy = f->proxy;
	l->user_agent = f->user_agent;
	f->running = xcalloc((size_t)l->jobs, sizeof *f->running);
	atomic_init(&f->interrupted, false);
	char err[512];
	if (curl_dl_load(err, sizeof err) < 0) {
		/* Each request is refused with the reason, as a broken feed would be. */
		f->unavailable = xstrdup(err);
		return f;
	}
	f->multi = curl_multi_init();
	if (!f->multi)
		abort();
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)l->per_host);
	curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	return f;
}

static void cancel(struct transfer *t)
{
	struct fetch_response r = { .error = _("cancelled") };
	report(t, &r);
	transfer_free(t);
}

void fetch_free(struct fetch *f)
{
	if (!f)
		return;
	f->closing = true;
	while (f->running_count > 0) {
		struct transfer *t = f->running[0];
		easy_release(f, t);
		cancel(t);
	}
	/* A cancelled caller may queue more; fetch_add refuses while closing. */
	while (f->pending) {
		struct transfer *t = f->pending;
		f->pending = t->next;
		cancel(t);
	}
	if (f->multi)
		curl_multi_cleanup(f->multi);
	free(f->unavailable);
	free(f->running);
	free(f->proxy);
	free(f->user_agent);
	free(f);
}

static int refuse(struct fetch *f, const char *url, const char *why, fetch_done_fn on_done,
		  void *user)
{
	/* Not again from inside the refusal's own callback: a caller that re-queues on
	 * every error would otherwise recurse without end. */
	if (!on_done || f->refusing)
		return -1;
	struct fetch_response r = { .url = url, .effective_url = url, .error = why };
	f->refusing = true;
	on_done(user, &r);
	f->refusing = false;
	return -1;
}

int fetch_add(struct fetch *f, const struct fetch_request *req, fetch_data_fn on_data,
	      fetch_done_fn on_done, void *user)
{
	char scheme[32], message[ERROR_MAX];
	const char *url = req->url;
	if (f->closing)
		return refuse(f, url, _("cancelled"), on_done, user);
	if (f->unavailable)
		return refuse(f, url, f->unavailable, on_done, user);
	if (!url || !*url)
		return refuse(f, url, _("no URL given"), on_done, user);
	if (!url_scheme(url, scheme, sizeof scheme)) {
		snprintf(message, sizeof message, _("not an absolute URL: %.200s"), url);
		return refuse(f, url, message, on_done, user);
	}
	bool is_file = strcmp(scheme, "file") == 0;
	if (is_file && !req->allow_file)
		return refuse(f, url, _("file:// refused: only a local source may read files"),
			      on_done, user);
	if (!is_file && strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		snprintf(message, sizeof message, _("%s:// refused: only http and https are fetched"),
			 scheme);
		return refuse(f, url, message, on_done, user);
	}
	struct transfer *t = xcalloc(1, sizeof *t);
	t->fetch = f;
	t->url = xstrdup(url);
	t->if_none_match = header_value(req->etag ? req->etag : "", req->etag ? strlen(req->etag) : 0);
	t->if_modified_since = header_value(req->last_modified ? req->last_modified : "",
					    req->last_modified ? strlen(req->last_modified) : 0);
	t->allow_file = req->allow_file;
	t->is_file = is_file;
	if (!url_host(url, t->host, sizeof t->host))
		t->host[0] = '\0';
	t->on_data = on_data;
	t->on_done = on_done;
	t->user = user;
	t->retry_after_s = -1;
	pending_append(f, t);
	return 0;
}

static bool take_interrupt(struct fetch *f)
{
	return atomic_exchange(&f->interrupted, false);
}

static int step(struct fetch *f, int timeout_ms, bool *interrupted)
{
	long retry_wait = start_ready(f);
	if (f->pending_count + f->running_count == 0) {
		*interrupted = take_interrupt(f);   /* a stale interrupt must not stop a later run */
		return 0;
	}
	*interrupted = take_interrupt(f);
	if (*interrupted)
		return f->pending_count + f->running_count;
	int wait = timeout_ms < 0 ? 0 : timeout_ms;
	if (retry_wait >= 0 && retry_wait < wait)
		wait = (int)retry_wait;
	int active = 0;
	curl_multi_poll(f->multi, NULL, 0, wait, NULL);
	curl_multi_perform(f->multi, &active);
	drain_finished(f);
	start_ready(f);
	*interrupted = take_interrupt(f);
	return f->pending_count + f->running_count;
}

int fetch_step(struct fetch *f, int timeout_ms)
{
	bool interrupted;
	return step(f, timeout_ms, &interrupted);
}

int fetch_run(struct fetch *f)
{
	bool interrupted = false;
	while (step(f, 1000, &interrupted) > 0 && !interrupted)
		;
	return 0;
}

void fetch_interrupt(struct fetch *f)
{
	atomic_store(&f->interrupted, true);
	if (f->multi)
		curl_multi_wakeup(f->multi);
}
