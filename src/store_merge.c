/*
 * store_merge.c - the merge a pull makes when both sides committed.
 *
 * Officers are not git users: two of them editing different years, or one
 * editing the 2025 draft while the leader fixed a typo in 2024, is the
 * normal case, and "reconcile them with git merge" is no answer. So when
 * the histories have diverged, pact_store__pull_merge compares each side's
 * tree with the merge base, file by file (no content merge, no rename
 * detection):
 *
 *   - a file only one side changed comes from that side;
 *   - a file both sides changed to the same bytes (or both deleted) is kept;
 *   - a file both sides changed differently is a conflict: the pull
 *     refuses and explains, unless told by name which side wins for it
 *     (keep mine / take theirs). There is never a conflict marker in any
 *     file.
 *
 * Only the files named are settled. A conflict the caller did not name
 * (the hub changed another year between the refusal and the re-run)
 * refuses the whole pull, and so does a named one whose remote text is no
 * longer what the refusal showed (`against`, the remote's commit then):
 * settling either would replace someone's text that the officer never
 * saw, and the next push would revert it on the hub.
 *
 * The merge commit (both parents: the local tip first, so a first-parent
 * walk such as `pact log` sees one commit that brought the remote's work
 * in) and its tree are only objects here; the caller moves the branch with
 * pact_store__update_branch, the same crash-safe path as a fast-forward
 * (store_switch.c: index.lock, journal, compare-and-swap). A pull killed
 * before that leaves an unreferenced commit and nothing else.
 *
 * The message is in the user's language and says what came from where; the
 * refusal names the years, who changed each side last and when, how to see
 * the difference and the two ways out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PACT_I18N_SHORT_NAMES
#include "buf.h"
#include "pact/error.h"
#include "pact/i18n.h"
#include "pact/sanitize.h"
#include "store_internal.h"

/* How many of the remote's commits the merge message lists. */
#define MAX_LISTED 20

/* One path a side changed since the base: its new entry, or gone. */
typedef struct change {
	const char *path; /* owned by the side's diff */
	int gone;
	git_oid id;
	uint16_t mode;
} change;

typedef struct side {
	git_diff *diff;
	change *v;
	size_t n;
} side;

static void side_free(side *s)
{
	free(s->v);
	git_diff_free(s->diff);
	memset(s, 0, sizeof(*s));
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const change *)a)->path, ((const change *)b)->path);
}

/* The files `tree` changed since `base`, sorted by path. */
static int side_changes(side *s, git_repository *repo, git_tree *base, git_tree *tree)
{
	git_diff_options o;
	size_t count;
	int rc;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags |= GIT_DIFF_INCLUDE_TYPECHANGE; /* one change per path */
	rc = git_diff_tree_to_tree(&s->diff, repo, base, tree, &o);
	if (rc < 0)
		return pact_error_from_git(rc, "cannot compare the trees");
	count = git_diff_num_deltas(s->diff);
	s->v = pact_alloc__calloc(count ? count : 1, sizeof(*s->v));
	if (!s->v)
		return PACT_ENOMEM;
	for (size_t i = 0; i < count; i++) {
		const git_diff_delta *d = git_diff_get_delta(s->diff, i);
		change *c = &s->v[s->n++];
		c->gone = d->status == GIT_DELTA_DELETED;
		c->path = c->gone ? d->old_file.path : d->new_file.path;
		c->mode = d->new_file.mode;
		git_oid_cpy(&c->id, &d->new_file.id);
	}
	qsort(s->v, s->n, sizeof(*s->v), by_path);
	return 0;
}

static const change *find_change(const side *s, const char *path)
{
	change key;
	key.path = path;
	return s->n ? bsearch(&key, s->v, s->n, sizeof(*s->v), by_path) : NULL;
}

static int same_result(const change *a, const change *b)
{
	return a->gone == b->gone &&
	       (a->gone || (git_oid_equal(&a->id, &b->id) && a->mode == b->mode));
}

