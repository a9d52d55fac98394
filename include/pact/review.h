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

#include "pact/doc.h"
#include "pact/oid.h"
#include "pact/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The branch adopted pacts live on; review merges go there. */
#define PACT_REVIEW_MAIN "refs/heads/main"

/* Trust anchors a store may keep on main (README.md, "Trust model"):
 * OpenSSH allowed signers whose principals are approver e-mails, and the
 * e-mails of the board that may approve members' departures. */
#define PACT_ALLOWED_SIGNERS_PATH ".pact/allowed_signers"
#define PACT_BOARD_PATH ".pact/board"
/* The file name (approvals/_board) and member of the board's record. */
#define PACT_REVIEW_BOARD "_board"

/* Bounds on what a review holds, so a hostile review ref costs bounded
 * work: a real review has a handful of approvals and tens of comments. */
#define PACT_REVIEW_MAX_COMMENTS 10000
#define PACT_REVIEW_MAX_COMMENT_BYTES (64u * 1024u)
#define PACT_REVIEW_MAX_RECORD_BYTES (256u * 1024u)
/* Commits of a review's history read for its members' newest events. */
#define PACT_REVIEW_MAX_HISTORY 20000

/* The ref names of a year's draft and review into buf. */
void pact_review_draft_ref(char buf[48], int year);
void pact_review_ref(char buf[48], int year);

/* ---- opening a draft -------------------------------------------------- */

typedef struct pact_review_open_opts {
	unsigned version; /* PACT_REVIEW_OPEN_OPTS_VERSION */
	int from_year;    /* 0: year - 1 */
	int no_switch;    /* nonzero: leave HEAD where it is */
	unsigned rolled;  /* out: PACT_ROLLED_* bits, what the seed rolled over */
} pact_review_open_opts;
#define PACT_REVIEW_OPEN_OPTS_VERSION 2
#define PACT_REVIEW_OPEN_OPTS_INIT                                                                 \
	{                                                                                          \
		PACT_REVIEW_OPEN_OPTS_VERSION, 0, 0, 0                                             \
	}
/* Year mentions the seed rolls over from the previous year: the title,
 * the closing, and "giao ước thi đua năm PREV" in the preamble. */
#define PACT_ROLLED_TITLE 1u
#define PACT_ROLLED_CLOSING 2u
#define PACT_ROLLED_PREAMBLE 4u
/* What the seed left out because it describes the previous year's text
 * (its provenance: "restored from the 2024 OCR scan"), not the draft:
 * `source:` and `note:`, reported in the same rolled bits. */
#define PACT_SEED_DROPPED_SOURCE 8u
#define PACT_SEED_DROPPED_NOTE 16u

/* Start the draft of `year`: branch draft/YEAR from main's tip with one
 * commit adding pacts/YEAR.yaml, a copy of main's pact of from_year with
 * the year set, the old year in the title and the closing (and in "giao
 * ước thi đua năm PREV" in the preamble) replaced by the new one (opts->
 * rolled, when opts is not NULL, says which) and the signing date reset
 * to YEAR-01-01 (clause ids, members and commitments
 * kept, so lineage continues), without the previous year's `source:` and
 * `note:` (PACT_SEED_DROPPED_*: the first commit's message says so); and
 * the review ref. In a store with a work
 * tree HEAD switches to the draft unless opts->no_switch, local changes
 * are in the way or HEAD is not on a branch (detached: it stays there;
 * *switched says whether it switched). PACT_EEXISTS when a draft, a
 * review or an adopted pact for YEAR exists; PACT_ENOTFOUND when main
 * lacks from_year. *draft_tip (may be NULL) gets the draft's first commit. */
int pact_review_open(pact_oid *draft_tip, int *switched, pact_store *store, int year,
                     const pact_signature *who, pact_review_open_opts *opts);

/* ---- comments --------------------------------------------------------- */

typedef struct pact_comment {
	char *clause; /* clause id, or NULL for the whole pact */
	char *name, *email;
	int64_t time;
	int offset;                    /* minutes east of UTC */
	char blob[PACT_OID_HEXSZ + 1]; /* the draft text commented on */
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
                        const pact_signature *who);

