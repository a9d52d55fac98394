/*
 * review.c - drafts, comments, approvals and the adopting merge.
 *
 * A review is data in the store, not state in this program: the draft is a
 * branch, and everything said about it (comments, approvals, the adoption)
 * is a file on the commit chain refs/pact/reviews/YEAR, written with
 * pact_store__commit. That gives three properties for free: plain git
 * can read and move it (push, pull, `git show refs/pact/reviews/2025:
 * approvals/so-y-te`), every change is a compare-and-swap on the ref under
 * the store lock (two members approving at once both land; each record is
 * its own file, so a rebuild on a moved tip never loses one), and the ref's
 * history is the audit trail.
 *
 * An approval is bound to content, not to a commit: it records the blob id
 * of pacts/YEAR.yaml. Any edit makes a new blob, so older approvals stop
 * counting by themselves, and an edit that is undone makes them count
 * again: what members approved is the text, and the text is the same.
 *
 * Records are "key value" header lines (and, for comments, a blank line and
 * the text), the format of git's own commit headers: readable in a
 * terminal, parsed here without a JSON library, and a forged or broken
 * record is simply not an approval. The judgement (pact_review_evaluate)
 * never trusts a record beyond what it can check: the member must be in
 * the text's members:, the blob must be the current one, and where the
 * member lists approvers the record's e-mail must be one of them.
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
#include "pact/pactdiff.h"
#include "pact/sanitize.h"
#include "pact/utf8.h"
#include "review.h"

/* ---- small helpers ---------------------------------------------------- */

void pact_review_draft_ref(char buf[48], int year)
{
	snprintf(buf, 48, "refs/heads/draft/%04d", year);
}

void pact_review_ref(char buf[48], int year)
{
	snprintf(buf, 48, "refs/pact/reviews/%04d", year);
}

int pact_review__check_year(int year)
{
	if (year < 1000 || year > 9999)
		return pact_error_set(PACT_EUSAGE, "'%d' is not a year (1000..9999)", year);
	return 0;
}

int pact_review__year_blob(git_oid *out, git_repository *repo, const git_oid *commit, int year)
{
	char path[32], hex[GIT_OID_HEXSZ + 1];
	int rc;

	pact_store_year_path(path, year);
	rc = pact_store__path_id(out, repo, commit, path, 1, "cannot read commit");
	if (rc == 0) {
		git_oid_tostr(hex, 8, commit);
		return pact_error_set(PACT_ENOTFOUND, "no %s in commit %s", path, hex);
	}
	return rc < 0 ? rc : 0;
}

int pact_review__load_blob(pact_doc **doc, pact_diags *diags, git_repository *repo,
                           const git_oid *blob, const char *path)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*doc = NULL;
	/* larger than the loader takes: treat as invalid (0) */
	rc = pact_store__blob_string(&buf, &len, repo, blob, pact_doc_max_bytes(),
	                             "cannot read blob");
	if (rc <= 0)
		return rc;
	po.path = path;
	rc = pact_doc_parse(doc, diags, buf, len, &po);
	free(buf);
	if (rc == PACT_EINVALID) {
		*doc = NULL;
		return 0;
	}
	return rc;
}

/* The text of file `path` in the tree of commit `commit`: 1 found, 0
 * absent, <0 error. Records are bounded: a larger file is not a record
 * pact wrote, and is ignored (0). */
int pact_review__read_file(char **out, git_repository *repo, const git_oid *commit,
                           const char *path)
{
	git_oid id;
	int rc;

	*out = NULL;
	rc = pact_store__path_id(&id, repo, commit, path, 1, "cannot read review");
	if (rc <= 0)
		return rc;
	return pact_store__blob_string(out, NULL, repo, &id, PACT_REVIEW_MAX_RECORD_BYTES,
	                               "cannot read review record");
}

/* The value of header `key` in a record (lines "key value" up to the first
 * blank line), newly allocated; NULL when absent or out of memory. */
