/*
 * review.h - how a bloc adopts next year's pact: a draft branch, a thread
 * of comments per clause, one approval per member bound to the exact text,
 * and a merge onto main that checks them.
 *
 * Everything lives in the store and is readable with plain git:
 *
 *   refs/heads/draft/YEAR     the draft; pacts/YEAR.yaml is edited there
 *   refs/pact/reviews/YEAR    a commit chain whose tree holds
 *       review                    year, the year it was opened from, branch
 *       approvals/<member>        member, blob approved, draft commit,
 *                                 approver signature ("Name <email> T +ZZZZ")
 *       comments/<clause>/<stamp>-<hash>  headers, blank line, text
 *       adopted                   the merge commit and the tag, once merged
 *   refs/tags/pact/YEAR       annotated tag on the adoption merge
 *
 * Records are small "key value" header blocks like git's own commit
 * headers (README.md). Every change to a review is one commit on its
 * ref, made with pact_store_commit_ext: a compare-and-swap on the ref under
 * the store lock, so two members approving at once both land, and the
 * ref's log is the audit trail (who approved, revoked, commented, when).
 *
 * An approval names the blob id of pacts/YEAR.yaml it approves; it counts
 * only while the draft's pacts/YEAR.yaml is that very blob.
 *
 * Ownership: every struct returned through **out belongs to the caller and
 * is freed with its NULL-safe *_free function; strings inside belong to the
 * struct.
 */
#ifndef PACT_REVIEW_H
#define PACT_REVIEW_H

#include <git2.h>

#include "pact/doc.h"
#include "pact/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The branch adopted pacts live on; review merges go there. */
#define PACT_REVIEW_MAIN "refs/heads/main"

/* Bounds on what a review holds, so a hostile review ref costs bounded
 * work: a real review has a handful of approvals and tens of comments. */
#define PACT_REVIEW_MAX_COMMENTS 10000
#define PACT_REVIEW_MAX_COMMENT_BYTES (64u * 1024u)
#define PACT_REVIEW_MAX_RECORD_BYTES (256u * 1024u)

/* The ref names of a year's draft and review into buf. */
void pact_review_draft_ref(char buf[48], int year);
void pact_review_ref(char buf[48], int year);

/* ---- opening a draft -------------------------------------------------- */

typedef struct pact_review_open_opts {
	unsigned version; /* PACT_REVIEW_OPEN_OPTS_VERSION */
	int from_year;    /* 0: year - 1 */
	int no_switch;    /* nonzero: leave HEAD where it is */
} pact_review_open_opts;
#define PACT_REVIEW_OPEN_OPTS_VERSION 1
#define PACT_REVIEW_OPEN_OPTS_INIT                                                                 \
	{                                                                                          \
		PACT_REVIEW_OPEN_OPTS_VERSION, 0, 0                                                \
	}

/* Start the draft of `year`: branch draft/YEAR from main's tip with one
 * commit adding pacts/YEAR.yaml, a copy of main's pact of from_year with
 * the year set, the old year in the title replaced by the new one and the
 * signing date reset to YEAR-01-01 (clause ids, members and commitments
 * kept, so lineage continues); and the review ref. In a store with a work
 * tree HEAD switches to the draft unless opts->no_switch or local changes
 * are in the way (*switched says which). PACT_EEXISTS when a draft, a
 * review or an adopted pact for YEAR exists; PACT_ENOTFOUND when main
 * lacks from_year. *draft_tip (may be NULL) gets the draft's first commit. */
int pact_review_open(git_oid *draft_tip, int *switched, pact_store *store, int year,
                     const git_signature *who, const pact_review_open_opts *opts);

/* ---- comments --------------------------------------------------------- */

typedef struct pact_comment {
	char *clause; /* clause id, or NULL for the whole pact */
	char *name, *email;
	git_time_t time;
	int offset;                   /* minutes east of UTC */
	char blob[GIT_OID_HEXSZ + 1]; /* the draft text commented on */
	char *text;
} pact_comment;

