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

#include "ptool/msg.h"
#include "ptool/parse.h"
#include "ptool/sym.h"

struct probe_bin {
	char *path;
	int fd;
	Elf *elf;
	Dwarf *dw;
	int dbg_fd;	/* a separate debug file, or -1 */
	Elf *dbg_elf;
	Dwarf_CFI *cfi_eh;
	Dwarf_CFI *cfi_dbg;
	bool kernel;
	bool no_inlines;
	char *srcdir;
};

/* x86_64 DWARF register numbers to pt_regs names */
static const char *const regnames[] = {
	"%ax", "%dx", "%cx", "%bx", "%si", "%di", "%bp", "%sp",
	"%r8", "%r9", "%r10", "%r11", "%r12", "%r13", "%r14", "%r15",
	"%ip",
};

static const char *regname(unsigned int r)
{
	return r < ARRAY_SIZE(regnames) ? regnames[r] : NULL;
}

static Dwarf *dwarf_of(Elf *elf)
{
	Dwarf *dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
	Dwarf_Off next;
	size_t hsize;

	/* an ELF with only .eh_frame may still open; we need a CU */
	if (dw && dwarf_nextcu(dw, 0, &next, &hsize, NULL, NULL, NULL) != 0) {
		dwarf_end(dw);
		dw = NULL;
	}
	return dw;
}

/*
 * DWARF from /usr/lib/debug/.build-id/xx/yyyy.debug (distro -dbg packages),
 * else from the debuginfod servers
 */
static void open_debug_file(struct probe_bin *b)
{
	const unsigned char *id;
	ssize_t n = dwelf_elf_gnu_build_id(b->elf, (const void **)&id);
	struct strbuf sb = STRBUF_INIT;
	const char *root = getenv("PTOOL_DEBUG_DIR");
	Elf *e;
	int fd;

	if (n <= 1)
		return;
	strbuf_addf(&sb, "%s/.build-id/%02x/", root ? root : "/usr/lib/debug",
		    id[0]);
	for (ssize_t i = 1; i < n; i++)
		strbuf_addf(&sb, "%02x", id[i]);
	strbuf_addstr(&sb, ".debug");
	b->dbg_fd = open(sb.buf, O_RDONLY | O_CLOEXEC);
	if (b->dbg_fd >= 0) {
		b->dbg_elf = elf_begin(b->dbg_fd, ELF_C_READ_MMAP, NULL);
		if (b->dbg_elf)
			b->dw = dwarf_of(b->dbg_elf);
		if (b->dw)
			pr_debug("using debug information from %s", sb.buf);
	}
	strbuf_release(&sb);
	if (b->dw || b->kernel)
		return;
	/* no DWARF here: the debuginfod servers, by build-id */
	e = sym_debuginfod_elf(b->path, id, (size_t)n, &fd);
	if (!e)
		return;
	if (b->dbg_elf)
		elf_end(b->dbg_elf);
	if (b->dbg_fd >= 0)
		close(b->dbg_fd);
	b->dbg_elf = e;
	b->dbg_fd = fd;
	b->dw = dwarf_of(e);
}

struct probe_bin *probe_bin_open(const char *path, bool kernel)
{
	struct probe_bin *b;
	int fd;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	b = xcalloc(1, sizeof(*b));
	b->fd = fd;
	b->dbg_fd = -1;
	b->path = xstrdup(path);
	b->kernel = kernel;
	b->elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!b->elf || elf_kind(b->elf) != ELF_K_ELF) {
		probe_bin_free(b);
		errno = ENOEXEC;
		return NULL;
	}
	b->dbg_fd = -1;
	b->dw = dwarf_of(b->elf);
	if (!b->dw)
		open_debug_file(b);
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

/* the PT_LOAD segment holding @x: a virtual address, or a file offset */
static int load_segment(const struct probe_bin *b, uint64_t x, bool is_offset,
			GElf_Phdr *ph)
{
	size_t n;

	if (elf_getphdrnum(b->elf, &n))
		return -ENOENT;
	for (size_t i = 0; i < n; i++) {
		uint64_t start;

		if (!gelf_getphdr(b->elf, i, ph) || ph->p_type != PT_LOAD)
			continue;
		start = is_offset ? ph->p_offset : ph->p_vaddr;
		if (x >= start && x < start + ph->p_filesz)
			return 0;
	}
	return -ENOENT;
}

int probe_bin_file_offset(const struct probe_bin *b, uint64_t vaddr,
			  uint64_t *off)
{
	GElf_Phdr ph;

	if (load_segment(b, vaddr, false, &ph))
		return -ENOENT;
	*off = vaddr - ph.p_vaddr + ph.p_offset;
	return 0;
}

