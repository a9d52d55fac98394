/*
 * review.c - drafts, comments, approvals and the adopting merge.
 *
 * A review is data in the store, not state in this program: the draft is a
 * branch, and everything said about it (comments, approvals, the adoption)
 * is a file on the commit chain refs/pact/reviews/YEAR, written with
 * pact_store_commit_ext. That gives three properties for free: plain git
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
#include "pact/review.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "pact/error.h"
#include "pact/pactdiff.h"
#include "review_internal.h"

/* ---- small helpers ---------------------------------------------------- */

static int oom(void)
{
	return pact_error_set(PACT_ENOMEM, "out of memory");
}

void pact_review_draft_ref(char buf[48], int year)
{
	snprintf(buf, 48, "refs/heads/draft/%04d", year);
}

void pact_review_ref(char buf[48], int year)
{
	snprintf(buf, 48, "refs/pact/reviews/%04d", year);
}

static int check_year(int year)
{
	if (year < 1000 || year > 9999)
		return pact_error_set(PACT_EUSAGE, "'%d' is not a year (1000..9999)", year);
	return 0;
}

/* Tip of ref `name`: 1 found, 0 absent, <0 error. */
static int ref_tip(git_oid *out, git_repository *repo, const char *name)
{
	int rc = git_reference_name_to_id(out, repo, name);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read ref");
	return 1;
}

/* The blob id of `path` in the tree of commit `commit`: 1 found, 0 absent
 * (or not a file), <0 error; `what` names the commit in messages. */
static int commit_blob_id(git_oid *out, git_repository *repo, const git_oid *commit,
                          const char *path, const char *what)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int rc;

	rc = git_commit_lookup(&c, repo, commit);
	if (rc == 0)
		rc = git_commit_tree(&tree, c);
	if (rc < 0) {
		rc = pact_error_from_git(rc, what);
		goto done;
	}
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND || (rc == 0 && git_tree_entry_type(e) != GIT_OBJECT_BLOB)) {
		pact_error_clear();
		rc = 0;
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read tree");
		goto done;
	}
	git_oid_cpy(out, git_tree_entry_id(e));
	rc = 1;
done:
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

int review_year_blob(git_oid *out, git_repository *repo, const git_oid *commit, int year)
{
	char path[32], hex[GIT_OID_HEXSZ + 1];
	int rc;

	pact_store_year_path(path, year);
	rc = commit_blob_id(out, repo, commit, path, "cannot read commit");
	if (rc == 0) {
		git_oid_tostr(hex, 8, commit);
		return pact_error_set(PACT_ENOTFOUND, "no %s in commit %s", path, hex);
	}
	return rc < 0 ? rc : 0;
}

int review_load_blob(pact_doc **doc, pact_diags *diags, git_repository *repo, const git_oid *blob,
                     const char *path)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	git_blob *b = NULL;
	int rc;

	*doc = NULL;
	rc = git_blob_lookup(&b, repo, blob);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot read blob");
	if (git_blob_rawsize(b) > pact_doc_max_bytes()) {
		git_blob_free(b);
		return 0; /* the loader would refuse it: treat as invalid */
	}
	po.path = path;
	rc = pact_doc_parse(doc, diags, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), &po);
	git_blob_free(b);
	if (rc == PACT_EINVALID) {
		*doc = NULL;
		return 0;
	}
	return rc;
}

/* The text of file `path` in the tree of commit `commit`: 1 found, 0
 * absent, <0 error. Records are bounded. */
static int read_commit_file(char **out, git_repository *repo, const git_oid *commit,
                            const char *path)
{
	git_blob *b = NULL;
	git_oid id;
	int rc;

	*out = NULL;
	rc = commit_blob_id(&id, repo, commit, path, "cannot read review");
	if (rc <= 0)
		return rc;
	rc = git_blob_lookup(&b, repo, &id);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read review record");
		goto done;
	}
	if (git_blob_rawsize(b) > PACT_REVIEW_MAX_RECORD_BYTES) {
		rc = 0; /* not a record pact wrote: ignore it */
		goto done;
	}
	*out = malloc((size_t)git_blob_rawsize(b) + 1);
	if (!*out) {
		rc = oom();
		goto done;
	}
	memcpy(*out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	(*out)[git_blob_rawsize(b)] = '\0';
	rc = 1;
done:
	git_blob_free(b);
	return rc;
}

/* The value of header `key` in a record (lines "key value" up to the first
 * blank line), newly allocated; NULL when absent or out of memory. */
