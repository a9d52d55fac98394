/*
 * store_cli.h - output helpers shared by the store's commands (init,
 * commit, show, log, push, pull, remote, setup-git). CLI only.
 */
#ifndef PACT_STORE_CLI_H
#define PACT_STORE_CLI_H

#include <stdint.h>
#include <stdio.h>

/* git's default date format: "Fri Nov 27 22:35:12 2026 +0000". */
void cli_format_date_git(char *buf, size_t n, int64_t t, int offset_min);

/* ISO 8601 with offset: "2026-11-27T22:35:12+00:00". */
void cli_format_date_iso(char *buf, size_t n, int64_t t, int offset_min);

/* A pact_progress_cb that draws one line on stderr when it is a terminal
 * (payload unused); cli_progress_end() finishes the line if one was drawn. */
int cli_progress(const char *stage, size_t done, size_t total, void *payload);
void cli_progress_end(void);

/* Warn on stderr, in one line, when a push to `remote` (NULL: origin)
 * would skip the server's pre-receive hook: a local path or file:// remote
 * that has one (pact_store_remote_skips_hooks). Prints nothing otherwise. */
struct pact_store;
void cli_warn_push_skips_hooks(struct pact_store *store, const char *remote);

/* After opening a store: say on stderr what its recovery did (a commit,
 * pull or branch switch a killed pact left half-done was finished or
 * undone: files in the work tree may have come or gone). */
void cli_warn_recovered(const struct pact_store *store);

/* Nonzero when argv[i] is --help or -h. */
int cli_is_help(const char *arg);

/* A year operand, four digits (1000-9999), into *out: 0, or -1 (the
 * caller says so in its own words). */
int cli_parse_year(int *out, const char *s);

/* What a review pull brought in or a review push sent, one line per
 * event ("  2025: approval for so-y-te, given by ..."), then "... and N
 * more"; nonzero when one was an adoption (cmd_review.c: `review pull`,
 * `review push`, and `pull` after the branch). */
struct pact_review_sync;
int cli_print_review_events(const struct pact_review_sync *rep);

#endif
