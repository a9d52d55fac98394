/*
 * test_messages.c - library messages with hostile text in them (error.c,
 * error_format.c): what a library user reads in pact_error_last() and in a
 * diagnostic, through the public API only, and what the CLI prints of it.
 *
 * Every message built from a caller's or a file's text must hold no byte
 * below 0x20, no DEL, no C1 control, no bidi control and no invalid UTF-8,
 * still name the input legibly (as the sanitiser writes it: "\e[2J",
 * "\u202e", "\xff"), and stay bounded with its advice at the end.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pact/doc.h"
#include "pact/error.h"
#include "pact/store.h"
#include "pact/utf8.h"
#include "store_helpers.h"

TestSuite(messages, .init = store_fixture_setup, .fini = store_fixture_teardown);

/* Text a terminal or a bidi renderer would act on: ESC (a screen clear and
 * an OSC 8 link), a line break, CSI as a C1 control, NEL, RLO, an isolate,
 * a byte that is not UTF-8, DEL. */
static const char *const hostile[] = {
        "\033[2J",
        "2024@\033]8;;http://x\033\\",
        "line\nforged",
        "x\xc2\x9b"
        "31m",
        "a\xc2\x85"
        "b",
        "abc\xe2\x80\xae"
        "fdp.exe",
        "y\xe2\x81\xa6"
        "z",
        "bad\xff"
        "utf",
        "del\x7f",
        "tab\there",
};

/* The first unsafe thing in s, described, or NULL when s is safe. */
static const char *unsafe(const char *s)
{
	size_t bad = 0, n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;

	if (!pact_utf8_valid(s, n, &bad))
		return "invalid UTF-8";
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return "a C0 control or DEL";
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return "a C1 control";
		if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] >= 0xaa &&
		    p[i + 2] <= 0xae)
			return "a bidi embedding or override";
		if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x81 && p[i + 2] >= 0xa6 &&
		    p[i + 2] <= 0xa9)
			return "a bidi isolate";
		if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0x8e || p[i + 2] == 0x8f || p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
			return "a direction mark or a line separator";
	}
	return NULL;
}

/* The input as the sanitiser shows it (what the message must contain). */
static const char *const shown[] = {
        "\\e[2J",        "2024@\\e]8;;http://x\\e\\",
        "line\\nforged", "x\\u009b31m",
        "a\\u0085b",     "abc\\u202efdp.exe",
        "y\\u2066z",     "bad\\xffutf",
        "del\\x7f",      "tab\\there",
};

static void expect_safe(const char *what, const char *input_shown)
{
	const char *m = pact_error_last()->message;
	const char *why = unsafe(m);
	cr_expect(why == NULL, "%s: %s in the message: %s", what, why, m);
	if (input_shown)
		cr_expect(strstr(m, input_shown) != NULL, "%s: '%s' not named in: %s", what,
		          input_shown, m);
}

Test(messages, hostile_revisions_names_and_paths_are_shown_safe)
{
	char *dir = store_init(store_tmp, "s");
	pact_store *st = NULL;

	cr_assert_eq(pact_store_open(&st, dir), 0, "%s", pact_error_last()->message);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		const char *h = hostile[i];
		pact_oid oid;
		char *buf = NULL, *label = NULL;
		size_t len = 0;
		pact_store *other = NULL;
		pact_doc *doc = NULL;

		cr_expect_lt(pact_store_resolve(&oid, st, h), 0);
		expect_safe("pact_store_resolve", shown[i]);
		cr_expect_lt(pact_store_read(&buf, &len, &label, st, h), 0);
		expect_safe("pact_store_read", NULL);
		cr_expect_lt(pact_store_open(&other, h), 0);
		expect_safe("pact_store_open", shown[i]);
		cr_expect_lt(pact_doc_load_file(&doc, NULL, h, NULL), 0);
		expect_safe("pact_doc_load_file", shown[i]);
		cr_expect_lt(pact_store_push(st, h, NULL, NULL), 0);
		expect_safe("pact_store_push", NULL);
	}
	pact_store_free(st);
	free(dir);
}

/* A YAML key, a member id and a clause id a file holds: the diagnostics
 * and the error a library user reads. */
