/*
 * history.c - the store's history as pact sees it: which revisions changed
 * which year's pact (pact log) and one clause followed across the years
 * (pact log --clause).
 *
 * The log walks first parents from a revision (as `git log --first-parent`
 * does: a store's main line is its record) and compares each commit's
 * pacts/ tree with its parent's by object id, so a commit that touched no
 * pact costs one tree lookup and only the years whose blob changed are
 * parsed. Parsed documents are cached by blob id: walking newest first, a
 * commit's "old" side is usually the next commit's "new" side. The counts
 * are also cached across runs, by blob pair (history_cache.c): a second
 * `pact log` parses and diffs only what was committed since the first.
 *
 * Each changed year is counted by the real clause diff (pact_diff_docs),
 * so a log line says what `pact diff --stat` would say about that commit:
 * clauses paired by content with ids as a hint, moves, splits, citations,
 * and text that differs only in normalisation is no change. The diff is
 * the comparison layer below this one; it never calls back into history.
 * Cost: one diff per changed year per commit, about a millisecond for a
 * 10-clause pact (pactdiff.c takes a byte-comparison fast path for the
 * clauses that did not change, which is most of them).
 *
 * Log lines and lineage tables are worded from the label catalogue
 * (labels.c) the diff's reports use, in the caller's language, so `pact log` and `pact diff` say a
 * change the same way; the English line is also the JSON's `summary`.
 *
 * A clause's lineage compares its text with the year it last appeared in
 * through pact_diff_clause_same_text, the diff's own notion of "unchanged",
 * so `hoà`/`hòa` or an NFD spelling is not a change there either.
 */
#include "pact/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "pact/error.h"
#include "buf.h"
#include "history_cache.h"
#include "store_git.h"
#include "store_internal.h"
#include "labels.h"

/* Parsed documents kept while walking. A log touches few years at a time;
 * 64 covers a whole 50-year store being rewritten in one commit. */
#define DOC_CACHE_SIZE 64

typedef struct cached_doc {
	git_oid blob;
	pact_doc *doc; /* NULL: not a valid pact */
	int used;
} cached_doc;

typedef struct doc_cache {
	cached_doc slots[DOC_CACHE_SIZE];
	size_t next;
} doc_cache;

static void cache_clear(doc_cache *c)
{
	for (size_t i = 0; i < DOC_CACHE_SIZE; i++)
		pact_doc_free(c->slots[i].doc);
	memset(c, 0, sizeof(*c));
}

/* The document stored in blob `id` as year `year`; *doc NULL when it is not
 * a valid pact (that is a fact about history, not an error). The document
 * belongs to the cache. */
static int cache_get(const pact_doc **doc, doc_cache *c, git_repository *repo, const git_oid *id,
                     int year)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	git_blob *blob = NULL;
	cached_doc *slot;
	char path[32];
	int rc;

	*doc = NULL;
	for (size_t i = 0; i < DOC_CACHE_SIZE; i++)
		if (c->slots[i].used && git_oid_equal(&c->slots[i].blob, id)) {
			*doc = c->slots[i].doc;
			return 0;
		}
	slot = &c->slots[c->next];
	c->next = (c->next + 1) % DOC_CACHE_SIZE;
	pact_doc_free(slot->doc);
	memset(slot, 0, sizeof(*slot));

	/* a blob over the limit is not even inflated (store_blob.c) */
	if ((rc = pact_store__blob_fits(repo, id, pact_doc_max_bytes(), "cannot read blob")) < 0)
		return rc;
	if (rc == 1 && (rc = git_blob_lookup(&blob, repo, id)) < 0)
		return pact_error_from_git(rc, "cannot read blob");
	pact_store_year_path(path, year);
	opts.path = path;
	if (blob && git_blob_rawsize(blob) <= pact_doc_max_bytes()) {
		rc = pact_doc_parse(&slot->doc, NULL, git_blob_rawcontent(blob),
		                    (size_t)git_blob_rawsize(blob), &opts);
		if (rc == PACT_ENOMEM) {
			git_blob_free(blob);
			return rc;
		}
	}
	pact_error_clear();
	git_oid_cpy(&slot->blob, id);
	slot->used = 1;
	*doc = slot->doc;
	git_blob_free(blob);
	return 0;
}

