// SPDX-License-Identifier: GPL-2.0
/*
 * The probe finder: ELF symbols and DWARF (libelf, libdw) to probe
 * addresses and uprobe/kprobe fetch-args. It follows perf probe's rules
 * so that both tools pick the same addresses:
 *  - FUNC: the entry pc of every instance, inlined ones included; at -O0
 *    with variables to fetch, the first line after the prologue.
 *  - FUNC:RLINE, SRC:LINE: every is_stmt row of the line table for that
 *    line whose address maps back to the same line.
 *  - FUNC%return: the entry of the real (not inlined) function.
 */
#include "ptool/probe_dwarf.h"

#include <ctype.h>
#include <stdarg.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/buildid.h"
#include "ptool/msg.h"
#include "ptool/obj.h"
#include "ptool/parse.h"
#include "probe_dwarf-priv.h"


/* x86_64 DWARF register numbers to pt_regs names */
static const char *const regnames[] = {
	"%ax", "%dx", "%cx", "%bx", "%si", "%di", "%bp", "%sp",
	"%r8", "%r9", "%r10", "%r11", "%r12", "%r13", "%r14", "%r15",
	"%ip",
};

const char *pdw_regname(unsigned int r)
{
	return r < ARRAY_SIZE(regnames) ? regnames[r] : NULL;
}

/*
 * DWARF from @root/.build-id/xx/yyyy.debug (/usr/lib/debug: distro -dbg
 * packages), else from the debuginfod servers
 */
static void open_debug_file(struct probe_bin *b, const char *root)
{
	struct buildid id;
	Elf *e;
	int fd;

	if (buildid_from_elf(b->elf, &id) || id.size <= 1)
		return;
	b->dbg_elf = obj_debug_build_id(root, id.data, id.size, false,
					&b->dbg_fd);
	if (b->dbg_elf)
		b->dw = obj_dwarf(b->dbg_elf, true);
	if (b->dw || b->kernel)
		return;
	/* no DWARF here: the debuginfod servers, by build-id */
	e = obj_debuginfod_elf(b->path, id.data, id.size, &fd);
	if (!e)
		return;
	obj_elf_close(b->dbg_elf, b->dbg_fd);
	b->dbg_elf = e;
	b->dbg_fd = fd;
	b->dw = obj_dwarf(e, true);
}

struct probe_bin *probe_bin_open(const char *path, bool kernel,
				 const char *debug_root)
{
	struct probe_bin *b;
	int fd;
	Elf *e = obj_elf_open(path, &fd);

	if (!e)
		return NULL;
	b = xcalloc(1, sizeof(*b));
	b->fd = fd;
	b->elf = e;
	b->dbg_fd = -1;
	b->path = xstrdup(path);
	b->kernel = kernel;
	obj_segs_load(&b->segs, b->elf);
	b->dw = obj_dwarf(b->elf, true);
	if (!b->dw)
		open_debug_file(b, debug_root);
	if (b->dw)
		b->cfi_dbg = dwarf_getcfi(b->dw);
	b->cfi_eh = dwarf_getcfi_elf(b->elf);
	return b;
}

void probe_bin_free(struct probe_bin *b)
{
	if (!b)
		return;
	if (b->cfi_eh)
		dwarf_cfi_end(b->cfi_eh);
	obj_segs_release(&b->segs);
	if (b->dw)
		dwarf_end(b->dw);
	if (b->dbg_elf)
		elf_end(b->dbg_elf);
	if (b->dbg_fd >= 0)
		close(b->dbg_fd);
	if (b->elf)
		elf_end(b->elf);
	if (b->fd >= 0)
		close(b->fd);
	free(b->path);
	free(b->srcdir);
	free(b);
}

bool probe_bin_has_dwarf(const struct probe_bin *b)
{
	return b->dw != NULL;
}

int probe_bin_file_offset(const struct probe_bin *b, uint64_t vaddr,
			  uint64_t *off)
{
	return obj_segs_vaddr_to_off(&b->segs, vaddr, off);
}

