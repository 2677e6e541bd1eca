// SPDX-License-Identifier: GPL-2.0
/*
 * The names objdump gives addresses, for annotate's "<sym+0x1a>": the
 * nearest symbol before an address by objdump's preferences, versioned
 * dynamic symbols, the synthetic "name@plt" of PLT entries and GOT slots
 * named after their relocations, demangled as objdump -C does.
 */
#include "annotate-priv.h"

#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>
#include <elfutils/libdw.h>
#include <libiberty/demangle.h>

#include "ptool/sym.h"

struct symtab_ent {
	uint64_t addr;
	const char *name;
	int rank;
};

/* a dso's symbols as objdump names addresses: every defined symbol */
struct annotate_names {
	struct sym_dso *dso;
	struct symtab_ent *v;
	size_t nr;
	struct symtab_ent *slots;	/* GOT slots named by their relocation */
	size_t nr_slots;
	char **owned;		/* versioned names */
	size_t nr_owned;
};

static int sym_rank(const GElf_Sym *s)
{
	int r = GELF_ST_TYPE(s->st_info) == STT_FUNC ? 4 : 0;

	if (GELF_ST_BIND(s->st_info) == STB_GLOBAL)
		r += 2;
	else if (GELF_ST_BIND(s->st_info) == STB_WEAK)
		r += 1;
	return r;
}

/* objdump's order: by address, then functions, non-local, global, name */
static int symtab_cmp(const void *x, const void *y)
{
	const struct symtab_ent *a = x, *b = y;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (a->rank != b->rank)
		return b->rank - a->rank;
	return strcmp(a->name, b->name);
}

static const char *symtab_own(struct annotate_names *st, char *name)
{
	st->owned = xrealloc(st->owned, (st->nr_owned + 1) * sizeof(*st->owned));
	return st->owned[st->nr_owned++] = name;
}

/* the symbol-version sections of an ELF file */
struct versions {
	Elf *e;
	Elf_Data *versym;
	Elf_Scn *verdef, *verneed;
	bool base;		/* objdump calls version 1 (the global one) "Base" */
};

static void versions_find(Elf *e, struct versions *v)
{
	Elf_Scn *scn = NULL;
	GElf_Verdef def;
	Elf_Data *vd;

	*v = (struct versions){ .e = e };
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_GNU_versym)
			v->versym = elf_getdata(scn, NULL);
		else if (sh.sh_type == SHT_GNU_verneed)
			v->verneed = scn;
		else if (sh.sh_type == SHT_GNU_verdef)
			v->verdef = scn;
	}
	/* with no definitions, or a first one that is the file's base */
	v->base = v->versym && (v->verdef || v->verneed) &&
		  (!v->verdef || ((vd = elf_getdata(v->verdef, NULL)) &&
				  gelf_getverdef(vd, 0, &def) && (def.vd_flags & VER_FLG_BASE)));
}

/* the version index of dynamic symbol @i (hidden bit included), or 0 */
static GElf_Versym version_of(const struct versions *v, size_t i)
{
	GElf_Versym vs;

	return v->versym && gelf_getversym(v->versym, (int)i, &vs) ? vs : 0;
}

/* "name@@VERSION" for a .dynsym entry, as objdump prints it */
static const char *versioned(struct annotate_names *st, const struct versions *v,
			     size_t i, const char *name)
{
	GElf_Versym vs = version_of(v, i);
	GElf_Shdr sh;
	Elf_Data *vd;
	size_t off = 0;

	if ((vs & 0x7fff) == 1 && v->base) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s%sBase", name, vs & 0x8000 ? "@" : "@@");
		return symtab_own(st, strbuf_detach(&sb, NULL));
	}
	if (!v->verdef || (vs & 0x7fff) < 2 || !gelf_getshdr(v->verdef, &sh) ||
	    !(vd = elf_getdata(v->verdef, NULL)))
		return name;
	for (size_t k = 0; k < sh.sh_info; k++) {
		GElf_Verdef def;
		GElf_Verdaux aux;

		if (!gelf_getverdef(vd, (int)off, &def))
			break;
		if (def.vd_ndx == (vs & 0x7fff) &&
		    gelf_getverdaux(vd, (int)(off + def.vd_aux), &aux)) {
			const char *ver = elf_strptr(v->e, sh.sh_link, aux.vda_name);
			struct strbuf sb = STRBUF_INIT;

			if (!ver)
				return name;
			strbuf_addf(&sb, "%s%s%s", name, vs & 0x8000 ? "@" : "@@", ver);
			return symtab_own(st, strbuf_detach(&sb, NULL));
		}
		if (!def.vd_next)
			break;
		off += def.vd_next;
	}
	return name;
}

