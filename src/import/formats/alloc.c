/*
 * alloc.c - the import module's own copy of libpact's allocator
 * (src/alloc.c, compiled here with the module's hidden visibility): its
 * failures are recorded with pact_error_set, which entry.c forwards to the
 * host, so they land in the host's last error like any other.
 */
#include "../../alloc.c"