/* The comments of `year`'s review, all or (clause not NULL) one thread;
 * clause "-" means the general thread. PACT_ENOTFOUND, naming the draft's
 * clauses (or the id of the clause numbered `clause`), when no comment is
 * on `clause` and the draft has no such clause. */
int pact_review_comments(pact_comments **out, pact_store *store, int year, const char *clause);
void pact_comments_free(pact_comments *c);

/* ---- approvals -------------------------------------------------------- */

typedef enum {
	PACT_APPROVAL_MISSING = 0,     /* no approval recorded */
	PACT_APPROVAL_CURRENT = 1,     /* approves exactly the current text */
	PACT_APPROVAL_STALE = 2,       /* approves an older text */
	PACT_APPROVAL_NOT_ALLOWED = 3, /* made by an identity the member's
	                                  approvers: list does not name */
	PACT_APPROVAL_REVOKED = 4,     /* its newest record is a revocation */
	PACT_APPROVAL_UNVERIFIED = 5   /* the store has .pact/allowed_signers and
	                                  the record's signature is missing or bad */
} pact_approval_state;

/* What the signature of a record says. */
typedef enum {
	PACT_SIG_NONE = 0,     /* unsigned */
	PACT_SIG_VALID = 1,    /* verifies for the approver's e-mail against
	                          main's .pact/allowed_signers */
	PACT_SIG_BAD = 2,      /* does not verify (sig_reason says why) */
	PACT_SIG_UNCHECKED = 3 /* signed, but main has no .pact/allowed_signers */
} pact_sig_state;

typedef struct pact_approval {
	char *member;                    /* member id, or "_board" */
	char blob[PACT_OID_HEXSZ + 1];   /* blob id of pacts/YEAR.yaml approved */
	char commit[PACT_OID_HEXSZ + 1]; /* draft commit it was read from */
	char *name, *email;
	int64_t time;
	int offset;
	int revoked; /* a revocation event, not an approval */
	pact_sig_state sig;
	char *sig_reason; /* PACT_SIG_BAD: why, in ssh-keygen's words */
} pact_approval;

typedef struct pact_review_member {
	char *id, *name;
	pact_approval_state state;
	pact_approval approval; /* filled unless state is MISSING */
	int departing;          /* a member of the last adopted year that this text drops */
	int by_board;           /* departing, and the board approved this text for it */
	char *also_for;         /* the same e-mail approved this text for that other
	                           member too (NULL: it did not) */
	char *continued_in;     /* departing, and the text says this member of it
	                           continues it (`formerly:`); NULL otherwise */
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
	char *branch;                    /* "refs/heads/draft/2025" */
	char commit[PACT_OID_HEXSZ + 1]; /* the content's commit */
	char blob[PACT_OID_HEXSZ + 1];   /* its pacts/YEAR.yaml */
	int valid;                       /* that text is a valid pact */
	pact_review_member *members;     /* the text's members:, in order, then
	                                    the departing ones (departing set) */
	size_t nmembers;                 /* including the departing */
	size_t ndeparting;
	size_t napproved;                /* members in state CURRENT (or by_board) */
	int prev_year;                   /* the adopted text this one answers to: this
	                                    year's own when it is adopted (an
	                                    amendment), else the last adopted year
	                                    before it on main; its members count too
	                                    (0: none) */
	int signing;                     /* main has .pact/allowed_signers */
	int has_board;                   /* main has .pact/board */
	pact_approval_state board_state; /* of the board's approval */
	pact_approval board;             /* filled unless board_state is MISSING */
	char **leftovers;                /* what looks left over from the year the
	                                    draft was opened from, one line each */
	size_t nleftovers;
	pact_approval *strangers; /* approvals for ids not in members: */
	size_t nstrangers;
	pact_review_summary summary;
	char adopted[PACT_OID_HEXSZ + 1]; /* merge commit, "" while a draft */
} pact_review_status;

/* How an approval or revocation is signed: AUTO signs when git config
 * has gpg.format=ssh and user.signingKey (as git signs commits), ALWAYS
 * refuses to write an unsigned record, NEVER writes one. */