Test(messages, hostile_yaml_keys_and_ids_are_shown_safe)
{
	char *src = gen_pact(2024, "a b"), *bad = NULL;
	pact_diags diags = PACT_DIAGS_INIT;
	pact_doc *doc = NULL;
	char *line = NULL;

	/* YAML escapes: libyaml refuses raw C0 controls but takes these */
	bad = strf("\"k\\e[2J\\x9b\\u202e\\N\\u2066\": 1\n%s", src);
	cr_expect_lt(pact_doc_parse(&doc, &diags, bad, strlen(bad), NULL), 0);
	expect_safe("pact_doc_parse", "k\\e[2J\\u009b\\u202e\\u0085\\u2066");
	cr_assert_gt(diags.count, 0);
	for (size_t i = 0; i < diags.count; i++) {
		const char *why = unsafe(diags.items[i].message);
		cr_expect(why == NULL, "%s in: %s", why, diags.items[i].message);
	}
	cr_expect(strstr(diags.items[0].message, "'k\\e[2J\\u009b\\u202e\\u0085\\u2066'") != NULL,
	          "%s", diags.items[0].message);

	/* the caller's path in front of a diagnostic */
	line = pact_diag_format(&diags.items[0], "x\ny\033[2J\xe2\x80\xae.yaml");
	cr_assert_not_null(line);
	cr_expect(unsafe(line) == NULL, "%s in: %s", unsafe(line), line);
	cr_expect(strncmp(line, "x\\ny\\e[2J\\u202e.yaml:1:1: ", 24) == 0, "%s", line);
	free(line);
	pact_diags_clear(&diags);
	free(bad);
	free(src);
}

/* A megabyte of name is hostile or a mistake: the message keeps the start
 * and the end of the name and still ends with the advice. */
Test(messages, a_huge_name_is_bounded_and_the_advice_survives)
{
	size_t n = 1 << 20;
	char *big = malloc(n + 1), *dir = store_init(store_tmp, "s");
	pact_store *st = NULL;
	const char *m;

	cr_assert_not_null(big);
	cr_assert_eq(pact_store_open(&st, dir), 0);
	memset(big, 'A', n);
	memcpy(big, "start\033", 6);
	memcpy(big + n - 3, "end", 3);
	big[n] = '\0';
	cr_expect_lt(pact_store_push(st, big, NULL, NULL), 0);
	m = pact_error_last()->message;
	expect_safe("pact_store_push", "no remote 'start\\eAAAA");
	cr_expect_lt(strlen(m), 1024);
	/* both mentions of the name shortened, each keeping its end */
	cr_expect(strstr(m, "AAA\xe2\x80\xa6"
	                    "AAA") != NULL,
	          "no ellipsis: %s", m);
	cr_expect(strstr(m, "AAAend'; add one with 'pact remote add start\\eAAA") != NULL,
	          "the end of the name is lost: %s", m);
	cr_expect(strstr(m, "AAAend URL'") != NULL, "the advice is lost: %s", m);
	pact_store_free(st);
	free(dir);
	free(big);
}

/* Messages quote earlier messages: already safe, they pass unchanged (no
 * "\\e"); a backslash the caller wrote stays one backslash. */
Test(messages, an_earlier_message_is_quoted_unchanged)
{
	char *dir = store_init(store_tmp, "s");
	pact_store *st = NULL;
	pact_oid oid;
	char *first = NULL;

	cr_assert_eq(pact_store_open(&st, dir), 0);
	cr_expect_lt(pact_store_resolve(&oid, st, "a\\b\033c"), 0);
	first = strdup(pact_error_last()->message);
	cr_expect(strstr(first, "'a\\b\\ec'") != NULL, "%s", first);
	pact_error_set(PACT_ERROR, "cannot go on: %s", first);
	cr_expect(strstr(pact_error_last()->message, first) != NULL, "%s",
	          pact_error_last()->message);
	/* and the message may quote itself, as error.c promises */
	pact_error_set(PACT_ERROR, "%s; again", pact_error_last()->message);
	cr_expect(strstr(pact_error_last()->message, first) != NULL, "%s",
	          pact_error_last()->message);
	free(first);
	pact_store_free(st);
	free(dir);
}

/* A remote's hook output comes back one "remote: " line per line it
 * printed (error_internal.h, as store_remote.c builds it): the line breaks
 * are the library's and stay, what the remote wrote is shown safe, and a
 * message quoting that one whole keeps its lines. */
