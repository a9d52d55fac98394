/*
 * exe_path.c - paths beside the running program: see exe_path.h.
 */
#include "exe_path.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int pact_exe__beside(char *out, size_t size, const char *rel)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	int w;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	w = snprintf(out, size, "%s/%s", exe, rel);
	return w > 0 && (size_t)w < size;
}
