/*
 * adopted_cli.h - output of the commit commands about adopted pacts
 * (adopted_cli.c). CLI only.
 */
#ifndef PACT_ADOPTED_CLI_H
#define PACT_ADOPTED_CLI_H

#include <stddef.h>

struct pact_store;

/* After a commit made with --amend-adopted: when `year` was adopted
 * through review and data[0..len) (the bytes committed; NULL: deleted) is
 * not its approved text, warn on stderr that the adopted text was
 * replaced without review, with `reason`. Prints nothing otherwise. */
void cli_warn_amended(struct pact_store *store, int year, const char *data, size_t len,
                      const char *reason);

#endif