typedef struct pact_comments {
	pact_comment *items; /* general ones first, then by clause id, each
	                        thread oldest first */
	size_t count;
} pact_comments;

/* Add a comment on `clause` (NULL: the pact as a whole) of the draft of
 * `year`. The clause must exist in the draft's current text. Comments are
 * never rewritten: each is its own file, so racing comments never clash. */
int pact_review_comment(pact_store *store, int year, const char *clause, const char *text,
                        const git_signature *who);

/* The comments of `year`'s review, all or (clause not NULL) one thread;
 * clause "-" means the general thread. */
int pact_review_comments(pact_comments **out, pact_store *store, int year, const char *clause);
void pact_comments_free(pact_comments *c);

/* ---- approvals -------------------------------------------------------- */

typedef enum {
	PACT_APPROVAL_MISSING = 0,    /* no approval recorded */
	PACT_APPROVAL_CURRENT = 1,    /* approves exactly the current text */
	PACT_APPROVAL_STALE = 2,      /* approves an older text */
	PACT_APPROVAL_NOT_ALLOWED = 3 /* made by an identity the member's
	                                 approvers: list does not name */
} pact_approval_state;

typedef struct pact_approval {
	char *member;
	char blob[GIT_OID_HEXSZ + 1];   /* blob id of pacts/YEAR.yaml approved */
	char commit[GIT_OID_HEXSZ + 1]; /* draft commit it was read from */
	char *name, *email;
	git_time_t time;
	int offset;
} pact_approval;

typedef struct pact_review_member {
	char *id, *name;
	pact_approval_state state;
	pact_approval approval; /* filled unless state is MISSING */
} pact_review_member;

/* Clause counts of the text against the year it was opened from, as the
 * clause diff (pactdiff.h) counts them ("changed" is its "modified"). */
typedef struct pact_review_summary {
	int has_previous; /* 0: no previous year to compare with */
	size_t unchanged, changed, added, removed, renumbered;
	int other_changed; /* a field outside the clauses changed */
} pact_review_summary;

typedef struct pact_review_status {
	int year, from_year;
	char *branch;                   /* "refs/heads/draft/2025" */
	char commit[GIT_OID_HEXSZ + 1]; /* the content's commit */
	char blob[GIT_OID_HEXSZ + 1];   /* its pacts/YEAR.yaml */
	int valid;                      /* that text is a valid pact */
	pact_review_member *members;    /* the text's members:, in order */
	size_t nmembers;
	size_t napproved;         /* members in state CURRENT */
	pact_approval *strangers; /* approvals for ids not in members: */
	size_t nstrangers;
	pact_review_summary summary;
	char adopted[GIT_OID_HEXSZ + 1]; /* merge commit, "" while a draft */
} pact_review_status;

/* Approve the draft's current text of `year` for `member` as `who`.
 * PACT_EREFUSED when the member lists approvers: and who's e-mail is not
 * one of them, or the draft is not a valid pact; PACT_ENOTFOUND for an
 * unknown member or draft; PACT_EUNCHANGED when this member already
 * approved this very text. `member` NULL: the one member whose approvers:
 * list who's e-mail (PACT_EREFUSED when none or several do). *approved (may
 * be NULL) gets the blob approved. *member_out (may be NULL) gets the
 * member id, caller frees. */
int pact_review_approve(git_oid *approved, char **member_out, pact_store *store, int year,
                        const char *member, const git_signature *who);

/* Withdraw `member`'s approval; PACT_ENOTFOUND when there is none. The
 * same approvers: rule applies. */
int pact_review_revoke(pact_store *store, int year, const char *member, const git_signature *who);

/* Where the draft of `year` stands: each member of the draft's text with
 * its approval state, and the clause summary against the previous year. */
int pact_review_status_get(pact_review_status **out, pact_store *store, int year);

/* The same judgement for any content: pacts/YEAR.yaml at commit `content`
 * against the approvals in review commit `reviews` (NULL: the review ref;
 * no review at all means every member is MISSING). This is what the
 * server hook asks about a pushed main. */
