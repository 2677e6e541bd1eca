// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF for the symbolizer: a dso's DWARF handle, GNU addr2line's
 * symbol-table fallback, source lines and inline frames (over the index
 * of sym-inline.c).
 */
#include "ptool/sym.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>


#include "ptool/obj.h"
#include "sym-priv.h"

Dwarf *sym_dso_dwarf(struct sym_dso *d)
{
	if (!d->loaded)
		sym_dso_load(d);
	if (!d->dwarf_tried) {
		d->dwarf_tried = true;
		if (d->dbg_elf)
			d->dwarf = obj_dwarf(d->dbg_elf, false);
		if (!d->dwarf && d->elf && d->kind == SYM_DSO_ELF)
			d->dwarf = obj_dwarf(d->elf, false);
	}
	return d->dwarf;
}

/* ---- DWARF: source lines and inline frames ---- */

static int a2l_cmp(const void *a, const void *b)
{
	const struct a2l_sym *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

struct a2l_walk {
	struct sym_dso *d;
	Elf *e;
	size_t alloc;
	const char *file;
	int fstate;
};

static int a2l_sym(void *arg, const GElf_Sym *sm, const char *name,
		   size_t i)
{
	struct a2l_walk *w = arg;
	struct sym_dso *d = w->d;
	int st = GELF_ST_TYPE(sm->st_info);
	GElf_Shdr ss;
	Elf_Scn *sec;

	/*
	 * bfd's file of a symbol: the last STT_FILE before it; a global one
	 * gets none once a file symbol followed another symbol
	 */
	if (st == STT_FILE) {
		w->file = name;
		if (w->fstate == 1)
			w->fstate = 2;
		return 0;
	}
	if (!w->fstate)
		w->fstate = 1;
	if (st != STT_FUNC && st != STT_GNU_IFUNC && st != STT_NOTYPE)
		return 0;
	if (sm->st_shndx == SHN_UNDEF || sm->st_shndx >= SHN_LORESERVE)
		return 0;
	/* annobin's hidden local markers are no functions */
	if (!sm->st_size && st == STT_NOTYPE &&
	    GELF_ST_BIND(sm->st_info) == STB_LOCAL &&
	    GELF_ST_VISIBILITY(sm->st_other) == STV_HIDDEN)
		return 0;
	if (!name || !*name)
		return 0;
	sec = elf_getscn(w->e, sm->st_shndx);
	if (!sec || !gelf_getshdr(sec, &ss) || !(ss.sh_flags & SHF_ALLOC))
		return 0;
	ALLOC_GROW(d->a2l, d->nr_a2l + 1, w->alloc);
	d->a2l[d->nr_a2l++] = (struct a2l_sym){
		.value = sm->st_value,
		.size = sm->st_size ? sm->st_size : 1,
		.idx = (uint32_t)i,
		.func = st != STT_NOTYPE,
		.sec_lo = ss.sh_addr,
		.sec_hi = ss.sh_addr + ss.sh_size,
		.name = name,
		.file = GELF_ST_BIND(sm->st_info) == STB_LOCAL ||
			w->fstate != 2 ? w->file : NULL,
	};
	return 0;
}

/*
 * The symbols GNU addr2line falls back to when DWARF names no function:
 * those of the file the DWARF came from (the debug file's .symtab), else
 * the run-time file's .symtab, else its .dynsym; functions and untyped
 * code symbols, in table order, as bfd's _bfd_elf_find_function() scans
 * them.
 */
static void a2l_load(struct sym_dso *d)
{
	Elf *files[2] = { d->dbg_elf, d->elf };
	Elf64_Word types[2] = { SHT_SYMTAB, SHT_DYNSYM };
	struct a2l_walk w = { .d = d };

	d->a2l_loaded = true;
	for (int t = 0; t < 2; t++) {
		for (int f = 0; f < 2; f++) {
			if (!files[f] || (t == 1 && f == 0))
				continue;
			w.e = files[f];
			w.file = NULL;
			w.fstate = 0;
			obj_sym_walk(files[f], types[t], a2l_sym, &w);
			if (d->nr_a2l)
				goto sort;
		}
	}
sort:
	if (d->nr_a2l > 1)
		qsort(d->a2l, d->nr_a2l, sizeof(*d->a2l), a2l_cmp);
}

/*
 * bfd's choice among the symbols at or before @addr in @addr's section:
 * the nearest start wins; among symbols starting there, scanned in table
 * order, one that covers @addr beats one that does not, a function beats
 * an untyped symbol, and then the smaller one wins (the first on a tie).
 */
static struct a2l_sym *a2l_find(struct sym_dso *d, uint64_t addr)
{
	size_t lo = 0, hi, i;
	struct a2l_sym *best = NULL;

	if (!d->a2l_loaded)
		a2l_load(d);
	hi = d->nr_a2l;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->a2l[mid].value <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the nearest start in addr's section, then its group in table order */
	for (i = lo; i-- > 0;)
		if (addr >= d->a2l[i].sec_lo && addr < d->a2l[i].sec_hi)
			break;
	if (i == (size_t)-1)
		return NULL;
	{
		uint64_t v = d->a2l[i].value;
		size_t first = i;

		while (first > 0 && d->a2l[first - 1].value == v)
			first--;
		for (size_t j = first; j < d->nr_a2l && d->a2l[j].value == v; j++) {
			struct a2l_sym *c = &d->a2l[j];
			bool bc, cc;

			if (addr < c->sec_lo || addr >= c->sec_hi)
				continue;
			if (!best) {
				best = c;
				continue;
			}
			bc = addr < best->value + best->size;
			cc = addr < c->value + c->size;
			if (!bc) {
				if (c->size > best->size)
					best = c;
				continue;
			}
			if (!cc)
				continue;
			if (best->func != c->func) {
				if (c->func)
					best = c;
				continue;
			}
			if (c->size < best->size)
				best = c;
		}
	}
	return best;
}

/* addr2line's symbol-table name for @addr, as perf demangles it */
static bool a2l_symbol(void *arg, uint64_t addr, struct sym_inl_sym *out)
{
	struct sym_dso *d = arg;
	struct a2l_sym *a = a2l_find(d, addr);

	if (!a)
		return false;
	if (!a->dem_tried) {
		a->dem_tried = true;
		if (!d->cache->opts.no_demangle)
			a->dem = sym_demangle(a->name);
	}
	out->name = a->dem ? a->dem : a->name;
	out->raw = a->name;
	out->start = a->value;
	out->file = a->file;
	return true;
}

static struct sym_inl *inl_index(struct sym_dso *d)
{
	Dwarf *dw;

	if (d->inl)
		return d->inl;
	if (d->kind != SYM_DSO_ELF || !(dw = sym_dso_dwarf(d)))
		return NULL;
	d->inl = sym_inl_new(dw, d->cache->opts.no_demangle, a2l_symbol, d);
	return d->inl;
}

int sym_dso_srcline(struct sym_dso *d, uint64_t addr, struct strbuf *out)
{
	struct sym_inl *x = inl_index(d);
	struct sym_inl_res r;
	const char *base;

	if (!x)
		return -ENOENT;
	sym_inl_lookup(x, addr, &r);
	if (!r.file && r.sym_file) {
		/* addr2line's "file:?", which perf prints as file:0 */
		base = strrchr(r.sym_file, '/');
		strbuf_addf(out, "%s:0", base ? base + 1 : r.sym_file);
		return 0;
	}
	if (!r.file)	/* addr2line's "??:?" under a function's name */
		return r.sym_file || !r.nr ? -ENOENT : -ENODATA;
	base = strrchr(r.file, '/');
	strbuf_addf(out, "%s:%d", base ? base + 1 : r.file, r.line);
	return 0;
}

int sym_dso_line(struct sym_dso *d, uint64_t addr, const char **file, int *line)
{
	struct sym_inl *x = inl_index(d);
	struct sym_inl_res r;

	*file = NULL;
	*line = 0;
	if (!x || sym_inl_lookup(x, addr, &r) == -ENOENT || !r.file)
		return -ENOENT;
	*file = r.file;
	*line = r.line;
	return 0;
}

int sym_dso_inlines(struct sym_dso *d, uint64_t addr,
		    const struct sym_inline **levels)
{
	struct sym_inl *x = inl_index(d);
	struct sym_inl_res r;

	*levels = NULL;
	if (!x)
		return 0;
	sym_inl_lookup(x, addr, &r);
	*levels = r.lv;
	return r.nr;
}
