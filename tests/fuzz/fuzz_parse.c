// SPDX-License-Identifier: GPL-2.0
/* Fuzz the number and list parsers that every option goes through. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint64_t u;
	int64_t i;
	double d;
	int *v = NULL, n = 0, x;

	memcpy(s, data, size);
	s[size] = '\0';
	parse_u64(s, &u);
	parse_s64(s, &i);
	parse_int(s, -5, 5, &x);
	parse_double(s, &d);
	parse_size(s, &u);
	if (!parse_int_list(s, 4095, &v, &n)) {
		for (int k = 1; k < n; k++)
			if (v[k - 1] >= v[k])
				abort();	/* must be sorted and unique */
		free(v);
	}
	free(s);
	return 0;
}
