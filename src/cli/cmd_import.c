/*
 * cmd_import.c - `pact import FILE [--year YEAR] [--like PREV] [-o OUT]
 * [--report FILE] [--commit [-m MSG] [--author A]]` and
 * `pact review import YEAR FILE [--like PREV]`.
 *
 * Calls pact_import_file and prints: the YAML to stdout or, atomically (a
 * temporary file in the same directory, then rename), to OUT; warnings as
 * "FILE:LINE: warning: ..." and a one-line summary on stderr; and, when the
 * output is incomplete, what `pact validate` says about it, so the user
 * sees each field left to fill in. --commit puts a complete import at
 * pacts/YEAR.yaml on the current branch; `review import` replaces the text
 * of the YEAR draft (branch draft/YEAR). Neither commits an incomplete or
 * invalid document.
 */
#define PACT_I18N_SHORT_NAMES
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adopted_cli.h"
#include "cli.h"
#include "pact/doc.h"
#include "pact/import.h"
#include "pact/review.h"
#include "pact/store.h"
#include "store_cli.h"

typedef struct import_args {
	const char *year, *like, *output, *report, *message, *author, *amend_adopted;
	int commit;
} import_args;

#define LIKE_OPT                                                                                   \
	CLI_STRING(0, "like", "PREV", import_args, like, CLI_COMP_YEAR,                            \
	           N_("last year's pact (YEAR, YEAR@REV or a file): matching clauses and members " \
	              "keep its ids"))
#define REPORT_OPT                                                                                 \
	CLI_STRING(0, "report", "FILE", import_args, report, CLI_COMP_FILE,                        \
	           N_("write the words import changed or could not restore to FILE, not stderr"))
#define MESSAGE_OPT                                                                                \
	CLI_STRING('m', "message", "MSG", import_args, message, CLI_COMP_NONE,                     \
	           N_("the commit message (default: 'Import pact YEAR from FILE')"))
#define AUTHOR_OPT                                                                                 \
	CLI_STRING(0, "author", "\"NAME <EMAIL>\"", import_args, author, CLI_COMP_NONE,            \
	           N_("the commit's author"))

static const cli_opt import_opts[] = {
        CLI_STRING(0, "year", "YEAR", import_args, year, CLI_COMP_NONE,
                   N_("the pact's year, when the document does not say it")),
        LIKE_OPT,
        CLI_STRING('o', "output", "OUT", import_args, output, CLI_COMP_FILE,
                   N_("write to OUT (atomically) instead of standard output")),
        REPORT_OPT,
        CLI_FLAG(0, "commit", import_args, commit,
                 N_("commit the pact to the store at pacts/YEAR.yaml (only when complete)")),
        MESSAGE_OPT,
        AUTHOR_OPT,
        CLI_STRING(0, "amend-adopted", "REASON", import_args, amend_adopted, CLI_COMP_NONE,
                   N_("with --commit: change a pact adopted through review without a new "
                      "review, for REASON (recorded in the commit)")),
        CLI_END};

const cli_cmd cli_cmd_import = {
        .name = "import",
        .usage = N_("import FILE [--year YEAR] [--like PREV] [-o OUT] [--report FILE]\n"
                    "import FILE [--like PREV] --commit [-m MSG] [--author \"NAME <EMAIL>\"] "
                    "[--amend-adopted REASON]"),
        .summary = N_("read a pact from a text, Word or OpenDocument file into pact/1 YAML"),
        .about = N_("Read a pact from the document an officer holds (plain text or OCR output\n"
                    "in UTF-8 or UTF-16, Word .docx, OpenDocument .odt), recognised by its\n"
                    "content, and write it as pact/1 YAML. What import cannot find is left\n"
                    "empty with a comment, never invented, and reported as\n"
                    "FILE:LINE: warning: ...; 'pact validate OUT' then points at it.\n"
                    "Exit status 1 when the input is not a pact import can read (empty,\n"
                    "unknown format, damaged or encrypted file, no numbered clause)."),
        .example = "pact import giao-uoc-2024.txt -o 2024.yaml\n"
                   "pact import giao-uoc-2025.docx --like 2024 --commit",
        .opts = import_opts,
        .operand = CLI_COMP_FILE,
        .args_size = CLI_ARGS(import_args),
};

static const cli_opt review_import_opts[] = {LIKE_OPT, REPORT_OPT, MESSAGE_OPT, AUTHOR_OPT,
                                             CLI_END};