static char *hdr_get(const char *rec, const char *key)
{
	size_t klen = strlen(key);
	const char *p = rec;

	while (*p && *p != '\n') {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (n > klen && !strncmp(p, key, klen) && p[klen] == ' ') {
			char *v = malloc(n - klen);
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
static const char *rec_body(const char *rec)
{
	const char *p = rec;
	if (*p == '\n')
		return p + 1;
	p = strstr(rec, "\n\n");
	return p ? p + 2 : "";
}

static int is_hex_oid(const char *s)
{
	if (!s || strlen(s) != GIT_OID_HEXSZ)
		return 0;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s) || isupper((unsigned char)*s))
			return 0;
	return 1;
}

static int is_slug(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

/* "Name <email> 1700000000 +0700" for a signature. */
static void sb_sig(pact_buf *b, const git_signature *s)
{
	int off = s->when.offset;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	pact_buf_printf(b, "%s <%s> %lld %c%02d%02d", s->name, s->email, (long long)s->when.time,
	                sign, off / 60, off % 60);
}

/* Parse a signature header into name, email, time, offset. */
static int parse_sig(const char *v, char **name, char **email, git_time_t *t, int *offset)
{
	git_signature *s = NULL;
	if (!v || git_signature_from_buffer(&s, v) < 0) {
		pact_error_clear();
		return -1;
	}
	*name = pact_strdup0(s->name);
	*email = pact_strdup0(s->email);
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

/* Signatures go into one-line headers: refuse what would break a line. */
static int check_sig(const git_signature *who)
{
	if (!who || !who->name || !who->email || strpbrk(who->name, "\n\r<>") ||
	    strpbrk(who->email, "\n\r<> "))
		return pact_error_set(PACT_EUSAGE, "invalid identity for a review record");
	return 0;
}

static int ci_equal(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static int may_approve(const pact_member *m, const char *email)
{
	if (!m->napprovers)
		return 1;
	for (size_t i = 0; i < m->napprovers; i++)
		if (ci_equal(m->approvers[i], email))
			return 1;
	return 0;
}

static int commit_review(pact_store *store, int year, const pact_store_file *files, size_t n,
                         const char *message, const git_signature *who)
{
	char ref[48];
	pact_review_ref(ref, year);
	return pact_store_commit_ext(NULL, store, ref, files, n, message, who, NULL);
}

/* Sign record `rec` (its last header key is already written: "approver ")
 * with who's signature line and commit it as file `path` of the review. */
static int commit_record(pact_store *store, int year, const char *path, pact_buf *rec,
                         const char *message, const git_signature *who)
{
	pact_store_file f;
	sb_sig(rec, who);
	pact_buf_puts(rec, "\n");
	if (rec->oom)
		return oom();
	f.path = path;
	f.data = rec->ptr;
	f.len = rec->len;
	return commit_review(store, year, &f, 1, message, who);
}

/* ---- the clause summary ----------------------------------------------- */

/* The one place that compares two years for `review status`: the clause
 * diff (pactdiff.h), reduced to the counts a status line needs: its
 * unchanged, modified, added, removed and renumbered clauses; a field or
 * member change sets other_changed. */
static int review_diff_summary(pact_review_summary *out, const pact_doc *prev, const pact_doc *cur)
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

/* ---- opening ---------------------------------------------------------- */

/* Replace the year `from` by `to` where it stands alone (not inside a
 * longer number) in s; a new string, NULL on out of memory. */
static char *replace_year(const char *s, int from, int to)
{
	char f[8], t[8];
	pact_buf b = {0};
	size_t i = 0, n = strlen(s);

	snprintf(f, sizeof(f), "%04d", from);
	snprintf(t, sizeof(t), "%04d", to);
	while (i < n) {
		if (i + 4 <= n && !memcmp(s + i, f, 4) &&
		    (i == 0 || !isdigit((unsigned char)s[i - 1])) &&
		    !isdigit((unsigned char)s[i + 4])) {
			pact_buf_put(&b, t, 4);
			i += 4;
		} else {
			pact_buf_put(&b, s + i, 1);
			i++;
		}
	}
	return pact_buf_detach(&b, NULL);
}

static int seed_draft(char **yaml, size_t *len, pact_store *store, int year, int from)
{
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL, *check = NULL;
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	char *buf = NULL, *title = NULL, path[32];
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
	title = replace_year(doc->title, from, year);
	if (!title) {
		rc = oom();
		goto done;
	}
	free(doc->title);
	doc->title = title;
	doc->year = year;
	doc->signed_date.year = year;
	doc->signed_date.month = 1;
	doc->signed_date.day = 1;
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

/* Nonzero when HEAD is the symbolic ref `ref` (a full name). */
static int head_is(git_repository *repo, const char *ref)
{
	git_reference *head = NULL;
	int is = git_reference_lookup(&head, repo, "HEAD") == 0 &&
	         git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
	         !strcmp(git_reference_symbolic_target(head), ref);
	git_reference_free(head);
	return is;
}

/* Switch HEAD to `branch` when nothing local is in the way: 1 switched,
 * 0 not (work tree changes would be overwritten), <0 error. */
static int switch_to(git_repository *repo, const char *branch, const git_oid *tip)
{
	git_checkout_options co;
	git_object *target = NULL;
	int rc;

	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	rc = git_object_lookup(&target, repo, tip, GIT_OBJECT_COMMIT);
	if (rc == 0)
		rc = git_checkout_tree(repo, target, &co);
	if (rc == GIT_ECONFLICT) {
		rc = 0;
		goto done;
	}
	if (rc == 0)
		rc = git_repository_set_head(repo, branch);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot switch branches");
		goto done;
	}
	rc = 1;
done:
	git_object_free(target);
	return rc;
}

int pact_review_open(git_oid *draft_tip, int *switched, pact_store *store, int year,
                     const git_signature *who, const pact_review_open_opts *opts)
{
	pact_review_open_opts o = PACT_REVIEW_OPEN_OPTS_INIT;
	git_repository *repo = pact_store_repo(store);
	git_reference *branch = NULL;
	git_commit *main_commit = NULL;
	pact_commit_opts co = PACT_COMMIT_OPTS_INIT;
	char dref[48], rref[48], path[32], *yaml = NULL, *msg = NULL;
	size_t ylen = 0;
	git_oid main_tip, tip, x;
	int rc, made_branch = 0;
	pact_buf rec = {0}, m = {0};

	if (switched)
		*switched = 0;
	if (opts)
		o = *opts;
	if (!o.from_year)
		o.from_year = year - 1;
	if ((rc = check_year(year)) < 0 || (rc = check_year(o.from_year)) < 0 ||
	    (rc = check_sig(who)) < 0)
		goto done;
	if (o.from_year == year) {
		rc = pact_error_set(PACT_EUSAGE, "a draft cannot start from its own year");
		goto done;
	}
	pact_review_draft_ref(dref, year);
	pact_review_ref(rref, year);
	if ((rc = ref_tip(&x, repo, dref)) != 0) {
		if (rc > 0)
			rc = pact_error_set(
			        PACT_EEXISTS,
			        "a draft for %04d already exists on branch 'draft/%04d'", year,
			        year);
		goto done;
	}
	if ((rc = ref_tip(&x, repo, rref)) != 0) {
		if (rc > 0)
			rc = pact_error_set(PACT_EEXISTS, "a review for %04d already exists ('%s')",
			                    year, rref);
		goto done;
	}
	rc = ref_tip(&main_tip, repo, PACT_REVIEW_MAIN);
	if (rc <= 0) {
		if (rc == 0)
			rc = pact_error_set(PACT_ENOTFOUND,
			                    "'main' has no commits yet; commit the %04d "
			                    "pact there first",
			                    o.from_year);
		goto done;
	}
	if (review_year_blob(&x, repo, &main_tip, year) == 0) {
		rc = pact_error_set(PACT_EEXISTS, "the %04d pact is already adopted on 'main'",
		                    year);
		goto done;
	}
	pact_error_clear();
	rc = seed_draft(&yaml, &ylen, store, year, o.from_year);
	if (rc < 0)
		goto done;

	/* The branch starts at main's tip; the seed commit must land right on
	 * it, or somebody else is opening the same draft. */
	rc = git_commit_lookup(&main_commit, repo, &main_tip);
	if (rc == 0)
		rc = git_reference_create(&branch, repo, dref, &main_tip, 0, "review: open draft");
	if (rc == GIT_EEXISTS) {
		rc = pact_error_set(PACT_EEXISTS, "a draft for %04d already exists", year);
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot create the draft branch");
		goto done;
	}
	made_branch = 1;
	pact_store_year_path(path, year);
	pact_buf_printf(&m,
	                "Open the %04d draft from the %04d pact\n\n"
	                "Seeded by 'pact review open': year and title set to %04d, signing date\n"
	                "reset to %04d-01-01; clauses, ids and members kept from %04d.\n",
	                year, o.from_year, year, year, o.from_year);
	msg = pact_buf_detach(&m, NULL);
	if (!msg) {
		rc = oom();
		goto done;
	}
	{
		pact_store_file f = {path, yaml, ylen};
		co.expected_parent = &main_tip;
		rc = pact_store_commit_ext(&tip, store, dref, &f, 1, msg, who, &co);
		if (rc < 0)
			goto done;
	}

	pact_buf_printf(&rec, "year %04d\nfrom %04d\nbranch %s\nopened ", year, o.from_year, dref);
	{
		char m2[96];
		snprintf(m2, sizeof(m2), "review: open %04d (from %04d)", year, o.from_year);
		rc = commit_record(store, year, "review", &rec, m2, who);
		if (rc < 0)
			goto done;
	}
	made_branch = 0;
	if (draft_tip)
		git_oid_cpy(draft_tip, &tip);
	if (!o.no_switch && !git_repository_is_bare(repo)) {
		rc = switch_to(repo, dref, &tip);
		if (rc < 0)
			goto done;
		if (switched)
			*switched = rc;
	}
	rc = 0;
done:
	if (made_branch) {
		/* Leave no half-open draft behind. */
		git_reference *r = NULL;
		if (git_reference_lookup(&r, repo, dref) == 0)
			git_reference_delete(r);
		git_reference_free(r);
	}
	git_reference_free(branch);
	git_commit_free(main_commit);
	free(rec.ptr);
	free(yaml);
	free(msg);
	return rc;
}

/* ---- the draft's current text ----------------------------------------- */

typedef struct draft {
	git_oid tip, blob;
	pact_doc *doc; /* NULL: not valid */
} draft;

static int read_draft(draft *d, pact_store *store, int year)
{
	git_repository *repo = pact_store_repo(store);
	char dref[48], path[32];
	int rc;

	memset(d, 0, sizeof(*d));
	pact_review_draft_ref(dref, year);
	rc = ref_tip(&d->tip, repo, dref);
	if (rc == 0)
		return pact_error_set(PACT_ENOTFOUND,
		                      "no draft for %04d; start one with 'pact review open %04d'",
		                      year, year);
	if (rc < 0)
		return rc;
	rc = review_year_blob(&d->blob, repo, &d->tip, year);
	if (rc < 0)
		return rc;
	pact_store_year_path(path, year);
	return review_load_blob(&d->doc, NULL, repo, &d->blob, path);
}

/* ---- comments --------------------------------------------------------- */

int pact_review_comment(pact_store *store, int year, const char *clause, const char *text,
                        const git_signature *who)
{
	draft d = {0};
	pact_buf rec = {0};
	char *path = NULL, bhex[GIT_OID_HEXSZ + 1], stamp[32], msg[160];
	git_oid h;
	struct tm tm;
	time_t t;
	int rc;

	if ((rc = check_year(year)) < 0 || (rc = check_sig(who)) < 0)
		goto done;
	if (!text || !*text || strspn(text, " \t\r\n") == strlen(text)) {
		rc = pact_error_set(PACT_EUSAGE, "empty comment");
		goto done;
	}
	if (strlen(text) > PACT_REVIEW_MAX_COMMENT_BYTES) {
		rc = pact_error_set(PACT_ELIMIT, "comment longer than %u bytes",
		                    PACT_REVIEW_MAX_COMMENT_BYTES);
		goto done;
	}
	rc = read_draft(&d, store, year);
	if (rc < 0)
		goto done;
	if (clause) {
		if (!d.doc) {
			rc = pact_error_set(PACT_EREFUSED,
			                    "the %04d draft is not a valid pact; comment "
			                    "on it as a whole",
			                    year);
			goto done;
		}
		if (!pact_doc_clause(d.doc, clause)) {
			rc = pact_error_set(PACT_ENOTFOUND, "no clause '%s' in the %04d draft",
			                    clause, year);
			goto done;
		}
	}
	git_oid_tostr(bhex, sizeof(bhex), &d.blob);
	if (clause)
		pact_buf_printf(&rec, "clause %s\n", clause);
	pact_buf_printf(&rec, "blob %s\nauthor ", bhex);
	sb_sig(&rec, who);
	pact_buf_puts(&rec, "\n\n");
	pact_buf_puts(&rec, text);
	if (rec.len && rec.ptr[rec.len - 1] != '\n')
		pact_buf_puts(&rec, "\n");
	if (rec.oom) {
		rc = oom();
		goto done;
	}
	/* A name that sorts by time and cannot collide: two comments differ in
	 * author, time or text, so in their hash. */
	t = (time_t)who->when.time;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	rc = git_odb_hash(&h, rec.ptr, rec.len, GIT_OBJECT_BLOB);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot hash comment");
		goto done;
	}
	git_oid_tostr(bhex, 11, &h);
	{
		pact_buf p = {0};
		pact_buf_printf(&p, "comments/%s/%s-%s", clause ? clause : "_general", stamp, bhex);
		path = pact_buf_detach(&p, NULL);
		if (!path) {
			rc = oom();
			goto done;
		}
	}
	snprintf(msg, sizeof(msg), "review: comment on %04d %s", year,
	         clause ? clause : "(general)");
	{
		pact_store_file f = {path, rec.ptr, rec.len};
		rc = commit_review(store, year, &f, 1, msg, who);
	}
done:
	pact_doc_free(d.doc);
	free(rec.ptr);
	free(path);
	return rc;
}

static int cmp_comment(const void *a, const void *b)
{
	const pact_comment *x = a, *y = b;
	int c;
	if (!x->clause != !y->clause)
		return x->clause ? 1 : -1;
	if (x->clause && (c = strcmp(x->clause, y->clause)) != 0)
		return c;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return 0;
}

static void comment_clear(pact_comment *c)
{
	free(c->clause);
	free(c->name);
	free(c->email);
	free(c->text);
}

void pact_comments_free(pact_comments *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++)
		comment_clear(&c->items[i]);
	free(c->items);
	free(c);
}

typedef struct comment_walk {
	git_repository *repo;
	pact_comments *out;
	size_t cap;
	const char *only; /* NULL: all; "_general"; a clause id */
	int rc;
} comment_walk;

static int on_comment(const char *root, const git_tree_entry *e, void *payload)
{
	comment_walk *w = payload;
	git_blob *b = NULL;
	char *rec = NULL, *sig = NULL, *blob = NULL, *thread = NULL;
	pact_comment c = {0};
	size_t rl = strlen(root);

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	/* root is "comments/<thread>/" */
	if (rl < 11 || strncmp(root, "comments/", 9) != 0 || strchr(root + 9, '/') != root + rl - 1)
		return 0;
	thread = malloc(rl - 9);
	if (!thread)
		goto oom;
	memcpy(thread, root + 9, rl - 10);
	thread[rl - 10] = '\0';
	if (w->only && strcmp(w->only, thread) != 0) {
		free(thread);
		return 0;
	}
	if (w->out->count >= PACT_REVIEW_MAX_COMMENTS) {
		free(thread);
		return 0;
	}
	if (git_blob_lookup(&b, w->repo, git_tree_entry_id(e)) < 0 ||
	    git_blob_rawsize(b) > PACT_REVIEW_MAX_RECORD_BYTES) {
		pact_error_clear();
		goto skip;
	}
	rec = malloc((size_t)git_blob_rawsize(b) + 1);
	if (!rec)
		goto oom;
	memcpy(rec, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	rec[git_blob_rawsize(b)] = '\0';
	sig = hdr_get(rec, "author");
	blob = hdr_get(rec, "blob");
	if (parse_sig(sig, &c.name, &c.email, &c.time, &c.offset) < 0)
		goto skip;
	c.clause = strcmp(thread, "_general") ? pact_strdup0(thread) : NULL;
	c.text = pact_strdup0(rec_body(rec));
	if (is_hex_oid(blob))
		memcpy(c.blob, blob, sizeof(c.blob));
	if ((strcmp(thread, "_general") && !c.clause) || !c.text) {
		comment_clear(&c);
		goto oom;
	}
	if (w->out->count == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		pact_comment *p = realloc(w->out->items, cap * sizeof(*p));
		if (!p) {
			comment_clear(&c);
			goto oom;
		}
		w->out->items = p;
		w->cap = cap;
	}
	w->out->items[w->out->count++] = c;
	memset(&c, 0, sizeof(c));
skip:
	comment_clear(&c);
	git_blob_free(b);
	free(rec);
	free(sig);
	free(blob);
	free(thread);
	return 0;
oom:
	git_blob_free(b);
	free(rec);
	free(sig);
	free(blob);
	free(thread);
	w->rc = oom();
	return -1;
}

int pact_review_comments(pact_comments **out, pact_store *store, int year, const char *clause)
{
	git_repository *repo = pact_store_repo(store);
	comment_walk w = {0};
	git_commit *c = NULL;
	git_tree *tree = NULL;
	char rref[48];
	git_oid tip;
	int rc;

	*out = NULL;
	if ((rc = check_year(year)) < 0)
		goto done;
	w.repo = repo;
	w.only = clause && !strcmp(clause, "-") ? "_general" : clause;
	w.out = calloc(1, sizeof(*w.out));
	if (!w.out) {
		rc = oom();
		goto done;
	}
	pact_review_ref(rref, year);
	rc = ref_tip(&tip, repo, rref);
	if (rc == 0) {
		rc = pact_error_set(PACT_ENOTFOUND, "no review for %04d", year);
		goto done;
	}
	if (rc < 0)
		goto done;
	rc = git_commit_lookup(&c, repo, &tip);
	if (rc == 0)
		rc = git_commit_tree(&tree, c);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read review");
		goto done;
	}
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, on_comment, &w);
	if (w.rc < 0) {
		rc = w.rc;
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read comments");
		goto done;
	}
	if (w.out->count)
		qsort(w.out->items, w.out->count, sizeof(*w.out->items), cmp_comment);
	*out = w.out;
	w.out = NULL;
	rc = 0;
done:
	pact_comments_free(w.out);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

/* ---- approvals -------------------------------------------------------- */

static void approval_clear(pact_approval *a)
{
	free(a->member);
	free(a->name);
	free(a->email);
	memset(a, 0, sizeof(*a));
}

/* Parse an approval record; -1 when it is not one (ignored). */
static int parse_approval(pact_approval *a, const char *rec)
{
	char *member = hdr_get(rec, "member"), *blob = hdr_get(rec, "blob"),
	     *commit = hdr_get(rec, "commit"), *sig = hdr_get(rec, "approver");
	int rc = -1;

	memset(a, 0, sizeof(*a));
	if (!is_slug(member) || !is_hex_oid(blob))
		goto done;
	if (parse_sig(sig, &a->name, &a->email, &a->time, &a->offset) < 0)
		goto done;
	memcpy(a->blob, blob, sizeof(a->blob));
	if (is_hex_oid(commit))
		memcpy(a->commit, commit, sizeof(a->commit));
	a->member = member;
	member = NULL;
	rc = 0;
done:
	free(member);
	free(blob);
	free(commit);
	free(sig);
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
		approval_clear(&s->members[i].approval);
	}
	for (size_t i = 0; i < s->nstrangers; i++)
		approval_clear(&s->strangers[i]);
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
	static const char *why[] = {"not yet approved", "", "approval out of date",
	                            "approved by an identity not in its approvers"};
	for (size_t i = 0; i < s->nmembers; i++) {
		const pact_review_member *m = &s->members[i];
		if (m->state == PACT_APPROVAL_CURRENT)
			continue;
		pact_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", m->id, why[m->state]);
	}
	return pact_buf_detach(&b, NULL);
}

int pact_review_evaluate(pact_review_status **out, pact_store *store, int year,
                         const git_oid *content, const git_oid *reviews)
{
	git_repository *repo = pact_store_repo(store);
	pact_review_status *s = NULL;
	pact_doc *doc = NULL, *prev = NULL;
	git_commit *rc_commit = NULL;
	git_tree *rtree = NULL, *atree = NULL;
	git_tree_entry *ae = NULL;
	char path[32], rref[48], *rec = NULL, *v = NULL;
	git_oid blob, rtip, pblob;
	int rc, have_review = 0;

	*out = NULL;
	if ((rc = check_year(year)) < 0)
		goto done;
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = oom();
		goto done;
	}
	s->year = year;
	s->from_year = year - 1;
	git_oid_tostr(s->commit, sizeof(s->commit), content);
	rc = review_year_blob(&blob, repo, content, year);
	if (rc < 0)
		goto done;
	git_oid_tostr(s->blob, sizeof(s->blob), &blob);
	pact_store_year_path(path, year);
	rc = review_load_blob(&doc, NULL, repo, &blob, path);
	if (rc < 0)
		goto done;
	s->valid = doc != NULL;

	if (reviews) {
		git_oid_cpy(&rtip, reviews);
		have_review = 1;
	} else {
		pact_review_ref(rref, year);
		rc = ref_tip(&rtip, repo, rref);
		if (rc < 0)
			goto done;
		have_review = rc;
	}
	if (have_review) {
		rc = read_commit_file(&rec, repo, &rtip, "review");
		if (rc < 0)
			goto done;
		if (rc > 0) {
			v = hdr_get(rec, "from");
			if (v && strlen(v) == 4 && atoi(v) >= 1000)
				s->from_year = atoi(v);
			free(v);
			s->branch = hdr_get(rec, "branch");
		}
		free(rec);
		rec = NULL;
		rc = read_commit_file(&rec, repo, &rtip, "adopted");
		if (rc < 0)
			goto done;
		if (rc > 0) {
			v = hdr_get(rec, "commit");
			if (is_hex_oid(v))
				memcpy(s->adopted, v, sizeof(s->adopted));
			free(v);
		}
		v = NULL;
		free(rec);
		rec = NULL;
	}

	if (doc) {
		s->members = calloc(doc->nmembers, sizeof(*s->members));
		if (!s->members) {
			rc = oom();
			goto done;
		}
		s->nmembers = doc->nmembers;
		for (size_t i = 0; i < doc->nmembers; i++) {
			s->members[i].id = pact_strdup0(doc->members[i].id);
			s->members[i].name = pact_strdup0(doc->members[i].name);
			if (!s->members[i].id || !s->members[i].name) {
				rc = oom();
				goto done;
			}
		}
	}

	/* Approvals: one file per member under approvals/. */
	if (have_review) {
		rc = git_commit_lookup(&rc_commit, repo, &rtip);
		if (rc == 0)
			rc = git_commit_tree(&rtree, rc_commit);
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot read review");
			goto done;
		}
		rc = git_tree_entry_bypath(&ae, rtree, "approvals");
		if (rc == 0 && git_tree_entry_type(ae) == GIT_OBJECT_TREE)
			rc = git_tree_lookup(&atree, repo, git_tree_entry_id(ae));
		else if (rc == 0 || rc == GIT_ENOTFOUND)
			rc = 0;
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot read approvals");
			goto done;
		}
		pact_error_clear();
	}
	for (size_t i = 0; atree && i < git_tree_entrycount(atree); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(atree, i);
		git_blob *b = NULL;
		pact_approval a;
		pact_review_member *m = NULL;

		if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || i >= PACT_MAX_MEMBERS * 4)
			continue;
		if (git_blob_lookup(&b, repo, git_tree_entry_id(e)) < 0 ||
		    git_blob_rawsize(b) > PACT_REVIEW_MAX_RECORD_BYTES) {
			git_blob_free(b);
			pact_error_clear();
			continue;
		}
		rec = malloc((size_t)git_blob_rawsize(b) + 1);
		if (!rec) {
			git_blob_free(b);
			rc = oom();
			goto done;
		}
		memcpy(rec, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		rec[git_blob_rawsize(b)] = '\0';
		git_blob_free(b);
		rc = parse_approval(&a, rec);
		free(rec);
		rec = NULL;
		/* The file name is the member: a record filed under another
		 * name is not an approval for either. */
		if (rc < 0 || strcmp(a.member, git_tree_entry_name(e)) != 0) {
			if (rc == 0)
				approval_clear(&a);
			continue;
		}
		for (size_t k = 0; k < s->nmembers; k++)
			if (!strcmp(s->members[k].id, a.member))
				m = &s->members[k];
		if (!m) {
			pact_approval *p = realloc(s->strangers, (s->nstrangers + 1) * sizeof(*p));
			if (!p) {
				approval_clear(&a);
				rc = oom();
				goto done;
			}
			s->strangers = p;
			approval_move(&s->strangers[s->nstrangers++], &a);
			continue;
		}
		if (!may_approve(pact_doc_member(doc, a.member), a.email))
			m->state = PACT_APPROVAL_NOT_ALLOWED;
		else if (!strcmp(a.blob, s->blob))
			m->state = PACT_APPROVAL_CURRENT;
		else
			m->state = PACT_APPROVAL_STALE;
		approval_move(&m->approval, &a);
	}
	for (size_t k = 0; k < s->nmembers; k++)
		if (s->members[k].state == PACT_APPROVAL_CURRENT)
			s->napproved++;

	/* The previous year, as it stands in the same commit. */
	if (doc && review_year_blob(&pblob, repo, content, s->from_year) == 0) {
		pact_store_year_path(path, s->from_year);
		rc = review_load_blob(&prev, NULL, repo, &pblob, path);
		if (rc < 0)
			goto done;
	}
	pact_error_clear();
	rc = review_diff_summary(&s->summary, prev, doc);
	if (rc < 0)
		goto done;
	*out = s;
	s = NULL;
	rc = 0;