static int file_offset_to_vaddr(const struct probe_bin *b, uint64_t off,
				uint64_t *vaddr)
{
	GElf_Phdr ph;

	if (load_segment(b, off, true, &ph))
		return -ENOENT;
	*vaddr = off - ph.p_offset + ph.p_vaddr;
	return 0;
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

typedef int (*sym_cb)(const char *name, const GElf_Sym *sym, void *data);

/* .symtab when there is one, else .dynsym */
static int for_each_sym(const struct probe_bin *b, sym_cb cb, void *data)
{
	Elf_Scn *scn = NULL, *dyn = NULL, *tab = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(b->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB)
			tab = scn;
		else if (sh.sh_type == SHT_DYNSYM)
			dyn = scn;
	}
	for (int pass = 0; pass < 2; pass++) {
		Elf_Scn *s = pass ? dyn : tab;
		Elf_Data *d;
		size_t n;

		if (!s || !gelf_getshdr(s, &sh) || !sh.sh_entsize)
			continue;
		d = elf_getdata(s, NULL);
		if (!d)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 1; i < n; i++) {
			GElf_Sym sym;
			const char *name;
			int ret;

			if (!gelf_getsym(d, i, &sym))
				continue;
			name = elf_strptr(b->elf, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			ret = cb(name, &sym, data);
			if (ret)
				return ret;
		}
		if (tab && pass == 0)
			break;	/* .symtab is a superset of .dynsym */
	}
	return 0;
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

static int sym_find_cb(const char *name, const GElf_Sym *sym, void *data);

static void find_syms(const struct probe_bin *b, struct sym_find *f)
{
	for_each_sym(b, sym_find_cb, f);
	if (!f->nr && f->old_nr) {
		f->addrs[0] = f->old_addr;
		f->sizes[0] = 0;
		f->nr = 1;
	}
}

static int sym_find_cb(const char *name, const GElf_Sym *sym, void *data)
{
	struct sym_find *f = data;
	int type = GELF_ST_TYPE(sym->st_info);

	const char *at;

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

static int sym_at_cb(const char *name, const GElf_Sym *sym, void *data)
{
	struct sym_at *f = data;
	int type = GELF_ST_TYPE(sym->st_info);

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
static char *symbol_at(const struct probe_bin *b, uint64_t addr,
		       uint64_t *start)
{
	struct sym_at f = { .addr = addr };

	for_each_sym(b, sym_at_cb, &f);
	if (f.name && start)
		*start = f.best_addr;
	return f.name;
}

/* ---- DWARF helpers ---- */

typedef int (*die_cb)(Dwarf_Die *die, Dwarf_Die *cu, void *data);

static int walk_tree(Dwarf_Die *die, Dwarf_Die *cu, die_cb cb, void *data)
{
	Dwarf_Die child;
	int ret;

	ret = cb(die, cu, data);
	if (ret)
		return ret > 0 ? 0 : ret;	/* >0: do not descend */
	if (dwarf_child(die, &child) != 0)
		return 0;
	do {
		ret = walk_tree(&child, cu, cb, data);
		if (ret)
			return ret;
	} while (dwarf_siblingof(&child, &child) == 0);
	return 0;
}

typedef int (*cu_cb)(Dwarf_Die *cu, void *data);

static int for_each_cu(const struct probe_bin *b, cu_cb cb, void *data)
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

static bool is_func_tag(int tag)
{
	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

static int die_entry(Dwarf_Die *die, Dwarf_Addr *addr)
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

static bool die_has_code(Dwarf_Die *die)
{
	Dwarf_Addr a;

	return die_entry(die, &a) == 0;
}

/* decl line of a function; for an inlined instance, of its origin */
static int die_decl_line(Dwarf_Die *die, int *line)
{
	return dwarf_decl_line(die, line);
}

static const char *die_decl_file(Dwarf_Die *die)
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
static bool path_tail_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (lb > la)
		return false;
	if (strcmp(a + la - lb, b))
		return false;
	return la == lb || a[la - lb - 1] == '/';
}

/* ---- function instances ---- */

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

static int find_func_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct insts *f = data;
	int tag = dwarf_tag(die);
	const char *name;

	if (!is_func_tag(tag))
		return 0;
	name = dwarf_diename(die);
	if (name && !strcmp(name, f->name) && die_has_code(die)) {
		const char *file = die_decl_file(die);

		if (!f->file || (file && path_tail_eq(file, f->file))) {
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
	return walk_tree(cu, cu, find_func_cb, data);
}

static void find_instances(struct probe_bin *b, const char *name,
			   const char *file, struct insts *out)
{
	out->name = name;
	out->file = file;
	for_each_cu(b, find_func_cu, out);
}

/* ---- line table ---- */

/* the line an address maps back to, as perf's cu_find_lineinfo() */
static int addr_line(Dwarf_Die *cu, Dwarf_Addr addr, const char **file,
		     int *line);

struct entry_find {
	Dwarf_Addr addr;
	Dwarf_Die die;
	bool found;
};

static int entry_find_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct entry_find *f = data;
	Dwarf_Addr a;

	if (dwarf_tag(die) != DW_TAG_subprogram)
		return 0;
	if (dwarf_entrypc(die, &a) == 0 && a == f->addr) {
		f->die = *die;
		f->found = true;
		return -1;
	}
	return 1;	/* no need to look inside a subprogram */
}

/* the first is_stmt row at exactly @addr (rows are sorted by address) */
static Dwarf_Line *first_stmt_row(Dwarf_Die *cu, Dwarf_Addr addr)
{
	Dwarf_Lines *lines;
	size_t n, lo = 0, hi;

	if (dwarf_getsrclines(cu, &lines, &n) || !n)
		return NULL;
	hi = n;
	while (lo < hi) {	/* first row with address >= addr */
		size_t mid = lo + (hi - lo) / 2;
		Dwarf_Line *l = dwarf_onesrcline(lines, mid);
		Dwarf_Addr a;

		if (!l || dwarf_lineaddr(l, &a))
			return NULL;
		if (a < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n; lo++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, lo);
		Dwarf_Addr a;
		bool flag;

		if (!l || dwarf_lineaddr(l, &a) || a != addr ||
		    dwarf_linebeginstatement(l, &flag))
			return NULL;
		if (flag)
			return l;
	}
	return NULL;
}

static int addr_line(Dwarf_Die *cu, Dwarf_Addr addr, const char **file,
		     int *line)
{
	struct entry_find f = { .addr = addr };
	Dwarf_Line *l;

	walk_tree(cu, cu, entry_find_cb, &f);
	if (f.found) {
		*file = die_decl_file(&f.die);
		return die_decl_line(&f.die, line);
	}
	l = first_stmt_row(cu, addr);
	if (!l)
		return -ENOENT;
	*file = dwarf_linesrc(l, NULL, NULL);
	if (!*file)
		return -ENOENT;
	return dwarf_lineno(l, line);
}

/* innermost function DIE (subprogram or inlined) containing @addr */
struct scope_find {
	Dwarf_Addr addr;
	const char *name;	/* wanted name, or NULL: innermost */
	int line;		/* without a name: nearest decl line <= line */
	Dwarf_Die die;
	int diff;
	bool found;
};

static int scope_find_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct scope_find *f = data;
	int tag = dwarf_tag(die);

	if (tag == DW_TAG_compile_unit || tag == DW_TAG_partial_unit)
		return 0;
	if (!is_func_tag(tag) && tag != DW_TAG_lexical_block)
		return 1;
	if (dwarf_haspc(die, f->addr) <= 0)
		return 1;
	if (is_func_tag(tag)) {
		const char *n = dwarf_diename(die);
		int dl = 0;

		if (f->name) {
			if (n && !strcmp(n, f->name)) {
				f->die = *die;
				f->found = true;
			}
		} else if (die_decl_line(die, &dl) == 0 && dl <= f->line &&
			   f->line - dl < f->diff) {
			f->diff = f->line - dl;
			f->die = *die;
			f->found = true;
		}
	}
	return 0;
}

static bool find_scope(Dwarf_Die *cu, Dwarf_Addr addr, const char *name,
		       int line, Dwarf_Die *out)
{
	struct scope_find f = { .addr = addr, .name = name, .line = line,
				.diff = 1 << 30 };

	walk_tree(cu, cu, scope_find_cb, &f);
	if (f.found)
		*out = f.die;
	return f.found;
}

/* the innermost inlined_subroutine inside @fn containing @addr */
struct inl_find {
	Dwarf_Addr addr;
	Dwarf_Die die;
	bool found;
};

static int inl_find_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct inl_find *f = data;
	int tag = dwarf_tag(die);

	if (tag == DW_TAG_inlined_subroutine) {
		if (dwarf_haspc(die, f->addr) > 0) {
			f->die = *die;
			f->found = true;
			return -1;	/* the outermost one is what we need */
		}
		return 1;
	}
	return 0;
}

static bool find_inlined_in(Dwarf_Die *fn, Dwarf_Addr addr, Dwarf_Die *out)
{
	struct inl_find f = { .addr = addr };
	Dwarf_Die child;

	if (dwarf_child(fn, &child) != 0)
		return false;
	do {
		if (walk_tree(&child, NULL, inl_find_cb, &f) < 0 || f.found)
			break;
	} while (dwarf_siblingof(&child, &child) == 0);
	if (f.found)
		*out = f.die;
	return f.found;
}

typedef int (*line_cb)(const char *file, int line, Dwarf_Addr addr,
		       void *data);

/*
 * Walk the line rows of @cu, or of function @fn within it, as perf's
 * die_walk_lines(): is_stmt rows only; inside a function, rows of an
 * inlined callee count only as its call line. Then the decl line of
 * @fn (or of every function of @cu) at its entry.
 */
static int walk_lines(Dwarf_Die *cu, Dwarf_Die *fn, line_cb cb, void *data);

struct funclines {
	line_cb cb;
	void *data;
	bool recursive;
	int ret;
};

static const char *call_file(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	Dwarf_Word idx;
	Dwarf_Files *files;
	Dwarf_Die cu;
	size_t n;

	if (!dwarf_attr(die, DW_AT_call_file, &attr) ||
	    dwarf_formudata(&attr, &idx) || !dwarf_diecu(die, &cu, NULL, NULL) ||
	    dwarf_getsrcfiles(&cu, &files, &n) || idx >= n)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

/* as perf's __die_walk_funclines_cb(): call sites of inlined functions */
static int funclines_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct funclines *w = data;
	Dwarf_Attribute attr;
	Dwarf_Word cl;
	Dwarf_Addr a;
	const char *f;
	int line;

	if (dwarf_tag(die) != DW_TAG_inlined_subroutine)
		return 0;
	if (die_entry(die, &a))
		return w->recursive ? 0 : 1;
	f = call_file(die);
	if (f && dwarf_attr(die, DW_AT_call_line, &attr) &&
	    !dwarf_formudata(&attr, &cl) && cl > 0) {
		w->ret = w->cb(f, (int)cl, a, w->data);
		if (w->ret)
			return -1;
	}
	f = die_decl_file(die);
	if (f && die_decl_line(die, &line) == 0) {
		w->ret = w->cb(f, line, a, w->data);
		if (w->ret)
			return -1;
	}
	return w->recursive ? 0 : 1;
}

/* the decl line of @sp at its entry, then its inlined call sites */
static int funclines(Dwarf_Die *sp, bool recursive, line_cb cb, void *data)
{
	struct funclines w = { cb, data, recursive, 0 };
	const char *f = die_decl_file(sp);
	Dwarf_Die child;
	Dwarf_Addr a;
	int line;

	if (f && die_decl_line(sp, &line) == 0 && die_entry(sp, &a) == 0) {
		w.ret = cb(f, line, a, data);
		if (w.ret)
			return w.ret;
	}
	if (dwarf_child(sp, &child) != 0)
		return 0;
	do {
		if (walk_tree(&child, NULL, funclines_cb, &w) < 0 || w.ret)
			break;
	} while (dwarf_siblingof(&child, &child) == 0);
	return w.ret;
}

struct decl_walk {
	line_cb cb;
	void *data;
	int ret;
};

static int decl_walk_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct decl_walk *w = data;

	if (dwarf_tag(die) != DW_TAG_subprogram)
		return 0;
	if (die_has_code(die)) {
		w->ret = funclines(die, true, w->cb, w->data);
		if (w->ret)
			return -1;
	}
	return 1;
}

static int walk_lines(Dwarf_Die *cu, Dwarf_Die *fn, line_cb cb, void *data)
{
	Dwarf_Lines *lines;
	size_t n;
	int decl = 0;
	const char *decf = NULL;

	if (dwarf_getsrclines(cu, &lines, &n))
		return -ENOENT;
	if (fn) {
		die_decl_line(fn, &decl);
		decf = die_decl_file(fn);
	}
	for (size_t i = 0; i < n; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		Dwarf_Addr addr;
		bool flag;
		int lineno, ret;
		const char *file;

		if (!l || dwarf_lineno(l, &lineno) || dwarf_lineaddr(l, &addr))
			continue;
		if (dwarf_lineendsequence(l, &flag) || flag)
			continue;
		if (dwarf_linebeginstatement(l, &flag) || !flag)
			continue;
		if (fn) {
			Dwarf_Die inl;

			if (dwarf_haspc(fn, addr) <= 0)
				continue;
			if (find_inlined_in(fn, addr, &inl)) {
				Dwarf_Attribute at;
				Dwarf_Word cl = 0;
				int il = 0;

				if (dwarf_attr(&inl, DW_AT_call_line, &at) &&
				    !dwarf_formudata(&at, &cl) &&
				    (int)cl == lineno)
					goto found;
				die_decl_line(&inl, &il);
				if (il != decl || !decf || !die_decl_file(&inl) ||
				    strcmp(decf, die_decl_file(&inl)))
					continue;
			}
		}
found:
		file = dwarf_linesrc(l, NULL, NULL);
		if (!file)
			continue;
		ret = cb(file, lineno, addr, data);
		if (ret)
			return ret;
	}
	if (fn) {
		return funclines(fn, false, cb, data);
	} else {
		struct decl_walk w = { cb, data, 0 };

		walk_tree(cu, cu, decl_walk_cb, &w);
		return w.ret;
	}
}

/* ---- locations ---- */

