/*
 * review_status.c - the judgement: where a year's text stands against the
 * approval records of its review. The same function serves `review
 * status`, `review merge`, `review check` and the server hook, so all of
 * them apply one rule. It never trusts a record beyond what it can check.
 */
#define PACT_I18N_SHORT_NAMES
#include "pact/review.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "pact/error.h"
#include "pact/i18n.h"
#include "review.h"

/* ---- approvals -------------------------------------------------------- */

void pact_review__approval_clear(pact_approval *a)
{
	free(a->member);
	free(a->name);
	free(a->email);
	free(a->sig_reason);
	memset(a, 0, sizeof(*a));
}

/* Parse an approval or revocation record; -1 when it is not one (ignored).
 * The member is a slug, or "_board" for the board's record. */
int pact_review__parse_approval(pact_approval *a, const char *rec)
{
	char *member = pact_review__hdr_get(rec, "member"),
	     *blob = pact_review__hdr_get(rec, "blob"),
	     *commit = pact_review__hdr_get(rec, "commit"),
	     *sig = pact_review__hdr_get(rec, "approver"),
	     *revoke = pact_review__hdr_get(rec, "revoke");
	int rc = -1;

	memset(a, 0, sizeof(*a));
	if (!(pact_review__is_slug(member) || (member && !strcmp(member, PACT_REVIEW_BOARD))) ||
	    !pact_review__is_hex_oid(blob))
		goto done;
	if (pact_review__parse_sig(sig, &a->name, &a->email, &a->time, &a->offset) < 0)
		goto done;
	snprintf(a->blob, sizeof(a->blob), "%s", blob);
	if (pact_review__is_hex_oid(commit))
		snprintf(a->commit, sizeof(a->commit), "%s", commit);
	a->revoked = revoke != NULL;
	a->member = member;
	member = NULL;
	rc = 0;
done:
	free(member);
	free(blob);
	free(commit);
	free(sig);
	free(revoke);
	return rc;
}

static void approval_move(pact_approval *dst, pact_approval *src)
{
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

void pact_review_status_free(pact_review_status *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nmembers; i++) {
		free(s->members[i].id);
		free(s->members[i].name);
		free(s->members[i].also_for);
		free(s->members[i].continued_in);
		pact_review__approval_clear(&s->members[i].approval);
	}
	for (size_t i = 0; i < s->nstrangers; i++)
		pact_review__approval_clear(&s->strangers[i]);
	for (size_t i = 0; i < s->nleftovers; i++)
		free(s->leftovers[i]);
	pact_review__approval_clear(&s->board);
	free(s->leftovers);
	free(s->members);
	free(s->strangers);
	free(s->branch);
	free(s);
}

int pact_review_complete(const pact_review_status *s)
{
	return s && s->valid && s->nmembers > 0 && s->napproved == s->nmembers;
}

char *pact_review_missing_list(const pact_review_status *s)
{
	pact_buf b = {0};
	static const char *why[] = {
	        N_("not yet approved"),     "",
	        N_("approval out of date"), N_("approved by an identity not in its approvers"),
	        N_("approval revoked"),     N_("signature")};
	for (size_t i = 0; i < s->nmembers; i++) {
		const pact_review_member *m = &s->members[i];
		const pact_approval *a = &m->approval;
		if (m->state == PACT_APPROVAL_CURRENT || m->by_board)
			continue;
		pact_buf__printf(&b, "%s%s (", b.len ? ", " : "", m->id);
		if (m->departing)
			pact_buf__puts(&b, _("leaves the bloc: its own or the board's approval "
			                     "needed; "));
		if (m->state == PACT_APPROVAL_UNVERIFIED && a->sig == PACT_SIG_BAD)
			pact_buf__printf(&b, _("bad signature: %s)"),
			                 a->sig_reason ? a->sig_reason : "?");
		else if (m->state == PACT_APPROVAL_UNVERIFIED)
			pact_buf__puts(&b, _("unsigned; this store needs signed approvals)"));
		else
			pact_buf__printf(&b, "%s)", why[m->state][0] ? _(why[m->state]) : "");
	}
	return pact_buf__detach(&b, NULL);
}