/* ---- comparing two versions ------------------------------------------- */

/* The diff leaves out members' approvers (review metadata, not the pact's
 * text), but a commit that changes only them must not read "no change".
 * Members are matched by id; a member who joined or left is the diff's. */
static int approvers_differ(const pact_doc *a, const pact_doc *b)
{
	for (size_t i = 0; i < b->nmembers; i++) {
		const pact_member *m = &b->members[i], *o = NULL;
		for (size_t k = 0; k < a->nmembers && !o; k++)
			if (!strcmp(a->members[k].id, m->id))
				o = &a->members[k];
		if (!o)
			continue;
		if (o->napprovers != m->napprovers)
			return 1;
		for (size_t k = 0; k < m->napprovers; k++)
			if (strcmp(o->approvers[k], m->approvers[k]))
				return 1;
	}
	return 0;
}

int pact_history_compare(pact_year_change *out, const pact_doc *old_doc, const pact_doc *new_doc)
{
	pact_diff_opts opts = PACT_DIFF_OPTS_INIT;
	pact_diff *d = NULL;
	pact_doc empty;
	int rc;

	memset(&out->stat, 0, sizeof(out->stat));
	out->differs = 0;
	out->nfields = 0;
	if (!old_doc && !new_doc)
		return 0;
	/* A pact that appeared or went is compared with one that has nothing
	 * in it, so its clauses, commitments and citations count as the diff
	 * would count them. */
	memset(&empty, 0, sizeof(empty));
	empty.year = old_doc ? old_doc->year : new_doc->year;
	opts.old_label = opts.new_label = "";
	rc = pact_diff_docs(&d, old_doc ? old_doc : &empty, new_doc ? new_doc : &empty, &opts);
	if (rc < 0)
		return rc;
	out->stat = d->summary;
	out->differs = d->differs;
	for (size_t i = 0; i < d->nfields && out->nfields < PACT_YEAR_CHANGE_MAX_FIELDS; i++)
		if (d->fields[i].changed)
			out->fields[out->nfields++] = d->fields[i].name;
	pact_diff_free(d);
	if (old_doc && new_doc && approvers_differ(old_doc, new_doc)) {
		out->differs = 1;
		if (out->nfields < PACT_YEAR_CHANGE_MAX_FIELDS)
			out->fields[out->nfields++] = "members.approvers";
	}
	return 0;
}

/* ---- describing a change in words ------------------------------------ */

/* s with its first letter in upper case (`upper`) or lower case: the
 * table capitalises its labels as headings; in a sentence only the first
 * word is. utf8proc knows the case of every letter, Đ/đ included. */
static void cased(pact_buf *b, const char *s, int upper)
{
	utf8proc_int32_t cp;
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);

	if (n <= 0) {
		pact_buf__puts(b, s);
		return;
	}
	cp = upper ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
	pact_buf__put(b, (const char *)enc, (size_t)utf8proc_encode_char(cp, enc));
	pact_buf__puts(b, s + n);
}

static void word(pact_buf *b, pact_lang lang, label_id id, int upper)
{
	cased(b, pact_labels__get(lang, id), upper);
}

/* Clause counts in the order a reader asks: what came, what went, what
 * changed, then how the rest moved. English counts first ("1 clause added,
 * 1 removed"), Vietnamese names the action first ("Bổ sung 1 điều, lược bỏ
 * 1"), as the diff's summary does. */
