/*
 * entry.c - the repository module's two exported symbols (storemod.h):
 * the interface string it was built for and its table of functions.
 */
#include "storemod.h"

#ifndef PACT_STORE_MODULE_ABI
#define PACT_STORE_MODULE_ABI "unknown"
#endif

#define EXPORT __attribute__((visibility("default")))

EXPORT const char pact_store_module_abi[] = PACT_STORE_MODULE_ABI;

static const pact_store_module table = {
        PACT_STORE_MODULE_VERSION,
        sizeof(pact_store_module),
#define FN(ret, fail, name, params, args) name,
#define VFN(name, params, args) name,
#define DO VFN
#include "api.def"
#undef FN
#undef VFN
#undef DO
};

EXPORT const pact_store_module *pact_store_module_v1(void);
const pact_store_module *pact_store_module_v1(void)
{
	return &table;
}
