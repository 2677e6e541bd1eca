/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PROBE_DWARF_H
#define PTOOL_PROBE_DWARF_H

#include <stdbool.h>
#include <stdint.h>

#include "ptool/probe.h"
#include "ptool/strbuf.h"

/*
 * The probe finder: resolves a struct probe_spec against a binary's ELF
 * symbols and DWARF (libelf/libdw) into addresses and fetch-args, and
 * answers perf probe's -L (lines), -V (variables) and -F (functions).
 * Register names are x86_64 pt_regs names as uprobetracer.rst wants them.
 */

struct probe_bin;

/**
 * probe_bin_open - open @path for probing
 * @kernel: @path is a vmlinux: results are kernel symbol+offset
 * @debug_root: where to look for a separate debug file by build-id when
 *              @path has no DWARF (ROOT/.build-id/xx/yyyy.debug), NULL
 *              for OBJ_DEBUG_ROOT (/usr/lib/debug)
 * Returns a handle (probe_bin_free()) or NULL with errno: ENOENT, EACCES,
 * ENOEXEC (not an ELF file).
 */
struct probe_bin *probe_bin_open(const char *path, bool kernel,
				 const char *debug_root);

/** probe_bin_free - release a handle; NULL is a no-op */
void probe_bin_free(struct probe_bin *b);

/** probe_bin_set_no_inlines - probe real functions only (--no-inlines) */
void probe_bin_set_no_inlines(struct probe_bin *b, bool on);

/**
 * probe_bin_set_source_dir - where else to look for source files
 * (-s DIR): DIR/<recorded path>, then DIR/<base name>; @dir is copied
 */
void probe_bin_set_source_dir(struct probe_bin *b, const char *dir);

/** probe_bin_has_dwarf - whether @b has debug information */
bool probe_bin_has_dwarf(const struct probe_bin *b);

/**
 * probe_bin_file_offset - the file offset of virtual address @vaddr
 * through the PT_LOAD program headers (what uprobe_events wants)
 * Returns 0 or -ENOENT when no segment maps @vaddr.
 */
int probe_bin_file_offset(const struct probe_bin *b, uint64_t vaddr,
			  uint64_t *off);

/** One resolved probe address. */
struct probe_loc {
	uint64_t vaddr;
	uint64_t offset;	/* file offset (uprobe) or offset in symbol */
	char *symbol;	/* kernel: the function symbol; NULL for uprobes */
	char *func;	/* function name, for the event name */
	int line;	/* absolute line, or -1 */
	char **args;	/* fetch-args as written to tracefs */
	int nargs;
	bool skipped_prologue;
	uint64_t entry;	/* with skipped_prologue: the function's entry */
	uint64_t die_off;	/* DWARF offset of the function instance, or 0 */
};

struct probe_locs {
	struct probe_loc *v;
	int nr;
	int alloc;
	struct strbuf warn;	/* instances skipped, one line each */
};

/** probe_locs_release - free the list's contents */
void probe_locs_release(struct probe_locs *l);

/**
 * probe_resolve - addresses and fetch-args for @s in @b
 * @err: on failure, one line naming what was not found
 * Returns 0 (with @out->nr >= 1) or -ENOENT (function, line or variable
 * not found), -ENODATA (needs debug info that @b lacks), -EINVAL.
 */
int probe_resolve(struct probe_bin *b, const struct probe_spec *s,
		  struct probe_locs *out, struct strbuf *err);

/**
 * probe_show_lines - perf probe -L: the probe-able lines of @range
 * ("main", "main:3-8", "main:3+4", "a.c:10-20") in perf's layout
 */
int probe_show_lines(struct probe_bin *b, const char *range,
		     struct strbuf *out, struct strbuf *err);

/**
 * probe_show_vars - perf probe -V: the variables available at each
 * address of @s, in perf's layout
 * @externs: the compilation unit's global variables too (--externs)
 */
int probe_show_vars(struct probe_bin *b, const struct probe_spec *s,
		    bool externs, const char *filter, struct strbuf *out,
		    struct strbuf *err);

/**
 * probe_strfilter_match - perf's --filter for --vars: globs with '!', '&',
 * '|' and parentheses ("!t* & !__*"); NULL matches everything
 */
bool probe_strfilter_match(const char *filter, const char *name);

/**
 * probe_list_funcs - perf probe -F: the symbols of @b matching @filter
 * (a glob; NULL means perf's default, every name not starting with '_'),
 * sorted, one a line
 */
int probe_list_funcs(struct probe_bin *b, const char *filter,
		     struct strbuf *out);

/**
 * probe_describe - "main:4@/src/a.c" (or "work+8", "0x1149") for the probe
 * at file offset @offset, as perf probe -l shows it
 */
void probe_describe(struct probe_bin *b, uint64_t offset, bool ret,
		    struct strbuf *out);

/**
 * probe_resolve_kallsyms - a kprobe without kernel debug information:
 * FUNC[+OFF] or FUNC%return checked against @kallsyms, with fetch-args as
 * written (no variables by name)
 * @err: on failure, one line ("no kernel function 'x'", "... needs the
 *       kernel's debug information: pass it with -k vmlinux")
 * Returns 0 or -ENOENT, -ENODATA, -EINVAL, or -errno reading @kallsyms.
 */
int probe_resolve_kallsyms(const char *kallsyms, const struct probe_spec *s,
			   struct probe_locs *out, struct strbuf *err);

/**
 * probe_kallsyms_has - whether @sym is a text symbol in @kallsyms
 * (a /proc/kallsyms file). Returns 1, 0, or -errno.
 */
int probe_kallsyms_has(const char *kallsyms, const char *sym);

/**
 * probe_kallsyms_funcs - perf probe -F for the kernel: the text symbols
 * of @kallsyms matching @filter (NULL: not starting with '_'), sorted,
 * one a line, appended to @out. Returns 0 or -errno.
 */
int probe_kallsyms_funcs(const char *kallsyms, const char *filter,
			 struct strbuf *out);

#endif
