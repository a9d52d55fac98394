/*
 * history_cache.h - pact log's cache of per-revision summaries (internal).
 *
 * What `pact log` says about one year in one revision depends only on the
 * two blobs compared (and on the diff that counts them), so the counts are
 * cached keyed by the blob pair, in $GIT_DIR/pact/log-cache where git's
 * own tools never look. Content keys cannot go stale: a rewritten history
 * (amend, rebase, filter-branch) has other blob pairs, or the same bytes
 * with the same counts. What else decides a count is in the file's first
 * line: the cache format and diff version, the size of the summary and the
 * document size limit (a blob over it is "invalid"); a file whose first
 * line differs is ignored and replaced.
 *
 * Ownership: pact_history__cache_open returns a cache the caller frees with
 * pact_history__cache_free (NULL-safe). A cache that cannot be read starts
 * empty; one that cannot be written is simply not saved.
 */
#ifndef PACT_HISTORY_CACHE_H
#define PACT_HISTORY_CACHE_H

#include <git2.h>

#include "pact/history.h"

typedef struct history_cache history_cache;

/* Load $GIT_DIR/pact/log-cache of repo, if any. 0 or PACT_ENOMEM. */
int pact_history__cache_open(history_cache **out, git_repository *repo);

/* The cached counts of the change from blob `old` to blob `new` (either
 * NULL: absent): on a hit, 1, with invalid, differs, stat and fields of
 * *ch filled (year and kind are the caller's); 0 on a miss. */
int pact_history__cache_get(history_cache *c, const git_oid *old, const git_oid *new,
                            pact_year_change *ch);

/* Remember a computed change. 0 or PACT_ENOMEM. */
int pact_history__cache_put(history_cache *c, const git_oid *old, const git_oid *new,
                            const pact_year_change *ch);

/* Write the file if anything was added (atomically: a temporary file
 * renamed over it). Failures are ignored: the cache is an optimisation. */
void pact_history__cache_save(history_cache *c);

void pact_history__cache_free(history_cache *c);

#endif
