#include "config.h"
#include "util/workq.h"

#include "util/buf.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/* Every item in flight has a slot, found by its sequence number: taken <= started <= put. */
struct slot {
	void *item;
	bool done;
};

struct workq {
	pthread_mutex_t lock;
	pthread_cond_t work_ready;   /* a worker has something to do, or must stop */
	pthread_cond_t item_done;    /* the owner may have something to take */
	struct slot *slots;
	size_t n_slots;
	uint64_t put, started, taken;
	size_t cap;
	bool stopping;
	workq_fn work;
	pthread_t *threads;
	int n_threads;
};

static struct slot *slot_at(struct workq *q, uint64_t seq)
{
	return &q->slots[seq % q->n_slots];
}

static void grow_slots(struct workq *q)
{
	size_t n = q->n_slots * 2;
	struct slot *slots = xcalloc(n, sizeof *slots);
	for (uint64_t seq = q->taken; seq < q->put; seq++)
		slots[seq % n] = *slot_at(q, seq);
	free(q->slots);
	q->slots = slots;
	q->n_slots = n;
}

static void *worker(void *arg)
{
	struct workq *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->started == q->put && !q->stopping)
			pthread_cond_wait(&q->work_ready, &q->lock);
		if (q->started == q->put)
			break;
		uint64_t seq = q->started++;
		void *item = slot_at(q, seq)->item;
		pthread_mutex_unlock(&q->lock);
		q->work(item);
		pthread_mutex_lock(&q->lock);
		slot_at(q, seq)->done = true;   /* the slots may have moved meanwhile */
		if (seq == q->taken)
			pthread_cond_signal(&q->item_done);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct workq *workq_new(int threads, size_t cap, workq_fn work)
{
	struct workq *q = xcalloc(1, sizeof *q);
	q->cap = cap ? cap : 1;
	q->work = work;
	q->n_slots = q->cap + 1;
	q->slots = xcalloc(q->n_slots, sizeof *q->slots);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->work_ready, NULL);
	pthread_cond_init(&q->item_done, NULL);
	q->threads = xcalloc(threads > 0 ? (size_t)threads : 1, sizeof *q->threads);
	for (int i = 0; i < threads; i++) {
		if (pthread_create(&q->threads[q->n_threads], NULL, worker, q) != 0)
			break;
		q->n_threads++;
	}
	return q;
}

void workq_free(struct workq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_broadcast(&q->work_ready);
	pthread_mutex_unlock(&q->lock);
	for (int i = 0; i < q->n_threads; i++)
		pthread_join(q->threads[i], NULL);
	pthread_cond_destroy(&q->item_done);
	pthread_cond_destroy(&q->work_ready);
	pthread_mutex_destroy(&q->lock);
	free(q->threads);
	free(q->slots);
	free(q);
}

size_t workq_in_flight(struct workq *q)
{
	pthread_mutex_lock(&q->lock);
	size_t n = (size_t)(q->put - q->taken);
	pthread_mutex_unlock(&q->lock);
	return n;
}

bool workq_full(struct workq *q)
{
	return workq_in_flight(q) >= q->cap;
}

void workq_put(struct workq *q, void *item)
{
	pthread_mutex_lock(&q->lock);
	if (q->put - q->taken == q->n_slots)
		grow_slots(q);
	uint64_t seq = q->put++;
	*slot_at(q, seq) = (struct slot){ item, false };
	if (q->n_threads) {
		pthread_cond_signal(&q->work_ready);
		pthread_mutex_unlock(&q->lock);
		return;
	}
	q->started++;
	pthread_mutex_unlock(&q->lock);
	q->work(item);
	pthread_mutex_lock(&q->lock);
	slot_at(q, seq)->done = true;
	pthread_mutex_unlock(&q->lock);
}

void *workq_take(struct workq *q, bool wait)
{
	pthread_mutex_lock(&q->lock);
	while (wait && q->taken < q->put && !slot_at(q, q->taken)->done)
		pthread_cond_wait(&q->item_done, &q->lock);
	void *item = NULL;
	if (q->taken < q->put && slot_at(q, q->taken)->done)
		item = slot_at(q, q->taken++)->item;
	pthread_mutex_unlock(&q->lock);
	return item;
}