void probe_locs_release(struct probe_locs *l)
{
	for (int i = 0; i < l->nr; i++) {
		for (int j = 0; j < l->v[i].nargs; j++)
			free(l->v[i].args[j]);
		free(l->v[i].args);
		free(l->v[i].symbol);
		free(l->v[i].func);
	}
	free(l->v);
	strbuf_release(&l->warn);
	memset(l, 0, sizeof(*l));
	strbuf_init(&l->warn, 0);
}

/* ---- ELF symbols ---- */

int pdw_for_each_sym(const struct probe_bin *b, obj_sym_fn fn, void *data)
{
	int ret = obj_sym_walk(b->elf, SHT_SYMTAB, fn, data);

	/* .symtab is a superset of .dynsym */
	if (ret == -ENOENT)
		ret = obj_sym_walk(b->elf, SHT_DYNSYM, fn, data);
	return ret;
}

/* "malloc@@GLIBC_2.2.5" matches "malloc" */
static bool sym_name_eq(const char *symname, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(symname, name, n) &&
	       (symname[n] == '\0' || symname[n] == '@');
}

struct sym_find {
	const char *name;
	uint64_t addrs[16];
	uint64_t sizes[16];
	int nr;
	int old_nr;	/* non-default versions seen */
	uint64_t old_addr;
};

static int sym_find_cb(void *data, const GElf_Sym *sym, const char *name,
		       size_t idx);

static void find_syms(const struct probe_bin *b, struct sym_find *f)
{
	pdw_for_each_sym(b, sym_find_cb, f);
	if (!f->nr && f->old_nr) {
		f->addrs[0] = f->old_addr;
		f->sizes[0] = 0;
		f->nr = 1;
	}
}

static int sym_find_cb(void *data, const GElf_Sym *sym, const char *name,
		       size_t idx)
{
	struct sym_find *f = data;
	int type = GELF_ST_TYPE(sym->st_info);

	const char *at;

	if (!name || !*name)
		return 0;
	if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
	    sym->st_shndx == SHN_UNDEF || !sym_name_eq(name, f->name))
		return 0;
	/* "memcpy@GLIBC_2.2.5" is an old version: "memcpy@@..." is memcpy */
	at = strchr(name, '@');
	if (at && at[1] != '@') {
		if (!f->old_nr++)
			f->old_addr = sym->st_value;
		return 0;
	}
	for (int i = 0; i < f->nr; i++)
		if (f->addrs[i] == sym->st_value)
			return 0;
	if (f->nr < (int)ARRAY_SIZE(f->addrs)) {
		f->sizes[f->nr] = sym->st_size;
		f->addrs[f->nr++] = sym->st_value;
	}
	return 0;
}

struct sym_at {
	uint64_t addr;
	const char *best;
	uint64_t best_addr;
	char *name;
};

static int sym_at_cb(void *data, const GElf_Sym *sym, const char *name,
		     size_t idx)
{
	struct sym_at *f = data;
	int type = GELF_ST_TYPE(sym->st_info);

	if (!name || !*name)
		return 0;
	if (type != STT_FUNC && type != STT_GNU_IFUNC)
		return 0;
	if (sym->st_shndx == SHN_UNDEF || f->addr < sym->st_value)
		return 0;
	if (f->addr >= sym->st_value + (sym->st_size ? sym->st_size : 1))
		return 0;
	if (!f->name || sym->st_value > f->best_addr) {
		free(f->name);
		f->name = xstrndup(name, strcspn(name, "@"));
		f->best_addr = sym->st_value;
	}
	return 0;
}

/* the function symbol containing @addr: a new name and its start */
char *pdw_symbol_at(const struct probe_bin *b, uint64_t addr,
		    uint64_t *start)
{
	struct sym_at f = { .addr = addr };

	pdw_for_each_sym(b, sym_at_cb, &f);
	if (f.name && start)
		*start = f.best_addr;
	return f.name;
}

/* ---- DWARF helpers ---- */