#define PACT_SIGN_AUTO 0
#define PACT_SIGN_ALWAYS 1
#define PACT_SIGN_NEVER 2

typedef struct pact_review_approve_opts {
	unsigned version;   /* PACT_REVIEW_APPROVE_OPTS_VERSION */
	const char *member; /* NULL: the one member whose approvers: list who */
	int board;          /* approve as the store's board (.pact/board), which
	                       stands in for departing members */
	int sign;           /* PACT_SIGN_* */
} pact_review_approve_opts;
#define PACT_REVIEW_APPROVE_OPTS_VERSION 1
#define PACT_REVIEW_APPROVE_OPTS_INIT                                                              \
	{                                                                                          \
		PACT_REVIEW_APPROVE_OPTS_VERSION, NULL, 0, PACT_SIGN_AUTO                          \
	}

/* What an approval or revocation did. */
typedef struct pact_review_receipt {
	char *member;                       /* member id, or PACT_REVIEW_BOARD */
	char blob[PACT_OID_HEXSZ + 1];      /* the draft's text */
	char commit[PACT_OID_HEXSZ + 1];    /* the draft's tip */
	int is_signed;                      /* the record carries an SSH signature */
	int unchanged;                      /* already approved so: nothing written */
	int uncommitted;                    /* the work tree (on draft/YEAR) has edits to the
	                                       year's file that this approval does not cover */
	char *also_for;                     /* the same e-mail already approved this text for that
	                                       other member (NULL: it did not) */
	char prev_blob[PACT_OID_HEXSZ + 1]; /* an approval: the other text the member's
	                                       last approval was of ("" none) */
} pact_review_receipt;

/* Approve the draft's current text of `year` as `who`, for opts->member
 * (or the board): an approval record, signed per opts->sign. The member
 * may be one of the text's or a departing member of the last adopted
 * year; its approvers: are the last adopted text's when it continues.
 * PACT_EREFUSED when who may not approve for it, the draft is not valid
 * or the year is adopted; PACT_ENOTFOUND for an unknown member or draft;
 * PACT_EUSAGE when signing is asked for without a key; PACT_EREFUSED
 * too when no member or several list who's e-mail. *out is the
 * caller's (pact_review_receipt_free). */
int pact_review_approve_ext(pact_review_receipt **out, pact_store *store, int year,
                            const pact_signature *who, const pact_review_approve_opts *opts);

/* Withdraw an approval: a revocation record (an event, newer than the
 * approval, so it wins over it on every clone after a pull). The same
 * rules; PACT_ENOTFOUND when the member's newest event is no approval,
 * PACT_EREFUSED once the year is adopted. */
int pact_review_revoke_ext(pact_review_receipt **out, pact_store *store, int year,
                           const pact_signature *who, const pact_review_approve_opts *opts);
void pact_review_receipt_free(pact_review_receipt *r);

/* The same with default options (signed when git config names an SSH
 * key) for one member (NULL: the one whose approvers: list
 * who): PACT_EUNCHANGED when it already approved this text; *approved
 * and *member_out (caller frees) may be NULL. */
int pact_review_approve(pact_oid *approved, char **member_out, pact_store *store, int year,
                        const char *member, const pact_signature *who);
int pact_review_revoke(pact_store *store, int year, const char *member, const pact_signature *who);

/* Where the draft of `year` stands: each member of the draft's text with
 * its approval state, and the clause summary against the previous year. */
int pact_review_status_get(pact_review_status **out, pact_store *store, int year);

/* The same judgement for any content: pacts/YEAR.yaml at commit `content`
 * against the approvals in review commit `reviews` (NULL: the review ref;
 * no review at all means every member is MISSING). This is what the
 * server hook asks about a pushed main. */
int pact_review_evaluate(pact_review_status **out, pact_store *store, int year,
                         const pact_oid *content, const pact_oid *reviews);
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
 * says whether it was. PACT_EREFUSED, listing them, when the status has
 * leftovers of the year the draft was opened from (placeholder date, the
 * old year in the title...), unless flags has
 * PACT_REVIEW_MERGE_ALLOW_LEFTOVERS. */