static void describe_clauses(pact_buf *b, pact_lang lang, const pact_diff_summary *s)
{
	const struct {
		size_t n;
		label_id what;
	} counts[] = {{s->added, L_ADDED},           {s->removed, L_REMOVED},
	              {s->modified, L_MODIFIED},     {s->moved, L_MOVED},
	              {s->renumbered, L_RENUMBERED}, {s->split, L_SPLIT},
	              {s->merged, L_MERGED}};
	int parts = 0;

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		size_t n = counts[i].n;
		if (!n)
			continue;
		if (lang == PACT_LANG_VI) {
			pact_buf__puts(b, parts ? ", " : "");
			word(b, lang, counts[i].what, !parts);
			pact_buf__putc(b, ' ');
		} else {
			pact_buf__puts(b, parts ? ", " : "");
		}
		if (!parts)
			pact_buf__printf(b, pact_n__(lang, "%zu clause", "%zu clauses", n), n);
		else
			pact_buf__printf(b, "%zu", n);
		if (lang != PACT_LANG_VI) {
			pact_buf__putc(b, ' ');
			word(b, lang, counts[i].what, 0);
		}
		parts++;
	}
}

/* "; citations +A -D, N re-dated": only what is not zero; `first` when
 * nothing came before in the line. Vietnamese puts its minus sign (U+2212)
 * and names the action before the count ("đổi ngày 1"). */
static void describe_signed(pact_buf *b, pact_lang lang, int first, label_id what, size_t plus,
                            size_t minus, size_t other, label_id other_name)
{
	int vi = lang == PACT_LANG_VI;
	if (!plus && !minus && !other)
		return;
	pact_buf__puts(b, first ? "" : "; ");
	word(b, lang, what, first && vi);
	if (plus)
		pact_buf__printf(b, " +%zu", plus);
	if (minus)
		pact_buf__printf(b, " %s%zu", vi ? "\xe2\x88\x92" : "-", minus);
	if (other) {
		pact_buf__puts(b, plus || minus ? ", " : " ");
		if (vi) {
			word(b, lang, other_name, 0);
			pact_buf__printf(b, " %zu", other);
		} else {
			pact_buf__printf(b, "%zu ", other);
			word(b, lang, other_name, 0);
		}
	}
}

/* "; members +J -L, R renamed, M merged, S split" (the counts that are
 * not zero): mergers and splits are events, one a group of members. */
static void describe_members(pact_buf *b, pact_lang lang, int first, const pact_diff_summary *s)
{
	const struct {
		size_t n;
		label_id what;
	} more[] = {{s->members_merged, L_M_MERGED}, {s->members_split, L_M_SPLIT}};
	size_t len = b->len;

	describe_signed(b, lang, first, L_MEMBERS, s->members_joined, s->members_left,
	                s->members_renamed, L_RENAMED);
	for (size_t i = 0; i < 2; i++) {
		if (!more[i].n)
			continue;
		if (b->len == len) { /* nothing yet: the members' word first */
			pact_buf__puts(b, first ? "" : "; ");
			word(b, lang, L_MEMBERS, first && lang == PACT_LANG_VI);
			pact_buf__putc(b, ' ');
		} else {
			pact_buf__puts(b, ", ");
		}
		if (lang == PACT_LANG_VI) {
			word(b, lang, more[i].what, 0);
			pact_buf__printf(b, " %zu", more[i].n);
		} else {
			pact_buf__printf(b, "%zu ", more[i].n);
			word(b, lang, more[i].what, 0);
		}
	}
}

/* The changed top-level fields: English keeps the diff's names ("title,
 * signed.date changed"), Vietnamese says them in words ("sửa đổi tiêu đề,
 * ngày ký"). */
static void describe_fields(pact_buf *b, pact_lang lang, int first, const pact_year_change *c)
{
	if (!c->nfields)
		return;
	pact_buf__puts(b, first ? "" : "; ");
	if (lang == PACT_LANG_VI) {
		word(b, lang, L_LOG_CHANGED, first);
		pact_buf__putc(b, ' ');
	}
	for (size_t i = 0; i < c->nfields; i++) {
		pact_buf__puts(b, i ? ", " : "");
		if (lang == PACT_LANG_VI) {
			cased(b, pact_labels__field(lang, c->fields[i]), 0);
		} else {
			pact_buf__puts(b, c->fields[i]);
		}
	}
	if (lang == PACT_LANG_EN) {
		pact_buf__putc(b, ' ');
		word(b, lang, L_LOG_CHANGED, 0);
	}
}