/* the version an import of dynamic symbol @idx asks for (SHT_GNU_verneed) */
static const char *needed_version(const struct versions *v, size_t idx)
{
	GElf_Versym vs = version_of(v, idx);
	GElf_Shdr sh;
	Elf_Data *vd;
	size_t off = 0;

	if ((vs & 0x7fff) == 1 && v->base)
		return "Base";
	if (!v->verneed || (vs & 0x7fff) < 2 || !gelf_getshdr(v->verneed, &sh) ||
	    !(vd = elf_getdata(v->verneed, NULL)))
		return NULL;
	for (size_t k = 0; k < sh.sh_info; k++) {
		GElf_Verneed need;
		size_t aoff;

		if (!gelf_getverneed(vd, (int)off, &need))
			break;
		aoff = off + need.vn_aux;
		for (size_t j = 0; j < need.vn_cnt; j++) {
			GElf_Vernaux aux;

			if (!gelf_getvernaux(vd, (int)aoff, &aux))
				break;
			if (aux.vna_other == (vs & 0x7fff))
				return elf_strptr(v->e, sh.sh_link, aux.vna_name);
			if (!aux.vna_next)
				break;
			aoff += aux.vna_next;
		}
		if (!need.vn_next)
			break;
		off += need.vn_next;
	}
	return NULL;
}

static int slot_cmp(const void *x, const void *y)
{
	const struct symtab_ent *a = x, *b = y;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* objdump names a GOT slot after the symbol its relocation fills it with */
static void symtab_slots(struct annotate_names *st, Elf *e)
{
	Elf_Scn *scn = NULL;
	struct versions v;
	size_t alloc = 0;

	versions_find(e, &v);
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh, symsh;
		Elf_Data *data, *syms;
		Elf_Scn *symscn;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || !sh.sh_entsize ||
		    !(data = elf_getdata(scn, NULL)) || !(symscn = elf_getscn(e, sh.sh_link)) ||
		    !gelf_getshdr(symscn, &symsh) || symsh.sh_type != SHT_DYNSYM ||
		    !(syms = elf_getdata(symscn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Rela r;
			GElf_Sym sym;
			const char *n, *ver;
			struct strbuf sb = STRBUF_INIT;

			if (!gelf_getrela(data, (int)i, &r) || !GELF_R_SYM(r.r_info) ||
			    !gelf_getsym(syms, (int)GELF_R_SYM(r.r_info), &sym) ||
			    !(n = elf_strptr(e, symsh.sh_link, sym.st_name)) || !*n)
				continue;
			if (sym.st_shndx == SHN_UNDEF) {
				ver = needed_version(&v, GELF_R_SYM(r.r_info));
				strbuf_addf(&sb, "%s%s%s", n, ver ? "@" : "", ver ? ver : "");
			} else {
				/* a defined symbol: objdump adds the slot's offset from it */
				strbuf_addstr(&sb, versioned(st, &v, GELF_R_SYM(r.r_info), n));
				if (r.r_offset > sym.st_value)
					strbuf_addf(&sb, "+0x%" PRIx64, r.r_offset - sym.st_value);
				else if (r.r_offset < sym.st_value)
					strbuf_addf(&sb, "-0x%" PRIx64, sym.st_value - r.r_offset);
			}
			if (st->nr_slots == alloc) {
				alloc = alloc ? 2 * alloc : 64;
				st->slots = xrealloc(st->slots, alloc * sizeof(*st->slots));
			}
			st->slots[st->nr_slots].addr = r.r_offset;
			st->slots[st->nr_slots].name = symtab_own(st, strbuf_detach(&sb, NULL));
			st->slots[st->nr_slots].rank = 0;
			st->nr_slots++;
		}
	}
	qsort(st->slots, st->nr_slots, sizeof(*st->slots), slot_cmp);
}

static void symtab_push(struct annotate_names *st, size_t *alloc, uint64_t addr,
			const char *name, int rank)
{
	if (st->nr == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 256;
		st->v = xrealloc(st->v, *alloc * sizeof(*st->v));
	}
	st->v[st->nr].addr = addr;
	st->v[st->nr].name = name;
	st->v[st->nr].rank = rank;
	st->nr++;
}

/* the name of the GOT slot @slot by the relocations of @e */
static char *reloc_name(Elf *e, uint64_t slot)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh, symsh;
		Elf_Data *data, *syms;
		Elf_Scn *symscn;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || !sh.sh_entsize ||
		    !(data = elf_getdata(scn, NULL)))
			continue;
		symscn = elf_getscn(e, sh.sh_link);
		syms = symscn ? elf_getdata(symscn, NULL) : NULL;
		if (!symscn || !gelf_getshdr(symscn, &symsh))
			syms = NULL;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Rela r;
			GElf_Sym sym;
			struct strbuf sb = STRBUF_INIT;
			const char *n;

			if (!gelf_getrela(data, (int)i, &r) || r.r_offset != slot)
				continue;
			if (GELF_R_SYM(r.r_info) && syms &&
			    gelf_getsym(syms, (int)GELF_R_SYM(r.r_info), &sym) &&
			    (n = elf_strptr(e, symsh.sh_link, sym.st_name)) && *n)
				strbuf_addf(&sb, "%s@plt", n);
			else
				strbuf_addf(&sb, "*ABS*+0x%" PRIx64 "@plt", (uint64_t)r.r_addend);
			return strbuf_detach(&sb, NULL);
		}
	}
	return NULL;
}

