/*
 * store.h - a bloc's pacts kept in a git repository, through libgit2.
 *
 * A store is an ordinary git repository (work tree or bare) whose pacts live
 * at pacts/<year>.yaml. pact never shells out to git: everything here is
 * libgit2, in-process.
 *
 * Ownership: a pact_store returned through **out belongs to the caller and
 * is freed with pact_store_free() (NULL-safe).
 *
 * libgit2 stays inside: ids and signatures cross this API as pact_oid and
 * pact_signature (pact/oid.h), so a program using it includes no git2.h.
 * pact_store_open and pact_store_init initialise libgit2's runtime
 * (reference-counted) and pact_store_free releases it, so work that never
 * opens a store (a diff or validation of files) never pays for libgit2's
 * start-up.
 */
#ifndef PACT_STORE_H
#define PACT_STORE_H

#include <stdint.h>

#include "pact/doc.h"
#include "pact/oid.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pact_store pact_store;

/* Open the store that contains `dir` (NULL: the current directory), looking
 * upward like git does. PACT_ENOTFOUND with a clear message when there is
 * none; PACT_EIO naming git's safe.directory remedy when the repository
 * belongs to another user. Inside a git pre-receive hook
 * (GIT_QUARANTINE_PATH set) the objects of the push being judged are
 * readable too. Reading a truncated or damaged loose object fails
 * (PACT_EGIT, naming the object) instead of looping in libgit2 1.5. A
 * commit a killed pact left half-done is finished or undone here when no
 * other pact is writing. In a shared store (core.sharedRepository) the
 * process umask is relaxed as git's group/all modes need, until
 * pact_store_free (process-wide: one store at a time). *out is the
 * caller's to free with pact_store_free(). */
int pact_store_open(pact_store **out, const char *dir);

/* What opening the store found and repaired: a commit, pull or branch
 * switch of a pact process that was killed half-way (its journal in
 * $GIT_DIR). PACT_RECOVERED_NONE: nothing; _FINISHED: the branch (or HEAD)
 * had already moved, so the work tree and index were brought to it;
 * _UNDONE: it had not, so they were put back as they were. Callers tell
 * the user, since files in the work tree may have come or gone. */
enum { PACT_RECOVERED_NONE = 0, PACT_RECOVERED_FINISHED = 1, PACT_RECOVERED_UNDONE = 2 };
int pact_store_recovered(const pact_store *store);

/* Free a store; NULL is fine. */
void pact_store_free(pact_store *store);

/* The work tree directory (with a trailing '/'), or NULL for a bare store;
 * lives as long as the store. */
const char *pact_store_workdir(const pact_store *store);

/* The repository directory ($GIT_DIR, the store itself when bare) with a
 * trailing '/'; lives as long as the store. */
const char *pact_store_path(const pact_store *store);

/* ---- creating a store and reading from it ---------------------------- */

/* Create a store in `dir` (created if missing) with HEAD on branch main.
 * A work-tree store gets a first commit holding README.md,
 * pacts/.gitkeep and a .gitattributes that marks pacts/ *.yaml diff=pact,
 * and the diff driver in its config. A bare store (for a server) gets no
 * commit, so that the first push from any store fast-forwards it.
 * PACT_EEXISTS when `dir` already holds a repository. *out is the caller's
 * (pass NULL to just create). */
int pact_store_init(pact_store **out, const char *dir, int bare);

/* The parts of an address. Either a year (with an optional revision) or a
 * path to a file. */
typedef struct pact_address {
	int year;         /* 1000..9999, or 0 for a file path */
	const char *rev;  /* points into the parsed string; NULL means HEAD */
	const char *path; /* the whole string when it names a file, else NULL */
} pact_address;

/* Parse "YEAR", "YEAR@REV" or a file path (anything that is not
 * four digits optionally followed by '@'). Nothing is allocated: the fields
 * point into `s`, which must outlive *out. PACT_EUSAGE for an empty
 * string; PACT_EINVALID for an empty revision ("2024@") or a year below
 * 1000 ("0999"). */
int pact_address_parse(pact_address *out, const char *s);

/* The repository path of a year's pact: "pacts/2024.yaml" into buf. */
void pact_store_year_path(char buf[32], int year);

/* Resolve REV (anything git rev-parse takes; NULL: HEAD) to a commit.
 * PACT_ENOTFOUND with "unknown revision 'REV'" when there is no such
 * commit (or HEAD is unborn). */