/* a value: in a register/immediate (base), or in memory at base+off */
struct fexpr {
	bool mem;
	char *base;	/* "%di", "\\5", "@+0x4010", or a nested fetch */
	long off;
};

static char *fexpr_str(const struct fexpr *e)
{
	struct strbuf sb = STRBUF_INIT;

	if (!e->mem)
		strbuf_addstr(&sb, e->base);
	else
		strbuf_addf(&sb, "%+ld(%s)", e->off, e->base);
	return strbuf_detach(&sb, NULL);
}

static void fexpr_set(struct fexpr *e, bool mem, const char *base, long off)
{
	free(e->base);
	e->mem = mem;
	e->base = xstrdup(base);
	e->off = off;
}

/* deref: the value of @e is an address; point at *(value + off) */
static void fexpr_deref(struct fexpr *e, long off)
{
	char *s = fexpr_str(e);

	free(e->base);
	e->base = s;
	e->mem = true;
	e->off = off;
}

struct ctx {
	struct probe_bin *b;
	Dwarf_Die cu;
	Dwarf_Die fn;		/* the probed function instance */
	Dwarf_Addr addr;
	Dwarf_Die *scopes;	/* concrete_scopes() at addr */
	int nscopes;
	struct strbuf *err;
};

/* register + offset from a one-op expression (DW_OP_bregN, bregx) */
static int breg_of(const Dwarf_Op *op, unsigned int *reg, long *off)
{
	if (op->atom >= DW_OP_breg0 && op->atom <= DW_OP_breg31) {
		*reg = op->atom - DW_OP_breg0;
		*off = (long)(Dwarf_Sword)op->number;
		return 0;
	}
	if (op->atom == DW_OP_bregx) {
		*reg = op->number;
		*off = (long)(Dwarf_Sword)op->number2;
		return 0;
	}
	return -EINVAL;
}

/* frame base of the real function around addr: register and offset */
static int frame_base(struct ctx *c, unsigned int *reg, long *off)
{
	Dwarf_Die *sp = NULL;
	Dwarf_Attribute attr;
	Dwarf_Op *ops;
	size_t nops;

	for (int i = 0; i < c->nscopes; i++)
		if (dwarf_tag(&c->scopes[i]) == DW_TAG_subprogram) {
			sp = &c->scopes[i];
			break;
		}
	if (!sp || !dwarf_attr(sp, DW_AT_frame_base, &attr) ||
	    dwarf_getlocation_addr(&attr, c->addr, &ops, &nops, 1) <= 0 ||
	    nops < 1)
		return -ENOENT;
	if (ops[0].atom == DW_OP_call_frame_cfa) {
		Dwarf_Frame *frame = NULL;
		Dwarf_Op *cops;
		size_t ncops;
		int ret = -ENOENT;

		if ((!c->b->cfi_eh ||
		     dwarf_cfi_addrframe(c->b->cfi_eh, c->addr, &frame)) &&
		    (!c->b->cfi_dbg ||
		     dwarf_cfi_addrframe(c->b->cfi_dbg, c->addr, &frame)))
			return -ENOENT;
		if (dwarf_frame_cfa(frame, &cops, &ncops) == 0 && ncops == 1)
			ret = breg_of(&cops[0], reg, off);
		free(frame);
		return ret;
	}
	if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31) {
		*reg = ops[0].atom - DW_OP_reg0;
		*off = 0;
		return 0;
	}
	return breg_of(&ops[0], reg, off);
}

/* the location of variable @var at c->addr as a fetch expression */
static int var_location(struct ctx *c, Dwarf_Die *var, const char *name,
			struct fexpr *e)
{
	Dwarf_Attribute attr;
	Dwarf_Op *ops;
	size_t nops;
	unsigned int reg;
	long off;
	char buf[64];

	if (dwarf_attr(var, DW_AT_const_value, &attr)) {
		Dwarf_Sword v;
		Dwarf_Word u;

		if (dwarf_formsdata(&attr, &v) == 0)
			snprintf(buf, sizeof(buf), "\\%" PRId64, (int64_t)v);
		else if (dwarf_formudata(&attr, &u) == 0)
			snprintf(buf, sizeof(buf), "\\%" PRIu64, (uint64_t)u);
		else
			goto cannot;
		fexpr_set(e, false, buf, 0);
		return 0;
	}
	if (!dwarf_attr(var, DW_AT_location, &attr))
		goto optimized;
	if (dwarf_getlocation_addr(&attr, c->addr, &ops, &nops, 1) <= 0 ||
	    nops == 0)
		goto optimized;
	if (nops == 2 && ops[1].atom == DW_OP_stack_value) {
		if (ops[0].atom >= DW_OP_lit0 && ops[0].atom <= DW_OP_lit31) {
			snprintf(buf, sizeof(buf), "\\%d",
				 ops[0].atom - DW_OP_lit0);
		} else if (ops[0].atom == DW_OP_constu ||
			   ops[0].atom == DW_OP_const1u ||
			   ops[0].atom == DW_OP_const2u ||
			   ops[0].atom == DW_OP_const4u ||
			   ops[0].atom == DW_OP_const8u) {
			snprintf(buf, sizeof(buf), "\\%" PRIu64,
				 (uint64_t)ops[0].number);
		} else if (ops[0].atom == DW_OP_consts ||
			   ops[0].atom == DW_OP_const1s ||
			   ops[0].atom == DW_OP_const2s ||
			   ops[0].atom == DW_OP_const4s ||
			   ops[0].atom == DW_OP_const8s) {
			snprintf(buf, sizeof(buf), "\\%" PRId64,
				 (int64_t)ops[0].number);
		} else {
			goto cannot;
		}
		fexpr_set(e, false, buf, 0);
		return 0;
	}
	if (nops != 1)
		goto cannot;
	if (ops[0].atom == DW_OP_fbreg) {
		if (frame_base(c, &reg, &off) || !regname(reg))
			goto cannot;
		fexpr_set(e, true, regname(reg),
			  off + (long)(Dwarf_Sword)ops[0].number);
		return 0;
	}
	if (!breg_of(&ops[0], &reg, &off)) {
		if (!regname(reg))
			goto cannot;
		fexpr_set(e, true, regname(reg), off);
		return 0;
	}
	if ((ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31) ||
	    ops[0].atom == DW_OP_regx) {
		reg = ops[0].atom == DW_OP_regx ? (unsigned int)ops[0].number :
			(unsigned int)(ops[0].atom - DW_OP_reg0);
		if (!regname(reg))
			goto cannot;
		fexpr_set(e, false, regname(reg), 0);
		return 0;
	}
	if (ops[0].atom == DW_OP_addr && !c->b->kernel) {
		uint64_t fo;

		/*
		 * @+OFFSET: the kernel adds OFFSET to the probe's address
		 * minus the probe's file offset (trace_uprobe.c,
		 * translate_user_vaddr), so OFFSET is the variable's address
		 * relative to the mapping of the probed code.
		 */
		if (probe_bin_file_offset(c->b, c->addr, &fo))
			goto cannot;
		snprintf(buf, sizeof(buf), "@+0x%" PRIx64,
			 (uint64_t)ops[0].number - (uint64_t)c->addr + fo);
		fexpr_set(e, true, buf, 0);
		e->mem = false;	/* "@+off" already reads memory */
		return 0;
	}
cannot:
	strbuf_addf(c->err, "the location of '%s' at this address is a DWARF "
		    "expression ptool cannot turn into a fetch-arg", name);
	return -EINVAL;
optimized:
	strbuf_addf(c->err, "'%s' is not available at this address "
		    "(optimized out)", name);
	return -ENOENT;
}

static bool peel(Dwarf_Die *t)
{
	return dwarf_peel_type(t, t) == 0;
}

static bool die_type(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute attr;

	return dwarf_attr_integrate(die, DW_AT_type, &attr) &&
	       dwarf_formref_die(&attr, type);
}

/*
 * perf's type names: "int", "char**", "struct pt", "int*" for arrays,
 * without const/volatile
 */
static void type_name(Dwarf_Die *die, struct strbuf *out)
{
	Dwarf_Die t;
	const char *n;

	if (!die_type(die, &t)) {
		strbuf_addstr(out, "void");
		return;
	}
	switch (dwarf_tag(&t)) {
	case DW_TAG_pointer_type:
		type_name(&t, out);
		strbuf_addch(out, '*');
		return;
	case DW_TAG_array_type:
		type_name(&t, out);
		strbuf_addch(out, '*');
		return;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
		/* perf prints types without qualifiers ("char*") */
		type_name(&t, out);
		return;
	case DW_TAG_structure_type:
		strbuf_addstr(out, "struct ");
		break;
	case DW_TAG_union_type:
		strbuf_addstr(out, "union ");
		break;
	case DW_TAG_enumeration_type:
		strbuf_addstr(out, "enum ");
		break;
	case DW_TAG_subroutine_type:
		strbuf_addstr(out, "(function_type)");
		return;
	default:
		break;
	}
	n = dwarf_diename(&t);
	strbuf_addstr(out, n ? n : "");
}

/*
 * The fetch type of a value of type @t, by perf's convert_variable_type():
 * 's' for a signed integer or char encoding, 'x' for everything else
 * (unsigned, bool, float, enum, pointer, struct), unless @cast is "s", "u"
 * or "x"; the type's size in bits, at most 64. NULL (the kernel's default
 * type) when the type has no size, as an array.
 */
