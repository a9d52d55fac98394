/*
 * review_since.c - what changed between the text a member approved and
 * the draft's text now: a member who approves again (or an officer
 * reading `review status`) sees a summary and the exact `pact diff`
 * command, by text ids, so the diff shows those two texts whatever the
 * draft holds when it is run (`pact diff` reads YEAR@ID for a text id,
 * store.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "cli.h"
#include "pact/doc.h"
#include "pact/pactdiff.h"
#include "review_since.h"

/* "1 clause changed, 2 added; other fields changed" into buf (n bytes):
 * the clause counts that are not zero. 0, or <0 when a text cannot be
 * read or compared. */
static int since_summary(char *buf, size_t n, pact_store *store, int year, const char *old_hex,
                         const char *new_hex)
{
	pact_diff_opts o = PACT_DIFF_OPTS_INIT;
	pact_doc *a = NULL, *b = NULL;
	pact_diff *d = NULL;
	char addr[2][64];
	int rc;

	buf[0] = '\0';
	snprintf(addr[0], sizeof(addr[0]), "%04d@%.12s", year, old_hex);
	snprintf(addr[1], sizeof(addr[1]), "%04d@%.12s", year, new_hex);
	if ((rc = pact_store_load(&a, NULL, store, addr[0])) < 0 ||
	    (rc = pact_store_load(&b, NULL, store, addr[1])) < 0 ||
	    (rc = pact_diff_docs(&d, a, b, &o)) < 0)
		goto done;
	{
		const pact_diff_summary *m = &d->summary;
		char p[3][64];
		const char *parts[3] = {m->modified ? CLI_PLURAL(p[0], "%zu clause changed",
		                                                 "%zu clauses changed", m->modified)
		                                    : NULL,
		                        m->added ? CLI_PLURAL(p[1], "%zu clause added",
		                                              "%zu clauses added", m->added)
		                                 : NULL,
		                        m->removed ? CLI_PLURAL(p[2], "%zu clause removed",
		                                                "%zu clauses removed", m->removed)
		                                   : NULL};
		int used = 0;
		for (int i = 0; i < 3; i++)
			if (parts[i])
				used += snprintf(buf + used, n - (size_t)used, "%s%s",
				                 used ? ", " : "", parts[i]);
		if (!used)
			used = snprintf(buf, n, "%s", _("no clause changed"));
		if (m->fields_changed || m->members_joined || m->members_left || m->members_renamed)
			snprintf(buf + used, n - (size_t)used, "%s", _("; other fields changed"));
	}
	rc = 0;
done:
	pact_doc_free(a);
	pact_doc_free(b);
	pact_diff_free(d);
	return rc;
}

void cli_review_print_since(pact_store *store, int year, const char *old_blob, const char *new_blob,
                            const char *indent)
{
	char sum[256];

	if (!old_blob || !old_blob[0] || !new_blob || !new_blob[0])
		return;
	if (since_summary(sum, sizeof(sum), store, year, old_blob, new_blob) < 0) {
		pact_error_clear();
		cli_printf(_("%swhat changed since text %.12s: see 'pact diff %04d@%.12s "
		             "%04d@%.12s'\n"),
		           indent, old_blob, year, old_blob, year, new_blob);
		return;
	}
	cli_printf(_("%swhat changed since text %.12s: %s; see it with 'pact diff %04d@%.12s "
	             "%04d@%.12s'\n"),
	           indent, old_blob, sum, year, old_blob, year, new_blob);
}
