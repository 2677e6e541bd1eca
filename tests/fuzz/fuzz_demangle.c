// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the demangler with arbitrary names, as symbol tables and DWARF
 * hand them over.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/sym.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = malloc(size + 1);

	if (!name)
		return 0;
	memcpy(name, data, size);
	name[size] = 0;
	free(sym_demangle(name));
	free(name);
	return 0;
}