done:
	pact_review_status_free(s);
	pact_doc_free(doc);
	pact_doc_free(prev);
	git_tree_entry_free(ae);
	git_tree_free(atree);
	git_tree_free(rtree);
	git_commit_free(rc_commit);
	free(rec);
	return rc;
}

int pact_review_status_get(pact_review_status **out, pact_store *store, int year)
{
	git_repository *repo = pact_store_repo(store);
	char dref[48];
	git_oid tip;
	int rc;

	*out = NULL;
	if ((rc = check_year(year)) < 0)
		return rc;
	pact_review_draft_ref(dref, year);
	rc = ref_tip(&tip, repo, dref);
	if (rc == 0)
		return pact_error_set(PACT_ENOTFOUND,
		                      "no draft for %04d; start one with 'pact review open %04d'",
		                      year, year);
	if (rc < 0)
		return rc;
	rc = pact_review_evaluate(out, store, year, &tip, NULL);
	if (rc == 0 && !(*out)->branch)
		(*out)->branch = pact_strdup0(dref);
	if (rc == 0 && !(*out)->branch) {
		pact_review_status_free(*out);
		*out = NULL;
		return oom();
	}
	return rc;
}

/* Which member `who` approves for: the given one, or the only member whose
 * approvers: names who's e-mail. */
