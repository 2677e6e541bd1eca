// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the ELF/DWARF symbolizer on mutated binaries: load the input as a
 * DSO, look up symbols, source lines and inline frames at addresses taken
 * from the input itself and spread over its .text (so the inline index of
 * the CUs there is built from the mutated DWARF).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/obj.h"
#include "ptool/strbuf.h"
#include "ptool/sym.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/ptool-fuzz-sym.XXXXXX";
	struct sym_opts opts = { .kallsyms = "/dev/null", .debug_dir = "/nonexistent" };
	struct sym_cache *c;
	struct sym_dso *d;
	int fd = mkstemp(path);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	c = sym_cache_new(&opts);
	d = sym_cache_dso(c, path, NULL, 0);
	for (size_t i = 0; i + 8 <= size && i < 64; i += 8) {
		uint64_t a;
		struct strbuf sb = STRBUF_INIT;

		memcpy(&a, data + i, sizeof(a));
		a &= 0xffffff;
		sym_dso_find(d, a);
		sym_dso_find(d, sym_dso_off_to_addr(d, a));
		sym_dso_srcline(d, a, &sb);
		strbuf_release(&sb);
	}
	{
		GElf_Shdr sh;
		Elf *e = sym_dso_elf(d);
		const struct sym_inline *lv;

		if (e && obj_section(e, ".text", &sh) && sh.sh_size) {
			uint64_t step = sh.sh_size / 16 ? sh.sh_size / 16 : 1;

			for (uint64_t a = sh.sh_addr; a < sh.sh_addr + sh.sh_size &&
			     a - sh.sh_addr < 16 * step; a += step) {
				int n = sym_dso_inlines(d, a, &lv);

				for (int i = 0; i < n; i++)
					if (lv[i].name)
						(void)strlen(lv[i].name);
				sym_dso_inlines(d, a + 1, &lv);
			}
		}
	}
	sym_dso_nr_syms(d);
	sym_cache_free(c);
	unlink(path);
	return 0;
}