/*
 * objdump's synthetic "name@plt" symbols: each entry of .plt, .plt.sec
 * and .plt.got jumps through a GOT slot, and the slot's relocation names it
 */
static void symtab_plt(struct annotate_names *st, size_t *alloc, struct sym_dso *d, Elf *e)
{
	size_t shstr;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(e, &shstr))
		return;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *n;
		uint64_t step;

		if (!gelf_getshdr(scn, &sh) || !(n = elf_strptr(e, shstr, sh.sh_name)) ||
		    (strcmp(n, ".plt") && strcmp(n, ".plt.sec") && strcmp(n, ".plt.got")))
			continue;
		step = sh.sh_entsize >= 8 ? sh.sh_entsize : 16;
		for (uint64_t a = sh.sh_addr; a + 6 <= sh.sh_addr + sh.sh_size; a += step) {
			uint8_t b[16];
			long got = sym_dso_read(d, a, b, sizeof(b));
			unsigned int k = 0;
			int32_t disp;
			char *name;

			if (got < 6)
				break;
			/* endbr64, then a bnd prefix, before jmp *disp32(%rip) */
			if (got >= 10 && b[0] == 0xf3 && b[1] == 0x0f && b[2] == 0x1e && b[3] == 0xfa)
				k = 4;
			if (b[k] == 0xf2)
				k++;
			if (k + 6 > (unsigned int)got || b[k] != 0xff || b[k + 1] != 0x25)
				continue;
			memcpy(&disp, b + k + 2, 4);
			name = reloc_name(e, a + k + 6 + (uint64_t)(int64_t)disp);
			if (name)
				symtab_push(st, alloc, a, symtab_own(st, name), 8);
		}
	}
}

struct annotate_names *annotate_names_new(struct sym_dso *d)
{
	struct annotate_names *st;
	Elf_Scn *scn = NULL;
	Elf *e;
	size_t alloc = 0;