int pdw_walk_tree(Dwarf_Die *die, Dwarf_Die *cu, die_cb cb, void *data)
{
	Dwarf_Die child;
	int ret;

	ret = cb(die, cu, data);
	if (ret)
		return ret > 0 ? 0 : ret;	/* >0: do not descend */
	if (dwarf_child(die, &child) != 0)
		return 0;
	do {
		ret = pdw_walk_tree(&child, cu, cb, data);
		if (ret)
			return ret;
	} while (dwarf_siblingof(&child, &child) == 0);
	return 0;
}

int pdw_for_each_cu(const struct probe_bin *b, cu_cb cb, void *data)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	while (dwarf_nextcu(b->dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		int ret;

		if (dwarf_offdie(b->dw, off + hsize, &cu)) {
			ret = cb(&cu, data);
			if (ret)
				return ret;
		}
		off = next;
	}
	return 0;
}

bool pdw_is_func_tag(int tag)
{
	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

int pdw_die_entry(Dwarf_Die *die, Dwarf_Addr *addr)
{
	Dwarf_Addr base, start, end;
	ptrdiff_t off;

	if (dwarf_entrypc(die, addr) == 0)
		return 0;
	off = dwarf_ranges(die, 0, &base, &start, &end);
	if (off > 0) {
		*addr = start;
		return 0;
	}
	return -ENOENT;
}

bool pdw_die_has_code(Dwarf_Die *die)
{
	Dwarf_Addr a;

	return pdw_die_entry(die, &a) == 0;
}

/* decl line of a function; for an inlined instance, of its origin */
int pdw_die_decl_line(Dwarf_Die *die, int *line)
{
	return dwarf_decl_line(die, line);
}

const char *pdw_die_decl_file(Dwarf_Die *die)
{
	return dwarf_decl_file(die);
}

/* the compiler was asked to optimize (DW_AT_producer has -O1..-Ofast) */
static bool cu_optimized(Dwarf_Die *cu)
{
	Dwarf_Attribute attr;
	const char *prod, *p;

	if (!dwarf_attr(cu, DW_AT_producer, &attr))
		return false;
	prod = dwarf_formstring(&attr);
	if (!prod)
		return false;
	for (p = prod; (p = strstr(p, "-O")); p += 2)
		if (p[2] != '0')
			return true;
	return false;
}

/* does path @a end with path @b at a component boundary */
bool pdw_path_tail_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (lb > la)
		return false;
	if (strcmp(a + la - lb, b))
		return false;
	return la == lb || a[la - lb - 1] == '/';
}

/* ---- function instances ---- */

static int find_func_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct insts *f = data;
	int tag = dwarf_tag(die);
	const char *name;

	if (!pdw_is_func_tag(tag))
		return 0;
	name = dwarf_diename(die);
	if (name && !strcmp(name, f->name) && pdw_die_has_code(die)) {
		const char *file = pdw_die_decl_file(die);

		if (!f->file || (file && pdw_path_tail_eq(file, f->file))) {
			ALLOC_GROW(f->v, f->nr + 1, f->alloc);
			f->v[f->nr].die = *die;
			f->v[f->nr].cu = *cu;
			f->v[f->nr].inlined = tag == DW_TAG_inlined_subroutine;
			f->nr++;
		}
	}
	return 0;
}

static int find_func_cu(Dwarf_Die *cu, void *data)
{
	return pdw_walk_tree(cu, cu, find_func_cb, data);
}

void pdw_find_instances(struct probe_bin *b, const char *name,
			const char *file, struct insts *out)
{
	out->name = name;
	out->file = file;
	pdw_for_each_cu(b, find_func_cu, out);
}

/* the real function containing addr (for naming and kernel symbols) */
int pdw_add_loc(struct probe_bin *b, struct probe_locs *out,
		Dwarf_Die *cu, Dwarf_Die *fn, Dwarf_Addr addr,
		const struct probe_spec *s, int line, bool skipped,
		struct strbuf *err)
{
	struct probe_loc loc = { .vaddr = addr, .line = line,
				 .skipped_prologue = skipped,
				 .die_off = dwarf_dieoffset(fn) };
	const char *name = dwarf_diename(fn);
	Dwarf_Addr entry;
	int ret;