/* The year of "pacts/YYYY.yaml", else 0. */
static int year_of(const char *path)
{
	int y = 0;
	if (strncmp(path, "pacts/", 6) != 0 || strlen(path) != 15 || strcmp(path + 10, ".yaml"))
		return 0;
	for (int i = 6; i < 10; i++) {
		if (path[i] < '0' || path[i] > '9')
			return 0;
		y = y * 10 + (path[i] - '0');
	}
	return y;
}

/* A path as officers name it: "the 2024 pact (pacts/2024.yaml)", else the
 * path; shown safe. */
static void put_file(pact_buf *b, const char *path)
{
	int y = year_of(path);
	if (y)
		pact_buf__printf(b, _("the %d pact (%s)"), y, path);
	else
		pact_buf__put_sanitized(b, path, strlen(path), PACT_SANITIZE_LINE);
}

/* "LABEL: file, file\n" for the paths in `list` (nothing when empty). */
static void put_list(pact_buf *b, const char *label, const char *const *list, size_t n)
{
	if (!n)
		return;
	pact_buf__puts(b, label);
	for (size_t i = 0; i < n; i++) {
		pact_buf__puts(b, i ? ", " : " ");
		put_file(b, list[i]);
	}
	pact_buf__putc(b, '\n');
}

/* "2026-11-29 16:40 +0700", as the signature's clock said. */
static void put_when(pact_buf *b, const git_time *t)
{
	time_t at = (time_t)(t->time + (git_time_t)t->offset * 60);
	int off = t->offset < 0 ? -t->offset : t->offset;
	struct tm tm;
	char when[32] = "";

	if (gmtime_r(&at, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	pact_buf__printf(b, "%s %c%02d%02d", when, t->offset < 0 ? '-' : '+', off / 60, off % 60);
}

/* "NAME, WHEN, commit ABCDEF0 "SUBJECT"" for commit `c`, shown safe. */
static void put_commit(pact_buf *b, git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const char *subject = git_commit_summary(c);
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, 8, git_commit_id(c));
	pact_buf__put_sanitized(b, a->name, strlen(a->name), PACT_SANITIZE_LINE);
	pact_buf__puts(b, ", ");
	put_when(b, &a->when);
	pact_buf__printf(b, _(", commit %s \""), hex);
	if (subject)
		pact_buf__put_sanitized(b, subject, strlen(subject), PACT_SANITIZE_LINE);
	pact_buf__putc(b, '"');
}

/* "ABCDEF0 SUBJECT (NAME, WHEN)" for commit `c`, shown safe: a line of
 * the merge message, as `git log --oneline` would start it. */
static void put_commit_line(pact_buf *b, git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const char *subject = git_commit_summary(c);
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, 8, git_commit_id(c));
	pact_buf__printf(b, "  %s ", hex);
	if (subject)
		pact_buf__put_sanitized(b, subject, strlen(subject), PACT_SANITIZE_LINE);
	pact_buf__puts(b, " (");
	pact_buf__put_sanitized(b, a->name, strlen(a->name), PACT_SANITIZE_LINE);
	pact_buf__puts(b, ", ");
	put_when(b, &a->when);
	pact_buf__puts(b, ")\n");
}

/* Nonzero when `path` has another entry in commit c than in its first
 * parent (or c has no parent). */
static int touches(git_commit *c, const char *path)
{
	git_commit *p = NULL;
	git_tree *t = NULL, *pt = NULL;
	git_tree_entry *e = NULL, *pe = NULL;
	int differ = 1;

	if (git_commit_tree(&t, c) == 0 && git_commit_parentcount(c) > 0 &&
	    git_commit_parent(&p, c, 0) == 0 && git_commit_tree(&pt, p) == 0) {
		git_tree_entry_bypath(&e, t, path);
		git_tree_entry_bypath(&pe, pt, path);
		differ = !e != !pe ||
		         (e && (!git_oid_equal(git_tree_entry_id(e), git_tree_entry_id(pe)) ||
		                git_tree_entry_filemode(e) != git_tree_entry_filemode(pe)));
	}
	git_tree_entry_free(e);
	git_tree_entry_free(pe);
	git_tree_free(t);
	git_tree_free(pt);
	git_commit_free(p);
	pact_error_clear();
	return differ;
}