int pact_store_resolve(pact_oid *out, pact_store *store, const char *rev);

/* The raw bytes of pacts/<year>.yaml at REV (NULL: HEAD). *buf is
 * NUL-terminated and the caller's to free(); *len excludes the NUL.
 * PACT_ENOTFOUND when the revision or the year is missing, PACT_ELIMIT
 * when the blob is larger than pact_doc_max_bytes(). */
int pact_store_read_year(char **buf, size_t *len, pact_store *store, int year, const char *rev);

/* The raw bytes an address names: a year at a revision (store needed) or a
 * regular file (store may be NULL). *label gets the name to use in
 * messages, "pacts/2024.yaml" or "REV:pacts/2024.yaml" for a year, the path
 * for a file. *buf and *label are the caller's to free(). Errors as
 * pact_store_read_year, plus PACT_ENOTFOUND/PACT_EIO for a file that is
 * missing, unreadable or not a regular file. */
int pact_store_read(char **buf, size_t *len, char **label, pact_store *store, const char *address);

/* Load the pact an address names: "2024" (HEAD), "2024@REV" (REV as git
 * rev-parse takes it), or a path to a file (inside or outside the store).
 * `store` may be NULL: then only file paths work. On success *out is the
 * caller's to free; PACT_EINVALID with diags for a broken document,
 * PACT_ENOTFOUND for a missing year or revision, PACT_EUSAGE for an
 * address that is neither. */
int pact_store_load(pact_doc **out, pact_diags *diags, pact_store *store, const char *address);

/* The years that have a pact at revision `rev` (NULL: HEAD), ascending.
 * *years is the caller's to free(); an unborn HEAD gives 0 years. */
int pact_store_years(int **years, size_t *count, pact_store *store, const char *rev);

/* ---- writing ---------------------------------------------------------- */

/* One file of a commit. `path` is relative to the repository root
 * ("pacts/2024.yaml"); `data` NULL deletes the path. The store copies what
 * it needs; the caller keeps ownership. */
typedef struct pact_store_file {
	const char *path;
	const char *data;
	size_t len;
} pact_store_file;

typedef struct pact_commit_opts {
	unsigned version;                /* PACT_COMMIT_OPTS_VERSION */
	const pact_signature *committer; /* NULL: same as the author */
	/* Expected tip of the branch: when set, the commit is refused with
	 * PACT_ECONFLICT unless the branch still points there (review merges
	 * use it). NULL: build on whatever the tip is when the lock is held. */
	const pact_oid *expected_parent;
	int allow_unchanged; /* nonzero: allow a commit with no change */
	int max_wait_ms;     /* bound on waiting for the store lock;
	                        0 means the default (10 s) */
	/* Version 3. NULL: a commit that changes the text of a pact adopted
	 * through review (pact_store_adopted) is refused. Else the reason
	 * (one visible line) for changing it without a new review, written
	 * into the commit message with Amends-adopted: trailers; a commit
	 * that changes no adopted text is then refused (PACT_EREFUSED). */
	const char *amend_adopted;
} pact_commit_opts;
#define PACT_COMMIT_OPTS_VERSION 3
#define PACT_COMMIT_OPTS_INIT                                                                      \
	{                                                                                          \
		PACT_COMMIT_OPTS_VERSION, NULL, NULL, 0, 0, NULL                                   \
	}

/* Make one commit on `branch` ("main" or "refs/heads/main"; NULL: the
 * branch HEAD points to, born or not) whose tree is the branch tip's tree
 * with `files` replaced, added or deleted. Only libgit2: no hook runs, so
 * callers validate first.
 *
 * Safe against races: the commit is built under an advisory lock on
 * $GIT_DIR/pact.lock (released by the kernel if the process dies), and the
 * branch moves with a compare-and-swap on its old id, so a writer that does
 * not take the lock (git itself) is noticed too: the commit is rebuilt on
 * the new tip when that tip did not touch `files`, else PACT_ECONFLICT.
 * Until the ref moves only unreferenced objects exist, so a process killed
 * before that leaves the store as it was.
 *
 * When the branch is checked out in a work tree, git's $GIT_DIR/index.lock
 * is held from before anything is written until the new index is in place
 * (as git commit does), so git cannot commit the old index meanwhile;
 * PACT_EIO, nothing written, when another git holds it. The work tree
 * files and the index follow the ref; a process killed in between leaves a
 * journal that the next pact_store_open or commit uses to finish (ref
 * moved) or undo (not moved) the commit. PACT_EREFUSED (and nothing done)
 * when the work tree holds local changes to one of the files that differ
 * from the new content, or the index stages a version of one that is
 * neither the tip's nor the new one. PACT_EIO when the ref moved but the
 * work tree or index could not follow (a full disk): the commit stands,
 * index.lock stays, and the next pact command finishes the job.
 *
 * PACT_EUNCHANGED when the tree would not change. *out (may be NULL) gets
 * the new commit id. */
