/*
 * exe_path.h - paths beside the running program (not installed).
 *
 * The Vietnamese catalogue (i18n.c) and the import module (import/module.c)
 * are looked for next to the executable first, so a build tree and a moved
 * installation work without configuration. /proc/self/exe, not argv[0]:
 * $PATH and the name the program was started by play no part.
 */
#ifndef PACT_EXE_PATH_H
#define PACT_EXE_PATH_H

#include <stddef.h>

/* Write "<directory of the running program>/<rel>" into out (size bytes).
 * Returns 1 on success, 0 when there is no /proc/self/exe or it does not
 * fit. Records no error. */
int pact_exe__beside(char *out, size_t size, const char *rel);

#endif