static int pick_member(const pact_member **out, const pact_doc *doc, int year, const char *member,
                       const git_signature *who)
{
	*out = NULL;
	if (member) {
		*out = pact_doc_member(doc, member);
		if (!*out)
			return pact_error_set(PACT_ENOTFOUND,
			                      "'%s' is not a member of the %04d draft", member,
			                      year);
	} else {
		for (size_t i = 0; i < doc->nmembers; i++) {
			const pact_member *m = &doc->members[i];
			if (!m->napprovers || !may_approve(m, who->email))
				continue;
			if (*out)
				return pact_error_set(PACT_EREFUSED,
				                      "'%s' may approve for several members; "
				                      "name one with --member",
				                      who->email);
			*out = m;
		}
		if (!*out)
			return pact_error_set(PACT_EREFUSED,
			                      "no member lists '%s' as an approver; "
			                      "name one with --member",
			                      who->email);
	}
	if (!may_approve(*out, who->email)) {
		pact_buf b = {0};
		char *list;
		for (size_t i = 0; i < (*out)->napprovers; i++)
			pact_buf_printf(&b, "%s%s", i ? ", " : "", (*out)->approvers[i]);
		list = pact_buf_detach(&b, NULL);
		pact_error_set(PACT_EREFUSED, "'%s' may not approve for '%s' (its approvers: %s)",
		               who->email, (*out)->id, list ? list : "?");
		free(list);
		return PACT_EREFUSED;
	}
	return 0;
}