char *pact_year_change_describe_lang(const pact_year_change *c, pact_lang lang)
{
	const pact_diff_summary *s = &c->stat;
	pact_buf b = PACT_BUF_INIT;
	int vi = lang == PACT_LANG_VI;
	size_t start;

	pact_buf__printf(&b, "%04d: ", c->year);
	start = b.len;
	if (c->invalid) {
		word(&b, lang, L_LOG_INVALID, vi);
	} else if (c->kind == PACT_YEAR_ADDED) {
		word(&b, lang, L_LOG_NEW_PACT, vi);
		pact_buf__puts(&b, ", ");
		pact_buf__printf(&b, pact_n__(lang, "%zu clause", "%zu clauses", s->new_clauses),
		                 s->new_clauses);
	} else if (c->kind == PACT_YEAR_DELETED) {
		word(&b, lang, L_LOG_PACT_REMOVED, vi);
	} else if (!c->differs) {
		word(&b, lang, L_LOG_NO_CHANGE, vi);
		pact_buf__puts(&b, " (");
		if (!s->norm_only)
			word(&b, lang, L_LOG_FORMAT_ONLY, 0);
		else
			pact_buf__printf(
			        &b,
			        pact_n__(lang,
			                 "%zu text differs only in Unicode normalisation or "
			                 "tone-mark placement",
			                 "%zu texts differ only in Unicode normalisation or "
			                 "tone-mark placement",
			                 s->norm_only),
			        s->norm_only);
		pact_buf__putc(&b, ')');
	} else {
		describe_clauses(&b, lang, s);
		describe_signed(&b, lang, b.len == start, L_CITATIONS, s->cites_added,
		                s->cites_dropped, s->cites_redated, L_LOG_REDATED);
		describe_members(&b, lang, b.len == start, s);
		describe_fields(&b, lang, b.len == start, c);
	}
	return pact_buf__detach(&b, NULL);
}

char *pact_year_change_describe(const pact_year_change *c)
{
	return pact_year_change_describe_lang(c, PACT_LANG_EN);
}

/* ---- the log ---------------------------------------------------------- */

void pact_log_free(pact_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->count; i++) {
		pact_log_entry *e = &log->entries[i];
		free(e->author_name);
		free(e->author_email);
		free(e->message);
		free(e->subject);
		free(e->changes);
	}
	free(log->entries);
	free(log);
}

/* The year a pacts/ entry name stands for ("2024.yaml"), or 0. */
static int entry_year(const git_tree_entry *e)
{
	const char *n = git_tree_entry_name(e);
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_BLOB || strlen(n) != 9 ||
	    strcmp(n + 4, ".yaml") != 0)
		return 0;
	for (int i = 0; i < 4; i++)
		if (n[i] < '0' || n[i] > '9')
			return 0;
	int y = atoi(n);
	return y >= 1000 ? y : 0;
}

/* The pacts/ tree of a commit's tree, or NULL. */
static int pacts_tree(git_tree **out, git_repository *repo, git_tree *root)
{
	const git_tree_entry *e;
	*out = NULL;
	if (!root)
		return 0;
	e = git_tree_entry_byname(root, "pacts");
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	if (git_tree_lookup(out, repo, git_tree_entry_id(e)) < 0)
		return pact_error_from_git(-1, "cannot read tree");
	return 0;
}

static int add_change(pact_log_entry *e, size_t *cap, const pact_year_change *c)
{
	pact_year_change *n = pact_alloc__grow(e->changes, cap, e->nchanges, sizeof(*n), 4);
	PACT_CHECK_ALLOC(n);
	e->changes = n;
	e->changes[e->nchanges++] = *c;
	return 0;
}

/* Compare the pacts/ trees of a commit and its parent, year by year. Both
 * are sorted by name, so one merge pass finds every changed year. */
