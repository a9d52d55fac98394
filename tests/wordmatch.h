/*
 * wordmatch.h - the word-accuracy measure of the import suites: how many of
 * a reference text's words an imported text got right.
 *
 * Both texts are NFC-normalised and case-folded, cut into words (runs of
 * letters, marks and digits: punctuation does not count), and aligned by a
 * longest common subsequence; accuracy = LCS / max(words in either), so a
 * missing word and an extra word both cost.
 */
#ifndef PACT_TEST_WORDMATCH_H
#define PACT_TEST_WORDMATCH_H

#include <stddef.h>

/* Accuracy in [0, 1]; *nref (if not NULL) gets the reference's word count. */
double word_accuracy(const char *got, const char *ref, size_t *nref);

/* Share of the reference's words found, in order, in `got` (LCS / words
 * of ref): for a page that holds more than the reference (headers). */
double word_recall(const char *got, const char *ref);

/* The commitments of all clauses of a pact/1 file, one text (for the
 * commitments-words measure of issue 10); the caller frees it. */
char *commitments_text(const char *yaml_path);

#endif