int pact_store_commit(pact_oid *out, pact_store *store, const char *branch,
                      const pact_store_file *files, size_t nfiles, const char *message,
                      const pact_signature *author);

/* Same with options (opts may be NULL). */
int pact_store_commit_ext(pact_oid *out, pact_store *store, const char *branch,
                          const pact_store_file *files, size_t nfiles, const char *message,
                          const pact_signature *author, const pact_commit_opts *opts);

/* ---- committing pact files, as `pact commit FILE...` does ------------- */

/* One pact file to commit. `path` is the caller's: the file as the user
 * named it (read as a file even when it looks like a year). The rest is
 * filled by pact_store_check_files and freed by pact_checked_files_clear. */
typedef struct pact_checked_file {
	const char *path;
	pact_diags diags; /* its warnings and errors, with positions */
	int year;         /* the year it is the pact of; 0 until found valid */
	char *data;       /* the bytes read and checked: the bytes committed */
	size_t len;
} pact_checked_file;

/* Read each of files[0..n) once and validate it from those bytes, with the
 * rules of `pact validate FILE` (a file named 2023.yaml that says year 2024
 * is a mistake, not the 2024 pact). Returns how many files are not valid
 * pacts (their diags say why; every file is checked): 0 when each is the
 * valid pact of a year of its own, the only case to commit. <0 stops at a
 * file: PACT_EUSAGE when it is the pact of the same year as an earlier
 * one, or the error reading it (PACT_ENOTFOUND, PACT_EIO, PACT_EINVALID
 * for what is not a regular file, PACT_ELIMIT). libgit2 runs no hooks:
 * this is the gate in front of pact_store_commit_files. */
int pact_store_check_files(pact_checked_file *files, size_t n);

/* Commit checked files at pacts/<year>.yaml in one commit on the branch
 * HEAD points to (see pact_store_commit). `message` NULL: "Add pact 2024"
 * when no year is in the store yet, else "Update pacts 2023, 2024".
 * *message_out (may be NULL; the caller frees) gets the message used. */
int pact_store_commit_files(pact_oid *out, char **message_out, pact_store *store,
                            const pact_checked_file *files, size_t n, const char *message,
                            const pact_signature *author);

/* Same with options (opts may be NULL; see pact_commit_opts). */
int pact_store_commit_files_ext(pact_oid *out, char **message_out, pact_store *store,
                                const pact_checked_file *files, size_t n, const char *message,
                                const pact_signature *author, const pact_commit_opts *opts);

/* ---- adopted pacts (store_adopted.c) ----------------------------------- */

/* A year adopted through review: the annotated tag pact/YEAR that `pact
 * review merge` made names the adoption commit, whose pacts/YEAR.yaml is
 * the text every member approved. */
typedef struct pact_adopted {
	int year;
	char tag[32];                    /* "pact/2025" */
	char commit[PACT_OID_HEXSZ + 1]; /* the adoption commit */
	char blob[PACT_OID_HEXSZ + 1];   /* the approved text */
	char date[16];                   /* "2026-11-30": the tag's date */
} pact_adopted;

/* 1 when `year` was adopted (*out filled), 0 when it was not, <0 error.
 * Adopted: the annotated tag pact/YEAR 'review merge' writes names a
 * commit with pacts/YEAR.yaml, and the `adopted` record of the review of
 * YEAR names that commit and that text. A lightweight tag (`git tag
 * pact/2025`) or one the review does not record is no adoption.
 * Nothing is allocated. */
int pact_store_adopted(pact_adopted *out, pact_store *store, int year);

/* Every commit, on any branch, that would replace or delete the adopted
 * text of a year is refused by pact_store_commit with
 * PACT_EREFUSED before anything is written, unless opts->amend_adopted
 * gives the reason; committing the adopted bytes themselves is allowed. */

/* ---- pacts that travel: after a pull, before a push (store_shared.c) --- */

