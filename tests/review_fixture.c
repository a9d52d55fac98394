/*
 * review_fixture.c - stores for the review and hooks suites, driven the
 * way users drive them: pact and git as processes, pact found on PATH so
 * git hooks reach the binary under test.
 */
#include "review_fixture.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fx_pact(int year, const char *extra)
{
	return strf("schema: pact/1\n"
	            "year: %d\n"
	            "title: Bản giao ước thi đua năm %d\n"
	            "bloc: Khối thi đua số 2\n"
	            "province: Bắc Giang\n"
	            "signed:\n"
	            "  place: Bắc Giang\n"
	            "  date: %d-03-15\n"
	            "members:\n"
	            "  - id: so-y-te\n"
	            "    name: Sở Y tế\n"
	            "    approvers:\n"
	            "      - yte@bloc.vn\n"
	            "  - id: bhxh-tinh\n"
	            "    name: Bảo hiểm xã hội tỉnh\n"
	            "preamble: Nhằm phát huy kết quả đạt được.\n"
	            "clauses:\n"
	            "  - id: quan-triet\n"
	            "    number: 1\n"
	            "    commitments:\n"
	            "      - Quán triệt tư tưởng thi đua.\n"
	            "  - id: khen-thuong\n"
	            "    number: 2\n"
	            "    commitments:\n"
	            "      - Khen thưởng kịp thời%s%s.\n"
	            "closing: Trên đây là bản giao ước năm %d.\n",
	            year, year, year, extra && *extra ? " " : "", extra ? extra : "", year);
}

int fx_sh(run_result *r, const char *cwd, const char *fmt, ...)
{
	va_list ap;
	int n;
	run_result local;

	va_start(ap, fmt);
	local = run_vsh(cwd, fmt, ap);
	va_end(ap);
	n = local.status;
	if (r)
		*r = local;
	else
		run_result_free(&local);
	return n;
}

char *fx_store(char **dir)
{
	char *d = make_tempdir(), *bin = strf("%s", PACT_BIN), *slash = strrchr(bin, '/');
	const char *path = getenv("PATH");
	char *newpath, *store, *text, *file;

	*slash = '\0';
	newpath = strf("%s:%s", bin, path ? path : "/usr/bin:/bin");
	setenv("PATH", newpath, 1);
	setenv("HOME", d, 1);
	unsetenv("PACT");
	free(newpath);
	free(bin);
	store = strf("%s/store", d);
	if (fx_sh(NULL, d, "pact init store >/dev/null") != 0)
		abort();
	text = fx_pact(2024, NULL);
	file = strf("%s/p2024.yaml", d);
	if (write_file(file, text, strlen(text)) != 0 ||
	    fx_sh(NULL, store, "pact commit ../p2024.yaml -m 'The 2024 pact' >/dev/null") != 0)
		abort();
	free(text);
	free(file);
	*dir = d;
	return store;
}

void fx_signing_store(const char *dir, const char *store)
{
	run_result r;
	cr_assert_eq(
	        fx_sh(&r, dir,
	              "ssh-keygen -q -t ed25519 -N '' -C yte -f yte && "
	              "ssh-keygen -q -t ed25519 -N '' -C bao -f bao && "
	              "ssh-keygen -q -t ed25519 -N '' -C eve -f eve && "
	              "mkdir -p store/.pact && "
	              "{ printf 'yte@bloc.vn '; cat yte.pub; printf 'bao@bhxh.vn '; cat bao.pub; "
	              "} > store/.pact/allowed_signers"),
	        0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, store,
	                   "git add .pact/allowed_signers && git commit -qm 'Trust these keys' && "
	                   "git config gpg.format ssh"),
	             0, "%s", r.err);
	run_result_free(&r);
}

char *fx_shared_review(const char *dir, const char *store)
{
	run_result r;

	cr_assert_eq(fx_sh(&r, store,
	                   "pact review open 2025 --no-switch >/dev/null && "
	                   "pact review approve 2025 --member so-y-te " YTE " >/dev/null && "
	                   "git init -q --bare ../hub.git && git remote add origin ../hub.git && "
	                   "pact review push"),
	             0, "%s", r.err);
	run_result_free(&r);
	cr_assert_eq(fx_sh(&r, dir, "git clone -q hub.git other && cd other && pact review pull"),
	             0, "%s", r.err);
	run_result_free(&r);
	return strf("%s/other", dir);
}
