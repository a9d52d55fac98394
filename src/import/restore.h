/*
 * restore.h - lost diacritics and OCR damage, repaired from last year's text.
 *
 * Internal to libpact's import (not installed); the "restore" pass of
 * passes.def, which runs when the diacritics pass found the text had lost
 * its diacritics, or the text came from OCR, and --like gave last year's
 * pact.
 *
 * Restoration: the words of an imported clause are aligned with the words
 * of the previous year's clause it was paired with, on their *skeletons*
 * (marks removed, đ -> d, case-folded). Where the skeletons are equal and a
 * neighbour agrees, the previous year's spelling is taken; where they
 * differ by a small edit distance (OCR damage, "ctia" for "của") and both
 * neighbours are aligned, one of them exactly, too. Everything else is left
 * as read: a word that has no counterpart last year is new this year and is
 * never replaced. Every change and every word that still lacks its marks is
 * returned as an event, for the report.
 *
 * Ownership: pact_restore__run returns a pact_restore_result the caller frees
 * with pact_restore__result_free (NULL-safe); strings it returns are the
 * caller's to free().
 */
#ifndef PACT_IMPORT_RESTORE_H
#define PACT_IMPORT_RESTORE_H

#include <stddef.h>

/* Word alignment is a dynamic programme over (input words x old words) of
 * one clause: a real clause has a few hundred words, so 4M cells (4 MB of
 * directions at most) leaves room and bounds hostile input. */
#define PACT_RESTORE_MAX_CELLS (4u * 1024u * 1024u)

typedef enum {
	PACT_RESTORE_MARKS = 0,     /* same skeleton: the marks were taken */
	PACT_RESTORE_OCR = 1,       /* small edit distance: OCR damage repaired */
	PACT_RESTORE_UNRESTORED = 2 /* a word without marks left as read */
} pact_restore_kind;

typedef struct pact_restore_event {
	pact_restore_kind kind;
	size_t seg;      /* which input segment */
	size_t off, len; /* the word in that segment (bytes of its NFC form) */
	char *from;      /* the word as read */
	char *to;        /* what it became; NULL for UNRESTORED */
} pact_restore_event;

typedef struct pact_restore_result {
	char **texts; /* [nsegs] the restored segments, NFC */
	size_t nsegs;
	pact_restore_event *events; /* in input order */
	size_t nevents;
	size_t nchanged;    /* MARKS + OCR events */
	size_t nunrestored; /* UNRESTORED events */
	int too_long;       /* the clause was over PACT_RESTORE_MAX_CELLS: left as read */
	size_t cap_;
} pact_restore_result;

/* Restore the segments in[0..nin) (e.g. the commitments of one imported
 * clause, valid UTF-8) against old[0..nold) (the commitments of the clause
 * it was aligned with). Words are aligned across segment boundaries, so a
 * sentence split differently this year still finds its words. Returns 0 or
 * PACT_ENOMEM, PACT_EINVALID (input not UTF-8). */
int pact_restore__run(pact_restore_result **out, const char *const *in, size_t nin,
                      const char *const *old, size_t nold);
void pact_restore__result_free(pact_restore_result *r);

#endif