static const char *fetch_type(Dwarf_Die *t, const char *cast, char buf[32])
{
	Dwarf_Attribute attr;
	Dwarf_Word enc = 0;
	char prefix;
	int size;

	if (!peel(t))
		return NULL;
	if (dwarf_attr(t, DW_AT_encoding, &attr))
		dwarf_formudata(&attr, &enc);
	if (cast && (!strcmp(cast, "u") || !strcmp(cast, "s") ||
		     !strcmp(cast, "x")))
		prefix = cast[0];
	else
		prefix = enc == DW_ATE_signed || enc == DW_ATE_signed_char ||
			 enc == DW_ATE_signed_fixed ? 's' : 'x';
	size = dwarf_bytesize(t);
	if (size <= 0)
		return NULL;
	snprintf(buf, 32, "%c%d", prefix, size * 8 > 64 ? 64 : size * 8);
	return buf;
}

/* a bitfield member @m: perf's "b<bits>@<offset>/<container bits>" */
static const char *bitfield_type(Dwarf_Die *m, char buf[32])
{
	int bits = dwarf_bitsize(m), offs, total;

	if (bits <= 0)
		return NULL;
	offs = dwarf_bitoffset(m);
	total = dwarf_bytesize(m);
	if (offs < 0 || total < 0)
		return NULL;
	snprintf(buf, 32, "b%d@%d/%d", bits, offs, total * 8);
	return buf;
}

/* a data member of struct/union type @st named @name */
static bool find_member(Dwarf_Die *st, const char *name, Dwarf_Die *out,
			long *off)
{
	Dwarf_Die child;

	if (dwarf_child(st, &child) != 0)
		return false;
	do {
		const char *n = dwarf_diename(&child);
		Dwarf_Attribute attr;
		Dwarf_Word w = 0;

		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		if (dwarf_attr(&child, DW_AT_data_member_location, &attr))
			dwarf_formudata(&attr, &w);
		if (n && !strcmp(n, name)) {
			*out = child;
			*off = (long)w;
			return true;
		}
		if (!n) {	/* anonymous struct/union member */
			Dwarf_Die t;
			long sub;

			if (die_type(&child, &t) && peel(&t) &&
			    find_member(&t, name, out, &sub)) {
				*off = (long)w + sub;
				return true;
			}
		}
	} while (dwarf_siblingof(&child, &child) == 0);
	return false;
}

/* find a variable or parameter visible at c->addr */
static bool find_var(struct ctx *c, const char *name, Dwarf_Die *out)
{
	for (int i = 0; i < c->nscopes; i++) {
		Dwarf_Die *s = &c->scopes[i], child;
		int tag = dwarf_tag(s);

		if (dwarf_child(s, &child) == 0) {
			do {
				int t = dwarf_tag(&child);
				const char *n;

				if (t != DW_TAG_variable &&
				    t != DW_TAG_formal_parameter)
					continue;
				n = dwarf_diename(&child);
				if (n && !strcmp(n, name)) {
					*out = child;
					return true;
				}
			} while (dwarf_siblingof(&child, &child) == 0);
		}
		if (is_func_tag(tag)) {
			/* then globals of the CU */
			s = &c->scopes[c->nscopes - 1];
			if (i == c->nscopes - 1 || dwarf_child(s, &child))
				return false;
			do {
				const char *n;

				if (dwarf_tag(&child) != DW_TAG_variable)
					continue;
				n = dwarf_diename(&child);
				if (n && !strcmp(n, name)) {
					*out = child;
					return true;
				}
			} while (dwarf_siblingof(&child, &child) == 0);
			return false;
		}
	}
	return false;
}

static int fail(struct strbuf *err, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct strbuf *err, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return ret;
}

/*
 * Translate VAR[->F|.F|[N]]...[:TYPE] at c->addr into "name=fetch:type".
 * @display gets perf's "x=p.x" form.
 */
static int convert_var(struct ctx *c, Dwarf_Die *var, const char *expr,
		       const char *argname, const char *cast,
		       struct strbuf *out)
{
	struct fexpr e = { 0 };
	Dwarf_Die type;
	char *buf = xstrdup(expr), *p = buf, *lastname;
	const char *ft = NULL;
	char tbuf[32];
	bool have_type, member = false;
	Dwarf_Die mem_die;
	int ret;

