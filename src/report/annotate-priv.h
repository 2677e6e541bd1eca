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
 * annotate_demangle - append @name as objdump -C prints it: C++ names
 * demangled whole (parameters, "[clone .isra.0]"), an "@VERSION" or
 * "@plt" suffix kept
 */
void annotate_demangle(struct strbuf *out, const char *name);

#endif
