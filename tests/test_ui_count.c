/* The interface's background counts (src/ui/count.c): the numbers they bring back equal
 * the store's, a count for a list or tree that has since changed is thrown away, and the
 * tree's group rows are the sums of their sources. No terminal is needed: these calls
 * never touch curses. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "ui/internal.h"
#include "util/buf.h"

struct fixture {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	struct store *s;
	struct ui ui;
	int64_t semarang, jateng;
};

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void add_article(struct fixture *f, int64_t source, int i, const char *title,
			bool read)
{
	char guid[32], url[96];
	snprintf(guid, sizeof guid, "g%d", i);
	snprintf(url, sizeof url, "https://kab-semarang.kpu.go.id/berita/%d", i);
	struct store_article a = {
		.source_id = source, .guid = guid, .url = url, .title = (char *)title,
		.published = 1717200000 + i * 3600, .has_published = true, .fetched = 1717300000,
		.body_html = (char *)"<p>KPU menggelar rapat pleno terbuka.</p>",
		.body_text = (char *)"KPU menggelar rapat pleno terbuka rekapitulasi.",
		.office = (char *)(source == f->semarang ? "kab-semarang" : "prov-jateng"),
	};
	enum store_put result;
	int64_t id;
	assert_int_equal(store_article_put(f->s, &a, &result, &id), 0);
	if (read)
		assert_int_equal(store_set_read(f->s, id, true), 0);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/test_ui_count.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/warta.db", f->dir);
	char err[512];
	if (store_open(f->path, STORE_CREATE, &f->s, err, sizeof err) != 0)
		return -1;
	if (store_source_add(f->s, "https://kab-semarang.kpu.go.id/feed/", "KPU Kabupaten Semarang",
			     "kab-semarang", false, &f->semarang) != 0 ||
	    store_source_add(f->s, "https://jateng.kpu.go.id/feed/", "KPU Provinsi Jawa Tengah",
			     "prov-jateng", false, &f->jateng) != 0)
		return -1;
	/* Semarang: 5 articles, 2 read. Jawa Tengah: 3 articles, 1 read. */
	for (int i = 0; i < 5; i++)
		add_article(f, f->semarang, i, i % 2 ? "Sosialisasi pemilih pemula" : "Rapat pleno",
			    i < 2);
	for (int i = 5; i < 8; i++)
		add_article(f, f->jateng, i, "Rekapitulasi suara Pilkada", i == 5);
	f->ui.st = f->s;
	f->ui.rows = 24;
	f->ui.cols = 80;
	count_init(&f->ui);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	count_close(&f->ui);
	list_free(&f->ui);
	tree_free(&f->ui);
	store_close(f->s);
	nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* Polls as the interface's loop does, for at most 10 s. */
static bool wait_count(struct ui *ui)
{
	for (int i = 0; i < 10000; i++) {
		if (count_poll(ui))
			return true;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	return false;
}

static const struct tree_row *tree_row_for(const struct ui *ui, int64_t source_id)
{
	for (size_t i = 0; i < ui->n_tree; i++)
		if (ui->tree[i].source_id == source_id)
			return &ui->tree[i];
	return NULL;
}

static void test_tree_counts_in_background(void **state)
{
	struct fixture *f = *state;
	f->ui.screen = SCREEN_TREE;
	tree_reload(&f->ui);
	assert_true(f->ui.tree_counts_stale);
	count_after_draw(&f->ui);
	assert_true(f->ui.counter.running);
	assert_true(wait_count(&f->ui));
	assert_false(f->ui.tree_counts_stale);
	assert_int_equal(tree_row_for(&f->ui, f->semarang)->unread, 3);
	assert_int_equal(tree_row_for(&f->ui, f->jateng)->unread, 2);
	assert_int_equal(tree_row_for(&f->ui, f->semarang)->total, 5);
	/* "All news" is the sum of the sources */
	assert_int_equal(f->ui.tree[0].unread, 5);
	assert_int_equal(f->ui.tree[0].total, 8);
}

static void test_list_counts_in_background(void **state)
{
	struct fixture *f = *state;
	f->ui.screen = SCREEN_LIST;
	char query[64];
	snprintf(query, sizeof query, "source:%lld", (long long)f->semarang);
	assert_int_equal(list_open(&f->ui, "Semua", query), 0);
	assert_true(f->ui.list.counts_stale);
	count_after_draw(&f->ui);
	assert_true(wait_count(&f->ui));
	assert_false(f->ui.list.counts_stale);
	assert_int_equal(f->ui.list.total, 5);
	assert_int_equal(f->ui.list.unread, 3);

	list_set_filter(&f->ui, "pemula");
	count_after_draw(&f->ui);
	assert_true(wait_count(&f->ui));
	assert_int_equal(f->ui.list.total, 2);
	assert_int_equal(f->ui.list.unread, 1);
}

/* A count started for one filter and finished after the filter changed is not shown. */
static void test_stale_count_is_dropped(void **state)
{
	struct fixture *f = *state;
	f->ui.screen = SCREEN_LIST;
	assert_int_equal(list_open(&f->ui, "Semua", ""), 0);
	count_after_draw(&f->ui);
	uint64_t old = f->ui.counter.generation;
	/* the filter changes while the count runs: the next draw restarts it */
	list_set_filter(&f->ui, "is:unread");
	assert_true(f->ui.list.generation != old);
	count_after_draw(&f->ui);
	assert_int_equal(f->ui.counter.generation, f->ui.list.generation);
	assert_true(wait_count(&f->ui));
	assert_int_equal(f->ui.list.total, 5);
	assert_int_equal(f->ui.list.unread, 5);

	/* the same, when the old count has already finished before the change is seen */
	list_set_filter(&f->ui, "");
	count_after_draw(&f->ui);
	while (true) {
		pthread_mutex_lock(&f->ui.counter.lock);
		bool done = f->ui.counter.finished;
		pthread_mutex_unlock(&f->ui.counter.lock);
		if (done)
			break;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	char query[64];
	snprintf(query, sizeof query, "source:%lld", (long long)f->jateng);
	list_set_filter(&f->ui, query);
	count_poll(&f->ui);                    /* nothing, or the count for "": not shown */
	assert_true(f->ui.list.counts_stale);
	assert_false(f->ui.counter.running);
	count_after_draw(&f->ui);
	assert_true(wait_count(&f->ui));
	assert_int_equal(f->ui.list.total, 3);
	assert_int_equal(f->ui.list.unread, 2);
}

/* Closing while a count runs interrupts it rather than waiting for it. */
static void test_close_while_counting(void **state)
{
	struct fixture *f = *state;
	f->ui.screen = SCREEN_TREE;
	tree_reload(&f->ui);
	count_after_draw(&f->ui);
	count_cancel(&f->ui);
	assert_false(f->ui.counter.running);
	assert_true(f->ui.tree_counts_stale);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_counts_in_background, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_counts_in_background, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_count_is_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_while_counting, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
