// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the TRACING_DATA parser and the tracepoint format parser behind
 * ptool script: every format found in the blob goes to tpfmt, and the
 * tail of the input is formatted as a raw sample of each event.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"
#include "ptool/tpfmt.h"
#include "ptool/tracing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tracing_data *td = tracing_data_parse(data, size);
	struct tpfmt *t;

	if (!td)
		return 0;
	t = tpfmt_new(td->long_size == 4 ? 4 : 8, td->big_endian);
	if (t) {
		for (size_t i = 0; i < td->nr_events; i++) {
			const struct tracing_event *ev = &td->events[i];
			int id = tpfmt_add_format(t, ev->system, ev->format,
						  ev->format_len);
			struct strbuf sb = STRBUF_INIT;

			if (id >= 0 && size >= 64) {
				uint8_t raw[64];
				uint16_t type = (uint16_t)id;

				memcpy(raw, data + size - 64, sizeof(raw));
				memcpy(raw, &type, sizeof(type));
				tpfmt_format(t, raw, sizeof(raw), 0, &sb);
			}
			strbuf_release(&sb);
		}
		tpfmt_free(t);
	}
	tracing_data_free(td);
	return 0;
}
