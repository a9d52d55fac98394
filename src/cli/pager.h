/*
 * pager.h - paging long terminal output (see pager.c). CLI only.
 */
#ifndef PACT_CLI_PAGER_H
#define PACT_CLI_PAGER_H

/* When stdout is a terminal: send stdout through the line wrapper and,
 * when use_pager (not --no-pager), the pager (PACT_PAGER, core.pager,
 * PAGER, less). Does nothing otherwise, or when the pipe cannot be made. */
void cli_pager_start(int use_pager);

/* Close stdout and wait for the pager (call after the last output). */
void cli_pager_finish(void);

#endif
