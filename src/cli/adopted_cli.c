/*
 * adopted_cli.c - what the commands that commit say about pacts adopted
 * through review (the library's guard is store_adopted.c): after a commit
 * made with --amend-adopted, one loud warning per adopted year whose
 * approved text it replaced; and after a pull, the warnings about the
 * pacts that came in (store_shared.c judges them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACT_I18N_SHORT_NAMES
#include "adopted_cli.h"
#include "cli.h"
#include "pact/error.h"
#include "pact/store.h"

void cli_warn_amended(pact_store *store, int year, const char *data, size_t len, const char *reason)
{
	pact_adopted ad;
	char rev[48], *old = NULL;
	size_t olen = 0;

	if (pact_store_adopted(&ad, store, year) != 1)
		return;
	snprintf(rev, sizeof(rev), "refs/tags/%s", ad.tag);
	if (pact_store_read_year(&old, &olen, store, year, rev) == 0 && data && olen == len &&
	    memcmp(old, data, len) == 0) {
		free(old);
		return; /* the approved text itself */
	}
	free(old);
	cli_warning(_("the %04d pact, adopted through review on %s (tag %s), now holds a text its "
	              "members did not approve; the commit records it with your reason (\"%s\") "
	              "in its Amends-adopted: and Amend-reason: lines. A hub that runs pact's "
	              "pre-receive hook will refuse it"),
	            year, ad.date, ad.tag, reason);
}

void cli_show_adoption(pact_store *store, int year, const char *data, size_t len)
{
	pact_adopted ad;
	char rev[48], *text = NULL;
	size_t tlen = 0;

	if (!store || pact_store_adopted(&ad, store, year) != 1) {
		pact_error_clear();
		return;
	}
	snprintf(rev, sizeof(rev), "refs/tags/%s", ad.tag);
	if (pact_store_read_year(&text, &tlen, store, year, rev) < 0) {
		pact_error_clear();
		return;
	}
	if (tlen == len && memcmp(text, data, len) == 0)
		cli_printf(_("adopted through review on %s (tag %s): every member approved this "
		             "text\n"),
		           ad.date, ad.tag);
	else
		cli_printf(_("not the adopted text: the %04d pact was adopted through review on %s "
		             "(tag %s) with another text (%.12s)\n"),
		           year, ad.date, ad.tag, ad.blob);
	free(text);
}

int cli_pull_before(pact_oid *old, pact_store *store)
{
	int had = pact_store_resolve(old, store, "HEAD") == 0;

	pact_error_clear();
	return had;
}

void cli_pull_report(pact_store *store, const pact_oid *old)
{
	char *report = NULL;
	pact_oid now;

	if (pact_store_resolve(&now, store, "HEAD") < 0) {
		pact_error_clear();
		return;
	}
	/* a failure to judge is no reason to fail a pull that worked */
	if (pact_store_pulled_report(&report, store, old, &now) < 0) {
		cli_warning(_("cannot check the pacts that came in: %s"),
		            pact_error_last()->message);
		pact_error_clear();
	}
	if (report)
		cli_eprintf("%s", report);
	free(report);
}