#define PACT_REVIEW_MERGE_ALLOW_LEFTOVERS 1u
/* PACT_EREFUSED when the work tree is on draft/YEAR and its
 * pacts/YEAR.yaml has uncommitted changes (the adoption would take the
 * committed text, not the one the officer sees), unless flags has
 * PACT_REVIEW_MERGE_FORCE; pact_review_uncommitted tells beforehand. */
#define PACT_REVIEW_MERGE_FORCE 2u
int pact_review_merge(pact_oid *merge, int *switched, pact_store *store, int year,
                      const pact_signature *who, unsigned flags);

/* 1 when the work tree is on draft/YEAR and its pacts/YEAR.yaml differs
 * from the draft's committed text, else 0 (also for a bare store, another
 * branch, or no draft). */
int pact_review_uncommitted(pact_store *store, int year);

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

/* What a review pull brought in, or a review push sent out: one event per
 * record or ref that is new on the receiving side, read from what moved
 * there (the review's tree before and after, so a merge of two sides
 * reports only what the other side had). */
typedef enum pact_review_event_kind {
	PACT_REVIEW_EV_DRAFT_NEW,     /* draft/YEAR now exists there; name: its author */
	PACT_REVIEW_EV_DRAFT_CHANGED, /* draft/YEAR has new commits; name: the newest's author */
	PACT_REVIEW_EV_COMMENT,       /* a comment; clause (NULL: general), name, email */
	PACT_REVIEW_EV_APPROVAL,      /* member's approval; name, email of the approver */
	PACT_REVIEW_EV_REVOCATION,    /* member's approval withdrawn; name, email */
	PACT_REVIEW_EV_ADOPTED,       /* tag pact/YEAR: the year was adopted */
	PACT_REVIEW_EV_MAIN           /* main, the adopted pacts, moved (push only) */
} pact_review_event_kind;

typedef struct pact_review_event {
	pact_review_event_kind kind;
	int year;           /* 0 for PACT_REVIEW_EV_MAIN */
	char *member;       /* approvals, revocations: member id or PACT_REVIEW_BOARD */
	char *clause;       /* comments: clause id; NULL: on the draft as a whole */
	char *name, *email; /* who; NULL when not known */
} pact_review_event;

/* Events kept per report: more are counted in `more`, not read. */
#define PACT_REVIEW_SYNC_MAX_EVENTS 500

typedef struct pact_review_sync {
	pact_review_event *events; /* drafts, then reviews, then tags, by year */
	size_t count;
	size_t more; /* events beyond PACT_REVIEW_SYNC_MAX_EVENTS, not listed */
	char *notes; /* pull: what was left alone, "note: ..." lines; NULL: none */
} pact_review_sync;

/* pact_review_pull, and into *out (caller frees with pact_review_sync_free)
 * what came in: count 0 and more 0 mean nothing new. */
int pact_review_pull_report(pact_review_sync **out, pact_store *store, const char *remote);
/* pact_review_push (the same return values), and on 0 into *out what
 * the remote did not have before. */
int pact_review_push_report(pact_review_sync **out, pact_store *store, const char *remote,
                            unsigned flags);
void pact_review_sync_free(pact_review_sync *s);

/* ---- checks for hooks ------------------------------------------------- */

/* One ref update as a pre-receive hook reads it. */
typedef struct pact_ref_update {
	pact_oid old_id, new_id; /* zero: created / deleted */
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

/* Bound on the ref updates of one push: more is not a bloc's review. */
#define PACT_REVIEW_MAX_UPDATES 10000

/* The same for a push as git hands it to a pre-receive hook: `lines` is
 * the hook's standard input, one "OLD NEW REFNAME" line per ref update
 * (ids in hexadecimal, all zeros for a created or deleted ref).
 * PACT_EUSAGE ("pre-receive: cannot read update 'LINE'") for a line that
 * is not that, PACT_ELIMIT for more than PACT_REVIEW_MAX_UPDATES updates,
 * with nothing judged; else as pact_review_check_push. */
int pact_review_check_push_lines(char **report, pact_store *store, const char *lines);

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
