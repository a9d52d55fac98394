/*
 * restore.h - lost diacritics and OCR damage, repaired from last year's text.
 *
 * Internal to libpact's import (not installed). Two jobs:
 *
 *  - Detection: a Vietnamese text in which few words carry a mark (a tone or
 *    the breve/circumflex/horn of ă â ê ô ơ ư, or đ) has lost its diacritics:
 *    typically an OCR run with an English model, or a text typed without a
 *    Vietnamese keyboard. pact_restore_lost() says so; import warns.
 *
 *  - Restoration, with `--like PREV`: the words of an imported clause are
 *    aligned with the words of the previous year's clause it was paired with,
 *    on their *skeletons* (marks removed, đ -> d, case-folded). Where the
 *    skeletons are equal and a neighbour agrees, the previous year's spelling
 *    is taken; where they differ by a small edit distance (OCR damage, "ctia"
 *    for "của") and both neighbours are aligned, one of them exactly, too.
 *    Everything else is left as read: a word that has no counterpart last
 *    year is new this year and is never replaced. Every change and every word
 *    that still lacks its marks is returned as an event, for the report.
 *
 * Ownership: pact_restore_run returns a pact_restore_result the caller frees
 * with pact_restore_result_free (NULL-safe); strings it returns are the
 * caller's to free().
 */
#ifndef PACT_IMPORT_RESTORE_H
#define PACT_IMPORT_RESTORE_H

#include <stddef.h>

/* Below this share of marked words (among words of two letters or more), a
 * text has lost its diacritics. Typed Vietnamese prose has 60-90% marked
 * syllables (pacts/2024.yaml: 88%); the project's OCR seed, which kept a
 * few marks by accident (often wrong ones), has 18%. */
#define PACT_RESTORE_LOST_RATIO 0.40
/* Fewer words than this say nothing about a text's diacritics. */
#define PACT_RESTORE_MIN_WORDS 20
/* Word alignment is a dynamic programme over (input words x old words) of
 * one clause: a real clause has a few hundred words, so 4M cells (16 MB of
 * cost rows and directions at most) leaves room and bounds hostile input. */
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
	char **texts;    /* [nsegs] the restored segments, NFC */
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
int pact_restore_run(pact_restore_result **out, const char *const *in, size_t nin,
                     const char *const *old, size_t nold);
void pact_restore_result_free(pact_restore_result *r);

/* Share of words of two letters or more that carry a mark; *nwords (if not
 * NULL) gets how many such words there were. */
double pact_restore_marked_ratio(const char *text, size_t len, size_t *nwords);

/* Nonzero when `text` is long enough to tell and has lost its diacritics. */
int pact_restore_lost(const char *text, size_t len);

/* The skeleton of a text: NFD, every mark removed, đ -> d, case-folded,
 * recomposed. Two spellings of a text that differ only in diacritics have
 * the same skeleton, so the aligner can pair an undiacritised clause with
 * last year's. The caller frees the result; NULL on out of memory or
 * invalid UTF-8. */
char *pact_restore_skeleton(const char *text, size_t len);

#endif
