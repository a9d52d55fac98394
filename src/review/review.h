/*
 * review/review.h - the front door of src/review/, the review workflow
 * (review.c: open, merge; review_approve.c, review_comments.c,
 * review_status.c, review_check.c, review_sync.c, review_members.c,
 * review_leftovers.c; review_sign.h for SSH signatures): the helpers its
 * files share. Not installed; the API is include/pact/review.h.
 */
#ifndef PACT_REVIEW_REVIEW_H
#define PACT_REVIEW_REVIEW_H

#include <stdarg.h>
#include <stddef.h>

#include <git2.h>

#include "../buf.h"            /* records and reports are built in a pact_buf */
#include "../store_internal.h" /* refs, paths and blobs are read through the store */
#include "pact/review.h"

/* The blob id of pacts/YEAR.yaml in commit `commit`; PACT_ENOTFOUND
 * (message set) when the commit has no such file. */
int pact_review__year_blob(git_oid *out, git_repository *repo, const git_oid *commit, int year);

/* Parse the blob `blob` as the pact at `path`; *doc NULL (and 0 returned)
 * when it is not valid, diags (may be NULL) gets why. */
int pact_review__load_blob(pact_doc **doc, pact_diags *diags, git_repository *repo,
                           const git_oid *blob, const char *path);

/* ---- shared by the review_*.c files (review.c defines them) ---------- */

/* PACT_EUSAGE unless 1000 <= year <= 9999. */
int pact_review__check_year(int year);
/* The tip of draft/YEAR into *out: 0, or PACT_ENOTFOUND ("no draft for
 * YEAR; start one with 'pact review open YEAR'") when there is none. */
int pact_review__draft_tip(git_oid *out, git_repository *repo, int year);
/* The text of file `path` in commit `commit` into *out (caller frees):
 * 1 found, 0 absent or larger than a record may be, <0 error. */
int pact_review__read_file(char **out, git_repository *repo, const git_oid *commit,
                           const char *path);
/* The value of header `key` of a record, newly allocated; NULL when absent
 * or out of memory. */
char *pact_review__hdr_get(const char *rec, const char *key);
/* The text after the headers' blank line ("" when none); points into rec. */
const char *pact_review__rec_body(const char *rec);
int pact_review__is_hex_oid(const char *s);
int pact_review__is_slug(const char *s);
/* Append "Name <email> 1700000000 +0700" for s. */
void pact_review__sb_sig(pact_buf *b, const git_signature *s);
/* Parse such a line; *name and *email newly allocated; -1 when it is not one. */
int pact_review__parse_sig(const char *v, char **name, char **email, git_time_t *t, int *offset);
/* PACT_EUSAGE for an identity that would break a one-line header. */
int pact_review__check_sig(const git_signature *who);

/* Nonzero when HEAD is draft/YEAR and the work tree's pacts/YEAR.yaml is
 * not the committed text `blob` (edits not committed yet). */
int pact_review__uncommitted(pact_store *store, int year, const git_oid *blob);
int pact_review__ci_equal(const char *a, const char *b);
/* Nonzero when `email` may approve for m (any e-mail when m lists none). */
int pact_review__may_approve(const pact_member *m, const char *email);
/* ---- writes (review_write.c): objects first, then one ref move ---- */

/* The commit object (no ref moves) of `files` (data NULL: removed) on
 * `parent`'s tree (NULL: a first commit holding just the files). */
int pact_review__build_commit(git_oid *out, git_repository *repo, const git_oid *parent,
                              const pact_store_file *files, size_t n, const char *message,
                              const git_signature *who);
/* One commit of `files` on `ref`'s tip (created when absent), the ref
 * moved by pact_store__ref_set: a kill leaves the old tip or the new one
 * and no lock in the way. Rebuilt when the tip moved meanwhile. *out (may
 * be NULL) gets the commit. */
int pact_review__commit_on(git_oid *out, pact_store *store, const char *ref,
                           const pact_store_file *files, size_t n, const char *message,
                           const git_signature *who);
/* One commit of `files` on `expected` (NULL: a first commit), `ref`
 * moved to it only if still at `expected` (absent when NULL), under the
 * store lock: *moved 1 (nothing moved) when it is not, so that the caller
 * judges again what it judged on `expected` (an approval or revocation
 * must not land on an adoption it did not see). */
int pact_review__commit_at(int *moved, pact_store *store, const char *ref, const git_oid *expected,
                           const pact_store_file *files, size_t n, const char *message,
                           const git_signature *who);
/* Remove what an open of `year` killed half-way left: a review holding
 * only its opening record and no draft branch (this version), or a draft
 * branch without pacts/YEAR.yaml and no review (an earlier one); each
 * only if still as read, and never a branch checked out. 0 when there
 * is nothing (else) to remove. */
int pact_review__open_leftover(pact_store *store, int year);
/* Sign record `rec` (its last header key is already written: "approver
 * ", "opened ", "adopted ") with who's signature line and commit it as
 * file `path` of the review of `year` (review.c). */
