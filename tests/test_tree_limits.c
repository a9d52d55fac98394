/*
 * test_tree_limits.c - hostile documents cost memory in proportion to
 * their size, not to what they would build: the limits on items per list
 * and on nodes in all are checked while the tree is built (tree.c), and a
 * node is small. Before, a 14 MB list of 7 million one-letter items cost
 * 800 MB before its refusal (by the schema, once the whole tree existed).
 *
 * The memory checks run `pact validate` as a child and read its peak RSS
 * from wait4(); the bound (16 times the input, where 1.4 to 4.5 times are
 * measured and 50 to 56 times were) is one a regression breaks, not a
 * timing. Under AddressSanitizer, whose shadow memory and quarantine are
 * no measure of pact's, only the refusal is checked.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* A growing string for the documents below. */
typedef struct text {
	char *s;
	size_t len, cap;
} text;

static void add(text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		cr_assert_not_null(t->s);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void adds(text *t, const char *s)
{
	add(t, s, strlen(s));
}

/* "[a,a,...]": a flow list of n one-letter items */
static void add_list(text *t, size_t n)
{
	adds(t, "[");
	for (size_t i = 0; i < n; i++)
		add(t, i ? ",a" : "a", i ? 2 : 1);
	adds(t, "]");
}

/* "k: [[a,...], [a,...], ...]": lists of `per` items, `lists` of them,
 * then one of `last` items (none when 0): 3 + lists * (per + 1) + (last +
 * 1 when last) nodes in all (the map, 'k', the outer list, each inner list
 * and its items). */
static text grid(size_t lists, size_t per, size_t last)
{
	text t = {0};
	adds(&t, "k: [");
	for (size_t i = 0; i < lists; i++) {
		if (i)
			adds(&t, ",");
		add_list(&t, per);
	}
	if (last) {
		adds(&t, ",");
		add_list(&t, last);
	}
	adds(&t, "]\n");
	return t;
}

/* The first diagnostic of parsing t: its code, and its message in *msg. */
static char *first_code(const text *t, char **msg, pact_pos *pos)
{
	pact_diags d = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	char *code;

	cr_expect_eq(pact_doc_parse(&doc, &d, t->s, t->len, NULL), PACT_EINVALID);
	cr_assert_null(doc);
	cr_assert_gt(d.count, 0);
	code = strf("%s", d.items[0].code);
	if (msg)
		*msg = strf("%s", d.items[0].message);
	if (pos)
		*pos = (pact_pos){d.items[0].line, d.items[0].col};
	pact_diags_clear(&d);
	return code;
}

/* `pact --lang=en validate path`: its exit status, its stderr in *err and
 * its peak resident set in KiB (wait4's ru_maxrss). */
static int validate_child(const char *dir, const char *path, char **err, long *maxrss_kb)
{
	char *errpath = strf("%s/stderr", dir);
	struct rusage ru;
	int status = 0;
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int null = open("/dev/null", O_WRONLY);
		if (fd < 0 || null < 0)
			_exit(125);
		dup2(null, 1);
		dup2(fd, 2);
		execl(PACT_BIN, PACT_BIN, "--lang=en", "validate", path, (char *)NULL);
		_exit(126);
	}
	cr_assert_eq(wait4(pid, &status, 0, &ru), pid);
	*maxrss_kb = ru.ru_maxrss;
	*err = read_file(errpath, NULL);
	cr_assert_not_null(*err);
	free(errpath);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* t refused by `pact validate` with `want` on its first line, in less than
 * 16 bytes of memory per input byte. */
static void refused_in_bounded_memory(const text *t, const char *want)
{
	char *dir = make_tempdir(), *path = strf("%s/hostile.yaml", dir), *err = NULL;
	char *line;
	long kb = 0;

	cr_assert_eq(write_file(path, t->s, t->len), 0);
	cr_expect_eq(validate_child(dir, path, &err, &kb), 1, "%s", err);
	line = strf("%s:%s\n", path, want);
	cr_expect(!strncmp(err, line, strlen(line)), "wanted %s got %s", line, err);
	if (!UNDER_ASAN)
		cr_expect_lt((double)kb * 1024, 16.0 * (double)t->len,
		             "peak RSS %ld KiB for %zu bytes of input", kb, t->len);
	free(line);
	free(err);
	rm_rf(dir);
	free(path);
	free(dir);
}

Test(tree_limits, a_list_of_seven_million_items_is_refused_at_its_start, .timeout = 60)
{
	text t = {0};

	adds(&t, "k: ");
	add_list(&t, 7000000);
	adds(&t, "\n");
	refused_in_bounded_memory(
	        &t, "1:4: error: list with more than 20000 items: no pact needs this many");
	free(t.s);
}

Test(tree_limits, lists_of_lists_stop_at_the_node_limit, .timeout = 60)
{
	/* 400 lists of 19 999 items: 8 million nodes, each list in bounds */
	text t = grid(400, PACT_MAX_LIST_ITEMS - 1, 0);
	char *want = strf("error: more than %u keys and values in the document: no pact "
	                  "needs this many",
	                  (unsigned)PACT_MAX_NODES);
	char *dir = make_tempdir(), *path = strf("%s/grid.yaml", dir), *err = NULL;
	long kb = 0;

	cr_assert_eq(write_file(path, t.s, t.len), 0);
	cr_expect_eq(validate_child(dir, path, &err, &kb), 1, "%s", err);
	cr_expect(strstr(err, want) != NULL, "%s", err);
	if (!UNDER_ASAN)
		cr_expect_lt((double)kb * 1024, 16.0 * (double)t.len,
		             "peak RSS %ld KiB for %zu bytes of input", kb, t.len);
	free(err);
	free(want);
	rm_rf(dir);
	free(path);
	free(dir);
	free(t.s);
}

Test(tree_limits, a_list_may_hold_the_limit_and_not_one_more)
{
	text at = {0}, over = {0};
	char *msg = NULL, *code;
	pact_pos pos;

	adds(&at, "k: ");
	add_list(&at, PACT_MAX_LIST_ITEMS);
	/* the schema reads it: 'k' is no key of a pact */
	code = first_code(&at, NULL, NULL);
	cr_expect_str_eq(code, "unknown-key");
	free(code);

	adds(&over, "x: 1\nk:\n  ");
	add_list(&over, PACT_MAX_LIST_ITEMS + 1);
	code = first_code(&over, &msg, &pos);
	cr_expect_str_eq(code, "limit");
	cr_expect_str_eq(msg, "list with more than 20000 items: no pact needs this many");
	/* where the list starts */
	cr_expect_eq(pos.line, 3);
	cr_expect_eq(pos.col, 3);
	free(code);
	free(msg);
	free(at.s);
	free(over.s);
}

Test(tree_limits, a_document_may_hold_the_node_limit_and_not_one_more, .timeout = 60)
{
	/* 3 + 99 * 20 000 + (19 996 + 1) = 2 000 000 nodes */
	size_t lists = 99, per = PACT_MAX_LIST_ITEMS - 1, last = 19996;
	text at = grid(lists, per, last), over = grid(lists, per, last + 1);
	char *msg = NULL, *code;

	cr_assert_eq(3 + lists * (per + 1) + last + 1, PACT_MAX_NODES);
	code = first_code(&at, NULL, NULL);
	cr_expect_str_eq(code, "unknown-key");
	free(code);
	code = first_code(&over, &msg, NULL);
	cr_expect_str_eq(code, "limit");
	cr_expect(strstr(msg, "more than 2000000 keys and values") != NULL, "%s", msg);
	free(code);
	free(msg);
	free(at.s);
	free(over.s);
}

Test(tree_limits, the_refusals_speak_vietnamese)
{
	text t = {0};
	char *dir = make_tempdir(), *path = strf("%s/2024.yaml", dir);
	run_result r;

	adds(&t, "k: ");
	add_list(&t, PACT_MAX_LIST_ITEMS + 1);
	cr_assert_eq(write_file(path, t.s, t.len), 0);
	r = run_pact(dir, "--lang=vi", "validate", path, NULL);
	cr_expect_eq(r.status, 1);
	cr_expect(
	        strstr(r.err, "danh sách có hơn 20000 mục: không giao ước nào cần nhiều như vậy") !=
	                NULL,
	        "%s", r.err);
	run_result_free(&r);
	rm_rf(dir);
	free(path);
	free(dir);
	free(t.s);
}
