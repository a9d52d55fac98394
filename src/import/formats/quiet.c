/*
 * quiet.c - the import module's libraries kept off the officer's terminal
 * (quiet.h).
 *
 * libpng's default error handler prints "libpng error: IDAT: CRC error"
 * with fprintf(stderr) before leptonica sees the failure; libjpeg prints
 * "Corrupt JPEG data: ..." the same way, libtiff its warnings, fontconfig
 * (under cairo and poppler) its configuration errors, Tesseract its
 * diagnostics through std::cerr. None of them can be told where to write
 * through leptonica, poppler or Tesseract, so while a reader runs, file
 * descriptor 2 points at a temporary file instead of the terminal; the
 * first line written there is kept so that the reader's one error can say
 * what the library found ("libpng error: IDAT: CRC error").
 *
 * Process-wide, as a file descriptor is: the CLI reads one document on
 * one thread; another thread of a program using libpact that writes to
 * stderr while a PDF or an image is read loses those lines. When no
 * temporary file can be made, /dev/null stands in (and nothing is kept).
 */
#include "quiet.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void imp_quiet_begin(imp_quiet *q)
{
	int fd = -1;

	q->saved = -1;
	q->tmp = NULL;
	fflush(stderr);
	q->tmp = tmpfile();
	fd = q->tmp ? fileno(q->tmp) : open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return; /* nowhere to send it: the libraries print */
	q->saved = fcntl(2, F_DUPFD_CLOEXEC, 3);
	if (q->saved < 0 || dup2(fd, 2) < 0) {
		if (q->saved >= 0)
			close(q->saved);
		q->saved = -1;
	}
	if (!q->tmp)
		close(fd);
}

void imp_quiet_end(imp_quiet *q, char *said, size_t cap)
{
	if (said && cap)
		said[0] = '\0';
	fflush(stderr);
	if (q->saved >= 0) {
		dup2(q->saved, 2);
		close(q->saved);
		q->saved = -1;
	}
	if (!q->tmp)
		return;
	if (said && cap > 1) {
		size_t n;
		rewind(q->tmp);
		n = fread(said, 1, cap - 1, q->tmp);
		said[n] = '\0';
		said[strcspn(said, "\r\n")] = '\0'; /* the first line */
	}
	fclose(q->tmp);
	q->tmp = NULL;
}