	for (int i = 0; i < out->nr; i++)
		if (out->v[i].vaddr == addr)
			return 0;
	/* the hint to probe the entry instead names it, as perf does */
	if (skipped && dwarf_entrypc(fn, &entry) == 0)
		loc.entry = entry;
	if (b->kernel) {
		uint64_t start;

		loc.symbol = pdw_symbol_at(b, addr, &start);
		if (!loc.symbol)
			return pdw_fail(err, -ENOENT, "no symbol at 0x%" PRIx64,
				    (uint64_t)addr);
		loc.offset = addr - start;
	} else if (probe_bin_file_offset(b, addr, &loc.offset)) {
		return pdw_fail(err, -ENOENT, "0x%" PRIx64 " is in no loadable "
			    "segment of '%s'", (uint64_t)addr, b->path);
	}
	loc.func = xstrdup(name ? name : "probe");
	if (s && s->nargs) {
		struct ctx c;

		ret = pdw_ctx_init(&c, b, cu, fn, addr, err);
		if (!ret)
			ret = pdw_convert_args(&c, s, &loc);
		pdw_ctx_release(&c);
		if (ret) {
			for (int i = 0; i < loc.nargs; i++)
				free(loc.args[i]);
			free(loc.args);
			free(loc.symbol);
			free(loc.func);
			return ret;
		}
	}
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr++] = loc;
	return 0;
}

/*
 * perf's die_skip_prologue(): the line record after the entry's (the
 * first record at the entry address), unless the entry's record is
 * marked prologue_end or the next one is past the function's high pc.
 */
static Dwarf_Addr skip_prologue(Dwarf_Die *cu, Dwarf_Die *fn, Dwarf_Addr entry)
{
	Dwarf_Lines *lines;
	Dwarf_Addr high, a;
	size_t n, idx;
	bool flag;

	if (dwarf_highpc(fn, &high) || dwarf_getsrclines(cu, &lines, &n))
		return entry;
	for (idx = 0; idx < n; idx++)
		if (!dwarf_lineaddr(dwarf_onesrcline(lines, idx), &a) &&
		    a == entry)
			break;
	if (idx + 1 >= n)
		return entry;
	if (!dwarf_lineprologueend(dwarf_onesrcline(lines, idx), &flag) &&
	    flag)
		return entry;
	if (dwarf_lineaddr(dwarf_onesrcline(lines, idx + 1), &a) || a >= high)
		return entry;
	return a;
}

static bool spec_has_vars(const struct probe_spec *s)
{
	for (int i = 0; i < s->nargs; i++) {
		const char *v = s->args[i].var;

		if (isalpha((unsigned char)v[0]) || v[0] == '_' ||
		    !strcmp(v, "$params") || !strcmp(v, "$vars"))
			return true;
	}
	return false;
}

static int resolve_func(struct probe_bin *b, const struct probe_spec *s,
			struct insts *in, struct probe_locs *out,
			struct strbuf *err)
{
	int ret = 0, skipped_inlined = 0;

