/* A bounded hand-off of work to other threads: items go in on the owner's thread, each is
 * passed to work() on one of the worker threads, and comes back to the owner through
 * workq_take in the order it was put (so what the owner does with the items keeps that
 * order whatever the threads do). Knows nothing of what the items are. */
#ifndef WARTA_UTIL_WORKQ_H
#define WARTA_UTIL_WORKQ_H

#include <stdbool.h>
#include <stddef.h>

typedef void (*workq_fn)(void *item);

struct workq;

/* threads workers (if none can be started, workq_put does the work itself); at most cap
 * items (>= 1) in flight: queued, being worked on or done and not yet taken. */
struct workq *workq_new(int threads, size_t cap, workq_fn work);
/* Stops and joins the workers once the items already put are done; items not taken are
 * dropped (the caller takes them all first). NULL does nothing. */
void workq_free(struct workq *q);

/* Whether cap items are in flight: the owner takes some before it puts another. */
bool workq_full(struct workq *q);
/* Hands item over. Putting into a full queue works (it grows) but breaks the bound the
 * caller chose. */
void workq_put(struct workq *q, void *item);
/* The oldest item put and not yet taken, once its work is done; NULL when there is none
 * or (without wait) its work is not done yet. */
void *workq_take(struct workq *q, bool wait);
/* Items in flight. */
size_t workq_in_flight(struct workq *q);

#endif
