/*
 * render_fixture.h - what the report suites share: the sample pacts of the
 * source tree loaded, diffed and rendered through libpact, as `pact diff`
 * does, in one call.
 *
 * Ownership: every char * and pact_doc * returned is the caller's to free
 * (free(), pact_doc_free()). A step that fails fails the test.
 */
#ifndef PACT_TEST_RENDER_FIXTURE_H
#define PACT_TEST_RENDER_FIXTURE_H

#include "pact/doc.h"
#include "pact/paper.h"
#include "pact/report.h"

/* The pact file `rel` of the source tree ("pacts/2023.yaml"), loaded. */
pact_doc *load_src(const char *rel);

/* The diff of two pact files of the source tree, labelled `old_label` and
 * `new_label` (NULL: the library's default), rendered with `ro`. */
char *render_src(const char *old_rel, const char *new_rel, const char *old_label,
                 const char *new_label, const pact_report_opts *ro);

/* The pact file `rel` of the source tree laid out as the paper, with `po`. */
char *paper_src(const char *rel, const pact_paper_opts *po);

#endif