void pact_error__append(const char *fmt, ...);
Test(messages, a_remotes_lines_stay_lines_and_their_text_is_safe)
{
	const char *said = "refs/heads/main: \033[31merror\033[0m\r: \xe2\x80\xae"
	                   "fdp";
	const char *want = "the remote refused refs/heads/main\nremote: refs/heads/main: "
	                   "\\e[31merror\\e[0m\\r: \\u202efdp";
	char *first = NULL;

	pact_error_set(PACT_ECONFLICT, "the remote refused %s", "refs/heads/main");
	pact_error__append("\nremote: %.*s", (int)strlen(said), said);
	cr_expect_str_eq(pact_error_last()->message, want);
	cr_expect_eq(pact_error_last()->code, PACT_ECONFLICT);
	first = strdup(pact_error_last()->message);
	pact_error_set(PACT_ECONFLICT, "%s; run 'pact review pull %s' first", first, "hub\n");
	cr_expect(strncmp(pact_error_last()->message, want, strlen(want)) == 0, "%s",
	          pact_error_last()->message);
	cr_expect(strstr(pact_error_last()->message, "; run 'pact review pull hub\\n' first") !=
	                  NULL,
	          "%s", pact_error_last()->message);
	free(first);
}

/* The formatter parses the format itself: every conversion libpact's
 * messages use comes out as printf writes it. */
Test(messages, conversions_format_as_printf_does)
{
	char want[256];
	size_t z = 42;
	long l = -7;
	long long ll = 1234567890123LL;

	snprintf(want, sizeof(want),
	         "%d|%04d|%u|%zu|%ld|%lld|%02x|%04X|%.0f|%5.2f|%c|%.3s|%.*s|%%|%-4d|%s", -3, 7, 9u,
	         z, l, ll, 0xabu, 0xbeefu, 2.5, 3.14159, 'q', "abcdef", 2, "xyz", 5, "end");
	pact_error_set(PACT_ERROR,
	               "%d|%04d|%u|%zu|%ld|%lld|%02x|%04X|%.0f|%5.2f|%c|%.3s|%.*s|%%|%-4d|%s", -3,
	               7, 9u, z, l, ll, 0xabu, 0xbeefu, 2.5, 3.14159, 'q', "abcdef", 2, "xyz", 5,
	               "end");
	cr_expect_str_eq(pact_error_last()->message, want);
	cr_expect_eq(pact_error_last()->code, PACT_ERROR);

	/* positional arguments, as translations reorder them */
	pact_error_set(PACT_ENOTFOUND, "%2$04d has no clause '%1$s' (%1$s)", "c\033", 25);
	cr_expect_str_eq(pact_error_last()->message, "0025 has no clause 'c\\e' (c\\e)");
	pact_error_set(PACT_ERROR, "%c%c", '\033', 'x');
	cr_expect_str_eq(pact_error_last()->message, "\\ex");
}

/* The CLI escapes what it prints too: a message already safe is not
 * escaped twice (one backslash before 'e'), and a backslash the user typed
 * is shown once. */
Test(messages, the_cli_does_not_escape_twice)
{
	char *dir = store_init(store_tmp, "s");
	run_result r = run_pact(dir, "--lang=en", "show", "2024@\033[2J", NULL);

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'\\e[2J'") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "\\\\e") == NULL, "escaped twice: %s", r.err);
	run_result_free(&r);

	r = run_pact(dir, "--lang=en", "show", "2024@a\\b", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'a\\b'") != NULL, "%s", r.err);
	run_result_free(&r);
	free(dir);
}

/* libgit2 has no catalogue: what it says most often to a pact user is
 * reworded by pact, in the user's language, with no English glued into a
 * Vietnamese sentence. A mistyped path for a remote is the common case
 * ("unsupported URL protocol" tells an officer nothing). */
Test(messages, a_mistyped_remote_path_is_said_in_pacts_words)
{
	char *dir = store_init(store_tmp, "s");
	run_result r = run_pact(dir, "remote", "add", "hub", "/no/such/place.git", NULL);

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "--lang=en", "push", "hub", NULL);
	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect(strstr(r.err, "no repository at that path, and not an address pact can reach") !=
	                  NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "--lang=vi", "pull", "hub", NULL);
	cr_expect(strstr(r.err, "không có kho nào tại đường dẫn đó") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "unsupported") == NULL, "English in: %s", r.err);
	run_result_free(&r);
	free(dir);
}