int pact_review_approve(git_oid *approved, char **member_out, pact_store *store, int year,
                        const char *member, const git_signature *who)
{
	git_repository *repo = pact_store_repo(store);
	const pact_member *m = NULL;
	draft d = {0};
	pact_buf rec = {0};
	char bhex[GIT_OID_HEXSZ + 1], chex[GIT_OID_HEXSZ + 1], rref[48], fpath[160], msg[200];
	char *old = NULL;
	git_oid rtip;
	int rc;

	if (member_out)
		*member_out = NULL;
	if ((rc = check_year(year)) < 0 || (rc = check_sig(who)) < 0)
		goto done;
	rc = read_draft(&d, store, year);
	if (rc < 0)
		goto done;
	if (!d.doc) {
		rc = pact_error_set(PACT_EREFUSED,
		                    "the %04d draft is not a valid pact; fix it before "
		                    "approving (pact validate)",
		                    year);
		goto done;
	}
	rc = pick_member(&m, d.doc, year, member, who);
	if (rc < 0)
		goto done;
	git_oid_tostr(bhex, sizeof(bhex), &d.blob);
	git_oid_tostr(chex, sizeof(chex), &d.tip);
	snprintf(fpath, sizeof(fpath), "approvals/%s", m->id);

	/* Approving the same text twice is a no-op, not a new record. */
	pact_review_ref(rref, year);
	rc = ref_tip(&rtip, repo, rref);
	if (rc < 0)
		goto done;
	if (rc > 0) {
		pact_approval a;
		rc = read_commit_file(&old, repo, &rtip, fpath);
		if (rc < 0)
			goto done;
		if (rc > 0 && parse_approval(&a, old) == 0) {
			int same = !strcmp(a.blob, bhex) && ci_equal(a.email, who->email);
			approval_clear(&a);
			if (same) {
				rc = pact_error_set(
				        PACT_EUNCHANGED,
				        "'%s' already approved this text of the %04d draft", m->id,
				        year);
				goto done;
			}
		}
	}
	pact_buf_printf(&rec, "member %s\nblob %s\ncommit %s\napprover ", m->id, bhex, chex);
	snprintf(msg, sizeof(msg), "review: %s approves %04d (blob %.12s)", m->id, year, bhex);
	rc = commit_record(store, year, fpath, &rec, msg, who);
	if (rc < 0)
		goto done;
	if (approved)
		git_oid_cpy(approved, &d.blob);
	if (member_out && !(*member_out = pact_strdup0(m->id))) {
		rc = oom();
		goto done;
	}
	rc = 0;
done:
	pact_doc_free(d.doc);
	free(rec.ptr);
	free(old);
	return rc;
}