static int diff_years(pact_log_entry *e, doc_cache *cache, history_cache *hc, git_repository *repo,
                      git_tree *old_t, git_tree *new_t, int only_year)
{
	size_t i = 0, j = 0, no = old_t ? git_tree_entrycount(old_t) : 0;
	size_t nn = new_t ? git_tree_entrycount(new_t) : 0, cap = 0;
	int rc = 0;

	while (rc == 0 && (i < no || j < nn)) {
		const git_tree_entry *a = i < no ? git_tree_entry_byindex(old_t, i) : NULL;
		const git_tree_entry *b = j < nn ? git_tree_entry_byindex(new_t, j) : NULL;
		int c = !a ? 1 : !b ? -1 : strcmp(git_tree_entry_name(a), git_tree_entry_name(b));
		int ya = c <= 0 ? entry_year(a) : 0, yb = c >= 0 ? entry_year(b) : 0;
		pact_year_change ch;
		const pact_doc *da = NULL, *db = NULL;
		const git_oid *oa, *ob;

		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (!ya && !yb)
			continue;
		if (ya && yb && git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)))
			continue;
		memset(&ch, 0, sizeof(ch));
		ch.year = ya ? ya : yb;
		if (only_year && ch.year != only_year)
			continue;
		ch.kind = !ya ? PACT_YEAR_ADDED : !yb ? PACT_YEAR_DELETED : PACT_YEAR_MODIFIED;
		oa = ya ? git_tree_entry_id(a) : NULL;
		ob = yb ? git_tree_entry_id(b) : NULL;
		if (pact_history__cache_get(hc, oa, ob, &ch)) {
			rc = add_change(e, &cap, &ch);
			continue;
		}
		if (ya && (rc = cache_get(&da, cache, repo, oa, ya)) < 0)
			break;
		if (yb && (rc = cache_get(&db, cache, repo, ob, yb)) < 0)
			break;
		if ((ya && !da) || (yb && !db))
			ch.invalid = 1;
		else if ((rc = pact_history_compare(&ch, da, db)) < 0)
			break;
		if ((rc = pact_history__cache_put(hc, oa, ob, &ch)) < 0)
			break;
		rc = add_change(e, &cap, &ch);
	}
	return rc;
}

static int fill_entry(pact_log_entry *e, const git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const char *msg = git_commit_message(c);
	size_t sl;

	git_oid_tostr(e->hex, sizeof(e->hex), git_commit_id(c));
	e->author_name = pact_alloc__strdup(a->name);
	e->author_email = pact_alloc__strdup(a->email);
	e->time = a->when.time;
	e->offset = a->when.offset;
	e->message = pact_alloc__strdup(msg ? msg : "");
	sl = msg ? strcspn(msg, "\n") : 0;
	e->subject = pact_alloc__malloc(sl + 1);
	if (e->subject) {
		memcpy(e->subject, msg ? msg : "", sl);
		e->subject[sl] = '\0';
	}
	if (!e->author_name || !e->author_email || !e->message || !e->subject)
		return PACT_ENOMEM;
	return 0;
}

static void entry_clear(pact_log_entry *e)
{
	free(e->author_name);
	free(e->author_email);
	free(e->message);
	free(e->subject);
	free(e->changes);
	memset(e, 0, sizeof(*e));
}

/* What a log carries from one commit of the walk to the next. */
typedef struct log_walk {
	git_repository *repo;
	doc_cache *cache;
	history_cache *hc;
	int year; /* 0: every year */
	pact_log *log;
	size_t cap;
} log_walk;

/* A first-parent walk from `rev` (NULL: HEAD); the caller's to free. */
static int start_walk(git_revwalk **out, pact_store *store, const char *rev)
{
	git_oid start;
	int rc;

	*out = NULL;
	if ((rc = pact_store__resolve(&start, store, rev)) < 0)
		return rc;
	rc = git_revwalk_new(out, pact_store__repo(store));
	if (rc == 0)
		rc = git_revwalk_push(*out, &start);
	if (rc == 0)
		rc = git_revwalk_simplify_first_parent(*out);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot walk history");
	return 0;
}

/* The commit `id`, and the pacts/ trees of it and of its first parent
 * (NULL where there is none); the three are the caller's to free, also
 * after a failure. */