/* The newest commit of base..tip that changed `path` (NULL: none found). */
static git_commit *last_change(git_repository *repo, const git_oid *tip, const git_oid *base,
                               const char *path)
{
	git_revwalk *w = NULL;
	git_commit *found = NULL;
	git_oid id;

	if (git_revwalk_new(&w, repo) == 0 &&
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) == 0 &&
	    git_revwalk_push(w, tip) == 0 && git_revwalk_hide(w, base) == 0)
		while (!found && git_revwalk_next(&id, w) == 0) {
			git_commit *c = NULL;
			if (git_commit_lookup(&c, repo, &id) < 0)
				break;
			if (touches(c, path))
				found = c;
			else
				git_commit_free(c);
		}
	git_revwalk_free(w);
	pact_error_clear();
	return found;
}

/* What a merge is made of: the two sides, their names as officers see
 * them, and the outcome per path. */
typedef struct merge_job {
	git_repository *repo;
	const char *mine_name;      /* "main" */
	const char *theirs_name;    /* "origin/main" */
	const char *remote;         /* "origin" */
	const pact_pull_opts *opts; /* the files named, may be NULL */
	git_tree *seen;             /* the tree of opts->against, or NULL */
	git_oid base;
	const git_oid *mine, *theirs;
	side ours, their;
	/* paths, by outcome (borrowed from the diffs); conflicts holds all
	 * the conflicting ones, kept..stale sort them by what was said */
	const char **from_theirs, **from_mine, **alike, **conflicts;
	const char **kept, **taken, **unnamed, **stale;
	size_t nfrom_theirs, nfrom_mine, nalike, nconflicts;
	size_t nkept, ntaken, nunnamed, nstale;
	git_tree_update *upd;
	size_t nupd;
} merge_job;

static void job_free(merge_job *j)
{
	side_free(&j->ours);
	side_free(&j->their);
	git_tree_free(j->seen);
	free(j->from_theirs);
	free(j->from_mine);
	free(j->alike);
	free(j->conflicts);
	free(j->kept);
	free(j->taken);
	free(j->unnamed);
	free(j->stale);
	free(j->upd);
}

static void add_update(merge_job *j, const change *c)
{
	git_tree_update *u = &j->upd[j->nupd++];
	u->path = c->path;
	if (c->gone) {
		u->action = GIT_TREE_UPDATE_REMOVE;
		return;
	}
	u->action = GIT_TREE_UPDATE_UPSERT;
	git_oid_cpy(&u->id, &c->id);
	u->filemode = (git_filemode_t)c->mode;
}

/* Is the remote's entry of t->path what it was in the commit the refusal
 * showed (always, when none was named)? An entry that cannot be read
 * counts as changed: the pull refuses rather than guess. */
static int as_seen(merge_job *j, const change *t)
{
	git_tree_entry *e = NULL;
	int rc, same;

	if (!j->seen)
		return 1;
	rc = git_tree_entry_bypath(&e, j->seen, t->path);
	if (rc < 0) {
		pact_error_clear();
		return rc == GIT_ENOTFOUND && t->gone;
	}
	same = !t->gone && git_oid_equal(git_tree_entry_id(e), &t->id) &&
	       git_tree_entry_filemode(e) == (git_filemode_t)t->mode;
	git_tree_entry_free(e);
	return same;
}

/* A conflicting path, by what the caller said of it. */
static void settle(merge_job *j, const change *t)
{
	int how = pact_store__pull_named(j->opts, t->path);

	j->conflicts[j->nconflicts++] = t->path;
	if (how == PACT_STORE__UNNAMED)
		j->unnamed[j->nunnamed++] = t->path;
	else if (!as_seen(j, t))
		j->stale[j->nstale++] = t->path;
	else if (how == PACT_STORE__KEEP)
		j->kept[j->nkept++] = t->path;
	else {
		j->taken[j->ntaken++] = t->path;
		add_update(j, t);
	}
}

/* Sort every changed path into its outcome; the conflicting ones as
 * settle() says. */