int pact_review__commit_record(pact_store *store, int year, const char *path, pact_buf *rec,
                               const char *message, const git_signature *who);
/* The same on the review ref of `year`. */
int pact_review__commit(pact_store *store, int year, const pact_store_file *files, size_t n,
                        const char *message, const git_signature *who);
/* Clause counts of cur against prev (all zero when either is NULL). */
int pact_review__diff_summary(pact_review_summary *out, const pact_doc *prev, const pact_doc *cur);

/* The draft's current text. */
typedef struct review_draft {
	git_oid tip, blob;
	pact_doc *doc; /* NULL: not valid */
} review_draft;
/* Read draft/YEAR; PACT_ENOTFOUND (with a hint) when there is none. The
 * caller frees d->doc. */
int pact_review__read_draft(review_draft *d, pact_store *store, int year);

/* Approval records (review_status.c). pact_review__parse_approval returns -1 for
 * what is not one; pact_review__approval_clear frees its strings. */
int pact_review__parse_approval(pact_approval *a, const char *rec);
void pact_review__approval_clear(pact_approval *a);

/* A comment record (review_comments.c) of thread `thread` ("_general" or
 * a clause id) into *c: 0, 1 when `rec` is not one (c left empty), or
 * PACT_ENOMEM. The caller frees c's strings (clause, name, email, text). */
int pact_review__parse_comment(pact_comment *c, const char *thread, const char *rec);

/* ---- who must approve, who may (review_members.c) -------------------- */

#define PACT_SIGN_NAMESPACE "pact" /* ssh-keygen -Y sign -n pact */
#define PACT_SSH_ARMOR_BEGIN "-----BEGIN SSH SIGNATURE-----"

/* One member whose say the text needs. Pointers into the docs. */
typedef struct review_roster_entry {
	const char *id, *name;
	const pact_member *approvers; /* whose approvers: apply: the last adopted
	                                 text's for a continuing member */
	int departing;                /* in the last adopted text only */
	const char *continued_in;     /* departing, and named in the `formerly:`
	                                 of this member of the text */
} review_roster_entry;

/* What a review is judged against, read from main. */
typedef struct review_trust {
	pact_doc *prev;  /* the last adopted year before YEAR; NULL: none */
	pact_doc *intro; /* YEAR as it came onto main without a review; NULL: none */
	int prev_year;
	char *allowed; /* .pact/allowed_signers on main; NULL: none */
	size_t allowed_len;
	char *board;                 /* .pact/board on main; NULL: none */
	review_roster_entry *roster; /* the text's members, then the departing */
	size_t nroster;
	/* approvers of members that continue others under a new id (formerly:):
	 * the union of those members' approvers in the adopted text; the
	 * strings are the adopted docs', the arrays these */
	pact_member *continued;
	size_t ncontinued;
} review_trust;

/* Load the trust for `year` with text `doc` (may be NULL: not valid);
 * the roster points into doc, which must outlive it. Clear with
 * pact_review__trust_clear (NULL-safe, also after a failed load). */
int pact_review__trust_load(review_trust *t, git_repository *repo, int year, const pact_doc *doc);
void pact_review__trust_clear(review_trust *t);
const review_roster_entry *pact_review__roster_find(const review_trust *t, const char *id);
/* Trust anchor `path` (.pact/allowed_signers, .pact/board) of `commit`
 * into *out (caller frees): 1 found, 0 absent, PACT_EINVALID when it is
 * there but too large or not a file (fail closed), <0 error. */
int pact_review__read_anchor(char **out, git_repository *repo, const git_oid *commit,
                             const char *path);
/* Nonzero when .pact/board lists `email` (case-insensitive). */
int pact_review__board_lists(const review_trust *t, const char *email);
/* Set a->sig (and a->sig_reason) for record text `rec`. */
int pact_review__check_signature(pact_approval *a, const review_trust *t, const char *rec);

/* ---- leftovers of the year a draft was opened from (review_leftovers.c) */

/* One line per thing in `doc` that looks left over from `prev`: the
 * placeholder signing date YEAR-01-01, the previous year in the title or
 * the closing or where the text names "giao ước thi đua năm PREV", and
 * texts identical to prev's that mention PREV or PREV-1. *out (caller
 * frees each line and the array) is NULL when there are none. */
int pact_review__leftovers(char ***out, size_t *n, const pact_doc *doc, const pact_doc *prev);

/* ---- the git-typed forms of public review calls (review_api.c converts) ---- */

int pact_review__open(git_oid *draft_tip, int *switched, pact_store *store, int year,
                      const git_signature *who, pact_review_open_opts *opts);
int pact_review__comment(pact_store *store, int year, const char *clause, const char *text,
                         const git_signature *who);
int pact_review__approve_ext(pact_review_receipt **out, pact_store *store, int year,
                             const git_signature *who, const pact_review_approve_opts *opts);
