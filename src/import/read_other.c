/*
 * read_other.c - files import recognises only to say clearly why it
 * cannot read them, instead of "not a document pact import can read":
 *
 *   zip  a zip archive that is neither a .docx nor an .odt, or one too
 *        damaged to open (a .docx cut short by a failed download): in
 *        formats/read_zip.c, as it opens the archive with libzip;
 *   ole  an OLE compound file (D0 CF 11 E0): a Word 97-2003 .doc, or a
 *        .docx protected by a password, which Word stores encrypted
 *        inside such a file;
 *   legacy  text in an 8-bit encoding (not UTF-8): Vietnamese typed in
 *        Windows-1258, TCVN3 (ABC) or VNI. These are not converted: their
 *        byte ranges overlap so much that a guess would be wrong too often
 *        and would silently turn accented words into other words.
 *
 * These readers always fail with PACT_EINVALID; they sit after the real
 * readers in readers.def.
 */
#include <string.h>

#include "import.h"
#include "pact/error.h"

int pact_import__sniff_ole(const unsigned char *data, size_t len)
{
	return len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

int pact_import__read_ole(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	(void)out, (void)data, (void)len, (void)ctx;
	return pact_error_set(PACT_EINVALID,
	                      "a password-protected Word document or an old Word 97-2003 .doc: "
	                      "open it in Word, remove the password and save it as .docx");
}

/* Text bytes (no NUL, few controls) with bytes >= 0x80 that are not UTF-8:
 * a legacy 8-bit encoding. */
int pact_import__sniff_legacy(const unsigned char *data, size_t len)
{
	size_t high = 0, ctl = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == 0)
			return 0;
		high += data[i] >= 0x80;
		ctl += data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' &&
		       data[i] != '\f';
	}
	return high && ctl * 200 <= len;
}

int pact_import__read_legacy(imp_blocks *out, const unsigned char *data, size_t len, imp_ctx *ctx)
{
	(void)out, (void)data, (void)len, (void)ctx;
	return pact_error_set(
	        PACT_EINVALID,
	        "text that is not UTF-8, probably typed in an old Vietnamese encoding "
	        "(Windows-1258, TCVN3/ABC or VNI), which import does not guess: open it "
	        "and save it as UTF-8 (Unicode), or convert it with the Unikey "
	        "toolkit, then import it again");
}
