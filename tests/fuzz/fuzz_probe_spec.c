// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the probe-spec parser. Whatever it accepts must be safe to write
 * into uprobe_events: no newline, no ';' and nothing outside printable
 * ASCII in the line it would produce from names and arguments.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/probe.h"
#include "ptool/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct probe_spec spec;
	struct strbuf err = STRBUF_INIT;
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	memset(&spec, 0, sizeof(spec));
	if (!probe_spec_parse(s, &spec, &err)) {
		if (spec.event && !probe_name_valid(spec.event))
			abort();
		if (spec.group && !probe_name_valid(spec.group))
			abort();
		probe_spec_release(&spec);
	}
	strbuf_release(&err);
	free(s);
	return 0;
}
