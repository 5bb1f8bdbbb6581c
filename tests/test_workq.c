#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/workq.h"

/* A stand-in for one source's batch: the work counts the words of its headline. */
struct batch {
	const char *headline;
	int words;
	bool taken;
};

static atomic_int working, most_at_once;

static void count_words(void *item)
{
	struct batch *b = item;
	int now = atomic_fetch_add(&working, 1) + 1;
	int seen = atomic_load(&most_at_once);
	while (now > seen && !atomic_compare_exchange_weak(&most_at_once, &seen, now))
		;
	/* the longest headline takes longest, so later items are often done first */
	struct timespec pause = {0, strlen(b->headline) > 40 ? 1000000 : 100000};
	nanosleep(&pause, NULL);
	int words = 0;
	for (const char *p = b->headline; *p; p++)
		words += *p != ' ' && (p == b->headline || p[-1] == ' ');
	b->words = words;
	atomic_fetch_sub(&working, 1);
}

static const char *const headlines[] = {
	"KPU Kota Semarang Gelar Rapat Pleno Terbuka",
	"Bimtek KPPS Kecamatan Ungaran Barat",
	"Coklit Data Pemilih di Kabupaten Boyolali",
	"Distribusi Logistik Pemilu ke 19 Kecamatan",
};

static void run(int threads, size_t cap, size_t n)
{
	struct batch *b = calloc(n, sizeof *b);
	for (size_t i = 0; i < n; i++)
		b[i].headline = headlines[i % 4];
	struct workq *q = workq_new(threads, cap, count_words);
	size_t taken = 0;
	struct batch *done;
	for (size_t i = 0; i < n; i++) {
		while (workq_full(q)) {
			done = workq_take(q, true);
			assert_ptr_equal(done, &b[taken]);   /* in the order they were put */
			assert_false(done->taken);
			done->taken = true;
			taken++;
		}
		assert_true(workq_in_flight(q) < cap);
		workq_put(q, &b[i]);
		while ((done = workq_take(q, false))) {
			assert_ptr_equal(done, &b[taken]);
			done->taken = true;
			taken++;
		}
	}
	while ((done = workq_take(q, true))) {
		assert_ptr_equal(done, &b[taken]);
		assert_false(done->taken);
		done->taken = true;
		taken++;
	}
	assert_int_equal(taken, n);
	assert_int_equal(workq_in_flight(q), 0);
	assert_null(workq_take(q, false));
	workq_free(q);
	for (size_t i = 0; i < n; i++) {
		assert_true(b[i].taken);
		assert_int_equal(b[i].words, i % 4 == 0 ? 7 : i % 4 == 1 ? 5 : 6);
	}
	free(b);
}

static void test_every_item_comes_back_once(void **state)
{
	(void)state;
	atomic_store(&most_at_once, 0);
	run(2, 4, 200);
	/* two workers do work at the same time, and never more than cap items are in flight */
	assert_true(atomic_load(&most_at_once) >= 1);
	assert_true(atomic_load(&most_at_once) <= 2);
}

static void test_without_threads_put_works_inline(void **state)
{
	(void)state;
	atomic_store(&most_at_once, 0);
	run(0, 1, 20);
	assert_int_equal(atomic_load(&most_at_once), 1);
}

static void test_take_without_items(void **state)
{
	(void)state;
	struct workq *q = workq_new(1, 3, count_words);
	assert_null(workq_take(q, false));
	assert_null(workq_take(q, true));   /* nothing in flight: does not wait */
	assert_false(workq_full(q));
	workq_free(q);
	workq_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_item_comes_back_once),
		cmocka_unit_test(test_without_threads_put_works_inline),
		cmocka_unit_test(test_take_without_items),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
