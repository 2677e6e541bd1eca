/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SYM_PRIV_H
#define PTOOL_SYM_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <sys/types.h>

#include <elfutils/libdw.h>

#include "ptool/strset.h"
#include "ptool/obj.h"
#include "ptool/strbuf.h"
#include "ptool/sym.h"

/*
 * A dso keeps two ELF handles: the run-time file (program headers, PLT,
 * .eh_frame, memory contents for unwinding) and the file symbols and
 * DWARF come from (a separate debug file when one is found by build-id or
 * .gnu_debuglink, else the run-time file itself).
 */

/* a function symbol as GNU addr2line's symbol-table fallback sees it */
struct a2l_sym {
	uint64_t value, size;
	uint32_t idx;		/* position in the symbol table */
	bool func;		/* STT_FUNC/STT_GNU_IFUNC, else STT_NOTYPE */
	uint64_t sec_lo, sec_hi;	/* its section's addresses */
	const char *name;	/* in the ELF string table */
	const char *file;	/* bfd's STT_FILE name for it, or NULL */
	char *dem;		/* demangled, or NULL until asked / when not mangled */
	bool dem_tried;
};

struct kmod_ref {
	uint64_t start;		/* first symbol of a module run */
	uint64_t end;
	struct sym_dso *dso;
};

struct sym_dso {
	struct sym_cache *cache;
	enum sym_dso_kind kind;
	uint32_t order;		/* sym_dso_order() */
	char *path;
	const char *name;	/* short name (points into path or own) */
	char *name_buf;
	uint8_t build_id[20];
	size_t bid_len;

	bool loaded;
	int fd;
	Elf *elf;		/* run-time file */
	int dbg_fd;
	Elf *dbg_elf;		/* debug file, NULL when it is @elf */
	void *mem;		/* in-memory image (vdso copy) */
	size_t mem_len;
	bool dwarf_tried;
	Dwarf *dwarf;

	struct obj_segs segs;	/* PT_LOAD headers of @elf */

	struct sym *syms;	/* sorted by start, no overlap */
	size_t nr_syms;
	char *strpool;		/* names of syms (one allocation per chunk) */
	struct strbuf pool;

	off_t perfmap_size;	/* perf-PID.map: its size when loaded */
	void **retired;		/* symbol tables replaced by a reload */
	size_t nr_retired;

	struct kmod_ref *kmods;	/* kernel: module address ranges */
	size_t nr_kmods;

	struct sym_inl *inl;	/* DWARF function nesting and lines */
	struct a2l_sym *a2l;	/* addr2line's view of the symbol table */
	size_t nr_a2l;
	bool a2l_loaded;
};

struct sym_cache {
	struct sym_opts opts;
	char *debug_dir;
	char *kallsyms;		/* --symfs: the one under it */
	struct strset dso_paths;	/* the paths asked for */
	struct sym_dso **dsos;		/* under the ids of their paths */
	size_t alloc;
	struct sym_dso *kernel;
	struct strset bid_paths;	/* the paths with a recorded build-id */
	struct bid_note {
		uint8_t id[20];
		size_t len;
	} *bids;			/* under the ids of bid_paths */
	size_t alloc_bids;
};

struct raw_sym {
	uint64_t start, size;
	uint32_t seq;		/* order of appearance */
	size_t name;		/* offset into the pool */
	int bind;		/* STB_* */
	bool func;
	bool def_ver;		/* "@@" default version */
};

struct rawvec {
	struct raw_sym *v;
	size_t nr, alloc;
};

/* sym.c: building a dso's sorted symbol table, loading a dso on first use */
void sym_dso_load(struct sym_dso *d);
void sym_finish_syms(struct sym_dso *d, struct rawvec *rv, uint64_t last_end);
void sym_raw_add(struct sym_dso *d, struct rawvec *rv, uint64_t start,
		 uint64_t size, const char *name, size_t nlen, int bind,
		 bool func);
void sym_raw_add_plain(struct sym_dso *d, struct rawvec *rv, uint64_t start,
		       uint64_t size, const char *name, size_t nlen, int bind,
		       bool func);

/* sym-elf.c */
void sym_load_elf(struct sym_dso *d);
void sym_load_symtab(struct sym_dso *d, Elf *e, Elf64_Word type,
		     struct rawvec *rv);