static int classify(merge_job *j)
{
	size_t nt = j->their.n, nm = j->ours.n;
	const char ***lists[] = {&j->from_theirs, &j->alike,   &j->conflicts, &j->kept,
	                         &j->taken,       &j->unnamed, &j->stale};

	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++)
		if (!(*lists[i] = pact_alloc__calloc(nt + 1, sizeof(char *))))
			return PACT_ENOMEM;
	j->from_mine = pact_alloc__calloc(nm + 1, sizeof(char *));
	j->upd = pact_alloc__calloc(nt + 1, sizeof(*j->upd));
	if (!j->from_mine || !j->upd)
		return PACT_ENOMEM;
	for (size_t i = 0; i < nt; i++) {
		const change *t = &j->their.v[i], *m = find_change(&j->ours, t->path);
		if (!m) {
			j->from_theirs[j->nfrom_theirs++] = t->path;
			add_update(j, t);
		} else if (same_result(m, t)) {
			j->alike[j->nalike++] = t->path;
		} else {
			settle(j, t);
		}
	}
	for (size_t i = 0; i < nm; i++)
		if (!find_change(&j->their, j->ours.v[i].path))
			j->from_mine[j->nfrom_mine++] = j->ours.v[i].path;
	return 0;
}

/* One side's last change to `path`, for the refusal. */
static void put_side(pact_buf *b, merge_job *j, const char *label, const git_oid *tip,
                     const side *s, const char *path)
{
	const change *c = find_change(s, path);
	git_commit *last = last_change(j->repo, tip, &j->base, path);

	pact_buf__printf(b, "    %s: ", label);
	pact_buf__puts(b, c && c->gone ? _("deleted by ") : _("changed by "));
	if (last)
		put_commit(b, last);
	else
		pact_buf__puts(b, "?");
	pact_buf__putc(b, '\n');
	git_commit_free(last);
}

/* `s` quoted for a POSIX shell ('...', each ' as '\''), shown safe. */
static void put_quoted(pact_buf *b, const char *s)
{
	pact_buf__putc(b, '\'');
	for (const char *q; (q = strchr(s, '\'')) != NULL; s = q + 1) {
		pact_buf__put_sanitized(b, s, (size_t)(q - s), PACT_SANITIZE_LINE);
		pact_buf__puts(b, "'\\''");
	}
	pact_buf__put_sanitized(b, s, strlen(s), PACT_SANITIZE_LINE);
	pact_buf__putc(b, '\'');
}

/* How to see the difference of one conflicting path, with what works
 * today: `pact diff` of two YEAR@REV for a pact both sides have, `pact
 * show` of the side that has it, git for other files. */
static void put_how_to_see(pact_buf *b, const merge_job *j, const char *path)
{
	const change *m = find_change(&j->ours, path), *t = find_change(&j->their, path);
	int y = year_of(path);

	pact_buf__puts(b, _("    to see the difference: "));
	if (y && !m->gone && !t->gone)
		pact_buf__printf(b, "pact diff %d@%s %d@%s", y, j->mine_name, y, j->theirs_name);
	else if (y)
		pact_buf__printf(b, "pact show %d@%s", y, m->gone ? j->theirs_name : j->mine_name);
	else {
		pact_buf__printf(b, "git diff %s %s -- ", j->mine_name, j->theirs_name);
		put_quoted(b, path);
	}
	pact_buf__putc(b, '\n');
}

/* `s` as one shell word: as it is when no shell reads any of its
 * characters specially, else quoted. */
static void put_word(pact_buf *b, const char *s)
{
	static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                            "0123456789._/,@%+:-";
	if (*s && strspn(s, plain) == strlen(s))
		pact_buf__puts(b, s);
	else
		put_quoted(b, s);
}

/* " --FLAG=2023,2024 --FLAG=README.md": the years of `paths` in one
 * list, every other file in a --FLAG of its own, each written as
 * store_pull_opts.c reads it back ("/LICENSE" for a top file without a
 * dot). */
static void put_flag(pact_buf *b, const char *flag, const char *const *paths, size_t n)
{
	int years = 0;

	for (size_t i = 0; i < n; i++)
		if (pact_store__pull_year_path(paths[i])) {
			pact_buf__printf(b, years++ ? "," : " --%s=", flag);
			pact_buf__put(b, paths[i] + 6, 4);
		}
	for (size_t i = 0; i < n; i++)
		if (!pact_store__pull_year_path(paths[i])) {
			pact_buf__printf(b, " --%s=%s", flag, strpbrk(paths[i], "/.") ? "" : "/");
			put_word(b, paths[i]);
		}
}

