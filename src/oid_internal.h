/*
 * oid_internal.h - what libpact's own files share of oid.c (not installed).
 */
#ifndef PACT_OID_INTERNAL_H
#define PACT_OID_INTERNAL_H

#include <stdint.h>

/* 0 when git can carry name, email, time and offset in a commit's author
 * line as they are (the rules of pact_signature_new after its own check),
 * else the error recorded with `role` in its message ("the committer's
 * name 'C\nX' contains the control character U+000A ..."). */
int pact_oid__check_signature(const char *role, const char *name, const char *email, int64_t time,
                              int offset);

#endif