static int commit_pacts(git_commit **c, git_tree **pacts, git_tree **ppacts, git_repository *repo,
                        const git_oid *id)
{
	git_commit *p = NULL;
	git_tree *t = NULL, *pt = NULL;
	int rc;

	*c = NULL;
	*pacts = *ppacts = NULL;
	rc = git_commit_lookup(c, repo, id);
	if (rc == 0)
		rc = git_commit_tree(&t, *c);
	if (rc == 0 && git_commit_parentcount(*c) > 0) {
		rc = git_commit_parent(&p, *c, 0);
		if (rc == 0)
			rc = git_commit_tree(&pt, p);
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot read commit");
		goto done;
	}
	if ((rc = pacts_tree(pacts, repo, t)) < 0)
		goto done;
	rc = pacts_tree(ppacts, repo, pt);
done:
	git_commit_free(p);
	git_tree_free(t);
	git_tree_free(pt);
	return rc;
}

/* Commit c's entry, appended to the log when c changes a pact (of the
 * year asked for) between its parent's pacts/ and its own. */
static int log_commit(log_walk *w, git_commit *c, git_tree *ppacts, git_tree *pacts)
{
	pact_log_entry e, *n;
	int rc;

	if ((!pacts && !ppacts) ||
	    (pacts && ppacts && git_oid_equal(git_tree_id(pacts), git_tree_id(ppacts))))
		return 0;
	memset(&e, 0, sizeof(e));
	rc = diff_years(&e, w->cache, w->hc, w->repo, ppacts, pacts, w->year);
	if (rc < 0 || e.nchanges == 0)
		goto done;
	if ((rc = fill_entry(&e, c)) < 0)
		goto done;
	n = pact_alloc__grow(w->log->entries, &w->cap, w->log->count, sizeof(*n), 16);
	if (!n) {
		rc = PACT_ENOMEM;
		goto done;
	}
	w->log->entries = n;
	w->log->entries[w->log->count++] = e;
	memset(&e, 0, sizeof(e));
done:
	entry_clear(&e);
	return rc;
}

int pact_history_log(pact_log **out, pact_store *store, const pact_log_opts *opts)
{
	pact_log_opts o = PACT_LOG_OPTS_INIT;
	log_walk w = {.repo = pact_store__repo(store)};
	git_revwalk *walk = NULL;
	git_commit *c = NULL;
	git_tree *pacts = NULL, *ppacts = NULL;
	git_oid id;
	int rc;

	*out = NULL;
	if (opts)
		o = *opts;
	w.year = o.year;
	w.log = pact_alloc__calloc(1, sizeof(*w.log));
	w.cache = pact_alloc__calloc(1, sizeof(*w.cache));
	if (!w.log || !w.cache) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if ((rc = pact_history__cache_open(&w.hc, w.repo)) < 0)
		goto done;
	/* an unborn HEAD: start_walk's pact_store_resolve says why there is no log */
	if ((rc = start_walk(&walk, store, o.rev)) < 0)
		goto done;
	while ((rc = git_revwalk_next(&id, walk)) == 0) {
		git_commit_free(c);
		git_tree_free(pacts);
		git_tree_free(ppacts);
		if ((rc = commit_pacts(&c, &pacts, &ppacts, w.repo, &id)) < 0 ||
		    (rc = log_commit(&w, c, ppacts, pacts)) < 0)
			goto done;
		if (o.max && w.log->count >= o.max)
			break;
	}
	if (rc < 0 && rc != GIT_ITEROVER) {
		rc = pact_error_from_git(rc, "cannot walk history");
		goto done;
	}
	pact_history__cache_save(w.hc);
	*out = w.log;
	w.log = NULL;
	rc = 0;
done:
	pact_history__cache_free(w.hc);
	if (w.cache)
		cache_clear(w.cache);
	free(w.cache);
	git_commit_free(c);
	git_tree_free(pacts);
	git_tree_free(ppacts);
	git_revwalk_free(walk);
	pact_log_free(w.log);
	return rc;
}

/* ---- clause lineage --------------------------------------------------- */

void pact_lineage_free(pact_lineage *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		free(l->rows[i].title);
	free(l->rows);
	free(l->clause_id);
	free(l);
}

