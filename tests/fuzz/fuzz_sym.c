// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the ELF/DWARF symbolizer on mutated binaries: load the input as a
 * DSO, look up symbols, source lines and inline frames at addresses taken
 * from the input itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	sym_dso_nr_syms(d);
	sym_cache_free(c);
	unlink(path);
	return 0;
}
