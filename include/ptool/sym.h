/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SYM_H
#define PTOOL_SYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gelf.h>
#include <elfutils/libdw.h>

#include "ptool/strbuf.h"

/*
 * Symbolization: the objects code runs from (ELF files, the kernel, JIT
 * perf-PID.map files, the vdso), their symbol tables, source lines and
 * inline frames. A struct sym_dso is loaded lazily on first lookup and
 * then cached for the life of its struct sym_cache.
 *
 * Addresses: every lookup takes a "dso address": for an ELF object the
 * address in its own ELF virtual address space (what nm prints), for the
 * kernel and perf maps the run-time address. sym_dso_off_to_addr() turns
 * a file offset (map start/pgoff arithmetic) into a dso address.
 */

/** struct sym - one function symbol; lent by its dso */
struct sym {
	uint64_t start;		/* dso address */
	uint64_t end;		/* one past the last byte */
	const char *name;	/* demangled unless the cache says not to */
};

enum sym_dso_kind {
	SYM_DSO_ELF,		/* a file on disk (executable, library) */
	SYM_DSO_KERNEL,		/* [kernel.kallsyms]: kallsyms or vmlinux */
	SYM_DSO_KMOD,		/* a kernel module, "[name]" */
	SYM_DSO_PERFMAP,	/* /tmp/perf-PID.map (JIT) */
	SYM_DSO_VDSO,		/* [vdso] */
	SYM_DSO_ANON,		/* anonymous memory, no symbols */
};

struct sym_dso;
struct sym_cache;

/**
 * struct sym_opts - where symbols come from
 * @vmlinux: a vmlinux ELF for kernel symbols (-k), or NULL
 * @kallsyms: the kallsyms file, NULL for /proc/kallsyms
 * @no_demangle: keep C++ names mangled
 * @debug_dir: root of the perf build-id cache, NULL for $HOME/.debug
 * @symfs: a directory the objects' recorded paths are looked up under
 *         (perf's --symfs), NULL for /
 * @debug_root: where separate debug files are looked up by build-id and
 *              .gnu_debuglink, NULL for OBJ_DEBUG_ROOT (/usr/lib/debug)
 */
struct sym_opts {
	const char *vmlinux;
	const char *kallsyms;
	bool no_demangle;
	const char *debug_dir;
	const char *symfs;
	const char *debug_root;
};

/**
 * sym_cache_new - an empty dso registry
 * @opts: copied; NULL for defaults
 * Returns a cache (free with sym_cache_free()), never NULL.
 */
struct sym_cache *sym_cache_new(const struct sym_opts *opts);

/** sym_cache_free - free the cache and every dso it handed out */
void sym_cache_free(struct sym_cache *c);

/**
 * sym_cache_dso - find or add the dso for @path
 * @path: a file name as a MMAP record gives it ("/usr/lib/.../libc.so.6",
 *        "[vdso]", "[kernel.kallsyms]", "//anon", "/tmp/perf-12.map")
 * @build_id: the build-id recorded for it (perf.data HEADER_BUILD_ID), or
 *            NULL; used to find debug info and the perf build-id cache
 * @bid_len: bytes in @build_id
 * Returns the dso, owned by @c. Nothing is read until the first lookup.
 */
struct sym_dso *sym_cache_dso(struct sym_cache *c, const char *path,
			      const uint8_t *build_id, size_t bid_len);

/** sym_cache_kernel - the [kernel.kallsyms] dso of @c */
struct sym_dso *sym_cache_kernel(struct sym_cache *c);

/**
 * sym_cache_set_build_id - remember a build-id for @path before its dso
 * is loaded (from the perf.data build-id table)
 */
void sym_cache_set_build_id(struct sym_cache *c, const char *path,
			    const uint8_t *build_id, size_t bid_len);

/**
 * sym_dso_refresh - reload a perf-PID.map that grew since it was read (a
 * JIT runtime appends to it); symbols handed out before stay valid until
 * sym_cache_free()
 * Returns 1 when the symbols were reloaded, else 0.
 */
int sym_dso_refresh(struct sym_dso *d);

/** sym_dso_kind - what kind of object @d is */
enum sym_dso_kind sym_dso_kind(const struct sym_dso *d);

/**
 * sym_dso_order - where @d comes in the order perf creates its objects:
 * those of the recorded build-id table first, in the table's order, then
 * the others as the session first asked for them (mmap order).  perf
 * breaks ties between call-graph branches in different objects on that.
 */
uint32_t sym_dso_order(const struct sym_dso *d);

/**
 * sym_dso_name - the short name perf prints in the Shared Object column:
 * the basename of a file, "[kernel.kallsyms]", "[vdso]", "perf-12.map"
 */
const char *sym_dso_name(const struct sym_dso *d);

/** sym_dso_path - the long name: the path as recorded */
const char *sym_dso_path(const struct sym_dso *d);

/** sym_dso_is_kernel - kernel or kernel module (the "[k]" marker) */
bool sym_dso_is_kernel(const struct sym_dso *d);

