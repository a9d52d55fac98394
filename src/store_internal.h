/*
 * store_internal.h - what store.c shares with store_remote.c and
 * history.c. Not installed; not part of the public API.
 */
#ifndef PACT_STORE_INTERNAL_H
#define PACT_STORE_INTERNAL_H

#include <git2.h>

#include "pact/store.h"

struct pact_store {
	git_repository *repo;
};

/* How long a writer waits for the store lock or a locked ref/index before
 * giving up: long enough for a burst of concurrent commits (each holds the
 * lock for a few milliseconds), short enough that a wedged store is
 * reported instead of hanging a script. */
#define STORE_WAIT_MS 10000

/* Take the store's writer lock ($GIT_DIR/pact.lock, flock()ed, so the
 * kernel drops it when the process dies), waiting at most max_ms; then
 * PACT_ECONFLICT. *fd gets the open lock file; close() releases it. */
int store_lock(int *fd, pact_store *store, int max_ms);

/* Monotonic milliseconds, and a sleep of ms milliseconds. */
long store_now_ms(void);
void store_sleep_ms(long ms);

#endif