/* Another git at work holds a lock: the advice is pact's, and under
 * Vietnamese so is the sentence around the lock file's name. */
Test(messages, a_held_lock_is_said_in_the_users_language)
{
	char *dir = store_init(store_tmp, "s"), *lock = strf("%s/.git/config.lock", dir);
	run_result r;

	cr_assert_eq(write_file(lock, "", 0), 0);
	r = run_pact(dir, "--lang=vi", "remote", "add", "hub", "/srv/hub.git", NULL);
	cr_expect_neq(r.status, 0);
	cr_expect(strstr(r.err, "không khóa được '") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "config.lock' để ghi. Có vẻ một tiến trình git khác") != NULL, "%s",
	          r.err);
	cr_expect(strstr(r.err, "failed to lock") == NULL, "English in: %s", r.err);
	run_result_free(&r);
	free(lock);
	free(dir);
}

/* An officer who types the hub's address where its name goes is told
 * what push and pull take, not to add a remote named after the path. */
Test(messages, an_address_given_for_a_remote_name_is_explained)
{
	char *dir = store_init(store_tmp, "s");
	run_result r = run_pact(dir, "--lang=en", "push", "/srv/hub.git", NULL);

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "no remote named '/srv/hub.git': push and pull take a remote's "
	                        "name; name this address with 'pact remote add NAME "
	                        "/srv/hub.git'") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "--lang=vi", "pull", "https://hub.example/kho.git", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'pact remote add TÊN https://hub.example/kho.git'") != NULL, "%s",
	          r.err);
	run_result_free(&r);
	free(dir);
}

/* A push refused because the hub moved names the branch as officers know
 * it ('main'), not git's full name. */
Test(messages, a_refused_push_names_the_branch)
{
	char *dir = store_init(store_tmp, "s");
	run_result r;

	cr_assert_eq(sh(store_tmp, NULL,
	                "git init -q --bare hub.git && cd s && git remote add hub ../hub.git && "
	                "git push -q hub main && cd .. && git clone -q -b main hub.git other && "
	                "cd other && git commit -q --allow-empty -m there && git push -q && "
	                "cd ../s && git commit -q --allow-empty -m here"),
	             0);
	r = run_pact(dir, "--lang=en", "push", "hub", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "'main' on 'hub' has commits this store does not have; run 'pact "
	                        "pull hub' first") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "--lang=vi", "push", "hub", NULL);
	cr_expect(strstr(r.err, "nhánh 'main' trên 'hub' có những lần ghi") != NULL, "%s", r.err);
	run_result_free(&r);
	free(dir);
}

/* A remote's name and address are shown in every push and pull: a bidi
 * override or a control character in them is refused before anything is
 * written to the config, and the Vietnamese message says what was wrong
 * in Vietnamese (the "what" of the message is translated too). */
Test(messages, a_remote_name_must_be_plain_visible_text)
{
	char *dir = store_init(store_tmp, "s"), *cfg = strf("%s/.git/config", dir);
	char *before = read_file(cfg, NULL), *after;
	run_result r = run_pact(dir, "--lang=en", "remote", "add",
	                        "hub\xe2\x80\xae"
	                        "evil",
	                        "/srv/h.git", NULL);

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "the remote's name 'hub\\u202eevil' contains the invisible "
	                        "character U+202E at byte 3") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	r = run_pact(dir, "--lang=vi", "remote", "add", "hub", "/srv/\x1b[2Jh.git", NULL);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "địa chỉ của kho từ xa '/srv/\\e[2Jh.git' chứa ký tự điều khiển "
	                        "U+001B") != NULL,
	          "%s", r.err);
	run_result_free(&r);
	after = read_file(cfg, NULL);
	cr_expect_str_eq(after, before, "the config was written");
	/* a plain name and address are added */
	r = run_pact(dir, "--lang=vi", "remote", "add", "hub", "/srv/h.git", NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_result_free(&r);
	free(after);
	free(before);
	free(cfg);
	free(dir);
}
