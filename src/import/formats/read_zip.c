/*
 * read_zip.c - the "zip" reader of readers.def (see read_other.c): a zip
 * archive that is neither a .docx nor an .odt, or one too damaged to open,
 * refused with a message that says which. Here rather than in read_other.c
 * because it opens the archive with libzip, which only the import module
 * links.
 */
#include "../import.h"
#include "pact/error.h"
#include "zipxml.h"

int pact_import__read_zip(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	imp_zip *z = NULL;
	int rc;
	(void)out, (void)ctx;
	if ((rc = imp_zip_open(&z, data, len)) < 0)
		return rc == PACT_EINVALID
		               ? pact_error_set(
		                         PACT_EINVALID,
		                         "a damaged zip archive (a Word or OpenDocument file cut "
		                         "short?): open it in Word or LibreOffice and save it "
		                         "again")
		               : rc;
	imp_zip_close(z);
	return pact_error_set(PACT_EINVALID, "a zip archive, but neither a Word .docx nor an "
	                                     "OpenDocument .odt");
}