void sym_load_vdso(struct sym_dso *d);

/* sym-kernel.c */
void sym_load_kernel(struct sym_dso *d);

/*
 * The inline index of one DWARF object (sym-inline.c): for each CU that
 * holds a looked-up address, one walk of its DIE tree collects every
 * DW_TAG_subprogram and DW_TAG_inlined_subroutine with code, and the
 * address ranges of each (DW_AT_low_pc/high_pc or DW_AT_ranges) go into
 * one sorted array. A lookup is then a binary search plus a walk up the
 * nesting; its result is cached per address.
 */
struct sym_inl;

/**
 * struct sym_inl_res - what one address resolves to
 * @lv: the function nesting, innermost first, the out-of-line function
 *      last; lent by the index, stable until sym_inl_free()
 * @nr: entries in @lv; 0 when neither DWARF nor the symbol table names a
 *      function there
 * @file: the source file of the address in the line table (full path as
 *        DWARF gives it), NULL when there is none
 * @line: its line number, 0 when unknown
 * @sym_file: where no DWARF covers the address (neither a line nor a
 *            function), the file GNU addr2line names from the symbol
 *            table: the STT_FILE symbol before the symbol it names (see
 *            struct sym_inl_sym); NULL when it names none
 */
struct sym_inl_res {
	const struct sym_inline *lv;
	int nr;
	const char *file;
	int line;
	const char *sym_file;
};

/**
 * struct sym_inl_sym - a symbol as GNU addr2line's symbol-table fallback
 * picks it for an address
 * @name: its name, demangled as perf demangles; lent by the caller
 * @raw: its name as the symbol table spells it; lent by the caller
 * @start: its address
 * @file: the name of the STT_FILE symbol bfd gives it (the last one before
 *        it in table order; for a global symbol none once a file symbol
 *        followed another symbol), possibly ""; NULL for none
 */
struct sym_inl_sym {
	const char *name;
	const char *raw;
	uint64_t start;
	const char *file;
};

/**
 * sym_inl_symtab_fn - fill @out with addr2line's symbol-table choice for
 * @addr; returns false when no symbol covers it
 */
typedef bool (*sym_inl_symtab_fn)(void *arg, uint64_t addr,
				  struct sym_inl_sym *out);

/**
 * sym_inl_new - an empty index over @dw (which must outlive it)
 * @no_demangle: keep C++ linkage names mangled
 * @symtab: where names come from when DWARF gives none that addr2line
 *          would print (see sym_inl_lookup()), called with @arg
 * Returns the index (free with sym_inl_free()), never NULL.
 */
struct sym_inl *sym_inl_new(Dwarf *dw, bool no_demangle,
			    sym_inl_symtab_fn symtab, void *arg);

/** sym_inl_free - free the index and every result it lent; NULL is a no-op */
void sym_inl_free(struct sym_inl *x);

/**
 * sym_inl_lookup - resolve @addr (an address in the object's DWARF address
 * space), building the index of its CU on first use
 * @res: filled; entries are zero when no function covers the address
 *
 * Levels are named as GNU addr2line -i names them, which is what perf
 * prints: DWARF's linkage name, else DW_AT_name. Where DWARF has no
 * function for the address (code outside every CU, or assembly from an
 * assembler that writes no DW_TAG_subprogram) the one
 * level is the symbol table's choice. In a language that mangles, the
 * innermost function without a linkage name is named by the symbol table
 * the first time it is looked up; after that by DW_AT_name, unless the
 * symbol started where the function's first range does, in which case
 * the symbol's name replaces DWARF's for good. Lookups are cached per
 * address and happen in sample order, as perf's do, so the names agree.
 * Returns 0, or -ENOENT when no CU covers @addr, or -EINVAL when the CU's
 * DWARF is malformed (its index is then empty, and @res has the line
 * only).
 */
int sym_inl_lookup(struct sym_inl *x, uint64_t addr, struct sym_inl_res *res);

/**
 * sym_inl_stats - counters for tests and -v: CUs indexed, ranges held,
 * addresses cached
 */
void sym_inl_stats(const struct sym_inl *x, size_t *cus, size_t *ranges,
		   size_t *addrs);

#endif