const cli_cmd cli_cmd_review_import = {
        .name = "review import",
        .usage = N_("review import YEAR FILE [--like PREV] [-m MSG] [--author \"NAME <EMAIL>\"]"),
        .summary = N_("replace a draft's text with a pact imported from a document"),
        .about = N_("Import FILE as with 'pact import' (ids from --like PREV, by default the\n"
                    "previous year's pact on main) and commit it as pacts/YEAR.yaml on the\n"
                    "draft branch draft/YEAR, which 'pact review open YEAR' created. Nothing\n"
                    "is committed when the import is incomplete."),
        .example = "pact review import 2025 du-thao-2025.docx",
        .opts = review_import_opts,
        .operand = CLI_COMP_FILE,
        .args_size = CLI_ARGS(import_args),
};

/* Write data to an existing file that is not a regular one (/dev/null,
 * /dev/stdout, a FIFO): straight into it, as a shell redirection would.
 * Renaming a temporary file over it would replace the device itself. */
static int write_direct(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok;
	if (!f)
		return 0;
	ok = fwrite(data, 1, len, f) == len && fflush(f) == 0;
	ok = (fclose(f) == 0) && ok;
	return ok;
}

/* Write data to path through a temporary file in the same directory and
 * rename(2), so a reader never sees half a file and a failure leaves the
 * old file as it was. The new file keeps the old one's permissions (a new
 * one gets 0666 less the umask, as fopen would), and a symbolic link is
 * followed, so the link stays and its target is replaced. A path that is
 * not a regular file (a device, a FIFO) is written directly, a directory
 * refused. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	char *real = NULL, *tmp = NULL;
	FILE *f = NULL;
	int fd = -1, ok = 0;
	mode_t mode, mask = umask(0);
	struct stat st, lst;

	umask(mask);
	mode = 0666 & ~mask;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return 0;
		}
		if (!S_ISREG(st.st_mode))
			return write_direct(path, data, len);
		mode = st.st_mode & 07777;
		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
		    !(real = realpath(path, NULL)))
			return 0;
	}
	if (real)
		path = real;
	if (!(tmp = malloc(strlen(path) + 16)))
		goto done;
	snprintf(tmp, strlen(path) + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto done;
	if (fchmod(fd, mode) != 0 || !(f = fdopen(fd, "wb")))
		goto done;
	fd = -1;
	ok = fwrite(data, 1, len, f) == len && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = (fclose(f) == 0) && ok;
	f = NULL;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
done:
	if (!ok && tmp) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		errno = e;
	}
	free(tmp);
	free(real);
	return ok;
}

static void print_list(FILE *f, const pact_diags *d, const char *raw_path)
{
	/* one line each, whatever the file's name holds (a newline in it
	 * would start a line of its own) */
	char *path = pact_sanitize(raw_path, PACT_SANITIZE_LINE);
	if (!path)
		return;
	for (size_t i = 0; i < d->count; i++) {
		const pact_diag *it = &d->items[i];
		/* "lỗi"/"cảnh báo" as validate says them (pact_diag_format) */
		const char *sev = pact_p__(pact_i18n_lang(), "severity",
		                           it->severity == PACT_DIAG_ERROR ? "error" : "warning");
		char pos[32] = "", *line;
		int n;
		if (it->line)
			snprintf(pos, sizeof(pos), ":%u", it->line);
		n = snprintf(NULL, 0, "%s%s: %s: %s\n", path, pos, sev, it->message);
		if (n < 0 || !(line = malloc((size_t)n + 1)))
			continue;
		snprintf(line, (size_t)n + 1, "%s%s: %s: %s\n", path, pos, sev, it->message);
		fflush(stdout);
		cli_write_safe(f, line, (size_t)n, PACT_SANITIZE_TEXT);
		free(line);
	}
	free(path);
}

static int load_like(pact_doc **like, pact_store *store, const char *addr)
{
	pact_store *own = NULL;
	pact_diags diags = PACT_DIAGS_INIT;
	pact_address a;
	int rc = 0;

	if (!store && pact_address_parse(&a, addr) == 0 && a.year &&
	    (rc = pact_store_open(&own, NULL)) < 0)
		goto done;
	rc = pact_store_load(like, &diags, store ? store : own, addr);
	if (rc == PACT_EINVALID)
		print_list(stderr, &diags, addr);
done:
	pact_diags_clear(&diags);
	pact_store_free(own);
	return rc;
}

/* Import `file` and print warnings, the change report and the summary.
 * Returns CLI_CONTINUE with *res set, or an exit status. */
