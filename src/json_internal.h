/*
 * json_internal.h - the JSON writer writing as it goes (json.c), for the
 * diff report of `pact diff --format=json` (internal, not installed).
 *
 * A writer made with pact_json__new_stream is driven with the calls of
 * pact/json.h; it hands its text to `sink` in pieces of about 64 KiB as
 * containers close, and pact_json__finish_stream writes the rest. What
 * reaches the sink is byte for byte what pact_json_finish would return.
 * Write errors stay on the FILE for its owner to check (ferror, fclose);
 * after a failure (PACT_ENOMEM, misuse) part of the document may have been
 * written.
 */
#ifndef PACT_JSON_INTERNAL_H
#define PACT_JSON_INTERNAL_H

#include <stdio.h>

#include "pact/json.h"

/* A new writer to `sink` (borrowed); 0 or PACT_ENOMEM. Free it with
 * pact_json_free. */
int pact_json__new_stream(pact_json **out, FILE *sink);

/* Close what is open, write the rest and the final newline: 0, PACT_ENOMEM,
 * or PACT_EUSAGE when the writer was not given one value. */
int pact_json__finish_stream(pact_json *j);

#endif
