/*
 * store_internal.h - what store.c shares with store_remote.c,
 * store_recover.c and history.c. Not installed; not part of the public API.
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

/* A path inside the store that pact may write: relative, no "..", no
 * ".git" component. */
int store_safe_path(const char *p);

/* Bring the index entries and then the work tree files of `files` in line
 * with the commit just made (store.c). 0 or a PACT_E* code. */
int store_update_workdir(pact_store *store, const pact_store_file *files, size_t n, long deadline);

/* Interrupted commits (store_recover.c): $GIT_DIR/pact-pending written
 * before the ref update, removed when the work tree is written; the next
 * writer, under pact.lock, finishes what a dead one left. */
int store_pending_begin(pact_store *store, const char *refname, const pact_store_file *files,
                        size_t n);
void store_pending_end(pact_store *store);
int store_recover_interrupted(pact_store *store, long deadline);

#endif
