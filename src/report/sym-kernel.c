// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel symbols for the symbolizer: kallsyms (with the module of each
 * symbol) or -k vmlinux, and the module dsos.
 */
#include "ptool/sym.h"

#include <stdlib.h>
#include <string.h>


#include "ptool/kallsyms.h"
#include "ptool/msg.h"
#include "ptool/strbuf.h"
#include "sym-priv.h"

/* ---- kernel ---- */

static int kmod_cmp(const void *a, const void *b)
{
	const struct kmod_ref *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

struct kallsyms_load {
	struct sym_dso *d;
	struct rawvec rv;
	struct kmod_addr {
		uint64_t addr;
		char *mod;
	} *mods;
	size_t nmods, amods;
};

static int kallsyms_sym(void *arg, const struct kallsyms_sym *s)
{
	struct kallsyms_load *l = arg;
	char type = s->type;

	if (!s->addr)
		return 0;
	if (type != 't' && type != 'T' && type != 'w' && type != 'W')
		return 0;
	sym_raw_add(l->d, &l->rv, s->addr, 0, s->name, strlen(s->name),
		type == 'T' ? STB_GLOBAL : type == 'W' || type == 'w' ? STB_WEAK : STB_LOCAL,
		true);
	if (*s->mod) {
		ALLOC_GROW(l->mods, l->nmods + 1, l->amods);
		l->mods[l->nmods].addr = s->addr;
		l->mods[l->nmods].mod = xstrdup(s->mod);
		l->nmods++;
	}
	return 0;
}

static void load_kallsyms(struct sym_dso *d)
{
	const char *path = d->cache->opts.kallsyms ? d->cache->opts.kallsyms : "/proc/kallsyms";
	struct kallsyms_load k = { .d = d };
	struct kmod_addr *mods;
	int err = kallsyms_read(path, kallsyms_sym, &k);

	if (err < 0) {
		pr_debug("cannot open '%s': %s", path, strerror(-err));
		return;
	}
	sym_finish_syms(d, &k.rv, 0);
	if (d->nr_syms) {
		/* the last symbol gets a page */
		struct sym *l = &d->syms[d->nr_syms - 1];

		if (l->end <= l->start + 1)
			l->end = (l->start + 4096) & ~4095ull;
	}
	/* module symbols: group by module into address ranges */
	mods = k.mods;
	for (size_t i = 0; i < k.nmods; i++) {
		struct strbuf nm = STRBUF_INIT;
		struct sym_dso *md;
		const struct sym *s;

		strbuf_addf(&nm, "[%s]", mods[i].mod);
		md = sym_cache_dso(d->cache, nm.buf, NULL, 0);
		md->kind = SYM_DSO_KMOD;
		md->loaded = true;
		s = sym_dso_find(d, mods[i].addr);
		if (s) {
			if (d->nr_kmods && d->kmods[d->nr_kmods - 1].dso == md &&
			    d->kmods[d->nr_kmods - 1].end == s->start) {
				d->kmods[d->nr_kmods - 1].end = s->end;
			} else {
				d->kmods = xrealloc(d->kmods, (d->nr_kmods + 1) * sizeof(*d->kmods));
				d->kmods[d->nr_kmods].start = s->start;
				d->kmods[d->nr_kmods].end = s->end;
				d->kmods[d->nr_kmods].dso = md;
				d->nr_kmods++;
			}
		}
		strbuf_release(&nm);
		free(mods[i].mod);
	}
	free(mods);
	if (d->nr_kmods)
		qsort(d->kmods, d->nr_kmods, sizeof(*d->kmods), kmod_cmp);
}

void sym_load_kernel(struct sym_dso *d)
{
	if (d->cache->opts.vmlinux) {
		struct rawvec rv = { 0 };

		d->elf = obj_elf_open(d->cache->opts.vmlinux, &d->fd);
		if (d->elf) {
			obj_segs_load(&d->segs, d->elf);
			sym_load_symtab(d, d->elf, SHT_SYMTAB, &rv);
			sym_finish_syms(d, &rv, 0);
			return;
		}
		pr_debug("cannot read vmlinux '%s'", d->cache->opts.vmlinux);
	}
	load_kallsyms(d);
}

struct sym_dso *sym_dso_kmod(struct sym_dso *d, uint64_t addr)
{
	size_t lo = 0, hi;

	if (d->kind != SYM_DSO_KERNEL)
		return d;
	if (!d->loaded)
		sym_dso_find(d, 0);
	hi = d->nr_kmods;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (addr < d->kmods[mid].start)
			hi = mid;
		else if (addr >= d->kmods[mid].end)
			lo = mid + 1;
		else
			return d->kmods[mid].dso;
	}
	return d;
}