	p += strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_");
	lastname = xstrndup(buf, p - buf);
	ret = var_location(c, var, lastname, &e);
	if (ret)
		goto out;
	have_type = die_type(var, &type);
	while (*p) {
		bool arrow = p[0] == '-' && p[1] == '>';

		if (!have_type || !peel(&type)) {
			ret = fail(c->err, -EINVAL, "'%s': no type information "
				   "to follow '%s'", expr, p);
			goto out;
		}
		if (*p == '[') {
			long idx = strtol(p + 1, &p, 10), size;
			Dwarf_Die elem;
			int tag = dwarf_tag(&type);

			p++;	/* ']' */
			if ((tag != DW_TAG_array_type &&
			     tag != DW_TAG_pointer_type) ||
			    !die_type(&type, &elem)) {
				ret = fail(c->err, -EINVAL, "'%s' is not an "
					   "array or a pointer in '%s'",
					   lastname, expr);
				goto out;
			}
			{
				Dwarf_Word sz;

				if (dwarf_aggregate_size(&elem, &sz)) {
					ret = fail(c->err, -EINVAL, "unknown "
						   "element size in '%s'", expr);
					goto out;
				}
				size = (long)sz;
			}
			if (tag == DW_TAG_pointer_type) {
				fexpr_deref(&e, idx * size);
			} else {
				if (!e.mem) {
					ret = fail(c->err, -EINVAL, "array '%s' "
						   "is not in memory", lastname);
					goto out;
				}
				e.off += idx * size;
			}
			type = elem;
			continue;
		}
		/* member access */
		{
			Dwarf_Die st = type, mem;
			const char *f = p + (arrow ? 2 : 1);
			char *field;
			long moff;
			int tag = dwarf_tag(&st);

			p = (char *)f + strspn(f, "abcdefghijklmnopqrstuvwxyz"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			field = xstrndup(f, p - f);
			if (arrow) {
				if (tag != DW_TAG_pointer_type ||
				    !die_type(&st, &st) || !peel(&st)) {
					ret = fail(c->err, -EINVAL, "'%s' is not "
						   "a pointer to a struct (use "
						   "'.' for '%s')", lastname,
						   field);
					free(field);
					goto out;
				}
				tag = dwarf_tag(&st);
			} else if (tag == DW_TAG_pointer_type) {
				ret = fail(c->err, -EINVAL, "'%s' is a pointer:"
					   " use '->%s'", lastname, field);
				free(field);
				goto out;
			}
			if ((tag != DW_TAG_structure_type &&
			     tag != DW_TAG_union_type) ||
			    !find_member(&st, field, &mem, &moff)) {
				ret = fail(c->err, -ENOENT, "'%s' has no member "
					   "'%s'", lastname, field);
				free(field);
				goto out;
			}
			if (arrow) {
				fexpr_deref(&e, moff);
			} else {
				if (!e.mem) {
					ret = fail(c->err, -EINVAL, "'%s' is "
						   "held in a register: cannot "
						   "take its member '%s'",
						   lastname, field);
					free(field);
					goto out;
				}
				e.off += moff;
			}
			free(lastname);
			lastname = field;
			have_type = die_type(&mem, &type);
			mem_die = mem;
			member = true;
		}
	}
	if (cast && (!strcmp(cast, "string") || !strcmp(cast, "ustring"))) {
		Dwarf_Die t = type;

		/* a char * holds the string's address: read through it */
		if (have_type && peel(&t) && dwarf_tag(&t) == DW_TAG_pointer_type)
			fexpr_deref(&e, 0);
		ft = cast;
	} else if (cast && strcmp(cast, "u") && strcmp(cast, "s") &&
		   strcmp(cast, "x")) {
		ft = cast;
	} else if (member && dwarf_bitsize(&mem_die) > 0) {
		/* perf reads DW_AT_bit_offset only (DWARF 5 has none) */
		ft = bitfield_type(&mem_die, tbuf);
		if (!ft) {
			ret = fail(c->err, -ENOENT, "cannot get the offset of "
				   "bitfield '%s'", lastname);
			goto out;
		}
	} else if (have_type) {
		Dwarf_Die t = type;

		ft = fetch_type(&t, cast, tbuf);
	}
	{
		char *s = fexpr_str(&e);

		if (argname)
			strbuf_addf(out, "%s=%s", argname, s);
		else if (cast && !strcmp(lastname, expr))
			/* perf names a cast plain variable "n_u32" */
			strbuf_addf(out, "%s_%s=%s", lastname, cast, s);
		else
			strbuf_addf(out, "%s=%s", lastname, s);
		if (ft)
			strbuf_addf(out, ":%s", ft);
		free(s);
	}
	ret = 0;
out:
	free(e.base);
	free(lastname);
	free(buf);
	return ret;
}

/* the function DIE whose variables $params lists */
static Dwarf_Die *ctx_func(struct ctx *c)
{
	for (int i = 0; i < c->nscopes; i++)
		if (is_func_tag(dwarf_tag(&c->scopes[i])))
			return &c->scopes[i];
	return NULL;
}

typedef int (*var_cb)(struct ctx *c, Dwarf_Die *var, void *data);

/* parameters (and with @locals, locals in scope) of the probed function */
static void for_each_var(struct ctx *c, bool locals, var_cb cb, void *data)
{
	int last = -1;

	for (int i = 0; i < c->nscopes; i++)
		if (is_func_tag(dwarf_tag(&c->scopes[i]))) {
			last = i;
			break;
		}
	if (last < 0)
		return;
	/* outermost (the function) first, as perf lists them */
	for (int i = last; i >= 0; i--) {
		Dwarf_Die child;

		if (!locals && i != last)
			break;
		if (dwarf_child(&c->scopes[i], &child))
			continue;
		do {
			int t = dwarf_tag(&child);

			if (t == DW_TAG_formal_parameter ||
			    (locals && t == DW_TAG_variable))
				cb(c, &child, data);
		} while (dwarf_siblingof(&child, &child) == 0);
	}
}

struct multi {
	struct strbuf *out;
	int n;
	bool params_only;
};

static int multi_cb(struct ctx *c, Dwarf_Die *var, void *data)
{
	struct multi *m = data;
	struct strbuf err = STRBUF_INIT, one = STRBUF_INIT;
	struct strbuf *saved = c->err;
	const char *name = dwarf_diename(var);

	if (m->params_only && dwarf_tag(var) != DW_TAG_formal_parameter)
		return 0;
	if (!name)
		return 0;
	c->err = &err;
	/* $vars and $params silently skip what is not available here */
	if (!convert_var(c, var, name, NULL, NULL, &one)) {
		if (m->out->len)
			strbuf_addch(m->out, '\n');
		strbuf_add(m->out, one.buf, one.len);
		m->n++;
	}
	c->err = saved;
	strbuf_release(&err);
	strbuf_release(&one);
	return 0;
}

static void add_arg(struct probe_loc *loc, const char *s)
{
	loc->args = xrealloc(loc->args, (loc->nargs + 1) * sizeof(char *));
	loc->args[loc->nargs++] = xstrdup(s);
}

static int convert_args(struct ctx *c, const struct probe_spec *s,
			struct probe_loc *loc)
{
	for (int i = 0; i < s->nargs; i++) {
		const struct probe_arg *a = &s->args[i];
		struct strbuf sb = STRBUF_INIT;
		const char *v = a->var;
		Dwarf_Die var;
		int ret;

		if (!strcmp(v, "$params") || !strcmp(v, "$vars")) {
			struct multi m = { &sb, 0, v[1] == 'p' };

			for_each_var(c, v[1] == 'v', multi_cb, &m);
			for (char *p = sb.buf, *nl; *p; p = nl + 1) {
				nl = strchr(p, '\n');
				if (nl)
					*nl = '\0';
				add_arg(loc, p);
				if (!nl)
					break;
			}
			strbuf_release(&sb);
			continue;
		}
		if (v[0] == '$' || v[0] == '%' || v[0] == '@' || v[0] == '+' ||
		    v[0] == '-') {
			/* already a fetch-arg: pass it through */
			if (a->name)
				strbuf_addf(&sb, "%s=", a->name);
			strbuf_addstr(&sb, v);
			if (a->type)
				strbuf_addf(&sb, ":%s", a->type);
			add_arg(loc, sb.buf);
			strbuf_release(&sb);
			continue;
		}
		{
			char *base = xstrndup(v, strspn(v,
				"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"0123456789_"));
			bool found = find_var(c, base, &var);

			if (!found) {
				const char *fn = ctx_func(c) ?
					dwarf_diename(ctx_func(c)) : NULL;

				strbuf_addf(c->err, "no variable '%s' at this "
					    "address in '%s'", base,
					    fn ? fn : "?");
				free(base);
				return -ENOENT;
			}
			free(base);
		}
		ret = convert_var(c, &var, v, a->name, a->type, &sb);
		if (ret) {
			strbuf_release(&sb);
			return ret;
		}
		add_arg(loc, sb.buf);
		strbuf_release(&sb);
	}
	return 0;
}

/*
 * The concrete scopes containing @addr, innermost first, the CU last. Not
 * dwarf_getscopes(): past an inlined subroutine it continues with the
 * scopes of the abstract definition, while a probe needs the caller's
 * frame (its locals, its frame base), as perf's die_get_scopes().
 */
static void scopes_rec(Dwarf_Die *die, Dwarf_Addr addr, Dwarf_Die **v,
		       int *n, int *alloc)
{
	Dwarf_Die child;

	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = *die;
	if (dwarf_child(die, &child) != 0)
		return;
	do {
		int tag = dwarf_tag(&child);

		if ((is_func_tag(tag) || tag == DW_TAG_lexical_block ||
		     tag == DW_TAG_try_block || tag == DW_TAG_catch_block) &&
		    dwarf_haspc(&child, addr) > 0) {
			scopes_rec(&child, addr, v, n, alloc);
			return;
		}
	} while (dwarf_siblingof(&child, &child) == 0);
}

static int concrete_scopes(Dwarf_Die *cu, Dwarf_Addr addr, Dwarf_Die **out)
{
	Dwarf_Die *v = NULL;
	int n = 0, alloc = 0;

	scopes_rec(cu, addr, &v, &n, &alloc);
	for (int i = 0; i < n / 2; i++) {
		Dwarf_Die t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	*out = v;
	return n;
}

static int ctx_init(struct ctx *c, struct probe_bin *b, Dwarf_Die *cu,
		    Dwarf_Die *fn, Dwarf_Addr addr, struct strbuf *err)
{
	memset(c, 0, sizeof(*c));
	c->b = b;
	c->cu = *cu;
	c->fn = *fn;
	c->addr = addr;
	c->err = err;
	c->nscopes = concrete_scopes(cu, addr, &c->scopes);
	if (c->nscopes <= 1) {
		c->nscopes = 0;
		return fail(err, -ENOENT, "no scope at 0x%" PRIx64,
			    (uint64_t)addr);
	}
	/*
	 * The probe belongs to @fn: a call line of main is probed where an
	 * inlined callee starts, but its variables are main's. Drop the
	 * scopes of functions inlined into @fn (and their blocks).
	 */
	for (int i = 0; i < c->nscopes; i++) {
		if (dwarf_dieoffset(&c->scopes[i]) != dwarf_dieoffset(fn))
			continue;
		for (int k = i - 1; k >= 0; k--) {
			if (!is_func_tag(dwarf_tag(&c->scopes[k])))
				continue;
			memmove(c->scopes, c->scopes + k + 1,
				(c->nscopes - k - 1) * sizeof(*c->scopes));
			c->nscopes -= k + 1;
			break;
		}
		break;
	}
	return 0;
}

static void ctx_release(struct ctx *c)
{
	free(c->scopes);
}

/* the real function containing addr (for naming and kernel symbols) */
static int add_loc(struct probe_bin *b, struct probe_locs *out,
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

		loc.symbol = symbol_at(b, addr, &start);
		if (!loc.symbol)
			return fail(err, -ENOENT, "no symbol at 0x%" PRIx64,
				    (uint64_t)addr);
		loc.offset = addr - start;
	} else if (probe_bin_file_offset(b, addr, &loc.offset)) {
		return fail(err, -ENOENT, "0x%" PRIx64 " is in no loadable "
			    "segment of '%s'", (uint64_t)addr, b->path);
	}
	loc.func = xstrdup(name ? name : "probe");
	if (s && s->nargs) {
		struct ctx c;

		ret = ctx_init(&c, b, cu, fn, addr, err);
		if (!ret)
			ret = convert_args(&c, s, &loc);
		ctx_release(&c);
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

		if (die_entry(&f->die, &a))
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
				return fail(err, -EINVAL, "offset %" PRIu64
					    " is outside '%s'", s->offset,
					    s->func);
			}
		} else if (!s->ret && !f->inlined && !b->kernel &&
			   spec_has_vars(s) && !cu_optimized(&f->cu)) {
			Dwarf_Addr p = skip_prologue(&f->cu, &f->die, a);

			skip = p != a;
			a = p;
		}
		ret = add_loc(b, out, &f->cu, &f->die, a, s,
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
		return fail(err, -ENOENT, "'%s' is only inlined: %s needs "
			    "a real function", s->func,
			    s->ret ? "%return" : "an offset");
	return 0;
}

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

static int line_find_cb(const char *file, int line, Dwarf_Addr addr,
			void *data)
{
	struct line_find *f = data;
	const char *rfile;
	int rline, ret;
	Dwarf_Die sc;

	if (line != f->line || !path_tail_eq(file, f->file))
		return 0;
	if (addr_line(&f->cu, addr, &rfile, &rline) == 0 &&
	    (rline != line || strcmp(rfile, file))) {
		return f->ret = fail(f->err, -ENOENT, "line %d of '%s' shares "
				     "its address with line %d: probe that "
				     "line instead", line, f->file, rline);
	}
	if (!find_scope(&f->cu, addr, f->func, line, &sc))
		return f->ret = fail(f->err, -ENOENT, "no function around line "
				     "%d of '%s'", line, f->file);
	ret = add_loc(f->b, f->out, &f->cu, &sc, addr, f->s, line, false,
		      f->err);
	if (ret)
		return f->ret = ret;
	return 0;
}

static int line_find_cu(Dwarf_Die *cu, void *data)
{
	struct line_find *f = data;

	f->cu = *cu;
	walk_lines(cu, NULL, line_find_cb, f);
	return f->ret;
}

/*
 * Open a source file, looking under the --source directory too, as perf
 * does: DIR/PATH, then with PATH's leading components dropped one by one
 * (DIR//b/c.c, DIR//c.c). @found, when not NULL, gets the path opened.
 */
static FILE *open_source(const struct probe_bin *b, const char *path,
			 char **found)
{
	FILE *fp = fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;

	if (fp || !b->srcdir) {
		if (fp && found)
			*found = xstrdup(path);
		return fp;
	}
	for (const char *p = path; p && !fp; p = strchr(p + 1, '/')) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", b->srcdir, p);
		fp = fopen(sb.buf, "r");
	}
	if (fp && found)
		*found = strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	if (!fp)
		errno = ENOENT;
	return fp;
}

/* perf's lazy match: a glob against the line with its blanks removed */
static bool lazy_match(const char *line, const char *pat)
{
	char *dup = xmalloc(strlen(line) + 1), *d = dup;
	bool ok;

	for (const char *p = line; *p; p++)
		if (!isspace((unsigned char)*p))
			*d++ = *p;
	*d = '\0';
	ok = !fnmatch(pat, dup, 0);
	free(dup);
	return ok;
}

/* the lines of @path matching @pat: a new array of flags, [1..*n] */
static unsigned char *lazy_lines(const struct probe_bin *b, const char *path,
				 const char *pat, int *n)
{
	FILE *fp = open_source(b, path, NULL);
	unsigned char *ok = NULL;
	char *text = NULL;
	size_t cap = 0;
	int ln = 0, alloc = 0;

	if (!fp)
		return NULL;
	while (getline(&text, &cap, fp) > 0) {
		ln++;
		ALLOC_GROW(ok, ln + 1, alloc);
		text[strcspn(text, "\n")] = '\0';
		ok[ln] = lazy_match(text, pat);
	}
	fclose(fp);
	free(text);
	*n = ln;
	if (!ok)
		ok = xcalloc(1, 1);
	return ok;
}

/* a relative source path as the compiler saw it: join DW_AT_comp_dir */
static char *source_path(Dwarf_Die *cu, const char *file)
{
	Dwarf_Attribute attr;
	const char *dir;
	struct strbuf sb = STRBUF_INIT;

	if (file[0] == '/')
		return xstrdup(file);
	dir = dwarf_attr(cu, DW_AT_comp_dir, &attr) ? dwarf_formstring(&attr) :
		NULL;
	if (dir)
		strbuf_addf(&sb, "%s/", dir);
	strbuf_addstr(&sb, file);
	return strbuf_detach(&sb, NULL);
}

struct lazy_find {
	struct probe_bin *b;
	const struct probe_spec *s;
	Dwarf_Die cu;
	Dwarf_Die *fn;		/* FUNC;PTN: the instance, else NULL */
	const char *file;	/* the file the flags are about */
	unsigned char *ok;
	int nlines;
	struct probe_locs *out;
	struct strbuf *err;
	int ret;
};

static int lazy_find_cb(const char *file, int line, Dwarf_Addr addr,
			void *data)
{
	struct lazy_find *f = data;
	Dwarf_Die sc;

	if (line < 1 || line > f->nlines || !f->ok[line] ||
	    !path_tail_eq(file, f->file))
		return 0;
	if (f->fn)
		sc = *f->fn;
	else if (!find_scope(&f->cu, addr, NULL, line, &sc))
		return 0;
	f->ret = add_loc(f->b, f->out, &f->cu, &sc, addr, f->s, line, false,
			 f->err);
	return f->ret;
}

static int lazy_find_cu(Dwarf_Die *cu, void *data)
{
	struct lazy_find *f = data;
	Dwarf_Files *files;
	size_t nf;

	/* only CUs that use the file */
	if (dwarf_getsrcfiles(cu, &files, &nf))
		return 0;
	for (size_t i = 0; i < nf; i++) {
		const char *name = dwarf_filesrc(files, i, NULL, NULL);

		if (name && path_tail_eq(name, f->s->file)) {
			if (!f->ok) {
				char *path = source_path(cu, name);

				f->ok = lazy_lines(f->b, path, f->s->lazy,
						   &f->nlines);
				free(path);
				if (!f->ok) {
					f->ret = fail(f->err, -ENOENT, "cannot "
						      "open source file '%s' "
						      "for the line pattern",
						      name);
					return f->ret;
				}
			}
			f->cu = *cu;
			f->fn = NULL;
			walk_lines(cu, NULL, lazy_find_cb, f);
			break;
		}
	}
	return f->ret;
}

/* FUNC;PATTERN and SRC;PATTERN, as perf's lazy lines */
static int resolve_lazy(struct probe_bin *b, const struct probe_spec *s,
			struct insts *in, struct probe_locs *out,
			struct strbuf *err)
{
	struct lazy_find f = { .b = b, .s = s, .out = out, .err = err };