int pact_review_revoke(pact_store *store, int year, const char *member, const git_signature *who)
{
	git_repository *repo = pact_store_repo(store);
	const pact_member *m = NULL;
	draft d = {0};
	char rref[48], fpath[160], msg[160], *old = NULL;
	git_oid rtip;
	int rc;

	if ((rc = check_year(year)) < 0 || (rc = check_sig(who)) < 0)
		goto done;
	rc = read_draft(&d, store, year);
	if (rc < 0)
		goto done;
	if (d.doc) {
		rc = pick_member(&m, d.doc, year, member, who);
		if (rc < 0)
			goto done;
		member = m->id;
	} else if (!member || !is_slug(member)) {
		rc = pact_error_set(PACT_EUSAGE, "name the member with --member");
		goto done;
	}
	snprintf(fpath, sizeof(fpath), "approvals/%s", member);
	pact_review_ref(rref, year);
	rc = ref_tip(&rtip, repo, rref);
	if (rc > 0)
		rc = read_commit_file(&old, repo, &rtip, fpath);
	if (rc == 0) {
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "'%s' has no approval of the %04d draft to revoke", member,
		                    year);
		goto done;
	}
	if (rc < 0)
		goto done;
	/* The record goes; the ref's history keeps that it was there and who
	 * took it back. */
	snprintf(msg, sizeof(msg), "review: %s revokes its approval of %04d", member, year);
	{
		pact_store_file f = {fpath, NULL, 0};
		rc = commit_review(store, year, &f, 1, msg, who);
	}