	for (int i = 0; i < in->nr; i++) {
		struct inst *f = &in->v[i];
		Dwarf_Addr a;
		bool skip = false;

		if (pdw_die_entry(&f->die, &a))
			continue;
		if (f->inlined && s->ret) {
			skipped_inlined++;
			continue;
		}
		if (s->has_offset) {
			a += s->offset;
			if (dwarf_haspc(&f->die, a) <= 0) {
				if (f->inlined) {
					skipped_inlined++;
					continue;
				}
				return pdw_fail(err, -EINVAL, "offset %" PRIu64
					    " is outside '%s'", s->offset,
					    s->func);
			}
		} else if (!s->ret && !f->inlined && !b->kernel &&
			   spec_has_vars(s) && !cu_optimized(&f->cu)) {
			Dwarf_Addr p = skip_prologue(&f->cu, &f->die, a);

			skip = p != a;
			a = p;
		}
		ret = pdw_add_loc(b, out, &f->cu, &f->die, a, s,
			      -1, skip, err);
		if (ret == -ENOENT && f->inlined && in->nr > 1) {
			/* another instance may still have the variable */
			strbuf_addf(&out->warn, "skipping the instance of '%s' "
				    "inlined at 0x%" PRIx64 ": %s\n", s->func,
				    (uint64_t)a, err->buf);
			strbuf_reset(err);
			continue;
		}
		if (ret)
			return ret;
	}
	if (!out->nr && out->warn.len) {
		strbuf_addstr(err, "no instance of '");
		strbuf_addstr(err, s->func);
		strbuf_addstr(err, "' has all the arguments");
		return -ENOENT;
	}
	if (!out->nr && skipped_inlined)
		return pdw_fail(err, -ENOENT, "'%s' is only inlined: %s needs "
			    "a real function", s->func,
			    s->ret ? "%return" : "an offset");
	return 0;
}

static int resolve_addr(struct probe_bin *b, const struct probe_spec *s,
			struct probe_locs *out, struct strbuf *err)
{
	struct probe_loc loc = { .vaddr = s->addr, .line = -1 };
	Dwarf_Die cu, fn;
	char buf[32];

	if (b->kernel)
		return pdw_fail(err, -EINVAL, "absolute addresses are for uprobes "
			    "(-x BIN)");
	if (b->dw && dwarf_addrdie(b->dw, s->addr, &cu) &&
	    pdw_find_scope(&cu, s->addr, NULL, 1 << 30, &fn)) {
		int ret = pdw_add_loc(b, out, &cu, &fn, s->addr, s, -1, false, err);

		if (!ret && out->nr) {
			char *f = out->v[out->nr - 1].func;

			snprintf(buf, sizeof(buf), "abs_%" PRIx64, s->addr);
			free(f);
			out->v[out->nr - 1].func = xstrdup(buf);
		}
		return ret;
	}
	if (spec_has_vars(s))
		return pdw_fail(err, -ENODATA, "no debug information at 0x%" PRIx64
			    " in '%s' for the variables", s->addr, b->path);
	if (probe_bin_file_offset(b, s->addr, &loc.offset))
		return pdw_fail(err, -ENOENT, "0x%" PRIx64 " is in no loadable "
			    "segment of '%s'", s->addr, b->path);
	snprintf(buf, sizeof(buf), "abs_%" PRIx64, s->addr);
	loc.func = xstrdup(buf);
	pdw_add_spec_args(&loc, s);
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr++] = loc;
	return 0;
}

/*
 * A name only the symbol table knows (an alias such as libc's "malloc"
 * for __libc_malloc): the DWARF functions starting at its addresses.
 */
static void instances_from_symbols(struct probe_bin *b, const char *name,
				   struct insts *in)
{
	struct sym_find f = { .name = name };

	find_syms(b, &f);
	for (int i = 0; i < f.nr; i++) {
		struct entry_find ef = { .addr = f.addrs[i] };
		Dwarf_Die cu;

		if (!dwarf_addrdie(b->dw, f.addrs[i], &cu))
			continue;
		pdw_walk_tree(&cu, &cu, pdw_entry_find_cb, &ef);
		if (!ef.found)
			continue;
		ALLOC_GROW(in->v, in->nr + 1, in->alloc);
		in->v[in->nr].die = ef.die;
		in->v[in->nr].cu = cu;
		in->v[in->nr].inlined = false;
		in->nr++;
	}
}

int probe_resolve(struct probe_bin *b, const struct probe_spec *s,
		  struct probe_locs *out, struct strbuf *err)
{
	struct insts in = { 0 };
	int ret = 0;