static int run_import(pact_import_result **res, const char *file, const import_args *a,
                      pact_store *store, int year, const char *default_like)
{
	char c1[64], c2[64], c3[64], *safe = NULL;
	pact_import_opts opts = PACT_IMPORT_OPTS_INIT;
	pact_doc *like = NULL;
	const char *like_addr = a->like ? a->like : default_like;
	int rc, status = CLI_CONTINUE;

	*res = NULL;
	opts.year = year;
	if (like_addr) {
		if ((rc = load_like(&like, store, like_addr)) < 0) {
			status = cli_fail(rc);
			goto done;
		}
		opts.like = like;
		opts.like_label = like_addr;
	}
	if ((rc = pact_import_file(res, file, &opts)) < 0) {
		status = cli_fail(rc);
		goto done;
	}
	print_list(stderr, &(*res)->diags, file);
	if ((*res)->changes.count) {
		FILE *rf = a->report ? fopen(a->report, "w") : stderr;
		if (!rf ||
		    (print_list(rf, &(*res)->changes, file), rf != stderr && fclose(rf) != 0)) {
			cli_error("cannot write '%s': %s", a->report, strerror(errno));
			status = EXIT_FAILURE_;
			goto done;
		}
	}
	if (!(safe = pact_sanitize(file, PACT_SANITIZE_LINE))) {
		status = cli_oom();
		goto done;
	}
	cli_eprintf(_("imported %s, %s, %s from '%s' (%s)\n"),
	            CLI_PLURAL(c1, "%zu clause", "%zu clauses", (*res)->nclauses),
	            CLI_PLURAL(c2, "%zu commitment", "%zu commitments", (*res)->ncommitments),
	            CLI_PLURAL(c3, "%zu member", "%zu members", (*res)->nmembers), safe,
	            _((*res)->format));
done:
	if (status != CLI_CONTINUE) {
		pact_import_result_free(*res);
		*res = NULL;
	}
	pact_doc_free(like);
	free(safe);
	return status;
}

/* What validate says about the output; nonzero when it is valid. */
static int check_output(const pact_import_result *res, const char *name, int filename_check)
{
	pact_parse_opts po = PACT_PARSE_OPTS_INIT;
	pact_diags vd = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	char *safe = NULL;
	int ok;

	po.path = name;
	po.check_filename = filename_check;
	ok = pact_doc_parse(&doc, &vd, res->yaml, res->len, &po) == 0 && res->complete;
	if (!ok && !(safe = pact_sanitize(name, PACT_SANITIZE_LINE)))
		cli_oom();
	if (!ok && safe)
		for (size_t i = 0; i < vd.count; i++) {
			char *s = pact_diag_format(&vd.items[i], safe);
			if (s) {
				cli_write_safe(stderr, s, strlen(s), PACT_SANITIZE_TEXT);
				fputc('\n', stderr);
			}
			free(s);
		}
	pact_diags_clear(&vd);
	pact_doc_free(doc);
	free(safe);
	return ok;
}

/* Commit the import at pacts/YEAR.yaml on `branch` (NULL: current). */
static int commit_import(pact_store *store, const char *branch, const pact_import_result *res,
                         const char *file, const import_args *a)
{
	char path[32], hex[PACT_OID_HEXSZ + 1], *msg = NULL, *head = NULL;
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	pact_signature *sig = NULL;
	pact_store_file f;
	pact_commit_opts copts = PACT_COMMIT_OPTS_INIT;
	int is_default = 0, rc, status = EXIT_FAILURE_;
	pact_oid id;

	pact_store_year_path(path, res->year);
	f.path = path;
	f.data = res->yaml;
	f.len = res->len;
	if (!a->message && !(msg = malloc(strlen(base) + 64))) {
		cli_oom();
		goto done;
	}
	if (msg)
		snprintf(msg, strlen(base) + 64, _("Import pact %d from %s"), res->year, base);
	/* the store refuses to replace an adopted year's text unless
	 * --amend-adopted says why (store_adopted.c) */
	copts.amend_adopted = a->amend_adopted;
	if ((rc = pact_store_signature(&sig, &is_default, store, a->author)) < 0 ||
	    (rc = pact_store_commit_ext(&id, store, branch, &f, 1, a->message ? a->message : msg,
	                                sig, &copts)) < 0) {
		status = cli_fail(rc);
		goto done;
	}
	if (is_default)
		cli_warning("no identity configured: committed as '%s <%s>'; set your name and "
		            "e-mail once with 'git config --global user.name \"Full Name\"' and "
		            "'git config --global user.email \"email\"', or pass --author "
		            "\"Full Name <email>\"",
		            sig->name, sig->email);
	if (a->amend_adopted)
		cli_warn_amended(store, res->year, res->yaml, res->len, a->amend_adopted);
	pact_oid_fmt(hex, 8, &id);
	if (!branch && pact_store_head_branch(&head, store) == 0)
		branch = head;
	cli_printf("[%s %s] %s\n",
	           branch ? branch + (strncmp(branch, "refs/heads/", 11) ? 0 : 11) : "HEAD", hex,
	           a->message ? a->message : msg);
	status = EXIT_OK;
done:
	pact_signature_free(sig);
	free(head);
	free(msg);
	return status;
}