char *pact_review__hdr_get(const char *rec, const char *key)
{
	size_t klen = strlen(key);
	const char *p = rec;

	while (*p && *p != '\n') {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (n > klen && !strncmp(p, key, klen) && p[klen] == ' ') {
			char *v = pact_alloc__malloc(n - klen);
			if (!v)
				return NULL;
			memcpy(v, p + klen + 1, n - klen - 1);
			v[n - klen - 1] = '\0';
			return v;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	return NULL;
}

/* The text after the headers' blank line ("" when none). */
const char *pact_review__rec_body(const char *rec)
{
	const char *p = rec;
	if (*p == '\n')
		return p + 1;
	p = strstr(rec, "\n\n");
	return p ? p + 2 : "";
}

int pact_review__is_hex_oid(const char *s)
{
	if (!s || strlen(s) != GIT_OID_HEXSZ)
		return 0;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s) || isupper((unsigned char)*s))
			return 0;
	return 1;
}

int pact_review__is_slug(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

/* "Name <email> 1700000000 +0700" for a signature. */
void pact_review__sb_sig(pact_buf *b, const git_signature *s)
{
	int off = s->when.offset;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	pact_buf__printf(b, "%s <%s> %lld %c%02d%02d", s->name, s->email, (long long)s->when.time,
	                 sign, off / 60, off % 60);
}

/* Parse a signature header into name, email, time, offset. */
int pact_review__parse_sig(const char *v, char **name, char **email, git_time_t *t, int *offset)
{
	git_signature *s = NULL;
	if (!v || git_signature_from_buffer(&s, v) < 0) {
		pact_error_clear();
		return -1;
	}
	*name = pact_alloc__strdup(s->name);
	*email = pact_alloc__strdup(s->email);
	*t = s->when.time;
	*offset = s->when.offset;
	git_signature_free(s);
	if (!*name || !*email) {
		free(*name);
		free(*email);
		*name = *email = NULL;
		return -1;
	}
	return 0;
}

/* Signatures go into one-line headers: refuse what would break a line,
 * and names that would show differently from what they are (controls,
 * bidi overrides, zero-width characters). */
int pact_review__check_sig(const git_signature *who)
{
	if (!who || !who->name || !who->email)
		return pact_error_set(PACT_EUSAGE, "invalid identity for a review record");
	if (pact_sanitize_require_visible(_("the reviewer's name"), who->name) < 0 ||
	    pact_sanitize_require_visible(_("the reviewer's e-mail"), who->email) < 0)
		return PACT_EINVALID;
	if (strpbrk(who->name, "<>") || strpbrk(who->email, "<> "))
		return pact_error_set(PACT_EUSAGE, "invalid identity for a review record");
	return 0;
}

int pact_review__ci_equal(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

int pact_review__may_approve(const pact_member *m, const char *email)
{
	if (!m->napprovers)
		return 1;
	for (size_t i = 0; i < m->napprovers; i++)
		if (pact_review__ci_equal(m->approvers[i], email))
			return 1;
	return 0;
}

/* Sign record `rec` (its last header key is already written: "approver ")
 * with who's signature line and commit it as file `path` of the review. */
int pact_review__commit_record(pact_store *store, int year, const char *path, pact_buf *rec,
                               const char *message, const git_signature *who)
{
	pact_store_file f;
	pact_review__sb_sig(rec, who);
	pact_buf__puts(rec, "\n");
	if (rec->oom)
		return PACT_ENOMEM;
	f.path = path;
	f.data = rec->ptr;
	f.len = rec->len;
	return pact_review__commit(store, year, &f, 1, message, who);
}

/* ---- the clause summary ----------------------------------------------- */

/* The one place that compares two years for `review status`: the clause
 * diff (pactdiff.h), reduced to the counts a status line needs: its
 * unchanged, modified, added, removed and renumbered clauses; a field or
 * member change sets other_changed. */
int pact_review__diff_summary(pact_review_summary *out, const pact_doc *prev, const pact_doc *cur)
{
	pact_diff_opts o = PACT_DIFF_OPTS_INIT;
	pact_diff *d = NULL;
	const pact_diff_summary *m;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!prev || !cur)
		return 0;
	rc = pact_diff_docs(&d, prev, cur, &o);
	if (rc < 0)
		return rc;
	m = &d->summary;
	out->has_previous = 1;
	out->unchanged = m->unchanged;
	out->changed = m->modified;
	out->added = m->added;
	out->removed = m->removed;
	out->renumbered = m->renumbered;
	out->other_changed =
	        m->fields_changed || m->members_joined || m->members_left || m->members_renamed;
	pact_diff_free(d);
	return 0;
}

/* ---- a draft this copy has not fetched yet ------------------------------ */

/* The first remote (in git config's order) that has a draft or a review
 * of `year` this copy knows of but does not hold: refs/remotes/R/draft/YEAR
 * (what 'git clone' fetched), refs/pact/remotes/R/draft/YEAR or
 * .../reviews/YEAR (what 'pact review pull' and 'push' saw). Into
 * remote[size]; 1 found, 0 none, or an error. A member's fresh clone has
 * the hub's draft only there, and was told "start one with 'pact review
 * open'", which opened a second draft beside the bloc's. */
static int remote_draft(char *remote, size_t size, git_repository *repo, int year)
{
	git_strarray names = {0};
	int rc, found = 0;

	rc = git_remote_list(&names, repo);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot list remotes");
	for (size_t i = 0; i < names.count && !found; i++) {
		static const char *const where[][2] = {{"refs/remotes/", "draft"},
		                                       {"refs/pact/remotes/", "draft"},
		                                       {"refs/pact/remotes/", "reviews"}};
		for (size_t f = 0; f < sizeof(where) / sizeof(where[0]) && !found; f++) {
			char ref[512];
			git_oid x;
			if (snprintf(ref, sizeof(ref), "%s%s/%s/%04d", where[f][0],
			             names.strings[i], where[f][1], year) >= (int)sizeof(ref))
				continue;
			if (git_reference_name_to_id(&x, repo, ref) == 0 &&
			    snprintf(remote, size, "%s", names.strings[i]) < (int)size)
				found = 1;
		}
	}
	git_strarray_dispose(&names);
	git_error_clear();
	return found;
}

/* PACT_ENOTFOUND "no draft for YEAR", with what to do: fetch the one a
 * remote has, else open one. */
static int no_draft(git_repository *repo, int year)
{
	char remote[256];
	int rc = remote_draft(remote, sizeof(remote), repo, year);

	if (rc < 0)
		return rc;
	if (rc > 0)
		return pact_error_set(PACT_ENOTFOUND,
		                      "this copy has no draft for %04d yet, but '%s' has one; "
		                      "fetch it with 'pact review pull %s'",
		                      year, remote, remote);
	return pact_error_set(PACT_ENOTFOUND,
	                      "no draft for %04d; start one with 'pact review open %04d'", year,
	                      year);
}

/* ---- opening ---------------------------------------------------------- */

static int seed_draft(char **yaml, size_t *len, unsigned *rolled, pact_store *store, int year,
                      int from)
{
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL, *check = NULL;
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	char *buf = NULL, path[32];
	size_t blen = 0;
	int rc;

	*yaml = NULL;
	rc = pact_store_read_year(&buf, &blen, store, from, PACT_REVIEW_MAIN);
	if (rc == PACT_ENOTFOUND) {
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "no pact for %04d on 'main' to start the %04d draft from; "
		                    "use --from YEAR",
		                    from, year);
		goto done;
	}
	if (rc < 0)
		goto done;
	pact_store_year_path(path, from);
	po.path = path;
	rc = pact_doc_parse(&doc, &diags, buf, blen, &po);
	if (rc == PACT_EINVALID) {
		rc = pact_error_set(PACT_EINVALID, "the %04d pact on 'main' is not valid: %s", from,
		                    pact_error_last()->message);
		goto done;
	}
	if (rc < 0)
		goto done;
	rc = pact_review__roll_years(doc, from, year, rolled);
	if (rc < 0)
		goto done;
	/* where the previous text came from ("restored from the 2024 OCR
	 * scan") and notes on it are not the draft's */
	if (doc->source)
		*rolled |= PACT_SEED_DROPPED_SOURCE;
	if (doc->note)
		*rolled |= PACT_SEED_DROPPED_NOTE;
	free(doc->source);
	free(doc->note);
	doc->source = doc->note = NULL;
	doc->year = year;
	doc->signed_date.year = year;
	doc->signed_date.month = 1;
	doc->signed_date.day = 1;
	/* `formerly:` said how the members of `from` came from the year before
	 * it; in the draft they continue themselves, under their own ids */
	for (size_t i = 0; i < doc->nmembers; i++) {
		pact_member *m = &doc->members[i];
		for (size_t k = 0; k < m->nformerly; k++)
			free(m->formerly[k]);
		free(m->formerly);
		m->formerly = NULL;
		m->nformerly = 0;
	}
	rc = pact_doc_to_yaml(yaml, len, doc);
	if (rc < 0)
		goto done;
	/* What we commit must load: the seed is checked like any edit. */
	pact_diags_clear(&diags);
	pact_store_year_path(path, year);
	po.path = path;
	rc = pact_doc_parse(&check, &diags, *yaml, *len, &po);
done:
	if (rc < 0) {
		free(*yaml);
		*yaml = NULL;
	}
	pact_doc_free(doc);
	pact_doc_free(check);
	pact_diags_clear(&diags);
	free(buf);
	return rc;
}