	if (s->has_addr)
		return resolve_addr(b, s, out, err);
	if (!b->dw) {
		struct sym_find f = { .name = s->func };

		if (!s->func || s->line >= 0 || s->file || spec_has_vars(s))
			return pdw_fail(err, -ENODATA, "'%s' has no debug "
				    "information: rebuild with -g, or probe a "
				    "function by name", b->path);
		find_syms(b, &f);
		if (!f.nr)
			return pdw_fail(err, -ENOENT, "no function '%s' in '%s'",
				    s->func, b->path);
		for (int i = 0; i < f.nr; i++) {
			struct probe_loc loc = { .line = -1 };

			if (s->has_offset && f.sizes[i] &&
			    s->offset >= f.sizes[i])
				return pdw_fail(err, -EINVAL, "offset %" PRIu64
					    " is outside '%s'", s->offset,
					    s->func);
			loc.vaddr = f.addrs[i] + s->offset;
			if (b->kernel) {
				loc.symbol = xstrdup(s->func);
				loc.offset = s->offset;
			} else if (probe_bin_file_offset(b, loc.vaddr,
							 &loc.offset)) {
				return pdw_fail(err, -ENOENT, "'%s' is in no "
					    "loadable segment", s->func);
			}
			loc.func = xstrdup(s->func);
			pdw_add_spec_args(&loc, s);
			ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			out->v[out->nr++] = loc;
		}
		return 0;
	}
	if (s->func) {
		pdw_find_instances(b, s->func, s->file, &in);
		if (!in.nr && !s->file)
			instances_from_symbols(b, s->func, &in);
		if (b->no_inlines) {
			int n = 0;

			for (int i = 0; i < in.nr; i++)
				if (!in.v[i].inlined)
					in.v[n++] = in.v[i];
			if (in.nr && !n) {
				ret = pdw_fail(err, -ENOENT, "'%s' is only inlined "
					   "(--no-inlines)", s->func);
				goto out;
			}
			in.nr = n;
		}
		if (!in.nr) {
			ret = pdw_fail(err, -ENOENT, "no function '%s'%s%s in '%s'",
				   s->func, s->file ? " in " : "",
				   s->file ? s->file : "", b->path);
			goto out;
		}
	}
	if (s->lazy) {
		ret = pdw_resolve_lazy(b, s, &in, out, err);
		goto out;
	}
	if (s->line < 0) {
		ret = resolve_func(b, s, &in, out, err);
		goto out;
	}
	{
		struct line_find f = { .b = b, .s = s, .out = out, .err = err };
		char *file = NULL;
		int line = s->line;

		if (s->func) {
			/* relative line: from the first instance's decl */
			struct inst *fi = &in.v[0];
			int decl;

			for (int i = 0; i < in.nr; i++)
				if (!in.v[i].inlined) {
					fi = &in.v[i];
					break;
				}
			if (pdw_die_decl_line(&fi->die, &decl) ||
			    !pdw_die_decl_file(&fi->die)) {
				ret = pdw_fail(err, -ENOENT, "no line information "
					   "for '%s'", s->func);
				goto out;
			}
			line += decl;
			file = xstrdup(pdw_die_decl_file(&fi->die));
			f.func = s->func;
		} else {
			file = xstrdup(s->file);
		}
		f.file = file;
		f.line = line;
		pdw_for_each_cu(b, pdw_line_find_cu, &f);
		ret = f.ret;
		free(file);
		if (!ret && !out->nr)
			ret = s->func ?
				pdw_fail(err, -ENOENT, "no code at line %d of '%s' "
				     "(see 'ptool probe -L %s')", s->line,
				     s->func, s->func) :
				pdw_fail(err, -ENOENT, "no code at line %d of '%s'",
				     s->line, s->file);
	}
out:
	free(in.v);
	return ret;
}

void probe_bin_set_no_inlines(struct probe_bin *b, bool on)
{
	b->no_inlines = on;
}

void probe_bin_set_source_dir(struct probe_bin *b, const char *dir)
{
	free(b->srcdir);
	b->srcdir = dir ? xstrdup(dir) : NULL;
}
