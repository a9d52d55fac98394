/*
 * review_internal.h - helpers review.c shares with review_check.c and
 * review_sync.c. Not installed; not part of the public API.
 */
#ifndef PACT_REVIEW_INTERNAL_H
#define PACT_REVIEW_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include <git2.h>

#include "buf.h" /* records and reports are built in a pact_buf */
#include "pact/review.h"

/* The blob id of pacts/YEAR.yaml in commit `commit`; PACT_ENOTFOUND
 * (message set) when the commit has no such file. */
int review_year_blob(git_oid *out, git_repository *repo, const git_oid *commit, int year);

/* Parse the blob `blob` as the pact at `path`; *doc NULL (and 0 returned)
 * when it is not valid, diags (may be NULL) gets why. */
int review_load_blob(pact_doc **doc, pact_diags *diags, git_repository *repo, const git_oid *blob,
                     const char *path);

/* ---- shared by the review_*.c files (review.c defines them) ---------- */

/* Set PACT_ENOMEM and return it. */
int review_oom(void);
/* PACT_EUSAGE unless 1000 <= year <= 9999. */
int review_check_year(int year);
/* Tip of ref `name`: 1 found, 0 absent, <0 error. */
int review_ref_tip(git_oid *out, git_repository *repo, const char *name);
/* The text of file `path` in commit `commit` into *out (caller frees):
 * 1 found, 0 absent or larger than a record may be, <0 error. */
int review_read_file(char **out, git_repository *repo, const git_oid *commit, const char *path);
/* The value of header `key` of a record, newly allocated; NULL when absent
 * or out of memory. */
char *review_hdr_get(const char *rec, const char *key);
/* The text after the headers' blank line ("" when none); points into rec. */
const char *review_rec_body(const char *rec);
int review_is_hex_oid(const char *s);
int review_is_slug(const char *s);
/* Append "Name <email> 1700000000 +0700" for s. */
void review_sb_sig(pact_buf *b, const git_signature *s);
/* Parse such a line; *name and *email newly allocated; -1 when it is not one. */
int review_parse_sig(const char *v, char **name, char **email, git_time_t *t, int *offset);
/* PACT_EUSAGE for an identity that would break a one-line header. */
int review_check_sig(const git_signature *who);
int review_ci_equal(const char *a, const char *b);
/* Nonzero when `email` may approve for m (any e-mail when m lists none). */
int review_may_approve(const pact_member *m, const char *email);
/* One commit of `files` on the review ref of `year`. */
int review_commit(pact_store *store, int year, const pact_store_file *files, size_t n,
                  const char *message, const git_signature *who);
/* Append who's signature line to rec (its last header key already written)
 * and commit it as file `path` of the review. */
int review_commit_record(pact_store *store, int year, const char *path, pact_buf *rec,
                         const char *message, const git_signature *who);
/* Clause counts of cur against prev (all zero when either is NULL). */
int review_diff_summary(pact_review_summary *out, const pact_doc *prev, const pact_doc *cur);

/* The draft's current text. */
typedef struct review_draft {
	git_oid tip, blob;
	pact_doc *doc; /* NULL: not valid */
} review_draft;
/* Read draft/YEAR; PACT_ENOTFOUND (with a hint) when there is none. The
 * caller frees d->doc. */
int review_read_draft(review_draft *d, pact_store *store, int year);

/* Approval records (review_status.c). review_parse_approval returns -1 for
 * what is not one; review_approval_clear frees its strings. */
int review_parse_approval(pact_approval *a, const char *rec);
void review_approval_clear(pact_approval *a);

#endif