/* The state of record `a` for a member whose approvers are `who` (NULL:
 * the board, whose list is .pact/board). A revocation needs the same
 * authority as an approval: one forged by another member cancels nothing. */
static pact_approval_state judge(const pact_approval *a, const pact_member *who,
                                 const review_trust *t, const char *blob)
{
	if (who ? !pact_review__may_approve(who, a->email) : !pact_review__board_lists(t, a->email))
		return PACT_APPROVAL_NOT_ALLOWED;
	if ((t->allowed && a->sig != PACT_SIG_VALID) || a->sig == PACT_SIG_BAD)
		return PACT_APPROVAL_UNVERIFIED;
	if (a->revoked)
		return PACT_APPROVAL_REVOKED;
	return strcmp(a->blob, blob) ? PACT_APPROVAL_STALE : PACT_APPROVAL_CURRENT;
}

/* How far in the future a record may be dated (clocks drift; time zones
 * are in the offset). Newer events win, so a record dated later would
 * outlast every real event after it: it does not count until then. */
#define MAX_CLOCK_SKEW (24 * 60 * 60)

/* The signature of record a (text rec), and its date: a record dated
 * more than a day ahead is bad, whatever its signature. */
static int check_record(pact_approval *a, const review_trust *t, const char *rec)
{
	int rc = pact_review__check_signature(a, t, rec);
	if (rc == 0 && a->time > (git_time_t)time(NULL) + MAX_CLOCK_SKEW) {
		free(a->sig_reason);
		a->sig = PACT_SIG_BAD;
		a->sig_reason = pact_alloc__strdup("dated in the future; check the clock of the "
		                                   "computer that made it");
		if (!a->sig_reason)
			rc = PACT_ENOMEM;
	}
	return rc;
}

/* A record its member's approvers really made: an event that counts. */
static int is_event(pact_approval_state st)
{
	return st == PACT_APPROVAL_CURRENT || st == PACT_APPROVAL_STALE ||
	       st == PACT_APPROVAL_REVOKED;
}

/* Nonzero when event a is newer than b: a strictly later approver time.
 * On a tie the one met first stands: the tip's record, then the history
 * newest commit first, so a revocation and a re-approval in the same
 * second keep their order, and a pull's tie-break (review_sync.c) stands. */
static int event_newer(const pact_approval *a, const pact_approval *b)
{
	return a->time > b->time;
}

/* Record blob `id`, filed under `name`, parsed: 1 a record, 0 not one
 * (ignored: too large, unreadable, or filed under another name than its
 * member, which is not an approval for either), <0 error. *rec (caller
 * frees) keeps its text for the signature check. */
static int load_record(pact_approval *a, char **rec, git_repository *repo, const git_oid *id,
                       const char *name)
{
	int rc;

	memset(a, 0, sizeof(*a));
	rc = pact_store__blob_string(rec, NULL, repo, id, PACT_REVIEW_MAX_RECORD_BYTES,
	                             "cannot read approval");
	if (rc == PACT_ENOMEM)
		return rc;
	if (rc <= 0) {
		pact_error_clear();
		return 0;
	}
	if (pact_review__parse_approval(a, *rec) < 0)
		return 0;
	if (strcmp(a->member, name) != 0) {
		pact_review__approval_clear(a);
		return 0;
	}
	return 1;
}

/* Where the records of a review are filed while it is read: per row of
 * s->members (then one for the board), the blob id of the record that
 * stands for it now. */
typedef struct filing {
	git_oid *ids; /* nmembers + 1 */
	git_oid *seen;
	size_t nseen, cap;
	size_t cap_strangers; /* of s->strangers */
} filing;

/* The row for member `name`: its index, s->nmembers for the board, -1
 * for an id that is neither. */
