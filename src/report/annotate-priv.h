/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_ANNOTATE_PRIV_H
#define PTOOL_ANNOTATE_PRIV_H

#include <stdint.h>

#include "ptool/strbuf.h"

struct sym_dso;
struct annotate_names;

/**
 * annotate_names_new - the names objdump would give addresses of @d: the
 * debug file's .symtab, else the file's, else its .dynsym with versions,
 * plus name@plt for PLT entries and GOT slots after their relocations
 * Returns the table (free with annotate_names_free()), never NULL.
 */
struct annotate_names *annotate_names_new(struct sym_dso *d);

/** annotate_names_free - free @n; NULL is a no-op */
void annotate_names_free(struct annotate_names *n);

/**
 * annotate_names_lookup - append objdump's "sym" or "sym+0x1a" for @addr
 * Returns 0, or -ENOENT when no symbol precedes @addr.
 */
int annotate_names_lookup(struct annotate_names *n, uint64_t addr, struct strbuf *out);

/**
 * annotate_names_label - append objdump's label for @addr, where it starts
 * disassembling the section [@sec_lo, @sec_hi) called @section: the symbol
 * at or before @addr in that section ("sym", "sym+0x8"), else the first
 * one after it ("sym-0x10"), else the section's name
 */
void annotate_names_label(struct annotate_names *n, uint64_t addr, uint64_t sec_lo,
			  uint64_t sec_hi, const char *section, struct strbuf *out);

/**
 * annotate_demangle - append @name as objdump -C prints it: C++ names
 * demangled whole (parameters, "[clone .isra.0]"), an "@VERSION" or
 * "@plt" suffix kept
 */
void annotate_demangle(struct strbuf *out, const char *name);

#endif