int pact_review__revoke_ext(pact_review_receipt **out, pact_store *store, int year,
                            const git_signature *who, const pact_review_approve_opts *opts);
int pact_review__evaluate(pact_review_status **out, pact_store *store, int year,
                          const git_oid *content, const git_oid *reviews);
int pact_review__merge(git_oid *merge, int *switched, pact_store *store, int year,
                       const git_signature *who, unsigned flags);

/* ---- adopting (review_merge.c, review_adopt.c) ----------------------- */

/* One adoption: the tips it was judged on, read once, and what it moves.
 * Every object is written before the store lock is taken; then, under
 * it, the refs move only if the draft and the review are still at the
 * tips judged (main's compare-and-swap is the branch move's own). */
typedef struct review_adoption {
	git_oid draft, main, review; /* the tips judged */
	int had_review;              /* 0: there was no review ref */
	git_oid merge;               /* the adoption's merge commit */
	int move_main;               /* main moves from `main` to `merge` */
	git_oid tag;                 /* the tag object pact/YEAR is to name */
	int has_tag;                 /* 0: the tag is already on `merge` */
	git_oid record;              /* the review commit of the `adopted` record */
	int has_record;              /* 0: nothing to record */
} review_adoption;
/* The "Approved-by:" lines of the merge commit and the tag. */
void pact_review__approved_by(pact_buf *b, const pact_review_status *st);
/* Nonzero when tag ref `tagref` names (peeled) commit `commit`. */
int pact_review__tag_on(git_repository *repo, const char *tagref, const git_oid *commit);
/* The tag object (unless pact/YEAR already names a->merge) and, with
 * `record`, the review commit of the `adopted` record on a->review. */
int pact_review__adoption_objects(review_adoption *a, pact_store *store, int year,
                                  const pact_review_status *st, const git_signature *who,
                                  int record);
/* Under the store lock: refuse (nothing moved) when the draft or the
 * review moved since judged, else move main (a->move_main), the tag and
 * the review. 0 done; 1 the review moved but every member still approves
 * the text `st` was judged on (judge again); <0 refused or failed, the
 * message saying what moved ("so-y-te withdrew its approval while 'review
 * merge' ran: nothing was adopted ..."). */
int pact_review__adoption_publish(pact_store *store, int year, const review_adoption *a,
                                  const pact_review_status *st);

/* pact_ref_update with libgit2's ids. */
typedef struct pact_review__ref_update {
	git_oid old_id, new_id; /* zero: created / deleted */
	const char *refname;
} pact_review__ref_update;
int pact_review__check_push(char **report, pact_store *store,
                            const pact_review__ref_update *updates, size_t n);

/* After a review pull fetched the remote's adoption tags under `prefix`
 * (refs/pact/remotes/REMOTE/) + "tags/YEAR": each local pact/YEAR that
 * differs takes the remote's when local main holds that adoption of the
 * same text, else stays, with a note in `notes` (review_sync_tags.c). */
int pact_review__sync_tags(pact_buf *notes, pact_store *store, const char *prefix,
                           const char *remote);

/* ---- what a pull brought in, a push sent out (review_sync_report.c) --- */

/* One ref a review pull or push moved: from old_id (had 0: there was
 * none) to new_id. */
typedef struct review_move {
	char *name;
	git_oid old_id, new_id;
	int had;
} review_move;
/* The review refs, draft branches and pact/ tags of a store and their
 * tips, as moves with had 0. Clear with pact_review__snap_clear. */
typedef struct review_snap {
	review_move *moves;
	size_t n;
} review_snap;
int pact_review__snap_take(review_snap *s, git_repository *repo);
void pact_review__snap_clear(review_snap *s);
/* Fill after's old ids from before (had 1 where before had the ref). */
void pact_review__snap_since(review_snap *after, const review_snap *before);
/* Append to rep the events of `moves` (sorted here: drafts, reviews,
 * main, tags): new records of a review, new or changed drafts, main,
 * adoption tags. Refs that did not move are skipped. */
int pact_review__report_moves(pact_review_sync *rep, git_repository *repo, review_move *moves,
                              size_t n);

/* ---- what a pull keeps of a review the remote rewrote (review_sync_keep.c) */

/* The members whose revocation is in the history of local review tip
 * `mine` but no longer in that of the remote's `theirs` (NULL: the remote
 * deleted it): 1 with *members "so-y-te, bhxh-tinh" (caller frees), 0
 * none, <0 error. */
int pact_review__dropped_withdrawals(char **members, git_repository *repo, const git_oid *mine,
                                     const git_oid *theirs);

/* Roll the mechanical mentions of year `from` over to `to` in doc: the
 * title, the closing, and "giao ước thi đua năm FROM" in the preamble.
 * *rolled gets PACT_ROLLED_* bits of what changed. */
int pact_review__roll_years(pact_doc *doc, int from, int to, unsigned *rolled);

#endif