	if (!s->func) {
		f.file = s->file;
		for_each_cu(b, lazy_find_cu, &f);
	} else {
		for (int i = 0; i < in->nr && !f.ret; i++) {
			const char *decf = die_decl_file(&in->v[i].die);
			char *path;

			if (!decf)
				continue;
			free(f.ok);
			path = source_path(&in->v[i].cu, decf);
			f.ok = lazy_lines(b, path, s->lazy, &f.nlines);
			free(path);
			if (!f.ok)
				return fail(err, -ENOENT, "cannot open source "
					    "file '%s' for the line pattern",
					    decf);
			f.cu = in->v[i].cu;
			f.fn = &in->v[i].die;
			f.file = decf;
			walk_lines(&f.cu, f.fn, lazy_find_cb, &f);
		}
	}
	free(f.ok);
	if (f.ret)
		return f.ret;
	if (!out->nr)
		return fail(err, -ENOENT, "no line of '%s' matches '%s'",
			    s->func ? s->func : s->file, s->lazy);
	return 0;
}

/* 0xADDR: a virtual address; variables through DWARF when it has some */
static int resolve_addr(struct probe_bin *b, const struct probe_spec *s,
			struct probe_locs *out, struct strbuf *err)
{
	struct probe_loc loc = { .vaddr = s->addr, .line = -1 };
	Dwarf_Die cu, fn;
	char buf[32];

	if (b->kernel)
		return fail(err, -EINVAL, "absolute addresses are for uprobes "
			    "(-x BIN)");
	if (b->dw && dwarf_addrdie(b->dw, s->addr, &cu) &&
	    find_scope(&cu, s->addr, NULL, 1 << 30, &fn)) {
		int ret = add_loc(b, out, &cu, &fn, s->addr, s, -1, false, err);

		if (!ret && out->nr) {
			char *f = out->v[out->nr - 1].func;

			snprintf(buf, sizeof(buf), "abs_%" PRIx64, s->addr);
			free(f);
			out->v[out->nr - 1].func = xstrdup(buf);
		}
		return ret;
	}
	if (spec_has_vars(s))
		return fail(err, -ENODATA, "no debug information at 0x%" PRIx64
			    " in '%s' for the variables", s->addr, b->path);
	if (probe_bin_file_offset(b, s->addr, &loc.offset))
		return fail(err, -ENOENT, "0x%" PRIx64 " is in no loadable "
			    "segment of '%s'", s->addr, b->path);
	snprintf(buf, sizeof(buf), "abs_%" PRIx64, s->addr);
	loc.func = xstrdup(buf);
	for (int j = 0; j < s->nargs; j++) {
		struct strbuf sb = STRBUF_INIT;

		if (s->args[j].name)
			strbuf_addf(&sb, "%s=", s->args[j].name);
		strbuf_addstr(&sb, s->args[j].var);
		if (s->args[j].type)
			strbuf_addf(&sb, ":%s", s->args[j].type);
		add_arg(&loc, sb.buf);
		strbuf_release(&sb);
	}
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
		walk_tree(&cu, &cu, entry_find_cb, &ef);
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
			return fail(err, -ENODATA, "'%s' has no debug "
				    "information: rebuild with -g, or probe a "
				    "function by name", b->path);
		find_syms(b, &f);
		if (!f.nr)
			return fail(err, -ENOENT, "no function '%s' in '%s'",
				    s->func, b->path);
		for (int i = 0; i < f.nr; i++) {
			struct probe_loc loc = { .line = -1 };

			if (s->has_offset && f.sizes[i] &&
			    s->offset >= f.sizes[i])
				return fail(err, -EINVAL, "offset %" PRIu64
					    " is outside '%s'", s->offset,
					    s->func);
			loc.vaddr = f.addrs[i] + s->offset;
			if (b->kernel) {
				loc.symbol = xstrdup(s->func);
				loc.offset = s->offset;
			} else if (probe_bin_file_offset(b, loc.vaddr,
							 &loc.offset)) {
				return fail(err, -ENOENT, "'%s' is in no "
					    "loadable segment", s->func);
			}
			loc.func = xstrdup(s->func);
			for (int j = 0; j < s->nargs; j++) {
				struct strbuf sb = STRBUF_INIT;

				if (s->args[j].name)
					strbuf_addf(&sb, "%s=", s->args[j].name);
				strbuf_addstr(&sb, s->args[j].var);
				if (s->args[j].type)
					strbuf_addf(&sb, ":%s", s->args[j].type);
				add_arg(&loc, sb.buf);
				strbuf_release(&sb);
			}
			ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			out->v[out->nr++] = loc;
		}
		return 0;
	}
	if (s->func) {
		find_instances(b, s->func, s->file, &in);
		if (!in.nr && !s->file)
			instances_from_symbols(b, s->func, &in);
		if (b->no_inlines) {
			int n = 0;

			for (int i = 0; i < in.nr; i++)
				if (!in.v[i].inlined)
					in.v[n++] = in.v[i];
			if (in.nr && !n) {
				ret = fail(err, -ENOENT, "'%s' is only inlined "
					   "(--no-inlines)", s->func);
				goto out;
			}
			in.nr = n;
		}
		if (!in.nr) {
			ret = fail(err, -ENOENT, "no function '%s'%s%s in '%s'",
				   s->func, s->file ? " in " : "",
				   s->file ? s->file : "", b->path);
			goto out;
		}
	}
	if (s->lazy) {
		ret = resolve_lazy(b, s, &in, out, err);
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
			if (die_decl_line(&fi->die, &decl) ||
			    !die_decl_file(&fi->die)) {
				ret = fail(err, -ENOENT, "no line information "
					   "for '%s'", s->func);
				goto out;
			}
			line += decl;
			file = xstrdup(die_decl_file(&fi->die));
			f.func = s->func;
		} else {
			file = xstrdup(s->file);
		}
		f.file = file;
		f.line = line;
		for_each_cu(b, line_find_cu, &f);
		ret = f.ret;
		free(file);
		if (!ret && !out->nr)
			ret = s->func ?
				fail(err, -ENOENT, "no code at line %d of '%s' "
				     "(see 'ptool probe -L %s')", s->line,
				     s->func, s->func) :
				fail(err, -ENOENT, "no code at line %d of '%s'",
				     s->line, s->file);
	}
out:
	free(in.v);
	return ret;
}