/* The ids of the newest pact that a mistyped or guessed id most likely
 * meant: an officer types the number she reads on the paper ("4"), or
 * the start of the id ("an-sinh"). At most this many are listed when
 * nothing matches. */
#define NO_CLAUSE_LIST 20

/* PACT_ENOTFOUND for `id`, which no year has, with what the officer can
 * type instead, read from the newest year at `rev`: the id of the clause
 * numbered `id`, the one id that starts with or contains it, else the
 * newest year's ids. PACT_ENOMEM when that year cannot be read for want
 * of memory; any other failure to read it gives the plain message. */
static int no_clause(pact_store *store, const char *rev, int year, const char *id)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_doc *doc = NULL;
	pact_buf ids = PACT_BUF_INIT;
	const pact_clause *hit = NULL;
	char *buf = NULL, *end = NULL, path[32];
	size_t len, nhits = 0;
	long number;
	int rc;

	rc = pact_store_read_year(&buf, &len, store, year, rev);
	if (rc == PACT_ENOMEM)
		goto done;
	pact_store_year_path(path, year);
	opts.path = path;
	if (rc < 0 || (rc = pact_doc_parse(&doc, NULL, buf, len, &opts)) < 0) {
		rc = rc == PACT_ENOMEM
		             ? rc
		             : pact_error_set(PACT_ENOTFOUND,
		                              "no clause '%s' in any year of the store", id);
		goto done;
	}
	number = strtol(id, &end, 10);
	for (size_t i = 0; i < doc->nclauses; i++) {
		const pact_clause *c = &doc->clauses[i];
		if (*id && !*end && c->number == number) {
			rc = pact_error_set(
			        PACT_ENOTFOUND,
			        "no clause with the id '%s' in any year of the store; "
			        "clause %ld of %d has the id '%s': pact log --clause %s",
			        id, number, year, c->id, c->id);
			goto done;
		}
		if (*id && strstr(c->id, id) && !nhits++)
			hit = c;
		if (i < NO_CLAUSE_LIST)
			pact_buf__printf(&ids, "%s%s", i ? ", " : "", c->id);
	}
	if (doc->nclauses > NO_CLAUSE_LIST)
		pact_buf__puts(&ids, ", ...");
	if (ids.oom) {
		rc = PACT_ENOMEM;
		goto done;
	}
	if (nhits == 1)
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "no clause '%s' in any year of the store; did you mean '%s'?",
		                    id, hit->id);
	else
		rc = pact_error_set(
		        PACT_ENOTFOUND,
		        "no clause '%s' in any year of the store; the clauses of %d: %s", id, year,
		        ids.ptr ? ids.ptr : "");
done:
	pact_buf__clear(&ids);
	pact_doc_free(doc);
	free(buf);
	return rc;
}