/* Refuse to open a draft of `year` that exists, or whose review or
 * adopted pact exists; *main_tip gets main's tip. An adopted year is
 * named first: its draft branch stays after the merge (and comes to
 * every clone with `review pull`), and "continue it there" sent the
 * officer to edit a text that can no longer be adopted. What an open
 * killed half-way left (pact_review__open_leftover) is removed next.
 */
static int may_open(git_oid *main_tip, pact_store *store, int year, int from_year)
{
	git_repository *repo = pact_store__repo(store);
	char dref[48], rref[48];
	git_oid x;
	int rc, has_main;

	pact_review_draft_ref(dref, year);
	pact_review_ref(rref, year);
	if ((has_main = pact_store__ref_tip(main_tip, repo, PACT_REVIEW_MAIN)) < 0)
		return has_main;
	if (has_main && pact_review__year_blob(&x, repo, main_tip, year) == 0)
		return pact_error_set(PACT_EEXISTS, "the %04d pact is already adopted on 'main'",
		                      year);
	if ((rc = pact_review__open_leftover(store, year)) < 0)
		return rc;
	if ((rc = pact_store__ref_tip(&x, repo, dref)) != 0) {
		if (rc > 0)
			rc = pact_error_set(
			        PACT_EEXISTS,
			        "a draft for %04d already exists on branch 'draft/%04d'; "
			        "continue it there ('git switch draft/%04d')",
			        year, year, year);
		return rc;
	}
	if ((rc = pact_store__ref_tip(&x, repo, rref)) != 0) {
		if (rc > 0)
			rc = pact_error_set(PACT_EEXISTS, "a review for %04d already exists ('%s')",
			                    year, rref);
		return rc;
	}
	{
		char remote[256];
		if ((rc = remote_draft(remote, sizeof(remote), repo, year)) != 0) {
			if (rc > 0)
				rc = pact_error_set(
				        PACT_EEXISTS,
				        "'%s' already has a draft for %04d; fetch it with "
				        "'pact review pull %s' rather than open a second "
				        "one. Nothing was changed",
				        remote, year, remote);
			return rc;
		}
	}
	if (has_main)
		return 0;
	rc = pact_store_explain_missing(store, PACT_REVIEW_MAIN); /* 0: an empty store */
	if (rc == 0)
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "'main' has no commits yet; commit the %04d "
		                    "pact there first",
		                    from_year);
	return rc;
}