int cmd_import(int argc, char **argv, cli_ctx *ctx)
{
	import_args a = {0};
	pact_import_result *res = NULL;
	pact_store *store = NULL;
	int n = 0, year = 0, status, rc;
	(void)ctx;

	if ((status = cli_parse(&n, &cli_cmd_import, &a, argc, argv)) != CLI_CONTINUE ||
	    (status = cli_operands(&cli_cmd_import, n, 1, 1, argv)) != CLI_CONTINUE)
		return status;
	if (a.year && cli_parse_year(&year, a.year) < 0)
		return cli_usage_error(&cli_cmd_import,
		                       _("--year takes a four-digit year, not '%s'"), a.year);
	if (a.commit && a.output)
		return cli_usage_error(&cli_cmd_import, "%s",
		                       _("--commit and -o exclude each other"));
	if ((a.message || a.author) && !a.commit)
		return cli_usage_error(&cli_cmd_import, "%s",
		                       _("-m and --author go with --commit"));
	if (a.amend_adopted && !a.commit)
		return cli_usage_error(&cli_cmd_import, "%s",
		                       _("--amend-adopted goes with --commit"));
	if (a.commit && (rc = pact_store_open(&store, NULL)) < 0)
		return cli_fail(rc);
	if (store)
		cli_warn_recovered(store);
	if ((status = run_import(&res, argv[1], &a, store, year, NULL)) != CLI_CONTINUE)
		goto done;
	if (a.commit) {
		if (!check_output(res, "<import>", 0)) {
			cli_error("'%s' was not committed: the import is incomplete; import it "
			          "with -o, "
			          "fill in what is missing and 'pact commit' it",
			          argv[1]);
			status = EXIT_FINDINGS;
			goto done;
		}
		status = commit_import(store, NULL, res, argv[1], &a);
		goto done;
	}
	if (a.output && !write_atomic(a.output, res->yaml, res->len)) {
		cli_error("cannot write '%s': %s", a.output, strerror(errno));
		status = EXIT_FAILURE_;
		goto done;
	}
	if (!a.output) {
		fwrite(res->yaml, 1, res->len, stdout);
		fflush(stdout);
	}
	if (!check_output(res, a.output ? a.output : "<stdout>", a.output != NULL)) {
		/* the name as every name pact prints: no control reaches the
		 * terminal, no LF starts a line of its own */
		char *safe = pact_sanitize(a.output ? a.output : "FILE", PACT_SANITIZE_LINE);
		if (!safe) {
			status = cli_oom();
			goto done;
		}
		cli_eprintf(_("fill in what is missing, then run 'pact validate %s'\n"), safe);
		free(safe);
	}
	status = EXIT_OK;
done:
	pact_import_result_free(res);
	pact_store_free(store);
	return status;
}

int cmd_review_import(int argc, char **argv, cli_ctx *ctx)
{
	import_args a = {0};
	pact_import_result *res = NULL;
	char ref[48], prev[24]; /* "%04d@main" of any int */
	int n = 0, year = 0, status;
	pact_oid tip;
	pact_doc *probe = NULL;

	if ((status = cli_parse(&n, &cli_cmd_review_import, &a, argc, argv)) != CLI_CONTINUE ||
	    (status = cli_operands(&cli_cmd_review_import, n, 2, 2, argv)) != CLI_CONTINUE)
		return status;
	if (cli_parse_year(&year, argv[1]) < 0)
		return cli_usage_error(&cli_cmd_review_import, _("'%s' is not a year"), argv[1]);
	pact_review_draft_ref(ref, year);
	if (pact_store_resolve(&tip, ctx->store, ref) < 0) {
		cli_error("there is no %04d draft: run 'pact review open %04d' first", year, year);
		return EXIT_FINDINGS;
	}
	/* ids from last year's adopted pact, when there is one */
	snprintf(prev, sizeof(prev), "%04d@main", year - 1);
	if (!a.like && pact_store_load(&probe, NULL, ctx->store, prev) < 0)
		prev[0] = '\0';
	pact_doc_free(probe);
	pact_error_clear();
	if ((status = run_import(&res, argv[2], &a, ctx->store, year, prev[0] ? prev : NULL)) !=
	    CLI_CONTINUE)
		return status;
	if (res->doc_year && res->doc_year != year) {
		cli_error("the %04d draft was not changed: '%s' is the %04d pact", year, argv[2],
		          res->doc_year);
		status = EXIT_FINDINGS;
	} else if (!check_output(res, "<import>", 0)) {
		cli_error("the %04d draft was not changed: the import of '%s' is incomplete", year,
		          argv[2]);
		status = EXIT_FINDINGS;
	} else {
		status = commit_import(ctx->store, ref, res, argv[2], &a);
	}
	pact_import_result_free(res);
	return status;
}