/* ---- -L ---- */

struct lines_set {
	const char *file;
	int start, end;
	Dwarf_Die cu;
	unsigned char *ok;	/* [line - start] */
	int max;
	char *path;		/* the full path of the file */
	Dwarf_Die path_cu;	/* the CU @path came from */
};

static int lines_set_cb(const char *file, int line, Dwarf_Addr addr,
			void *data)
{
	struct lines_set *l = data;
	const char *rf;
	int rl;

	if (!path_tail_eq(file, l->file) || line < l->start || line > l->end)
		return 0;
	if (addr_line(&l->cu, addr, &rf, &rl) == 0 &&
	    (rl != line || strcmp(rf, file)))
		return 0;
	l->ok[line - l->start] = 1;
	if (line > l->max)
		l->max = line;
	if (!l->path) {
		l->path = xstrdup(file);
		l->path_cu = l->cu;
	}
	return 0;
}

static int lines_set_cu(Dwarf_Die *cu, void *data)
{
	struct lines_set *l = data;

	l->cu = *cu;
	walk_lines(cu, NULL, lines_set_cb, l);
	return 0;
}

/* no source file is longer; larger numbers in a range are refused */
#define SHOW_MAX_LINE	(1 << 24)

int probe_show_lines(struct probe_bin *b, const char *range,
		     struct strbuf *out, struct strbuf *err)
{
	struct lines_set l = { 0 };
	char *spec = xstrdup(range), *colon, *name = spec;
	int rs = 0, re = -1, rel = 0, ret = 0;
	bool is_file, count = false;
	struct insts in = { 0 };
	FILE *fp = NULL;
	char *text = NULL;
	size_t cap = 0;

	if (!b->dw) {
		ret = fail(err, -ENODATA, "'%s' has no debug information: "
			   "rebuild with -g", b->path);
		goto out;
	}
	colon = strchr(spec, ':');
	if (colon) {
		char *p = colon + 1, *end;
		long lv;

		*colon = '\0';
		lv = strtol(p, &end, 10);
		if (end == p || lv < 0 || lv > SHOW_MAX_LINE)
			goto bad;
		rs = (int)lv;
		if (*end == '-' || *end == '+') {
			count = *end == '+';
			p = end + 1;
			lv = strtol(p, &end, 10);
			if (end == p || lv < 0 || lv > SHOW_MAX_LINE)
				goto bad;
			re = (int)lv;
			if (count)
				re = rs + re;
		}
		if (*end)
			goto bad;
	}
	is_file = strchr(name, '.') || strchr(name, '/');
	if (!is_file && !probe_name_valid(name))
		goto bad;
	if (!is_file) {
		int decl;

		find_instances(b, name, NULL, &in);
		if (!in.nr) {
			ret = fail(err, -ENOENT, "no function '%s' in '%s'",
				   name, b->path);
			goto out;
		}
		for (int i = 0; i < in.nr; i++)
			if (!in.v[i].inlined) {
				in.v[0] = in.v[i];
				break;
			}
		if (die_decl_line(&in.v[0].die, &decl) || decl < 0 ||
		    decl > SHOW_MAX_LINE) {	/* broken DWARF */
			ret = fail(err, -ENOENT, "no source line for '%s' in '%s'",
				   name, b->path);
			goto out;
		}
		rel = decl;
		l.file = die_decl_file(&in.v[0].die);
		if (!l.file) {	/* a broken line table */
			ret = fail(err, -ENOENT, "no source file for '%s' in '%s'",
				   name, b->path);
			goto out;
		}
		l.start = decl + rs;
		l.end = re == -1 ? 1 << 30 : decl + re;
		l.cu = in.v[0].cu;
		l.ok = xcalloc(1, (l.end == 1 << 30 ? 100000 : l.end - l.start
				   + 1) + 1);
		if (l.end == 1 << 30)
			l.end = l.start + 99999;
		walk_lines(&l.cu, &in.v[0].die, lines_set_cb, &l);
		/* as perf: an open range ends 3 lines after the last one */
		if (re == -1)
			l.end = l.max + 3;
	} else {
		l.file = name;
		l.start = rs ? rs : 1;
		l.end = re >= 0 ? re : l.start + 99999;
		l.ok = xcalloc(1, l.end - l.start + 2);
		for_each_cu(b, lines_set_cu, &l);
		if (re < 0)
			l.end = l.max + 3;
		if (!l.path) {
			ret = fail(err, -ENOENT, "no code from '%s' in '%s'",
				   name, b->path);
			goto out;
		}
	}
	if (!l.path)
		l.path = xstrdup(l.file);
	if (l.path[0] != '/') {
		/* relative to the compilation directory */
		Dwarf_Attribute attr;
		const char *dir = dwarf_attr(&l.path_cu, DW_AT_comp_dir,
					     &attr) ?
			dwarf_formstring(&attr) : NULL;

		if (dir) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%s/%s", dir, l.path);
			free(l.path);
			l.path = strbuf_detach(&sb, NULL);
		}
	}
	{
		char *found = NULL;

		fp = open_source(b, l.path, &found);
		if (fp) {
			free(l.path);
			l.path = found;
		}
	}
	if (!fp) {
		ret = fail(err, -errno, "cannot open source file '%s'",
			   l.path);
		goto out;
	}
	if (is_file)
		strbuf_addf(out, "<%s:%d>\n", l.path, l.start);
	else
		strbuf_addf(out, "<%s@%s:%d>\n", name, l.path, rs);
	for (int ln = 1; getline(&text, &cap, fp) > 0 && ln <= l.end; ln++) {
		if (ln < l.start)
			continue;
		text[strcspn(text, "\n")] = '\0';
		if (l.ok[ln - l.start])
			strbuf_addf(out, "%7d  %s\n", ln - (is_file ? 0 : rel),
				    text);
		else
			strbuf_addf(out, "         %s\n", text);
	}
	goto out;
bad:
	ret = fail(err, -EINVAL, "bad line range '%s' (FUNC[:RLN[+NUM|-RLN2]]"
		   " or SRC[:ALN[+NUM|-ALN2]])", range);
out:
	if (fp)
		fclose(fp);
	free(text);
	free(l.ok);
	free(l.path);
	free(in.v);
	free(spec);
	return ret;
}

/* ---- -V ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct vars_show {
	char **v;
	int nr, alloc;
	const char *filter;	/* perf's strfilter, or NULL */
};

/*
 * perf's strfilter: globs joined by '&' and '|' ('&' first), each may be
 * negated with '!', grouped with parentheses; *@p moves past what was read
 */
static bool sf_or(const char **p, const char *name);

static bool sf_factor(const char **p, const char *name)
{
	char glob[256];
	size_t n;

	while (**p == ' ')
		(*p)++;
	if (**p == '!') {
		(*p)++;
		return !sf_factor(p, name);
	}
	if (**p == '(') {
		bool r;

		(*p)++;
		r = sf_or(p, name);
		while (**p == ' ')
			(*p)++;
		if (**p == ')')
			(*p)++;
		return r;
	}
	n = strcspn(*p, "&|()");
	snprintf(glob, sizeof(glob), "%.*s", (int)n, *p);
	*p += n;
	while (n && glob[n - 1] == ' ')
		glob[--n] = '\0';
	return !fnmatch(glob, name, 0);
}

static bool sf_and(const char **p, const char *name)
{
	bool r = sf_factor(p, name);

	while (**p == ' ')
		(*p)++;
	while (**p == '&') {
		(*p)++;
		r = sf_factor(p, name) && r;
		while (**p == ' ')
			(*p)++;
	}
	return r;
}

static bool sf_or(const char **p, const char *name)
{
	bool r = sf_and(p, name);

	while (**p == '|') {
		(*p)++;
		r = sf_and(p, name) || r;
		while (**p == ' ')
			(*p)++;
	}
	return r;
}

bool probe_strfilter_match(const char *filter, const char *name)
{
	const char *p = filter;

	return !filter || sf_or(&p, name);
}