done:
	pact_doc_free(d.doc);
	free(old);
	return rc;
}

/* ---- adopting --------------------------------------------------------- */

/* Refuse a draft that changed anything but pacts/YEAR.yaml since it left
 * main: adopting means adopting that one text. */
static int only_year_changed(git_repository *repo, const git_oid *main_tip,
                             const git_oid *draft_tip, int year)
{
	git_commit *bc = NULL, *dc = NULL;
	git_tree *bt = NULL, *dt = NULL;
	git_diff *diff = NULL;
	char path[32];
	git_oid base;
	int rc;

	pact_store_year_path(path, year);
	rc = git_merge_base(&base, repo, main_tip, draft_tip);
	if (rc == GIT_ENOTFOUND) {
		rc = pact_error_set(PACT_EREFUSED, "draft/%04d does not share history with 'main'",
		                    year);
		goto done;
	}
	if (rc == 0)
		rc = git_commit_lookup(&bc, repo, &base);
	if (rc == 0)
		rc = git_commit_lookup(&dc, repo, draft_tip);
	if (rc == 0)
		rc = git_commit_tree(&bt, bc);
	if (rc == 0)
		rc = git_commit_tree(&dt, dc);
	if (rc == 0)
		rc = git_diff_tree_to_tree(&diff, repo, bt, dt, NULL);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot compare the draft with 'main'");
		goto done;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *p = d->new_file.path ? d->new_file.path : d->old_file.path;
		if (strcmp(p, path) != 0) {
			rc = pact_error_set(PACT_EREFUSED,
			                    "draft/%04d also changes '%s'; a review adopts only %s",
			                    year, p, path);
			goto done;
		}
	}
	rc = 0;
done:
	git_diff_free(diff);
	git_tree_free(bt);
	git_tree_free(dt);
	git_commit_free(bc);
	git_commit_free(dc);
	return rc;
}

/* The "Approved-by:" trailer lines of the merge commit and of the tag: one
 * per member, with the identity that approved the adopted text. */
static void approved_by(pact_buf *b, const pact_review_status *st)
{
	for (size_t i = 0; i < st->nmembers; i++) {
		const pact_approval *a = &st->members[i].approval;
		pact_buf_printf(b, "Approved-by: %s %s <%s>\n", st->members[i].id, a->name,
		                a->email);
	}
}