int pact_review__open(git_oid *draft_tip, int *switched, pact_store *store, int year,
                      const git_signature *who, pact_review_open_opts *opts)
{
	pact_review_open_opts o = PACT_REVIEW_OPEN_OPTS_INIT;
	git_repository *repo = pact_store__repo(store);
	char dref[48], path[32], *yaml = NULL, *msg = NULL;
	size_t ylen = 0;
	git_oid main_tip, tip;
	int rc, outcome = STORE_REF_MOVED_OK;
	unsigned rolled = 0;
	pact_buf rec = {0}, m = {0};

	if (switched)
		*switched = 0;
	if (opts)
		o = *opts;
	if (!o.from_year)
		o.from_year = year - 1;
	if ((rc = pact_review__check_year(year)) < 0 ||
	    (rc = pact_review__check_year(o.from_year)) < 0 ||
	    (rc = pact_review__check_sig(who)) < 0)
		goto done;
	if (o.from_year == year) {
		rc = pact_error_set(PACT_EUSAGE, "a draft cannot start from its own year");
		goto done;
	}
	pact_review_draft_ref(dref, year);
	if ((rc = may_open(&main_tip, store, year, o.from_year)) < 0)
		goto done;
	pact_error_clear();
	rc = seed_draft(&yaml, &ylen, &rolled, store, year, o.from_year);
	if (rc < 0)
		goto done;

	pact_store_year_path(path, year);
	/* the commit message in the process's language, as every message */
	pact_buf__printf(
	        &m,
	        pact__(pact_i18n_lang(),
	               "Open the %04d draft from the %04d pact\n\n"
	               "Seeded by 'pact review open': year set to %04d%s%s%s, signing date\n"
	               "reset to %04d-01-01; clauses, ids and members kept from %04d.\n"),
	        year, o.from_year, year,
	        rolled & PACT_ROLLED_TITLE ? pact__(pact_i18n_lang(), ", title") : "",
	        rolled & PACT_ROLLED_CLOSING ? pact__(pact_i18n_lang(), ", closing") : "",
	        rolled & PACT_ROLLED_PREAMBLE
	                ? pact__(pact_i18n_lang(), ", the preamble's 'giao ước thi đua năm'")
	                : "",
	        year, o.from_year);
	if (rolled & PACT_SEED_DROPPED_SOURCE)
		pact_buf__printf(&m,
		                 pact__(pact_i18n_lang(), "Left out the %04d pact's '%s:': it is "
		                                          "about that text, not this draft.\n"),
		                 o.from_year, "source");
	if (rolled & PACT_SEED_DROPPED_NOTE)
		pact_buf__printf(&m,
		                 pact__(pact_i18n_lang(), "Left out the %04d pact's '%s:': it is "
		                                          "about that text, not this draft.\n"),
		                 o.from_year, "note");
	msg = pact_buf__detach(&m, NULL);
	if (!msg) {
		rc = PACT_ENOMEM;
		goto done;
	}
	/* The seed commit on main's tip, an object on no branch yet; then the
	 * review; then the draft branch, the commit point: a kill before it
	 * leaves no draft, only (perhaps) a review holding nothing but its
	 * opening record, which every command answers with "start one with
	 * 'pact review open'", and which that open removes (may_open). */
	{
		pact_store_file f = {path, yaml, ylen};
		rc = pact_review__build_commit(&tip, repo, &main_tip, &f, 1, msg, who);
		if (rc < 0)
			goto done;
	}
	pact_buf__printf(&rec, "year %04d\nfrom %04d\nbranch %s\nopened ", year, o.from_year, dref);
	{
		char m2[96];
		snprintf(m2, sizeof(m2), "review: open %04d (from %04d)", year, o.from_year);
		rc = pact_review__commit_record(store, year, "review", &rec, m2, who);
		if (rc < 0)
			goto done;
	}
	rc = pact_store__ref_set(&outcome, store, dref, NULL, 0, &tip, "review: open draft");
	if (rc < 0)
		goto done;
	if (outcome == STORE_REF_CHANGED) {
		rc = pact_error_set(PACT_EEXISTS, "a draft for %04d already exists", year);
		goto done;
	}
	if (draft_tip)
		git_oid_cpy(draft_tip, &tip);
	if (opts && opts->version >= 2)
		opts->rolled = rolled;
	/* A detached HEAD (`git checkout COMMIT`), or one on a ref that is not
	 * a branch, stays where it is: the draft is seeded from main whatever
	 * is checked out, and switching away would leave behind, unnamed, any
	 * commit made there. */
	if (!o.no_switch && !git_repository_is_bare(repo) && pact_store_head_on_branch(store)) {
		rc = pact_store__switch(store, dref, &tip);
		if (rc < 0)
			goto done;
		if (switched)
			*switched = rc;
	}
	rc = 0;
done:
	free(rec.ptr);
	free(yaml);
	free(msg);
	return rc;
}

/* ---- the draft's current text ----------------------------------------- */

int pact_review__draft_tip(git_oid *out, git_repository *repo, int year)
{
	char dref[48];
	int rc;

	pact_review_draft_ref(dref, year);
	rc = pact_store__ref_tip(out, repo, dref);
	if (rc == 0)
		return no_draft(repo, year);
	return rc < 0 ? rc : 0;
}

int pact_review__read_draft(review_draft *d, pact_store *store, int year)
{
	git_repository *repo = pact_store__repo(store);
	char path[32];
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = pact_review__draft_tip(&d->tip, repo, year)) < 0)
		return rc;
	rc = pact_review__year_blob(&d->blob, repo, &d->tip, year);
	if (rc < 0)
		return rc;
	pact_store_year_path(path, year);
	return pact_review__load_blob(&d->doc, NULL, repo, &d->blob, path);
}