static int vars_show_cb(struct ctx *c, Dwarf_Die *var, void *data)
{
	struct vars_show *vs = data;
	struct strbuf err = STRBUF_INIT, one = STRBUF_INIT, sb = STRBUF_INIT;
	struct strbuf *saved = c->err;
	const char *name = dwarf_diename(var);

	if (!name || !probe_strfilter_match(vs->filter, name))
		return 0;
	c->err = &err;
	if (!convert_var(c, var, name, NULL, NULL, &one)) {
		type_name(var, &sb);
		strbuf_addf(&sb, "\t%s", name);
		ALLOC_GROW(vs->v, vs->nr + 1, vs->alloc);
		vs->v[vs->nr++] = strbuf_detach(&sb, NULL);
	}
	c->err = saved;
	strbuf_release(&err);
	strbuf_release(&one);
	strbuf_release(&sb);
	return 0;
}

int probe_show_vars(struct probe_bin *b, const struct probe_spec *s,
		    bool externs, const char *filter, struct strbuf *out,
		    struct strbuf *err)
{
	struct probe_locs locs = { .warn = STRBUF_INIT };
	struct probe_spec nos = *s;
	int ret;

	if (!b->dw)
		return fail(err, -ENODATA, "'%s' has no debug information: "
			    "rebuild with -g", b->path);
	nos.nargs = 0;
	ret = probe_resolve(b, &nos, &locs, err);
	if (ret)
		return ret;
	strbuf_addf(out, "Available variables at %s\n", s->text);
	for (int i = 0; i < locs.nr; i++) {
		struct probe_loc *loc = &locs.v[i];
		struct vars_show vs = { .filter = filter };
		Dwarf_Die cu, fn;
		struct ctx c;
		uint64_t start = 0;
		char *sym = symbol_at(b, loc->vaddr, &start);

		strbuf_addf(out, "\t@<%s+%" PRIu64 ">\n", sym ? sym : "?",
			    loc->vaddr - start);
		free(sym);
		/* the function instance the address was resolved in */
		if (!loc->die_off || !dwarf_offdie(b->dw, loc->die_off, &fn) ||
		    !dwarf_diecu(&fn, &cu, NULL, NULL))
			continue;
		if (ctx_init(&c, b, &cu, &fn, loc->vaddr, err))
			continue;
		for_each_var(&c, true, vars_show_cb, &vs);
		if (externs) {
			/* --externs: the CU's global and static variables */
			Dwarf_Die child;

			if (dwarf_child(&cu, &child) == 0) {
				do {
					if (dwarf_tag(&child) == DW_TAG_variable)
						vars_show_cb(&c, &child, &vs);
				} while (dwarf_siblingof(&child, &child) == 0);
			}
		}
		ctx_release(&c);
		if (vs.nr)
			qsort(vs.v, vs.nr, sizeof(char *), cmp_str);
		if (!vs.nr)
			strbuf_addstr(out, "\t\t(No matched variables)\n");
		for (int j = 0; j < vs.nr; j++) {
			if (!j || strcmp(vs.v[j], vs.v[j - 1]))
				strbuf_addf(out, "\t\t%s\n", vs.v[j]);
		}
		for (int j = 0; j < vs.nr; j++)
			free(vs.v[j]);
		free(vs.v);
	}
	probe_locs_release(&locs);
	strbuf_reset(err);
	return 0;
}

/* ---- -F ---- */

struct funcs {
	const char *filter;
	char **v;
	int nr, alloc;
};

static int funcs_cb(const char *name, const GElf_Sym *sym, void *data)
{
	struct funcs *f = data;
	int type = GELF_ST_TYPE(sym->st_info);
	char *n;

	if (type == STT_SECTION || type == STT_FILE || type == STT_TLS ||
	    sym->st_shndx == SHN_UNDEF || sym->st_shndx == SHN_ABS)
		return 0;
	n = xstrndup(name, strcspn(name, "@"));
	if (f->filter ? fnmatch(f->filter, n, 0) : n[0] == '_') {
		free(n);
		return 0;
	}
	ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	f->v[f->nr++] = n;
	return 0;
}

int probe_list_funcs(struct probe_bin *b, const char *filter,
		     struct strbuf *out)
{
	struct funcs f = { .filter = filter };

	for_each_sym(b, funcs_cb, &f);
	if (f.nr)
		qsort(f.v, f.nr, sizeof(char *), cmp_str);
	for (int i = 0; i < f.nr; i++) {
		if (!i || strcmp(f.v[i], f.v[i - 1]))
			strbuf_addf(out, "%s\n", f.v[i]);
	}
	for (int i = 0; i < f.nr; i++)
		free(f.v[i]);
	free(f.v);
	return 0;
}

/* ---- -l ---- */

void probe_describe(struct probe_bin *b, uint64_t offset, bool ret,
		    struct strbuf *out)
{
	uint64_t vaddr, start = 0;
	Dwarf_Die cu, fn;
	char *sym;

	if (file_offset_to_vaddr(b, offset, &vaddr)) {
		strbuf_addf(out, "0x%" PRIx64, offset);
		return;
	}
	if (b->dw && dwarf_addrdie(b->dw, vaddr, &cu) &&
	    find_scope(&cu, vaddr, NULL, 1 << 30, &fn)) {
		Dwarf_Die real = fn;
		const char *file;
		int line, decl;
		Dwarf_Addr entry;

		/* name the real function, as perf does */
		if (dwarf_tag(&fn) == DW_TAG_inlined_subroutine) {
			Dwarf_Die *scopes;
			int n = concrete_scopes(&cu, vaddr, &scopes);

			for (int i = 0; i < n; i++)
				if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
					real = scopes[i];
					break;
				}
			free(scopes);
		}
		if (die_entry(&real, &entry) == 0 && entry == vaddr &&
		    (file = die_decl_file(&real))) {
			strbuf_addf(out, "%s%s@%s", dwarf_diename(&real),
				    ret ? "%return" : "", file);
			return;
		}
		if (!ret && addr_line(&cu, vaddr, &file, &line) == 0 &&
		    die_decl_line(&real, &decl) == 0 && line >= decl) {
			strbuf_addf(out, "%s:%d@%s", dwarf_diename(&real),
				    line - decl, file);
			return;
		}
	}
	sym = symbol_at(b, vaddr, &start);
	if (sym) {
		strbuf_addstr(out, sym);
		if (vaddr != start)
			strbuf_addf(out, "+%" PRIu64, vaddr - start);
		if (ret)
			strbuf_addstr(out, "%return");
		free(sym);
		return;
	}
	strbuf_addf(out, "0x%" PRIx64, offset);
}

int probe_kallsyms_has(const char *kallsyms, const char *sym)
{
	FILE *fp = fopen(kallsyms, "r");
	char line[512];
	int found = 0;

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char type, name[256];

		if (sscanf(line, "%*s %c %255s", &type, name) != 2)
			continue;
		if ((type == 't' || type == 'T') && !strcmp(name, sym)) {
			found = 1;
			break;
		}
	}
	fclose(fp);
	return found;
}

int probe_kallsyms_funcs(const char *kallsyms, const char *filter,
			 struct strbuf *out)
{
	FILE *fp = fopen(kallsyms, "r");
	struct funcs f = { .filter = filter };
	char line[512];

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char type, name[256];

		if (sscanf(line, "%*s %c %255s", &type, name) != 2 ||
		    (type != 't' && type != 'T'))
			continue;
		if (filter ? fnmatch(filter, name, 0) : name[0] == '_')
			continue;
		ALLOC_GROW(f.v, f.nr + 1, f.alloc);
		f.v[f.nr++] = xstrdup(name);
	}
	fclose(fp);
	if (f.nr)
		qsort(f.v, f.nr, sizeof(char *), cmp_str);
	for (int i = 0; i < f.nr; i++)
		if (!i || strcmp(f.v[i], f.v[i - 1]))
			strbuf_addf(out, "%s\n", f.v[i]);
	for (int i = 0; i < f.nr; i++)
		free(f.v[i]);
	free(f.v);
	return 0;
}

int probe_resolve_kallsyms(const char *kallsyms, const struct probe_spec *s,
			   struct probe_locs *out, struct strbuf *err)
{
	struct probe_loc loc = { .line = -1 };
	int has;

	if (s->has_addr)
		return fail(err, -EINVAL, "absolute addresses are for uprobes "
			    "(-x BIN)");
	if (s->line >= 0 || s->file)
		return fail(err, -ENODATA, "'%s' needs the kernel's debug "
			    "information: pass it with -k vmlinux", s->text);
	for (int i = 0; i < s->nargs; i++) {
		const char *v = s->args[i].var;

		if (v[0] != '$' && v[0] != '%' && v[0] != '+' && v[0] != '-' &&
		    v[0] != '@')
			return fail(err, -ENODATA, "argument '%s' needs the "
				    "kernel's debug information: pass it with "
				    "-k vmlinux", v);
		if (!strcmp(v, "$params") || !strcmp(v, "$vars"))
			return fail(err, -ENODATA, "'%s' needs the kernel's "
				    "debug information: pass it with -k "
				    "vmlinux", v);
	}
	has = probe_kallsyms_has(kallsyms, s->func);
	if (has < 0)
		return fail(err, has, "cannot read kernel symbols from '%s'",
			    kallsyms);
	if (!has)
		return fail(err, -ENOENT, "no kernel function '%s'", s->func);
	loc.symbol = xstrdup(s->func);
	loc.func = xstrdup(s->func);
	loc.offset = s->offset;
	for (int i = 0; i < s->nargs; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (s->args[i].name)
			strbuf_addf(&sb, "%s=", s->args[i].name);
		strbuf_addstr(&sb, s->args[i].var);
		if (s->args[i].type)
			strbuf_addf(&sb, ":%s", s->args[i].type);
		add_arg(&loc, sb.buf);
		strbuf_release(&sb);
	}
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr++] = loc;
	return 0;
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
