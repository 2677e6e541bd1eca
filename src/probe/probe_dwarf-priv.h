/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PROBE_DWARF_PRIV_H
#define PTOOL_PROBE_DWARF_PRIV_H

/*
 * The probe finder's shared state and helpers, used by its parts:
 * probe_dwarf.c (opening a binary, ELF symbols, DWARF walks, function
 * instances, resolution), probe_dwarf-line.c (line tables, FUNC:RLINE,
 * SRC:LINE and lazy patterns), probe_dwarf-fetch.c (variables and types
 * to fetch-args) and probe_dwarf-list.c (-L, -V, -F, -l, kallsyms).
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <elfutils/libdw.h>
#include <gelf.h>

#include "ptool/obj.h"
#include "ptool/probe_dwarf.h"
#include "ptool/strbuf.h"

struct probe_bin {
	char *path;
	int fd;
	Elf *elf;
	Dwarf *dw;
	int dbg_fd;	/* a separate debug file, or -1 */
	Elf *dbg_elf;
	Dwarf_CFI *cfi_eh;
	Dwarf_CFI *cfi_dbg;
	struct obj_segs segs;	/* PT_LOAD headers of @elf */
	bool kernel;
	bool no_inlines;
	char *srcdir;
};

struct inst {
	Dwarf_Die die;
	Dwarf_Die cu;
	bool inlined;
};

struct insts {
	struct inst *v;
	int nr, alloc;
	const char *name;
	const char *file;
};

struct ctx {
	struct probe_bin *b;
	Dwarf_Die cu;
	Dwarf_Die fn;		/* the probed function instance */
	Dwarf_Addr addr;
	Dwarf_Die *scopes;	/* pdw_concrete_scopes() at addr */
	int nscopes;
	struct strbuf *err;
};

struct entry_find {
	Dwarf_Addr addr;
	Dwarf_Die die;
	bool found;
};

struct line_find {
	struct probe_bin *b;
	const struct probe_spec *s;
	Dwarf_Die cu;
	const char *file;
	int line;
	const char *func;	/* scope name filter, or NULL */
	struct probe_locs *out;
	struct strbuf *err;
	int ret;
};

typedef int (*die_cb)(Dwarf_Die *die, Dwarf_Die *cu, void *data);

typedef int (*cu_cb)(Dwarf_Die *cu, void *data);

typedef int (*line_cb)(const char *file, int line, Dwarf_Addr addr,
		       void *data);

typedef int (*var_cb)(struct ctx *c, Dwarf_Die *var, void *data);


/* probe_dwarf.c */
int pdw_add_loc(struct probe_bin *b, struct probe_locs *out,
		Dwarf_Die *cu, Dwarf_Die *fn, Dwarf_Addr addr,
		const struct probe_spec *s, int line, bool skipped,
		struct strbuf *err);
const char *pdw_die_decl_file(Dwarf_Die *die);
int pdw_die_decl_line(Dwarf_Die *die, int *line);
int pdw_die_entry(Dwarf_Die *die, Dwarf_Addr *addr);
bool pdw_die_has_code(Dwarf_Die *die);
void pdw_find_instances(struct probe_bin *b, const char *name,
			const char *file, struct insts *out);
int pdw_for_each_cu(const struct probe_bin *b, cu_cb cb, void *data);
/* .symtab when there is one, else .dynsym */
int pdw_for_each_sym(const struct probe_bin *b, obj_sym_fn fn, void *data);
bool pdw_is_func_tag(int tag);
bool pdw_path_tail_eq(const char *a, const char *b);
const char *pdw_regname(unsigned int r);
char *pdw_symbol_at(const struct probe_bin *b, uint64_t addr,
		    uint64_t *start);
int pdw_walk_tree(Dwarf_Die *die, Dwarf_Die *cu, die_cb cb, void *data);

/*
 * probe_dwarf-line.c: the line an address maps back to, as perf's
 * cu_find_lineinfo()
 */
int pdw_addr_line(Dwarf_Die *cu, Dwarf_Addr addr, const char **file,
		  int *line);
int pdw_entry_find_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data);
bool pdw_find_scope(Dwarf_Die *cu, Dwarf_Addr addr, const char *name,
		    int line, Dwarf_Die *out);
int pdw_line_find_cu(Dwarf_Die *cu, void *data);
FILE *pdw_open_source(const struct probe_bin *b, const char *path,
		      char **found);
int pdw_resolve_lazy(struct probe_bin *b, const struct probe_spec *s,
		     struct insts *in, struct probe_locs *out,
		     struct strbuf *err);
int pdw_walk_lines(Dwarf_Die *cu, Dwarf_Die *fn, line_cb cb, void *data);

/* probe_dwarf-fetch.c */
void pdw_add_arg(struct probe_loc *loc, const char *s);
/* the fetch-args of @s as written ("name=var:type"), without DWARF */
void pdw_add_spec_args(struct probe_loc *loc, const struct probe_spec *s);
int pdw_concrete_scopes(Dwarf_Die *cu, Dwarf_Addr addr, Dwarf_Die **out);
int pdw_convert_args(struct ctx *c, const struct probe_spec *s,
		     struct probe_loc *loc);
int pdw_convert_var(struct ctx *c, Dwarf_Die *var, const char *expr,
		    const char *argname, const char *cast,
		    struct strbuf *out);
int pdw_ctx_init(struct ctx *c, struct probe_bin *b, Dwarf_Die *cu,
		 Dwarf_Die *fn, Dwarf_Addr addr, struct strbuf *err);
void pdw_ctx_release(struct ctx *c);
int pdw_fail(struct strbuf *err, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void pdw_for_each_var(struct ctx *c, bool locals, var_cb cb, void *data);
void pdw_type_name(Dwarf_Die *die, struct strbuf *out);

#endif
