/*
 * review_since.h - "what changed since this member approved": the one-line
 * summary and the ready `pact diff` command that `review status` and
 * `review approve` show for an approval of an older text
 * (review_since.c). Not installed.
 */
#ifndef PACT_CLI_REVIEW_SINCE_H
#define PACT_CLI_REVIEW_SINCE_H

#include "pact/store.h"

/* Print `indent`, then "what changed since text OLD: 1 clause changed;
 * see it with 'pact diff YEAR@OLD YEAR@NEW'" and a newline, for the
 * texts (blob ids, hex) old_blob and new_blob of pacts/YEAR.yaml. A text
 * that cannot be read (a record naming a text this store lacks) gets the
 * command without the summary. Prints nothing when either id is empty. */
void cli_review_print_since(pact_store *store, int year, const char *old_blob, const char *new_blob,
                            const char *indent);

#endif
