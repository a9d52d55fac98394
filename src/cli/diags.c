/*
 * diags.c - the loader's diagnostics as every command prints them (one
 * place, so validate, commit and diff say it the same way).
 */
#include <stdlib.h>

#include "cli.h"
#include "pact/doc.h"

void cli_print_diag(const pact_diag *d, const char *path)
{
	char *s = pact_diag_format(d, path);
	cli_eprintf("%s\n", s ? s : d->message);
	free(s);
}

void cli_print_diags(const pact_diags *d, const char *path)
{
	for (size_t i = 0; i < d->count; i++)
		cli_print_diag(&d->items[i], path);
}
