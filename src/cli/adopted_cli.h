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

/* For `pact show YEAR --format=text`: one line saying whether the text
 * data[0..len) of `year` is the one adopted through review (the same
 * judge as the adopted-year guard and `pact log`), or that the year was
 * adopted with another text. Prints nothing for a year never adopted. */
void cli_show_adoption(struct pact_store *store, int year, const char *data, size_t len);

/* Before a pull: the current branch's tip into *old; 0 when there is
 * none (unborn). */
struct pact_oid;
int cli_pull_before(struct pact_oid *old, struct pact_store *store);

/* After a pull from `old` (NULL: the branch was unborn) to HEAD: the
 * warnings of pact_store_pulled_report (pacts that do not validate, adopted
 * years replaced without review) on stderr. Never changes the exit status. */
void cli_pull_report(struct pact_store *store, const struct pact_oid *old);

#endif
