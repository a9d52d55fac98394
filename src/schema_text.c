/*
 * schema_text.c - the text schema.c's text checks have nothing to find in,
 * told without a branch a byte (see pact_schema__plain_text in schema.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "schema.h"

/*
 * Text that no check of schema.c's check_text can flag, told without a
 * branch a byte: TAB, LF, printable ASCII, U+00C0-U+02FF (C3-CB and one
 * more byte) and U+1E00-U+1EFF (E1, B8-BB, one more): no control, bidi,
 * invisible or look-alike character among them, and all NFC-stable
 * (tests/test_load_fastpaths.c holds each one to the checks). Nearly every
 * text of a pact is made only of these, and the branches check_text takes
 * on them were mispredicted at every change between ASCII and a Vietnamese
 * letter. tree.c asks while it locates a text, schema.c when tree.c did
 * not. An automaton of
 * four states, kept as shifts (as in utf8.c): row[b] packs the state byte
 * b leads to from each, six bits at bit 6 s.
 */
enum { TX_PLAIN = 0, TX_CHECK = 6, TX_CONT = 12, TX_E1 = 18 };
#define TX_FROM_PLAIN(b)                                                                           \
	((b) == '\t' || (b) == '\n' || ((b) >= 0x20 && (b) < 0x7F) ? TX_PLAIN                      \
	 : (b) >= 0xC3 && (b) <= 0xCB                              ? TX_CONT                       \
	 : (b) == 0xE1                                             ? TX_E1                         \
	                                                           : TX_CHECK)
#define TX_ROW(b)                                                                                  \
	((uint64_t)TX_FROM_PLAIN(b) << TX_PLAIN | (uint64_t)TX_CHECK << TX_CHECK |                 \
	 (uint64_t)((b) >= 0x80 && (b) <= 0xBF ? TX_PLAIN : TX_CHECK) << TX_CONT |                 \
	 (uint64_t)((b) >= 0xB8 && (b) <= 0xBB ? TX_CONT : TX_CHECK) << TX_E1)
#define TX_ROW4(b) TX_ROW(b), TX_ROW((b) + 1), TX_ROW((b) + 2), TX_ROW((b) + 3)
#define TX_ROW16(b) TX_ROW4(b), TX_ROW4((b) + 4), TX_ROW4((b) + 8), TX_ROW4((b) + 12)
#define TX_ROW64(b) TX_ROW16(b), TX_ROW16((b) + 16), TX_ROW16((b) + 32), TX_ROW16((b) + 48)

static const uint64_t tx_row[256] = {TX_ROW64(0), TX_ROW64(64), TX_ROW64(128), TX_ROW64(192)};

/* Whether check_text has nothing to find in s[0..len). */
int pact_schema__plain_text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t st = TX_PLAIN;
	size_t i = 0;

	for (; i + 4 <= len; i += 4) {
		st = tx_row[p[i]] >> (st & 63);
		st = tx_row[p[i + 1]] >> (st & 63);
		st = tx_row[p[i + 2]] >> (st & 63);
		st = tx_row[p[i + 3]] >> (st & 63);
	}
	for (; i < len; i++)
		st = tx_row[p[i]] >> (st & 63);
	return (st & 63) == TX_PLAIN;
}