/* After a pull moved the current branch from `old_tip` (NULL: it was
 * unborn) to `new_tip`: judge every pact whose text changed. *report (the
 * caller's to free; NULL when there is nothing to say) gets, in the
 * process's language, one "pact: warning: ..." line per pact that does
 * not validate, naming the commit that brought it, followed by the
 * validator's "pacts/2024.yaml:LINE:COL: error: ..." lines, and one per
 * year adopted through review (pact_store_adopted) whose text the pull
 * replaced or deleted, naming the commit and the reason an
 * --amend-adopted commit gives. Returns how many warnings, or <0. */
int pact_store_pulled_report(char **report, pact_store *store, const pact_oid *old_tip,
                             const pact_oid *new_tip);

/* Before pushing the current branch to `remote` (NULL: origin): validate
 * the pacts of its tip, what the hub will hold. A text that does not
 * validate but that the hub already holds (it is asked, ls-remote through
 * libgit2, only when one does not validate) is let through: someone
 * else's old mistake does not block the push of other years. A hub that
 * cannot be reached then: its error. 0 when all validate (or the branch
 * is unborn); PACT_EREFUSED
 * when some do not, with *report (the caller's to free) holding, for
 * each, "pacts/2024.yaml, as committed in commit ...:" and the
 * validator's lines. */
int pact_store_push_check(char **report, pact_store *store, const char *remote);

/* Free what pact_store_check_files filled in files[0..n) (NULL-safe). */
void pact_checked_files_clear(pact_checked_file *files, size_t n);

/* Move `branch` ("main" or "refs/heads/main"; NULL: the branch HEAD points
 * to) to the existing commit `target`, for a commit made elsewhere (a
 * fetched tip, a merge commit). A compare-and-swap: the branch must still
 * point at `expected` (NULL: must not exist yet), else PACT_ECONFLICT.
 * Done under the store's writer lock, so it is serialised with
 * pact_store_commit. When the branch is checked out in a work tree, the
 * work tree and index follow as in pact_store_commit (index.lock held, a
 * journal; they are written after the branch moved); PACT_EREFUSED, and
 * nothing done, when local changes would be overwritten. `reflog` is the reflog message. Nothing is
 * allocated for the caller; the caller keeps its arguments. */
int pact_store_update_branch(pact_store *store, const char *branch, const pact_oid *target,
                             const pact_oid *expected, const char *reflog);

/* Switch HEAD to `branch` (a full ref name, "refs/heads/draft/2025") whose
 * tip is `tip`, bringing the work tree and index along with the same
 * guarantees as pact_store_commit (index.lock held throughout, a journal,
 * nothing staged that HEAD does not hold if killed). 1 switched, 0 not
 * (local changes in the way; nothing done), <0 an error. */
int pact_store_switch(pact_store *store, const char *branch, const pact_oid *tip);

/* The signature to commit with. `spec` "Name <email>" (from --author) wins;
 * else GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL, then user.name / user.email from
 * the store's config (repo, global, system), then EMAIL; what is still
 * missing comes from PACT_DEFAULT_NAME / PACT_DEFAULT_EMAIL and *is_default
 * (may be NULL) is set so the CLI can say so. PACT_EUSAGE for a malformed
 * spec. The time is now, in the local timezone. *out is the caller's to
 * free with pact_signature_free(). store may be NULL. */
#define PACT_DEFAULT_NAME "pact"
#define PACT_DEFAULT_EMAIL "pact@localhost"
int pact_store_signature(pact_signature **out, int *is_default, pact_store *store,
                         const char *spec);

/* The branch HEAD points to, e.g. "refs/heads/main" (even when unborn);
 * PACT_ENOTFOUND, saying to switch to a branch, for a detached HEAD or a
 * HEAD on a ref outside refs/heads/. *out is the caller's to free(). */
int pact_store_head_branch(char **out, pact_store *store);

/* Nonzero when HEAD is on a branch (pact_store_head_branch would succeed);
 * 0 for a detached HEAD, one on a ref outside refs/heads/, or an error.
 * Sets no error: a yes/no question (pact_review_open switches only then). */
int pact_store_head_on_branch(pact_store *store);

/* Why branch `refname` ("refs/heads/main"; NULL: HEAD's branch) names no
 * commit. 0 when it does name one, or when the store has no branch at all
 * (a new empty store, whose first commit creates the branch); else
 * PACT_ENOTFOUND with a message telling a branch that vanished (deleted
 * or renamed) from an empty store and listing the branches there are
 * ("HEAD is on branch 'gone', which does not exist (deleted or renamed?);
 * the store's branches: main, draft/2025. Switch to one with 'git switch
 * main'"). A store with no branch of its own but a remote's (a clone of a
 * hub whose HEAD names a branch it does not have) is PACT_ENOTFOUND too,
 * naming the remote's branches and 'git switch main'. Errors of
 * pact_store_head_branch for NULL. */
