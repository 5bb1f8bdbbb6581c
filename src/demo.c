/* The offline sample: the feed compiled into the binary is written next to the demo
 * database and fetched from there as a file:// source, through the same pipeline as any
 * other feed, so the demo shows exactly what warta does with real news. */
#include "config.h"
#include "demo.h"
#include "i18n.h"
#include "settings.h"
#include "store.h"
#include "update.h"
#include "util/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const unsigned char demo_sample_xml[];
extern const size_t demo_sample_xml_len;

char *demo_db_path(void)
{
	char *dir = settings_data_dir();
	if (!dir)
		return NULL;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/demo.db", dir);
	free(dir);
	return buf_steal(&b);
}

static int count_source(void *ctx, const struct store_source *s)
{
	(void)s;
	(*(int *)ctx)++;
	return 0;
}

static char *write_sample(char *err, size_t errlen)
{
	char *dir = settings_data_dir();
	if (!dir) {
		snprintf(err, errlen, "%s", _("cannot find a place for the sample: set HOME"));
		return NULL;
	}
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/sample.xml", dir);
	free(dir);
	settings_make_parent_dir(path.data);
	FILE *f = fopen(path.data, "wb");
	bool ok = f && fwrite(demo_sample_xml, 1, demo_sample_xml_len, f) == demo_sample_xml_len;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok) {
		snprintf(err, errlen, _("cannot write %s: %s"), path.data, strerror(errno));
		buf_free(&path);
		return NULL;
	}
	return buf_steal(&path);
}

int demo_seed(struct store *st, const struct settings *settings, char *err, size_t errlen)
{
	int n = 0;
	if (store_source_list(st, count_source, &n) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(st));
		return -1;
	}
	if (n > 0)
		return 0;
	char *path = write_sample(err, errlen);
	if (!path)
		return -1;
	struct buf url;
	buf_init(&url);
	buf_printf(&url, "file://%s", path);
	free(path);
	int64_t id;
	int rc = store_source_add(st, url.data, _("warta sample (offline)"), NULL, false, &id);
	buf_free(&url);
	if (rc < 0) {
		snprintf(err, errlen, "%s", store_errmsg(st));
		return -1;
	}
	struct update_options o;
	update_options_default(&o);
	o.settings = settings;
	struct update_totals t;
	if (update_run(st, &id, 1, &o, &t, err, errlen) < 0)
		return -1;
	if (t.failed) {
		snprintf(err, errlen, "%s", _("the bundled sample could not be loaded"));
		return -1;
	}
	return 0;
}