	st = xcalloc(1, sizeof(*st));
	st->dso = d;
	/*
	 * perf runs objdump on the debug file when there is one: its .symtab
	 * first, then the file's own .symtab, else .dynsym (a stripped file)
	 */
	e = sym_dso_dwarf(d) ? dwarf_getelf(sym_dso_dwarf(d)) : NULL;
	for (int pass = 0; pass < 3 && !st->nr; pass++) {
		struct versions v;

		if (pass)
			e = sym_dso_elf(d);
		if (!e)
			continue;
		versions_find(e, &v);
		scn = NULL;
		while ((scn = elf_nextscn(e, scn))) {
			GElf_Shdr sh;
			Elf_Data *data;

			if (!gelf_getshdr(scn, &sh) ||
			    sh.sh_type != (pass == 2 ? SHT_DYNSYM : SHT_SYMTAB) || !sh.sh_entsize)
				continue;
			data = elf_getdata(scn, NULL);
			for (size_t i = 1; data && i < sh.sh_size / sh.sh_entsize; i++) {
				GElf_Sym s;
				const char *name;

				if (!gelf_getsym(data, (int)i, &s) || s.st_shndx == SHN_UNDEF)
					continue;
				if (GELF_ST_TYPE(s.st_info) == STT_SECTION ||
				    GELF_ST_TYPE(s.st_info) == STT_FILE)
					continue;
				name = elf_strptr(e, sh.sh_link, s.st_name);
				if (!name || !*name)
					continue;
				symtab_push(st, &alloc, s.st_value,
					    pass == 2 ? versioned(st, &v, i, name) : name,
					    sym_rank(&s));
			}
		}
	}
	if (sym_dso_elf(d)) {
		symtab_plt(st, &alloc, d, sym_dso_elf(d));
		symtab_slots(st, sym_dso_elf(d));
	}
	qsort(st->v, st->nr, sizeof(*st->v), symtab_cmp);
	return st;
}

void annotate_demangle(struct strbuf *out, const char *name)
{
	const char *at = strchr(name, '@');
	char *raw = at ? xstrndup(name, (size_t)(at - name)) : xstrdup(name);
	char *dm = name[0] == '_' && name[1] == 'Z' ?
		   cplus_demangle(raw, DMGL_PARAMS | DMGL_ANSI) : NULL;

	strbuf_addstr(out, dm ? dm : raw);
	if (at)
		strbuf_addstr(out, at);
	free(dm);
	free(raw);
}

/* the index of the first symbol above @addr (st->nr: none) */
static size_t first_above(const struct annotate_names *st, uint64_t addr)
{
	size_t lo = 0, hi = st->nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (st->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* the first of the symbols at the address of symbol @i: objdump's choice */
static size_t first_at(const struct annotate_names *st, size_t i)
{
	while (i > 0 && st->v[i - 1].addr == st->v[i].addr)
		i--;
	return i;
}

int annotate_names_lookup(struct annotate_names *st, uint64_t addr, struct strbuf *out)
{
	const struct sym *s = NULL;
	uint64_t start;
	const char *name;

	if (st->nr_slots) {
		struct symtab_ent key = { .addr = addr };
		const struct symtab_ent *slot = bsearch(&key, st->slots, st->nr_slots,
							sizeof(key), slot_cmp);

		if (slot) {
			annotate_demangle(out, slot->name);
			return 0;
		}
	}
	if (!st->nr)
		s = sym_dso_find(st->dso, addr);
	if (s) {
		name = s->name;
		start = s->start;
	} else {
		size_t up = first_above(st, addr), best;

		if (!up)
			return -ENOENT;
		best = first_at(st, up - 1);
		name = st->v[best].name;
		start = st->v[best].addr;
	}
	annotate_demangle(out, name);
	if (addr != start)
		strbuf_addf(out, "+0x%" PRIx64, addr - start);
	return 0;
}

void annotate_names_label(struct annotate_names *st, uint64_t addr, uint64_t sec_lo,
			  uint64_t sec_hi, const char *section, struct strbuf *out)
{
	size_t lo = first_above(st, addr);

	if (lo && st->v[lo - 1].addr >= sec_lo) {
		size_t best = first_at(st, lo - 1);

		annotate_demangle(out, st->v[best].name);
		if (addr != st->v[best].addr)
			strbuf_addf(out, "+0x%" PRIx64, addr - st->v[best].addr);
	} else if (lo < st->nr && st->v[lo].addr < sec_hi) {
		annotate_demangle(out, st->v[lo].name);
		strbuf_addf(out, "-0x%" PRIx64, st->v[lo].addr - addr);
	} else {
		strbuf_addstr(out, section);
	}
}

void annotate_names_free(struct annotate_names *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nr_owned; i++)
		free(st->owned[i]);
	free(st->owned);
	free(st->slots);
	free(st->v);
	free(st);
}