int pact_store_explain_missing(pact_store *store, const char *refname);

/* Set the repository config so `git diff` / `git log -p` run
 * `pact diff --git-driver` for files marked `diff=pact` (diff.pact.command),
 * and make sure pacts/ *.yaml is marked: when the committed .gitattributes
 * does not say so, the line goes to $GIT_DIR/info/attributes (local, no
 * commit needed). */
int pact_store_setup_diff_driver(pact_store *store);

/* The directory git runs this store's hooks from: core.hooksPath when it
 * is set (relative to the work tree, or to the repository when bare, as
 * git reads it), else $GIT_DIR/hooks; no trailing '/'. It need not exist.
 * *out is the caller's to free(). */
int pact_store_hooks_dir(char **out, pact_store *store);

/* Install `text` as the executable hook `name` (a file name such as
 * "pre-commit") in pact_store_hooks_dir, creating the directory; written
 * to name.tmp and renamed, so git never runs half a script. Returns 0
 * written, 1 already there with exactly this text (nothing written),
 * PACT_EEXISTS when another hook is there and `force` is 0 (kept),
 * PACT_EIO, PACT_ENOMEM or PACT_EUSAGE (a name with '/'). On 0 or 1 and a
 * non-NULL `path`, *path is the hook's path, the caller's to free(). */
int pact_store_hooks_install(char **path, pact_store *store, const char *name, const char *text,
                             int force);

/* 1 when the store is a bare repository (a shared server store), else 0. */
int pact_store_is_bare(pact_store *store);

/* The short names of the store's branches (refs/heads/) and tags
 * (refs/tags/), "main", "draft/2025", "pact/2024", in libgit2's ref
 * order. *names (n of them) is the caller's to free with
 * pact_store_names_free(). */
int pact_store_ref_names(char ***names, size_t *n, pact_store *store);
void pact_store_names_free(char **names, size_t n);

/* The value of git config `key` ("core.pager") for the repository around
 * directory `dir` (NULL: the current one), or from the global and system
 * config when there is no repository. *out is NULL when the key is unset
 * (or the config unreadable), else the caller's to free(). Needs no store:
 * it is what a command asks before opening one. */
int pact_store_config_get(char **out, const char *dir, const char *key);

/* "1.5.1": the version of libgit2 this libpact runs on (static storage). */
const char *pact_store_libgit2_version(void);

/* ---- sharing ---------------------------------------------------------- */

/* Progress of a transfer, for a progress line. Called often; return 0. */
typedef int (*pact_progress_cb)(const char *stage, size_t done, size_t total, void *payload);

/* Add remote `name` with `url`. PACT_EEXISTS when it exists. */
int pact_store_remote_add(pact_store *store, const char *name, const char *url);

/* A remote as `git remote -v` lists it. */
typedef struct pact_remote {
	char *name;
	char *url; /* its fetch URL; "" when it has none */
} pact_remote;

typedef struct pact_remotes {
	pact_remote *items; /* in the order git config lists them */
	size_t count;
} pact_remotes;

/* The store's remotes. *out is the caller's to free with
 * pact_remotes_free() (NULL-safe). */
int pact_store_remotes(pact_remotes **out, pact_store *store);
void pact_remotes_free(pact_remotes *r);

/* Push the current branch to the branch of the same name on `remote`
 * (NULL: "origin"). PACT_ECONFLICT when the remote has commits this store
 * lacks or refuses the update, with the reason; PACT_EUNCHANGED (not a
 * failure: "everything up-to-date") when the remote already has the tip. */
int pact_store_push(pact_store *store, const char *remote, pact_progress_cb cb, void *payload);

/* Push `refspecs` ("[+]SRC[:DST]" as git takes them, n of them) to
 * `remote` (NULL: "origin") in one push, so a server hook sees them
 * together. PACT_EUNCHANGED (message "everything up-to-date") when the
 * remote already has every SRC's tip at its DST; PACT_ECONFLICT when the
 * remote refuses a ref (a non-fast-forward, a hook), naming the refs and
 * reasons. The caller keeps `refspecs`. */