int pact_review_evaluate(pact_review_status **out, pact_store *store, int year,
                         const git_oid *content, const git_oid *reviews);
void pact_review_status_free(pact_review_status *s);

/* Nonzero when every member approved the current text. */
int pact_review_complete(const pact_review_status *s);

/* "so-y-te (not yet), bhxh-tinh (approval out of date)": the members
 * that block adoption. Caller frees; NULL on out of memory. */
char *pact_review_missing_list(const pact_review_status *s);

/* ---- adopting --------------------------------------------------------- */

/* Adopt the draft of `year`: PACT_EREFUSED naming the missing members
 * unless every member approved the current text. Otherwise one merge
 * commit on main (first parent main's tip, second the draft's tip; its
 * tree is main's with the draft's pacts/YEAR.yaml, and its message lists
 * the approvals), the annotated tag pact/YEAR on it, and an `adopted`
 * record in the review. A work tree on main is updated. PACT_EREFUSED too
 * when the draft changed any other path than pacts/YEAR.yaml; PACT_EEXISTS
 * when main already has the year or the tag exists. *merge (may be NULL)
 * gets the merge commit. A work tree still on the draft branch is switched
 * back to main unless local edits are in the way; *switched (may be NULL)
 * says whether it was. */
int pact_review_merge(git_oid *merge, int *switched, pact_store *store, int year,
                      const git_signature *who);

/* ---- sharing ---------------------------------------------------------- */

/* Send every review ref, draft branch and pact/ tag (and main, with
 * PACT_REVIEW_PUSH_MAIN) to `remote` (NULL: origin) in one push, review
 * refs first, so a server hook sees the approvals with the main they
 * justify. PACT_EUNCHANGED when there is nothing to send (no review refs:
 * then no connection is made) or the remote has it all; PACT_ECONFLICT
 * when the remote refuses one (run pact_review_pull first). */
#define PACT_REVIEW_PUSH_MAIN 1u
int pact_review_push(pact_store *store, const char *remote, unsigned flags);

/* Fetch review refs, draft branches and pact/ tags from `remote`. A local
 * review ref that diverged from the remote's is merged: the union of the
 * comments, and for each member the newer approval. Draft branches only
 * fast-forward (a checked-out draft is left alone with a note in
 * *notes, caller frees, may be NULL). */
int pact_review_pull(char **notes, pact_store *store, const char *remote);

/* ---- checks for hooks ------------------------------------------------- */

/* One ref update as a pre-receive hook reads it. */
typedef struct pact_ref_update {
	git_oid old_id, new_id; /* zero: created / deleted */
	const char *refname;
} pact_ref_update;

/* Judge a push: every commit it brings (not reachable from any ref yet)
 * must hold valid pacts/ *.yaml where they changed; main may not be deleted
 * nor rewound, and an update of an existing main that changes a year's
 * pact needs every member's approval of the new text (from the review ref
 * pushed alongside, else the stored one); review refs may only move
 * forward. *report gets one line per problem (caller frees; "" when
 * none); returns PACT_EREFUSED when there is any error. Objects of a push
 * in quarantine are found when the store was opened with pact_store_open
 * inside the hook (GIT_QUARANTINE_PATH). */
int pact_review_check_push(char **report, pact_store *store, const pact_ref_update *updates,
                           size_t n);

/* Validate every pacts/ *.yaml of the index (staged = 1: only those that
 * differ from HEAD) or of revision `rev`. Diagnostics are formatted into
 * *report ("pacts/2025.yaml:6:34: error: ..."), verdicts counted;
 * PACT_EINVALID when any file is invalid (strict: or has warnings).
 * The index is $GIT_INDEX_FILE when set (git sets it for hooks). */
int pact_validate_index(char **report, size_t *nfiles, pact_store *store, int strict);
int pact_validate_rev(char **report, size_t *nfiles, pact_store *store, const char *rev,
                      int strict);

#ifdef __cplusplus
}
#endif
#endif