/* "pact pull origin --keep-mine=2024 --against=abc1234": the command that
 * settles every conflict with one side, against the remote's tip. */
static void put_command(pact_buf *b, const merge_job *j, const char *flag)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, 8, j->theirs);
	pact_buf__puts(b, "pact pull ");
	put_word(b, j->remote);
	put_flag(b, flag, j->conflicts, j->nconflicts);
	pact_buf__printf(b, " --against=%s", hex);
}

/* "2024, README.md" for a message, shown safe. */
static void put_names(pact_buf *b, const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		pact_buf__puts(b, i ? ", " : "");
		if (pact_store__pull_year_path(paths[i]))
			pact_buf__put(b, paths[i] + 6, 4);
		else
			pact_buf__put_sanitized(b, paths[i], strlen(paths[i]), PACT_SANITIZE_LINE);
	}
}

/* "LABEL name, name\n" for the names of j->opts that match no conflicting
 * file (nothing when all do): said, not silently ignored. */
static void put_unmatched(pact_buf *b, const merge_job *j, const char *label)
{
	const pact_pull_opts *o = j->opts;
	size_t k = 0;

	for (int which = 0; o && which < 2; which++) {
		const char *const *v = which ? o->take_theirs : o->keep_mine;
		size_t n = which ? o->ntake_theirs : o->nkeep_mine, c;
		for (size_t i = 0; i < n; i++) {
			for (c = 0; c < j->nconflicts; c++)
				if (pact_store__pull_names(v[i], j->conflicts[c]))
					break;
			if (c < j->nconflicts)
				continue;
			pact_buf__puts(b, k++ ? ", " : label);
			pact_buf__puts(b, k > 1 ? "" : " ");
			pact_buf__put_sanitized(b, v[i], strlen(v[i]), PACT_SANITIZE_LINE);
		}
	}
	if (k)
		pact_buf__putc(b, '\n');
}

/* Did the caller name any file? */
static int names_any(const merge_job *j)
{
	return j->opts && (j->opts->nkeep_mine || j->opts->ntake_theirs);
}

/* Why the names the caller gave were not enough, before the refusal. */
static void put_why(pact_buf *b, const merge_job *j)
{
	pact_buf names = PACT_BUF_INIT;

	if (!names_any(j))
		return;
	if (j->nunnamed) {
		put_names(&names, j->unnamed, j->nunnamed);
		pact_buf__printf(b,
		                 _("Your command does not say which text wins for %s: both sides "
		                   "changed it differently (since the conflicts you were shown, or "
		                   "it was left out).\n"),
		                 names.ptr ? names.ptr : "");
		b->oom |= names.oom;
		pact_buf__clear(&names);
	}
	if (j->nstale) {
		put_names(&names, j->stale, j->nstale);
		pact_buf__printf(b,
		                 _("'%s' changed %s again since commit %s, the one your command "
		                   "names (--against): look at the new text before choosing.\n"),
		                 j->theirs_name, names.ptr ? names.ptr : "", j->opts->against);
		b->oom |= names.oom;
		pact_buf__clear(&names);
	}
	put_unmatched(b, j, _("Named in your command but not changed differently on both sides:"));
	pact_buf__putc(b, '\n');
}

/* The pact_error of a refusal, in one line. */
static int refusal_error(merge_job *j, const char *keep, const char *take)
{
	pact_buf names = PACT_BUF_INIT;
	int rc;

	if (j->nunnamed && names_any(j)) {
		put_names(&names, j->unnamed, j->nunnamed);
		rc = pact_error_set(
		        PACT_ECONFLICT,
		        "cannot merge '%s' into '%s': both sides changed %s differently "
		        "and the command does not say which text wins; nothing was "
		        "changed",
		        j->theirs_name, j->mine_name, names.ptr ? names.ptr : "");
	} else if (j->nstale) {
		put_names(&names, j->stale, j->nstale);
		rc = pact_error_set(
		        PACT_ECONFLICT,
		        "cannot merge '%s' into '%s': '%s' changed %s again since commit "
		        "%s (--against); nothing was changed",
		        j->theirs_name, j->mine_name, j->theirs_name, names.ptr ? names.ptr : "",
		        j->opts->against);
	} else {
		put_names(&names, j->conflicts, j->nconflicts);
		rc = pact_error_set(
		        PACT_ECONFLICT,
		        "cannot merge '%s' into '%s': both sides changed %s differently; "
		        "nothing was changed. Keep one side with '%s' or '%s'",
		        j->theirs_name, j->mine_name, names.ptr ? names.ptr : "", keep, take);
	}
	if (names.oom) /* the message lacks its names */
		rc = pact_alloc__oom();
	pact_buf__clear(&names);
	return rc;
}