/**
 * sym_dso_off_to_addr - dso address of file offset @off (PT_LOAD program
 * headers; identity for objects without them)
 */
uint64_t sym_dso_off_to_addr(struct sym_dso *d, uint64_t off);

/**
 * sym_dso_find - the symbol containing dso address @addr, or NULL
 * Loads @d on first use. The result lives as long as the cache.
 */
const struct sym *sym_dso_find(struct sym_dso *d, uint64_t addr);

/**
 * sym_is_plt - whether @s (NULL allowed) is the PLT entry of a named
 * function, "name@plt" as perf calls them (not an IRELATIVE slot's bare
 * "@plt")
 */
bool sym_is_plt(const struct sym *s);

/**
 * sym_dso_find_kmod - for the kernel dso: the module dso owning the symbol
 * found at @addr (kallsyms "[mod]" tag), or @d itself
 */
struct sym_dso *sym_dso_kmod(struct sym_dso *d, uint64_t addr);

/**
 * sym_dso_srcline - append "file.c:12" (basename) for @addr to @out
 * Returns 0; -ENODATA when @d has line information but none for @addr and
 * GNU addr2line would print "??:?" under a function's name (perf's report
 * shows "??:0" there, its script nothing); -ENOENT otherwise, as when @d
 * has no line information. Nothing is appended on failure.
 */
int sym_dso_srcline(struct sym_dso *d, uint64_t addr, struct strbuf *out);

/**
 * sym_dso_line - the line table's source file (full path as DWARF gives
 * it, lent by @d) and line of @addr
 * Returns 0, or -ENOENT without line information (*file NULL, *line 0).
 */
int sym_dso_line(struct sym_dso *d, uint64_t addr, const char **file, int *line);

/**
 * struct sym_inline - one level of the DWARF function nesting at an address
 * @name: the function's name (demangled linkage name, else DW_AT_name);
 *        lent by the dso, stable, and the same pointer for the same name;
 *        NULL when DWARF names none
 * @file: the source file of this level (full path as DWARF gives it): for
 *        the innermost level the file of the address, for each outer level
 *        the file of the call to the level inside it (addr2line -i); NULL
 *        when unknown
 * @line: the line in @file, 0 when unknown
 * @sys_name: the name as the object spells it (mangled linkage name,
 *            DW_AT_name or symbol), lent like @name
 * @decl_file: where the function is declared (DW_AT_decl_file, full path),
 *             NULL when unknown
 * @decl_line: its DW_AT_decl_line, 0 when unknown
 */
struct sym_inline {
	const char *name;
	const char *file;
	int line;
	const char *sys_name;
	const char *decl_file;
	int decl_line;
};

/**
 * sym_dso_inlines - the functions at @addr as DWARF nests them: the
 * innermost inlined function first, the containing (out-of-line) function
 * last
 * @levels: set to the levels, lent by @d (valid as long as the cache)
 * Returns the number of levels: 0 when nothing names a function there,
 * 1 when nothing is inlined there. The first lookup in a compilation unit
 * indexes its functions once; results are cached per address.
 */
int sym_dso_inlines(struct sym_dso *d, uint64_t addr,
		    const struct sym_inline **levels);

/**
 * sym_dso_elf - the run-time ELF file of @d (program headers, .eh_frame),
 * or NULL; lent, valid as long as the cache
 */
Elf *sym_dso_elf(struct sym_dso *d);

/** sym_dso_fd - the file descriptor behind sym_dso_elf(), or -1 */
int sym_dso_fd(struct sym_dso *d);

/**
 * sym_dso_dwarf - DWARF of @d (from its debug file when separate), or NULL;
 * lent, valid as long as the cache (read-only use)
 */
Dwarf *sym_dso_dwarf(struct sym_dso *d);

/**
 * sym_dso_read - read @len bytes at dso address @addr from the file's
 * loadable segments (for unwinding). Returns bytes read or -errno.
 */
long sym_dso_read(struct sym_dso *d, uint64_t addr, void *buf, size_t len);

/**
 * sym_dso_build_id - the build-id of @d's file (read from its note),
 * or the recorded one; sets *len. NULL when unknown.
 */
const uint8_t *sym_dso_build_id(struct sym_dso *d, size_t *len);

/** sym_dso_nr_syms - number of symbols loaded (loads @d) */
size_t sym_dso_nr_syms(struct sym_dso *d);

/**
 * sym_demangle - demangle a symbol name as perf prints it
 * @name: a mangled name (C++, Rust, OCaml), without an "@VERSION" suffix
 *
 * C++ names lose their parameters and a template's return type
 * ("ns::foo<int>(int) const" prints as "ns::foo<int>") and their clone
 * suffixes (".isra.0", ".cold"); special names keep their full form
 * ("non-virtual thunk to A::f(long) const").
 *
 * Returns a new string (free() it), or NULL when @name is not mangled,
 * cannot be demangled or is too long to demangle safely.
 */
char *sym_demangle(const char *name);

#endif
