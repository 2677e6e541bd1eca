// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the disassembler with arbitrary bytes, as a damaged or hostile
 * object hands them to annotate: the first byte picks 64- or 32-bit mode
 * and the syntax, the rest is code at an address near the top of memory
 * (targets and rip-relative operands wrap around).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/disasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int name_any(void *arg, uint64_t addr, struct strbuf *out)
{
	if (addr & 1)
		return -ENOENT;
	strbuf_addf(out, "f+0x%llx", (unsigned long long)(addr & 0xfff));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct disasm_opts o = { .name = name_any };
	struct disasm_insn *v = NULL;
	struct disasm *d;
	size_t nr = 0, total = 0;

	if (!size)
		return 0;
	o.bits = data[0] & 1 ? 32 : 64;
	o.intel = data[0] & 2;
	d = disasm_new(&o);
	if (!d)
		return 0;
	if (!disasm_range(d, data + 1, size - 1, 0xfffffffffffff000ull, NULL, &v, &nr)) {
		for (size_t i = 0; i < nr; i++) {
			if (!v[i].len || !v[i].text)
				abort();
			total += v[i].len;
		}
		if (total != size - 1)
			abort();
	}
	disasm_insns_free(v, nr);
	disasm_free(d);
	return 0;
}