/* The refusal: why the command was not enough, what both changed, who and
 * when, how to see it, the exact commands that settle it. Sets the error
 * (PACT_ECONFLICT) and, when report is not NULL, *report (malloc'ed) with
 * the details. */
static int refuse(char **report, merge_job *j)
{
	pact_buf b = PACT_BUF_INIT, names = PACT_BUF_INIT, keep = PACT_BUF_INIT,
	         take = PACT_BUF_INIT;
	char basehex[GIT_OID_HEXSZ + 1], label[256];
	int rc = PACT_ECONFLICT;

	git_oid_tostr(basehex, 8, &j->base);
	put_why(&b, j);
	pact_buf__printf(&b,
	                 _("'%s' and '%s' both changed the same files differently since they "
	                   "parted at commit %s:\n"),
	                 j->mine_name, j->theirs_name, basehex);
	for (size_t i = 0; i < j->nconflicts; i++) {
		const char *p = j->conflicts[i];
		pact_buf__puts(&b, "  ");
		put_file(&b, p);
		pact_buf__puts(&b, ":\n");
		snprintf(label, sizeof(label), _("here ('%s')"), j->mine_name);
		put_side(&b, j, label, j->mine, &j->ours, p);
		snprintf(label, sizeof(label), _("on '%s' ('%s')"), j->remote, j->theirs_name);
		put_side(&b, j, label, j->theirs, &j->their, p);
		put_how_to_see(&b, j, p);
	}
	put_names(&names, j->conflicts, j->nconflicts);
	put_command(&keep, j, "keep-mine");
	put_command(&take, j, "take-theirs");
	/* each command alone on its line, to be copied whole */
	pact_buf__puts(&b, _("Nothing was changed. Choose which text wins, then pull again with "
	                     "one of:\n"));
	pact_buf__printf(&b, "  %s\n", keep.ptr);
	pact_buf__printf(&b, _("      merge, keeping the text of '%s' for %s\n"), j->mine_name,
	                 names.ptr);
	pact_buf__printf(&b, "  %s\n", take.ptr);
	pact_buf__printf(&b, _("      merge, taking the text of '%s' for %s\n"), j->theirs_name,
	                 names.ptr);
	if (j->nconflicts > 1)
		pact_buf__puts(&b, _("To choose file by file, share the names between --keep-mine "
		                     "and --take-theirs in one command.\n"));
	pact_buf__printf(&b,
	                 _("The choice is written in the merge commit's message. If '%s' changes "
	                   "these files again first, the pull stops again and shows it.\n"),
	                 j->remote);
	if (b.oom || names.oom || keep.oom || take.oom)
		/* the lookups on the way cleared what the allocator said */
		rc = pact_alloc__oom();
	else
		rc = refusal_error(j, keep.ptr, take.ptr);
	if (rc == PACT_ECONFLICT && report && !(*report = pact_buf__detach(&b, NULL)))
		rc = pact_alloc__oom();
	pact_buf__clear(&b);
	pact_buf__clear(&names);
	pact_buf__clear(&keep);
	pact_buf__clear(&take);
	return rc;
}

/* The remote's commits the merge brings in, newest first, at most
 * MAX_LISTED of them. */