static long row_of(const pact_review_status *s, const char *name)
{
	if (!strcmp(name, PACT_REVIEW_BOARD))
		return (long)s->nmembers;
	for (size_t k = 0; k < s->nmembers; k++)
		if (!strcmp(s->members[k].id, name))
			return (long)k;
	return -1;
}

/* The name row k of s is filed under: its member's id, or the board's. */
static const char *row_name(const pact_review_status *s, size_t k)
{
	return k < s->nmembers ? s->members[k].id : PACT_REVIEW_BOARD;
}

/* Read the record of tree entry `e` (the review's tip), judge it and file
 * it under its member, the board or the strangers. */
static int file_record(pact_review_status *s, filing *f, const review_trust *t,
                       git_repository *repo, const git_tree_entry *e)
{
	pact_approval a;
	char *rec = NULL;
	long k;
	int rc;

	memset(&a, 0, sizeof(a));
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	rc = load_record(&a, &rec, repo, git_tree_entry_id(e), git_tree_entry_name(e));
	if (rc <= 0)
		goto done;
	rc = check_record(&a, t, rec);
	if (rc < 0)
		goto done;
	k = row_of(s, a.member);
	if (k < 0) {
		pact_approval *p = pact_alloc__grow(s->strangers, &f->cap_strangers, s->nstrangers,
		                                    sizeof(*p), 4);
		if (!p) {
			rc = PACT_ENOMEM;
			goto done;
		}
		s->strangers = p;
		approval_move(&s->strangers[s->nstrangers++], &a);
		goto done;
	}
	git_oid_cpy(&f->ids[k], git_tree_entry_id(e));
	if ((size_t)k == s->nmembers) {
		s->board_state = judge(&a, NULL, t, s->blob);
		approval_move(&s->board, &a);
	} else {
		s->members[k].state = judge(&a, t->roster[k].approvers, t, s->blob);
		approval_move(&s->members[k].approval, &a);
	}
	rc = 0;
done:
	pact_review__approval_clear(&a);
	free(rec);
	return rc < 0 ? rc : 0;
}

/* A record the review's history holds (blob `id`, filed as `name`): when
 * it is a real event of its member newer than the one filed now, or the
 * one filed now is not a real event, it takes its place. So the newest
 * event each member really made stands, whatever the tip's tree says: an
 * older signed approval put back over a later revocation, or a record
 * forged over a valid one, changes nothing. */
static int consider(pact_review_status *s, filing *f, const review_trust *t, git_repository *repo,
                    const git_oid *id, const char *name)
{
	pact_approval a, *cur;
	pact_approval_state st, *cur_st;
	char *rec = NULL;
	long k = row_of(s, name);
	int rc;

	memset(&a, 0, sizeof(a));
	if (k < 0 || git_oid_equal(&f->ids[k], id))
		return 0;
	for (size_t i = 0; i < f->nseen; i++)
		if (git_oid_equal(&f->seen[i], id))
			return 0;
	git_oid *p = pact_alloc__grow(f->seen, &f->cap, f->nseen, sizeof(*p), 32);
	PACT_CHECK_ALLOC(p);
	f->seen = p;
	git_oid_cpy(&f->seen[f->nseen++], id);
	cur = (size_t)k == s->nmembers ? &s->board : &s->members[k].approval;
	cur_st = (size_t)k == s->nmembers ? &s->board_state : &s->members[k].state;
	rc = load_record(&a, &rec, repo, id, name);
	if (rc <= 0 || (is_event(*cur_st) && !event_newer(&a, cur)))
		goto done;
	if ((rc = check_record(&a, t, rec)) < 0)
		goto done;
	st = judge(&a, (size_t)k == s->nmembers ? NULL : t->roster[k].approvers, t, s->blob);
	if (!is_event(st))
		goto done;
	pact_review__approval_clear(cur);
	approval_move(cur, &a);
	*cur_st = st;
	git_oid_cpy(&f->ids[k], id);
done:
	pact_review__approval_clear(&a);
	free(rec);
	return rc < 0 ? rc : 0;
}