int pact_history_clause(pact_lineage **out, pact_store *store, const char *rev, const char *id)
{
	pact_parse_opts opts = PACT_PARSE_OPTS_INIT;
	pact_lineage *l = NULL;
	pact_doc *doc = NULL, *prev_doc = NULL;
	const pact_clause *prev = NULL;
	int *years = NULL, run_start = 0;
	size_t nyears = 0;
	char *buf = NULL;
	size_t len;
	char path[32];
	int rc;

	*out = NULL;
	rc = pact_store_years(&years, &nyears, store, rev);
	if (rc < 0)
		goto done;
	l = pact_alloc__calloc(1, sizeof(*l));
	if (l) {
		l->clause_id = pact_alloc__strdup(id);
		l->rows = pact_alloc__calloc(nyears ? nyears : 1, sizeof(*l->rows));
	}
	if (!l || !l->clause_id || !l->rows) {
		rc = PACT_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < nyears; i++) {
		pact_lineage_row *row = &l->rows[l->count++];
		const pact_clause *cl;

		row->year = years[i];
		free(buf);
		buf = NULL;
		rc = pact_store_read_year(&buf, &len, store, years[i], rev);
		if (rc == PACT_ELIMIT) {
			row->status = PACT_LINEAGE_INVALID;
			continue;
		}
		if (rc < 0)
			goto done;
		pact_store_year_path(path, years[i]);
		opts.path = path;
		rc = pact_doc_parse(&doc, NULL, buf, len, &opts);
		if (rc == PACT_ENOMEM)
			goto done;
		if (rc < 0) {
			row->status = PACT_LINEAGE_INVALID;
			continue;
		}
		cl = pact_doc_clause(doc, id);
		if (!cl) {
			row->status = PACT_LINEAGE_ABSENT;
			pact_doc_free(doc);
			doc = NULL;
			continue;
		}
		row->number = cl->number;
		if (cl->title && !(row->title = pact_alloc__strdup(cl->title))) {
			rc = PACT_ENOMEM;
			goto done;
		}
		if (!prev) {
			row->status = PACT_LINEAGE_NEW;
			run_start = years[i];
		} else {
			row->prev_number = prev->number;
			if (pact_diff_clause_same_text(prev, cl)) {
				row->status = PACT_LINEAGE_UNCHANGED;
				row->same_since = run_start;
			} else {
				row->status = PACT_LINEAGE_CHANGED;
				run_start = years[i];
			}
		}
		l->appearances++;
		/* Keep the year it last appeared in alive for the next comparison. */
		pact_doc_free(prev_doc);
		prev_doc = doc;
		prev = cl;
		doc = NULL;
	}
	if (!l->appearances) {
		rc = nyears ? no_clause(store, rev, years[nyears - 1], id)
		            : pact_error_set(PACT_ENOTFOUND,
		                             "no clause '%s' in any year of the store", id);
		goto done;
	}
	*out = l;
	l = NULL;
	rc = 0;
done:
	if (rc == 0)
		pact_error_clear();
	free(buf);
	free(years);
	pact_doc_free(doc);
	pact_doc_free(prev_doc);
	pact_lineage_free(l);
	return rc;
}

char *pact_lineage_describe(const pact_lineage *l, pact_lang lang)
{
	pact_buf b = PACT_BUF_INIT;

	/* "clause 'x' appears in 2 of 3 years" / "điều 'x' có trong 2 trên 3 năm" */
	word(&b, lang, L_CLAUSE, 0);
	pact_buf__printf(&b, " '%s' %s %zu %s ", l->clause_id,
	                 pact_labels__get(lang, L_LOG_APPEARS_IN), l->appearances,
	                 pact_labels__get(lang, L_LOG_OF));
	pact_buf__printf(&b, pact_n__(lang, "%zu year", "%zu years", l->count), l->count);
	pact_buf__printf(&b, "\n\n%s\n", pact_labels__get(lang, L_LOG_COLUMNS));
	for (size_t i = 0; i < l->count; i++) {
		const pact_lineage_row *r = &l->rows[i];
		if (r->number)
			pact_buf__printf(&b, "%04d %4ld  ", r->year, r->number);
		else
			pact_buf__printf(&b, "%04d    -  ", r->year);
		switch (r->status) {
		case PACT_LINEAGE_NEW:
			word(&b, lang, L_LOG_NEW, 0);
			break;
		case PACT_LINEAGE_UNCHANGED:
			word(&b, lang, L_UNCHANGED, 0);
			pact_buf__printf(&b, " %s %04d", pact_labels__get(lang, L_LOG_SINCE),
			                 r->same_since);
			break;
		case PACT_LINEAGE_CHANGED:
			word(&b, lang, L_LOG_CHANGED, 0);
			break;
		case PACT_LINEAGE_ABSENT:
			word(&b, lang, L_LOG_ABSENT, 0);
			break;
		case PACT_LINEAGE_INVALID:
			word(&b, lang, L_LOG_INVALID, 0);
			break;
		}
		if (r->prev_number && r->number && r->prev_number != r->number)
			pact_buf__printf(&b, " (%s %ld)",
			                 pact_labels__get(lang, L_LOG_RENUMBERED_FROM),
			                 r->prev_number);
		pact_buf__putc(&b, '\n');
	}
	return pact_buf__detach(&b, NULL);
}