static void put_incoming(pact_buf *b, merge_job *j)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t n = 0;

	if (git_revwalk_new(&w, j->repo) == 0 &&
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) == 0 &&
	    git_revwalk_push(w, j->theirs) == 0 && git_revwalk_hide(w, j->mine) == 0)
		while (git_revwalk_next(&id, w) == 0) {
			git_commit *c = NULL;
			if (n == 0)
				pact_buf__printf(b, _("\nCommits from '%s':\n"), j->theirs_name);
			if (n++ >= MAX_LISTED)
				continue;
			if (git_commit_lookup(&c, j->repo, &id) == 0)
				put_commit_line(b, c);
			git_commit_free(c);
		}
	if (n > MAX_LISTED)
		pact_buf__printf(b, _("  and %zu more\n"), n - MAX_LISTED);
	git_revwalk_free(w);
	pact_error_clear();
}

/* The merge commit's message. */
static char *merge_message(merge_job *j)
{
	pact_buf b = PACT_BUF_INIT;
	char label[256];

	pact_buf__printf(&b, _("Merge '%s' into '%s'\n\n"), j->theirs_name, j->mine_name);
	snprintf(label, sizeof(label), _("From '%s':"), j->theirs_name);
	put_list(&b, label, j->from_theirs, j->nfrom_theirs);
	snprintf(label, sizeof(label), _("From '%s':"), j->mine_name);
	put_list(&b, label, j->from_mine, j->nfrom_mine);
	put_list(&b, _("Changed alike on both sides:"), j->alike, j->nalike);
	snprintf(label, sizeof(label),
	         _("Changed on both sides, kept the text of '%s' (pact "
	           "pull --keep-mine):"),
	         j->mine_name);
	put_list(&b, label, j->kept, j->nkept);
	snprintf(label, sizeof(label),
	         _("Changed on both sides, took the text of '%s' (pact "
	           "pull --take-theirs):"),
	         j->theirs_name);
	put_list(&b, label, j->taken, j->ntaken);
	put_unmatched(&b, j,
	              _("Named in pact pull but not changed differently on both sides, nothing "
	                "to settle:"));
	if (!j->nfrom_theirs && !j->nfrom_mine && !j->nalike && !j->nconflicts)
		pact_buf__puts(&b, _("No file changed on either side.\n"));
	put_incoming(&b, j);
	if (b.oom) { /* the lookups on the way cleared what the allocator said */
		pact_buf__clear(&b);
		pact_alloc__oom();
		return NULL;
	}
	return pact_buf__detach(&b, NULL);
}

/* A merge object that could not be written (a full disk, a read-only
 * store): the cause, and that nothing changed. */
static int nothing_merged(int rc, const char *what)
{
	char cause[512];

	pact_error_from_git(rc, what);
	/* a copy: the message is formatted into the buffer it came from */
	snprintf(cause, sizeof(cause), "%s", pact_error_last()->message);
	return pact_error_set(PACT_EIO,
	                      "%s; nothing was changed: free some disk space (or make the store "
	                      "writable) and pull again",
	                      cause);
}

/* Write the merge commit of the job's tree on both tips. */
static int write_merge(git_oid *out, merge_job *j, pact_store *store, git_tree *mine_tree,
                       const char *msg)
{
	git_signature *who = NULL;
	git_commit *a = NULL, *b = NULL;
	git_tree *tree = NULL;
	git_oid tree_id;
	int rc;

	rc = git_tree_create_updated(&tree_id, j->repo, mine_tree, j->nupd, j->upd);
	if (rc < 0) {
		/* a file on one side where the other has a folder: the user's to
		 * settle, as a conflict is; a tree that could not be written
		 * (GIT_ERROR_OS, store_odb.c) is not that */
		const git_error *e = git_error_last();
		if (e && e->klass == GIT_ERROR_OS)
			rc = nothing_merged(rc, N_("cannot write the merge's folders"));
		else
			rc = pact_error_set(PACT_ECONFLICT,
			                    "cannot merge the two sides' files (a file on one side "
			                    "is a folder on the other? %s); nothing was changed. "
			                    "Rename one of them, commit, and pull again",
			                    e && e->message ? e->message : "");
		goto done;
	}
	rc = pact_store__signature(&who, NULL, store, NULL);
	if (rc < 0)
		goto done;
	rc = git_tree_lookup(&tree, j->repo, &tree_id);
	if (rc == 0)
		rc = git_commit_lookup(&a, j->repo, j->mine);
	if (rc == 0)
		rc = git_commit_lookup(&b, j->repo, j->theirs);
	if (rc == 0) {
		const git_commit *parents[2] = {a, b};
		rc = pact_store__commit_create(out, j->repo, who, who, msg, tree, 2, parents);
	}
	if (rc < 0)
		rc = nothing_merged(rc, N_("cannot write the merge commit"));
done:
	git_signature_free(who);
	git_commit_free(a);
	git_commit_free(b);
	git_tree_free(tree);
	return rc;
}