int pact_store_push_refs(pact_store *store, const char *remote, const char *const *refspecs,
                         size_t n, pact_progress_cb cb, void *payload);

/* Fetch `refspecs` (n of them) from `remote` (NULL: "origin") in one
 * fetch; no tags come along but those the refspecs name. `reflog` is the
 * reflog message of the refs it updates. The caller keeps its arguments. */
int pact_store_fetch_refs(pact_store *store, const char *remote, const char *const *refspecs,
                          size_t n, const char *reflog, pact_progress_cb cb, void *payload);

/* Whether a push to `remote` (NULL: "origin") skips the server's checks:
 * *skipped is nonzero when the remote's (push) URL is a local path or
 * file:// URL, where libgit2 writes the refs itself and runs no hook, and
 * the repository there has an executable pre-receive hook. A remote that
 * is missing or cannot be opened counts as not skipped (the push itself
 * will say what is wrong). *url (may be NULL) gets the URL when skipped,
 * the caller's to free(). */
int pact_store_remote_skips_hooks(int *skipped, char **url, pact_store *store, const char *remote);

/* Result of a pull. */
typedef enum {
	PACT_PULL_UP_TO_DATE = 0,
	PACT_PULL_FAST_FORWARD = 1,
	PACT_PULL_MERGED = 2 /* both sides had commits: a merge commit joins them */
} pact_pull_result;

/* How a pull settles the files both sides changed, since their histories
 * parted, to different bytes: only those the caller names, each "2024"
 * (pacts/2024.yaml) or a path in the store ("README.md"). A conflicting
 * file not named refuses the whole pull, so a file the remote changed
 * after the officer was shown the conflicts is never settled unseen.
 * Everything is borrowed for the call. */
typedef struct pact_pull_opts {
	unsigned int version;
	const char *const *keep_mine; /* keep this store's text of these */
	size_t nkeep_mine;
	const char *const *take_theirs; /* take the remote's text of these */
	size_t ntake_theirs;
	/* The remote's commit the refusal showed (hex, 4 to 40 digits) or
	 * NULL: a named file whose remote text is no longer that commit's
	 * refuses the pull too (someone changed it again since). */
	const char *against;
} pact_pull_opts;
#define PACT_PULL_OPTS_VERSION 1
#define PACT_PULL_OPTS_INIT                                                                        \
	{                                                                                          \
		PACT_PULL_OPTS_VERSION, NULL, 0, NULL, 0, NULL                                     \
	}

/* 0 when `name` can name a file for pact_pull_opts: four digits (a year),
 * or a path (it has a '/' or a '.', no control character); else
 * PACT_EUSAGE with a message. */
int pact_store_pull_name_check(const char *name);

/* Fetch the current branch from `remote` (NULL: "origin") and bring the
 * branch, index and work tree to it: a fast-forward when only the remote
 * has new commits; when both sides have, a merge commit (parents: the local
 * tip, then the remote's) whose tree takes each file from the side that
 * changed it since the histories parted (store_merge.c). A file both
 * changed to different bytes is settled by `opts` (NULL: none named):
 * when one is not named, or `opts->against` says the remote changed a
 * named one since, the pull returns PACT_ECONFLICT and changes nothing but
 * the remote-tracking ref (refs/remotes/REMOTE/BRANCH, moved to the
 * remote's tip as a plain refused pull moves it). No file ever gets
 * conflict markers. Local changes in the way: PACT_ECONFLICT, nothing
 * changed. Bad `opts` (pact_store_pull_name_check, a name in both lists,
 * `against` without names or not hex): PACT_EUSAGE before any fetch.
 * *result and *new_tip (each may be NULL) say what happened; *report (may
 * be NULL; the caller's to free, NULL when there is nothing to say) gets,
 * after a merge, the merge commit's message (it also names the files named
 * in `opts` that turned out not to conflict), and after a refusal for
 * conflicting files, which files, who changed each side last and when,
 * how to see the difference and the exact commands that settle them, in
 * the user's language. */
int pact_store_pull_merge(pact_pull_result *result, pact_oid *new_tip, char **report,
                          pact_store *store, const char *remote, const pact_pull_opts *opts,
                          pact_progress_cb cb, void *payload);

/* pact_store_pull_merge(result, new_tip, NULL, store, remote, NULL, cb,
 * payload). */
int pact_store_pull(pact_pull_result *result, pact_oid *new_tip, pact_store *store,
                    const char *remote, pact_progress_cb cb, void *payload);

#ifdef __cplusplus
}
#endif
#endif