/* The approvals/ tree of commit `c`; *atree NULL when it has none. */
static int approvals_tree(git_tree **atree, git_repository *repo, const git_commit *c)
{
	git_tree *rtree = NULL;
	git_tree_entry *ae = NULL;
	int rc;

	*atree = NULL;
	rc = git_commit_tree(&rtree, c);
	if (rc == 0)
		rc = git_tree_entry_bypath(&ae, rtree, "approvals");
	if (rc == 0 && git_tree_entry_type(ae) == GIT_OBJECT_TREE)
		rc = git_tree_lookup(atree, repo, git_tree_entry_id(ae));
	else if (rc == 0 || rc == GIT_ENOTFOUND)
		rc = 0;
	if (rc < 0)
		rc = pact_error_from_git(rc, "cannot read approvals");
	git_tree_entry_free(ae);
	git_tree_free(rtree);
	return rc;
}

/* Every record in the review's history before its tip, considered. */
static int read_history(pact_review_status *s, filing *f, const review_trust *t,
                        git_repository *repo, const git_oid *rtip)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t count = 0;
	int rc;

	rc = git_revwalk_new(&walk, repo);
	if (rc == 0)
		rc = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (rc == 0)
		rc = git_revwalk_push(walk, rtip);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot walk the review");
		goto done;
	}
	while ((rc = git_revwalk_next(&id, walk)) == 0 && ++count <= PACT_REVIEW_MAX_HISTORY) {
		git_commit *c = NULL;
		git_tree *atree = NULL;
		if ((rc = git_commit_lookup(&c, repo, &id)) < 0) {
			rc = pact_error_from_git(rc, "cannot read review");
			goto done;
		}
		rc = approvals_tree(&atree, repo, c);
		git_commit_free(c);
		/* each asked member's record by its name: entries piled in
		 * front of it never put it out of reach */
		for (size_t k = 0; rc == 0 && atree && k <= s->nmembers; k++) {
			const git_tree_entry *e = git_tree_entry_byname(atree, row_name(s, k));
			if (e && git_tree_entry_type(e) == GIT_OBJECT_BLOB)
				rc = consider(s, f, t, repo, git_tree_entry_id(e),
				              git_tree_entry_name(e));
		}
		git_tree_free(atree);
		if (rc < 0)
			goto done;
	}
	/* A history past the bound is not judged on its newest part: commits
	 * piled on top (cheap to make) would hide a revocation below them and
	 * bring the approval it withdrew back. Fail closed. */
	if (rc == 0 && count > PACT_REVIEW_MAX_HISTORY) {
		rc = pact_error_set(PACT_EINVALID,
		                    "the review of %04d has more than %u commits; pact cannot "
		                    "read every record in it, so it counts no approval (see "
		                    "'git log refs/pact/reviews/%04d' for commits piled on by "
		                    "hand)",
		                    s->year, (unsigned)PACT_REVIEW_MAX_HISTORY, s->year);
		goto done;
	}
	rc = rc == GIT_ITEROVER || rc == 0 ? 0 : pact_error_from_git(rc, "cannot walk the review");
done:
	git_revwalk_free(walk);
	return rc;
}

/* The approvals/ tree of review commit `rtip`, every record filed; then
 * its history, so the newest real event of each member stands. */
