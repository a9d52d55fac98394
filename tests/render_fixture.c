/*
 * render_fixture.c - sample pacts loaded, diffed and rendered (see
 * render_fixture.h).
 */
#include "render_fixture.h"

#include <criterion/criterion.h>
#include <stdlib.h>

#include "helpers.h"
#include "pact/error.h"
#include "pact/pactdiff.h"

pact_doc *load_src(const char *rel)
{
	char *p = src_path(rel);
	pact_doc *d = NULL;
	cr_assert_eq(pact_doc_load_file(&d, NULL, p, NULL), 0, "%s: %s", rel,
	             pact_error_last()->message);
	free(p);
	return d;
}

char *render_src(const char *old_rel, const char *new_rel, const char *old_label,
                 const char *new_label, const pact_report_opts *ro)
{
	pact_doc *a = load_src(old_rel), *b = load_src(new_rel);
	pact_diff_opts dopt = PACT_DIFF_OPTS_INIT;
	pact_diff *d = NULL;
	char *out = NULL;

	dopt.old_label = old_label;
	dopt.new_label = new_label;
	cr_assert_eq(pact_diff_docs(&d, a, b, old_label || new_label ? &dopt : NULL), 0);
	cr_assert_eq(pact_report_render(&out, NULL, d, ro), 0);
	pact_diff_free(d);
	pact_doc_free(a);
	pact_doc_free(b);
	return out;
}

char *paper_src(const char *rel, const pact_paper_opts *po)
{
	pact_doc *d = load_src(rel);
	char *out = NULL;
	cr_assert_eq(pact_paper_render(&out, NULL, d, po), 0);
	pact_doc_free(d);
	return out;
}