int pact_review_merge(git_oid *merge, int *switched, pact_store *store, int year,
                      const git_signature *who)
{
	git_repository *repo = pact_store_repo(store);
	pact_review_status *st = NULL;
	git_commit *mc = NULL, *dc = NULL, *newc = NULL;
	git_tree *mtree = NULL, *ntree = NULL;
	git_tree_update upd;
	char dref[48], path[32], tagname[32], hex[GIT_OID_HEXSZ + 1], *missing = NULL;
	char *msg = NULL, *tmsg = NULL;
	pact_buf m = {0}, t = {0}, rec = {0};
	git_oid main_tip, draft_tip, blob, tree_id, commit_id, tag_id, x;
	int rc;

	if ((rc = check_year(year)) < 0 || (rc = check_sig(who)) < 0)
		goto done;
	pact_review_draft_ref(dref, year);
	pact_store_year_path(path, year);
	snprintf(tagname, sizeof(tagname), "pact/%04d", year);
	rc = ref_tip(&draft_tip, repo, dref);
	if (rc == 0)
		rc = pact_error_set(PACT_ENOTFOUND, "no draft for %04d", year);
	if (rc < 0)
		goto done;
	rc = ref_tip(&main_tip, repo, PACT_REVIEW_MAIN);
	if (rc == 0)
		rc = pact_error_set(PACT_ENOTFOUND, "'main' has no commits");
	if (rc < 0)
		goto done;
	rc = pact_review_evaluate(&st, store, year, &draft_tip, NULL);
	if (rc < 0)
		goto done;
	if (st->adopted[0]) {
		rc = pact_error_set(PACT_EEXISTS, "the %04d draft was already adopted in %.12s",
		                    year, st->adopted);
		goto done;
	}
	if (!st->valid) {
		rc = pact_error_set(PACT_EREFUSED,
		                    "cannot adopt %04d: the draft is not a valid pact", year);
		goto done;
	}
	if (!pact_review_complete(st)) {
		missing = pact_review_missing_list(st);
		size_t n = st->nmembers - st->napproved;
		rc = pact_error_set(PACT_EREFUSED,
		                    "cannot adopt %04d: %zu of %zu members %s not approved the "
		                    "current text: %s",
		                    year, n, st->nmembers, n == 1 ? "has" : "have",
		                    missing ? missing : "?");
		goto done;
	}
	if (review_year_blob(&x, repo, &main_tip, year) == 0) {
		rc = pact_error_set(PACT_EEXISTS, "'main' already has %s", path);
		goto done;
	}
	pact_error_clear();
	{
		char tref[48];
		snprintf(tref, sizeof(tref), "refs/tags/%s", tagname);
		if ((rc = ref_tip(&x, repo, tref)) != 0) {
			if (rc > 0)
				rc = pact_error_set(PACT_EEXISTS, "tag '%s' already exists",
				                    tagname);
			goto done;
		}
	}
	rc = only_year_changed(repo, &main_tip, &draft_tip, year);
	if (rc < 0)
		goto done;
	git_oid_fromstr(&blob, st->blob);

	/* The merge commit: main's tree with the approved text. */
	rc = git_commit_lookup(&mc, repo, &main_tip);
	if (rc == 0)
		rc = git_commit_lookup(&dc, repo, &draft_tip);
	if (rc == 0)
		rc = git_commit_tree(&mtree, mc);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read 'main'");
		goto done;
	}
	memset(&upd, 0, sizeof(upd));
	upd.action = GIT_TREE_UPDATE_UPSERT;
	upd.filemode = GIT_FILEMODE_BLOB;
	upd.path = path;
	git_oid_cpy(&upd.id, &blob);
	rc = git_tree_create_updated(&tree_id, repo, mtree, 1, &upd);
	if (rc == 0)
		rc = git_tree_lookup(&ntree, repo, &tree_id);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot write tree");
		goto done;
	}
	pact_buf_printf(
	        &m,
	        "Adopt the %04d pact\n\nMerge branch 'draft/%04d': %s (blob %.12s) approved by "
	        "every member.\n\n",
	        year, year, path, st->blob);
	approved_by(&m, st);
	msg = pact_buf_detach(&m, NULL);
	if (!msg) {
		rc = oom();
		goto done;
	}
	{
		const git_commit *parents[2] = {mc, dc};
		rc = git_commit_create(&commit_id, repo, NULL, who, who, NULL, msg, ntree, 2,
		                       parents);
		if (rc < 0) {
			rc = pact_error_from_git(rc, "cannot write the merge commit");
			goto done;
		}
	}

	/* Move main (the store does it under its lock, compare-and-swap on
	 * the tip judged above; a work tree on main follows first). */
	rc = pact_store_update_branch(store, PACT_REVIEW_MAIN, &commit_id, &main_tip,
	                              "review: adopt draft");
	if (rc == PACT_EREFUSED) {
		rc = pact_error_set(PACT_ECONFLICT,
		                    "local changes to %s on 'main' would be "
		                    "overwritten; commit or remove them first. nothing was changed",
		                    path);
		goto done;
	}
	if (rc == PACT_ECONFLICT) {
		rc = pact_error_set(PACT_ECONFLICT, "'main' moved during the merge; try again");
		goto done;
	}
	if (rc < 0)
		goto done;

	/* The tag, then the record in the review. Both follow the adoption:
	 * if one fails the pact is adopted and the error says what is left. */
	rc = git_commit_lookup(&newc, repo, &commit_id);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read the merge commit");
		goto done;
	}
	pact_buf_printf(&t, "The %04d pact, adopted\n\n%s: blob %s\n", year, path, st->blob);
	approved_by(&t, st);
	tmsg = pact_buf_detach(&t, NULL);
	if (!tmsg) {
		rc = oom();
		goto done;
	}
	rc = git_tag_create(&tag_id, repo, tagname, (git_object *)newc, who, tmsg, 0);
	if (rc < 0) {
		rc = pact_error_from_git(rc, "adopted, but cannot create the tag");
		goto done;
	}
	git_oid_tostr(hex, sizeof(hex), &commit_id);
	pact_buf_printf(&rec, "commit %s\ntag %s\nblob %s\nadopted ", hex, tagname, st->blob);
	{
		char rm[96];
		snprintf(rm, sizeof(rm), "review: %04d adopted in %.12s", year, hex);
		rc = commit_record(store, year, "adopted", &rec, rm, who);
		if (rc < 0)
			goto done;
	}
	/* The draft is done: a work tree still on it goes back to main, as
	 * 'review open' had switched it to the draft (never over local edits). */
	if (!git_repository_is_bare(repo) && head_is(repo, dref)) {
		rc = switch_to(repo, PACT_REVIEW_MAIN, &commit_id);
		if (rc < 0)
			goto done;
		if (switched)
			*switched = rc;
	}
	if (merge)
		git_oid_cpy(merge, &commit_id);
	rc = 0;
done:
	pact_review_status_free(st);
	git_commit_free(mc);
	git_commit_free(dc);
	git_commit_free(newc);
	git_tree_free(mtree);
	git_tree_free(ntree);
	free(missing);
	free(msg);
	free(tmsg);
	free(rec.ptr);
	return rc;
}