static int read_approvals(pact_review_status *s, const review_trust *t, git_repository *repo,
                          const git_oid *rtip)
{
	git_commit *c = NULL;
	git_tree *atree = NULL;
	filing f = {0};
	int rc;

	f.ids = pact_alloc__calloc(s->nmembers + 1, sizeof(*f.ids));
	if (!f.ids) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = git_commit_lookup(&c, repo, rtip);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read review");
		goto done;
	}
	if ((rc = approvals_tree(&atree, repo, c)) < 0)
		goto done;
	pact_error_clear();
	/* The asked members' records by name, whatever else the tree holds
	 * (a first-N-entries bound let entries named to sort before a member
	 * hide its revocation, and the approval it withdrew came back from
	 * the history); then, within a bound, the records of ids nobody asked,
	 * shown as strangers. */
	for (size_t k = 0; atree && k <= s->nmembers; k++) {
		const git_tree_entry *e = git_tree_entry_byname(atree, row_name(s, k));
		if (e && (rc = file_record(s, &f, t, repo, e)) < 0)
			goto done;
	}
	for (size_t i = 0, shown = 0;
	     atree && i < git_tree_entrycount(atree) && shown < PACT_MAX_MEMBERS * 4; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(atree, i);
		if (row_of(s, git_tree_entry_name(e)) >= 0)
			continue;
		shown++;
		if ((rc = file_record(s, &f, t, repo, e)) < 0)
			goto done;
	}
	rc = read_history(s, &f, t, repo, rtip);
done:
	free(f.ids);
	free(f.seen);
	git_tree_free(atree);
	git_commit_free(c);
	return rc;
}

/* The review's own records: the year it was opened from, its branch, the
 * adoption. */
static int read_review_records(pact_review_status *s, git_repository *repo, const git_oid *rtip)
{
	char *rec = NULL, *v = NULL;
	int rc;

	rc = pact_review__read_file(&rec, repo, rtip, "review");
	if (rc < 0)
		return rc;
	if (rc > 0) {
		v = pact_review__hdr_get(rec, "from");
		if (v && strlen(v) == 4 && atoi(v) >= 1000)
			s->from_year = atoi(v);
		free(v);
		s->branch = pact_review__hdr_get(rec, "branch");
	}
	free(rec);
	rec = NULL;
	rc = pact_review__read_file(&rec, repo, rtip, "adopted");
	if (rc < 0)
		return rc;
	if (rc > 0) {
		v = pact_review__hdr_get(rec, "commit");
		if (pact_review__is_hex_oid(v))
			snprintf(s->adopted, sizeof(s->adopted), "%s", v);
		free(v);
	}
	free(rec);
	return 0;
}

/* The members' rows: the roster, each MISSING until a record says more. */
static int fill_members(pact_review_status *s, const review_trust *t)
{
	s->members = pact_alloc__calloc(t->nroster ? t->nroster : 1, sizeof(*s->members));
	if (!s->members)
		return PACT_ENOMEM;
	for (size_t i = 0; i < t->nroster; i++) {
		pact_review_member *m = &s->members[i];
		m->id = pact_alloc__strdup(t->roster[i].id);
		m->name = pact_alloc__strdup(t->roster[i].name);
		m->departing = t->roster[i].departing;
		m->continued_in = t->roster[i].continued_in
		                          ? pact_alloc__strdup(t->roster[i].continued_in)
		                          : NULL;
		s->nmembers++;
		s->ndeparting += (size_t)m->departing;
		if (!m->id || !m->name || (t->roster[i].continued_in && !m->continued_in))
			return PACT_ENOMEM;
	}
	return 0;
}

/* After the records: the board stands in for departing members; one
 * e-mail approving for two members is noted on both; the count. */
static int settle(pact_review_status *s)
{
	for (size_t i = 0; i < s->nmembers; i++) {
		pact_review_member *m = &s->members[i];
		if (m->departing && m->state != PACT_APPROVAL_CURRENT &&
		    s->board_state == PACT_APPROVAL_CURRENT)
			m->by_board = 1;
		if (m->state == PACT_APPROVAL_CURRENT || m->by_board)
			s->napproved++;
		for (size_t k = 0; k < s->nmembers && m->state == PACT_APPROVAL_CURRENT; k++) {
			const pact_review_member *o = &s->members[k];
			if (k == i || o->state != PACT_APPROVAL_CURRENT || m->also_for ||
			    !pact_review__ci_equal(o->approval.email, m->approval.email))
				continue;
			if (!(m->also_for = pact_alloc__strdup(o->id)))
				return PACT_ENOMEM;
		}
	}
	return 0;
}