static int tree_of(git_tree **out, git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	int rc = git_commit_lookup(&c, repo, id);
	if (rc == 0)
		rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc < 0 ? pact_error_from_git(rc, "cannot read commit") : 0;
}

/* The tree of the commit `hex` names (opts->against), which the refusal
 * printed: fetched then, so it is here unless the store was cleaned. */
static int seen_tree(git_tree **out, git_repository *repo, const char *hex)
{
	git_commit *c = NULL;
	git_oid id;
	size_t n = strlen(hex);
	int rc = git_oid_fromstrn(&id, hex, n);

	if (rc == 0)
		rc = git_commit_lookup_prefix(&c, repo, &id, n);
	if (rc == GIT_EAMBIGUOUS)
		rc = pact_error_set(PACT_ENOTFOUND,
		                    "'%s' (--against) names more than one commit: give more of its "
		                    "digits",
		                    hex);
	else if (rc < 0)
		rc = pact_error_set(
		        PACT_ENOTFOUND,
		        "no commit '%s' (--against) in this store: pull again without "
		        "--keep-mine and --take-theirs to see the conflicts as they are",
		        hex);
	else if ((rc = git_commit_tree(out, c)) < 0)
		rc = pact_error_from_git(rc, "cannot read commit");
	git_commit_free(c);
	return rc;
}

int pact_store__pull_merge(git_oid *merged, char **report, pact_store *store, const char *mine_name,
                           const char *theirs_name, const char *remote, const git_oid *mine,
                           const git_oid *theirs, const pact_pull_opts *opts)
{
	merge_job j;
	git_tree *bt = NULL, *mt = NULL, *tt = NULL;
	char *msg = NULL;
	int rc;

	memset(&j, 0, sizeof(j));
	j.repo = pact_store__repo(store);
	j.mine_name = mine_name;
	j.theirs_name = theirs_name;
	j.remote = remote;
	j.opts = opts;
	j.mine = mine;
	j.theirs = theirs;
	if (report)
		*report = NULL;
	rc = git_merge_base(&j.base, j.repo, mine, theirs);
	if (rc == GIT_ENOTFOUND) {
		rc = pact_error_set(PACT_ECONFLICT,
		                    "cannot merge '%s' into '%s': they share no history (two "
		                    "stores started apart?); nothing was changed",
		                    theirs_name, mine_name);
		goto done;
	}
	if (rc < 0) {
		rc = pact_error_from_git(rc, "cannot find where the histories parted");
		goto done;
	}
	rc = tree_of(&bt, j.repo, &j.base);
	if (rc == 0)
		rc = tree_of(&mt, j.repo, mine);
	if (rc == 0)
		rc = tree_of(&tt, j.repo, theirs);
	if (rc == 0 && opts && opts->against)
		rc = seen_tree(&j.seen, j.repo, opts->against);
	if (rc == 0)
		rc = side_changes(&j.ours, j.repo, bt, mt);
	if (rc == 0)
		rc = side_changes(&j.their, j.repo, bt, tt);
	if (rc == 0)
		rc = classify(&j);
	if (rc < 0)
		goto done;
	if (j.nunnamed || j.nstale) {
		rc = refuse(report, &j);
		goto done;
	}
	msg = merge_message(&j);
	if (!msg) {
		rc = PACT_ENOMEM;
		goto done;
	}
	rc = write_merge(merged, &j, store, mt, msg);
	if (rc == 0 && report) {
		*report = msg;
		msg = NULL;
	}
done:
	free(msg);
	git_tree_free(bt);
	git_tree_free(mt);
	git_tree_free(tt);
	job_free(&j);
	return rc;
}