int pact_review__evaluate(pact_review_status **out, pact_store *store, int year,
                          const git_oid *content, const git_oid *reviews)
{
	git_repository *repo = pact_store__repo(store);
	pact_review_status *s = NULL;
	pact_doc *doc = NULL, *prev = NULL;
	review_trust t = {0};
	char path[32], rref[48];
	git_oid blob, rtip, pblob;
	int rc, have_review = 0;

	*out = NULL;
	if ((rc = pact_review__check_year(year)) < 0)
		goto done;
	s = pact_alloc__calloc(1, sizeof(*s));
	if (!s) {
		rc = PACT_ENOMEM;
		goto done;
	}
	s->year = year;
	s->from_year = year - 1;
	git_oid_tostr(s->commit, sizeof(s->commit), content);
	rc = pact_review__year_blob(&blob, repo, content, year);
	if (rc < 0)
		goto done;
	git_oid_tostr(s->blob, sizeof(s->blob), &blob);
	pact_store_year_path(path, year);
	rc = pact_review__load_blob(&doc, NULL, repo, &blob, path);
	if (rc < 0)
		goto done;
	s->valid = doc != NULL;

	if (reviews) {
		git_oid_cpy(&rtip, reviews);
		have_review = 1;
	} else {
		pact_review_ref(rref, year);
		rc = pact_store__ref_tip(&rtip, repo, rref);
		if (rc < 0)
			goto done;
		have_review = rc;
	}
	if (have_review && (rc = read_review_records(s, repo, &rtip)) < 0)
		goto done;
	rc = pact_review__trust_load(&t, repo, year, doc);
	if (rc < 0)
		goto done;
	s->prev_year = t.prev_year;
	s->signing = t.allowed != NULL;
	s->has_board = t.board != NULL;
	if ((rc = fill_members(s, &t)) < 0)
		goto done;
	if (have_review && (rc = read_approvals(s, &t, repo, &rtip)) < 0)
		goto done;
	if ((rc = settle(s)) < 0)
		goto done;

	/* The year it was opened from, as it stands in the same commit. */
	if (doc && pact_review__year_blob(&pblob, repo, content, s->from_year) == 0) {
		pact_store_year_path(path, s->from_year);
		rc = pact_review__load_blob(&prev, NULL, repo, &pblob, path);
		if (rc < 0)
			goto done;
	}
	pact_error_clear();
	rc = pact_review__diff_summary(&s->summary, prev, doc);
	if (rc == 0 && doc && prev)
		rc = pact_review__leftovers(&s->leftovers, &s->nleftovers, doc, prev);
	if (rc < 0)
		goto done;
	*out = s;
	s = NULL;
	rc = 0;
done:
	pact_review__trust_clear(&t);
	pact_review_status_free(s);
	pact_doc_free(doc);
	pact_doc_free(prev);
	return rc;
}

int pact_review_status_get(pact_review_status **out, pact_store *store, int year)
{
	git_repository *repo = pact_store__repo(store);
	char dref[48];
	git_oid tip;
	int rc;

	*out = NULL;
	if ((rc = pact_review__check_year(year)) < 0)
		return rc;
	if ((rc = pact_review__draft_tip(&tip, repo, year)) < 0)
		return rc;
	pact_review_draft_ref(dref, year);
	rc = pact_review__evaluate(out, store, year, &tip, NULL);
	if (rc == 0 && !(*out)->branch)
		(*out)->branch = pact_alloc__strdup(dref);
	if (rc == 0 && !(*out)->branch) {
		pact_review_status_free(*out);
		*out = NULL;
		return PACT_ENOMEM;
	}
	return rc;
}

/* Which member `who` approves for: the given one, or the only member whose
 * approvers: names who's e-mail. */
