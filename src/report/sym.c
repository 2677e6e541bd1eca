// SPDX-License-Identifier: GPL-2.0
#include "ptool/sym.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dwarf.h>

#include "ptool/buildid.h"
#include "ptool/kallsyms.h"
#include "ptool/msg.h"
#include "ptool/obj.h"
#include "ptool/strbuf.h"
#include "sym-priv.h"

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
	struct sym_dso *next;
};

struct sym_cache {
	struct sym_opts opts;
	char *debug_dir;
	char *kallsyms;		/* --symfs: the one under it */
	struct sym_dso **buckets;
	size_t nbuckets;
	size_t nr;
	struct sym_dso *kernel;
	struct bid_note {
		char *path;
		uint8_t id[20];
		size_t len;
		struct bid_note *next;
	} *bids;
};

/* ---- cache ---- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

struct sym_cache *sym_cache_new(const struct sym_opts *opts)
{
	struct sym_cache *c = xcalloc(1, sizeof(*c));
	const char *home;

	if (opts)
		c->opts = *opts;
	elf_version(EV_CURRENT);
	if (c->opts.debug_dir) {
		c->debug_dir = xstrdup(c->opts.debug_dir);
	} else if ((home = getenv("HOME")) && *home) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s/.debug", home);
		c->debug_dir = strbuf_detach(&sb, NULL);
	}
	if (c->opts.symfs && *c->opts.symfs) {
		/* perf looks everything up under --symfs: the cache, kallsyms */
		struct strbuf sb = STRBUF_INIT;

		if (c->debug_dir) {
			strbuf_addf(&sb, "%s%s", c->opts.symfs, c->debug_dir);
			free(c->debug_dir);
			c->debug_dir = strbuf_detach(&sb, NULL);
		}
		if (!c->opts.kallsyms) {
			strbuf_addf(&sb, "%s/proc/kallsyms", c->opts.symfs);
			c->kallsyms = strbuf_detach(&sb, NULL);
			c->opts.kallsyms = c->kallsyms;
		}
	}
	c->nbuckets = 256;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	return c;
}

static void dso_free(struct sym_dso *d)
{
	sym_inl_free(d->inl);
	for (size_t i = 0; i < d->nr_a2l; i++)
		free(d->a2l[i].dem);
	free(d->a2l);
	if (d->dwarf)
		dwarf_end(d->dwarf);
	if (d->dbg_elf)
		elf_end(d->dbg_elf);
	if (d->dbg_fd >= 0)
		close(d->dbg_fd);
	if (d->elf)
		elf_end(d->elf);
	if (d->fd >= 0)
		close(d->fd);
	free(d->mem);
	obj_segs_release(&d->segs);
	free(d->syms);
	strbuf_release(&d->pool);
	for (size_t i = 0; i < d->nr_retired; i++)
		free(d->retired[i]);
	free(d->retired);
	free(d->kmods);
	free(d->name_buf);
	free(d->path);
	free(d);
}

void sym_cache_free(struct sym_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct sym_dso *d = c->buckets[i], *n;

		for (; d; d = n) {
			n = d->next;
			dso_free(d);
		}
	}
	while (c->bids) {
		struct bid_note *n = c->bids->next;

		free(c->bids->path);
		free(c->bids);
		c->bids = n;
	}
	free(c->buckets);
	free(c->debug_dir);
	free(c->kallsyms);
	free(c);
}

void sym_cache_set_build_id(struct sym_cache *c, const char *path,
			    const uint8_t *build_id, size_t bid_len)
{
	struct bid_note *n = xcalloc(1, sizeof(*n));

	n->path = xstrdup(path);
	n->len = bid_len > 20 ? 20 : bid_len;
	memcpy(n->id, build_id, n->len);
	n->next = c->bids;
	c->bids = n;
}

static bool is_anon(const char *path)
{
	return !strncmp(path, "//anon", 6) || !strncmp(path, "[anon", 5) ||
	       !strcmp(path, "[heap]") || !strncmp(path, "[stack", 6) ||
	       !strncmp(path, "/dev/zero", 9) || !strncmp(path, "/anon_hugepage", 14) ||
	       !strncmp(path, "/SYSV", 5);
}

static struct sym_dso *dso_new(struct sym_cache *c, const char *path,
			       enum sym_dso_kind kind)
{
	struct sym_dso *d = xcalloc(1, sizeof(*d));
	const char *slash;

	d->cache = c;
	d->kind = kind;
	d->path = xstrdup(path);
	d->fd = d->dbg_fd = -1;
	strbuf_init(&d->pool, 0);
	slash = strrchr(d->path, '/');
	if (kind == SYM_DSO_PERFMAP) {
		/* perf's short name for JIT code: "[JIT] tid PID" */
		struct strbuf sb = STRBUF_INIT;
		long pid = strtol(d->path + 10, NULL, 10);

		strbuf_addf(&sb, "[JIT] tid %ld", pid);
		d->name_buf = strbuf_detach(&sb, NULL);
		d->name = d->name_buf;
	} else if (kind == SYM_DSO_ELF) {
		d->name = slash ? slash + 1 : d->path;
	} else {
		d->name = d->path;
	}
	return d;
}

struct sym_dso *sym_cache_dso(struct sym_cache *c, const char *path,
			      const uint8_t *build_id, size_t bid_len)
{
	uint64_t h = hash_str(path);
	size_t b = h & (c->nbuckets - 1);
	struct sym_dso *d;
	enum sym_dso_kind kind = SYM_DSO_ELF;

	for (d = c->buckets[b]; d; d = d->next)
		if (!strcmp(d->path, path))
			return d;
	if (!strncmp(path, "[kernel.kallsyms]", 17))
		kind = SYM_DSO_KERNEL;
	else if (!strcmp(path, "[vdso]"))
		kind = SYM_DSO_VDSO;
	else if (!strncmp(path, "/tmp/perf-", 10) && strstr(path, ".map"))
		kind = SYM_DSO_PERFMAP;
	else if (path[0] == '[' && strcmp(path, "[heap]") && strncmp(path, "[stack", 6) &&
		 strncmp(path, "[anon", 5) && strcmp(path, "[vsyscall]"))
		kind = SYM_DSO_KMOD;
	else if (is_anon(path) || path[0] != '/')
		kind = SYM_DSO_ANON;
	d = dso_new(c, path, kind);
	if (kind == SYM_DSO_KERNEL) {
		free(d->path);
		d->path = xstrdup("[kernel.kallsyms]");
		d->name = d->path;
	}
	if (build_id && bid_len) {
		d->bid_len = bid_len > 20 ? 20 : bid_len;
		memcpy(d->build_id, build_id, d->bid_len);
	} else {
		for (struct bid_note *n = c->bids; n; n = n->next)
			if (!strcmp(n->path, path)) {
				d->bid_len = n->len;
				memcpy(d->build_id, n->id, n->len);
				break;
			}
	}
	d->next = c->buckets[b];
	c->buckets[b] = d;
	c->nr++;
	return d;
}

struct sym_dso *sym_cache_kernel(struct sym_cache *c)
{
	if (!c->kernel)
		c->kernel = sym_cache_dso(c, "[kernel.kallsyms]", NULL, 0);
	return c->kernel;
}

enum sym_dso_kind sym_dso_kind(const struct sym_dso *d)
{
	return d->kind;
}

const char *sym_dso_name(const struct sym_dso *d)
{
	return d->name;
}

const char *sym_dso_path(const struct sym_dso *d)
{
	return d->path;
}

bool sym_dso_is_kernel(const struct sym_dso *d)
{
	return d->kind == SYM_DSO_KERNEL || d->kind == SYM_DSO_KMOD;
}

/* ---- symbol table building ---- */

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

static void raw_add_as(struct sym_dso *d, struct rawvec *rv, uint64_t start,
		       uint64_t size, const char *name, size_t nlen, int bind,
		       bool func, bool demangle)
{
	struct raw_sym *r;
	char *dem = NULL;

	/*
	 * perf hands the whole name to the demangler, which ignores what
	 * follows the mangled part (".isra.0", "@@GLIBCXX_3.4"): the
	 * demangled name carries neither
	 */
	if (demangle && !d->cache->opts.no_demangle && d->kind != SYM_DSO_KERNEL &&
	    d->kind != SYM_DSO_KMOD) {
		/* perf leaves kernel names alone (no --demangle-kernel) */
		char *tmp = xstrndup(name, nlen);

		dem = sym_demangle(tmp);
		free(tmp);
	}
	ALLOC_GROW(rv->v, rv->nr + 1, rv->alloc);
	r = &rv->v[rv->nr++];
	r->seq = (uint32_t)(rv->nr - 1);
	r->start = start;
	r->size = size;
	r->name = d->pool.len;
	r->bind = bind;
	r->func = func;
	r->def_ver = false;
	if (dem) {
		strbuf_addstr(&d->pool, dem);
		free(dem);
	} else {
		strbuf_add(&d->pool, name, nlen);
	}
	strbuf_addch(&d->pool, 0);
}

static void raw_add(struct sym_dso *d, struct rawvec *rv, uint64_t start,
		    uint64_t size, const char *name, size_t nlen, int bind,
		    bool func)
{
	raw_add_as(d, rv, start, size, name, nlen, bind, func, true);
}

/* a name that is final as it is (already demangled) */
static void raw_add_plain(struct sym_dso *d, struct rawvec *rv, uint64_t start,
			  uint64_t size, const char *name, size_t nlen, int bind,
			  bool func)
{
	raw_add_as(d, rv, start, size, name, nlen, bind, func, false);
}

static int raw_cmp(const void *a, const void *b)
{
	const struct raw_sym *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static size_t leading_us(const char *s)
{
	size_t n = 0;

	while (s[n] == '_')
		n++;
	return n;
}

/*
 * perf's choice among symbols at one address (choose_best_symbol()): one
 * with a size, then not weak, then global, then fewer leading
 * underscores, then the longer name; on a tie the first one stays.
 */
static bool better(const struct sym_dso *d, const struct raw_sym *a,
		   const struct raw_sym *b)
{
	const char *na = d->pool.buf + a->name, *nb = d->pool.buf + b->name;
	size_t ua, ub, la, lb;

	if (!a->size != !b->size)
		return a->size;
	if ((a->bind == STB_WEAK) != (b->bind == STB_WEAK))
		return b->bind == STB_WEAK;
	if ((a->bind == STB_GLOBAL) != (b->bind == STB_GLOBAL))
		return a->bind == STB_GLOBAL;
	ua = leading_us(na);
	ub = leading_us(nb);
	if (ua != ub)
		return ua < ub;
	la = strlen(na);
	lb = strlen(nb);
	return la > lb;
}

/* sort, keep the best of each start address, fix up sizes, publish */
static void finish_syms(struct sym_dso *d, struct rawvec *rv, uint64_t last_end)
{
	size_t i, n = 0;

	if (rv->nr)
		qsort(rv->v, rv->nr, sizeof(*rv->v), raw_cmp);
	for (i = 0; i < rv->nr; i++) {
		if (n && rv->v[n - 1].start == rv->v[i].start) {
			/*
			 * kallsyms aliases: perf keeps them all, and only the
			 * last of one address has a size, so it is the one
			 * lookups find
			 */
			if (d->kind == SYM_DSO_KERNEL && !d->elf)
				rv->v[n - 1] = rv->v[i];
			else if (better(d, &rv->v[i], &rv->v[n - 1]))
				rv->v[n - 1] = rv->v[i];
			else if (!rv->v[n - 1].size && rv->v[i].size)
				rv->v[n - 1].size = rv->v[i].size;
			continue;
		}
		rv->v[n++] = rv->v[i];
	}
	d->syms = xcalloc(n ? n : 1, sizeof(*d->syms));
	for (i = 0; i < n; i++) {
		uint64_t end = rv->v[i].start + rv->v[i].size;

		/* zero-sized symbols reach the next one, as perf does */
		if (!rv->v[i].size)
			end = i + 1 < n ? rv->v[i + 1].start : (last_end > rv->v[i].start ? last_end : rv->v[i].start + 1);
		d->syms[i].start = rv->v[i].start;
		d->syms[i].end = end;
		d->syms[i].name = (const char *)(uintptr_t)rv->v[i].name;
	}
	d->nr_syms = n;
	/* names were pool offsets while the pool could move */
	for (i = 0; i < n; i++)
		d->syms[i].name = d->pool.buf + (uintptr_t)d->syms[i].name;
	free(rv->v);
	rv->v = NULL;
	rv->nr = rv->alloc = 0;
}

/* ---- ELF ---- */

/* the build-id of @e, cut to @max bytes; 0 when it has none */
static int elf_build_id(Elf *e, uint8_t *out, size_t max)
{
	struct buildid b;
	size_t n;

	if (buildid_from_elf(e, &b))
		return 0;
	n = b.size < max ? b.size : max;
	memcpy(out, b.data, n);
	return (int)n;
}

/* find a separate debug file: build-id dirs, perf's cache, .gnu_debuglink */
static void find_debug(struct sym_dso *d)
{
	const char *root = d->cache->opts.debug_root;

	if (d->bid_len) {
		d->dbg_elf = obj_debug_build_id(root, d->build_id, d->bid_len,
						true, &d->dbg_fd);
		if (d->dbg_elf && obj_has_section_type(d->dbg_elf, SHT_SYMTAB))
			return;
		obj_elf_close(d->dbg_elf, d->dbg_fd);
		d->dbg_elf = NULL;
		d->dbg_fd = -1;
	}
	if (d->elf && obj_has_section_type(d->elf, SHT_SYMTAB) &&
	    obj_has_data_section(d->elf, ".debug_info"))
		return;
	if (d->elf)
		d->dbg_elf = obj_debug_link(d->elf, d->path, root, d->build_id,
					    d->bid_len, &d->dbg_fd);
	/* nothing local: the debuginfod servers, once per object */
	if (!d->dbg_elf && d->bid_len && d->elf &&
	    !obj_has_data_section(d->elf, ".debug_info"))
		d->dbg_elf = obj_debuginfod_elf(d->path, d->build_id,
						d->bid_len, &d->dbg_fd);
}

/* the run-time file: the path itself when its build-id matches, else
 * perf's build-id cache */
static void open_runtime(struct sym_dso *d)
{
	uint8_t id[20];
	int n;
	struct strbuf p = STRBUF_INIT;

	if (d->cache->opts.symfs && *d->cache->opts.symfs && d->path[0] == '/') {
		/* perf's --symfs: the recorded path under that directory */
		strbuf_addf(&p, "%s%s", d->cache->opts.symfs, d->path);
		d->elf = obj_elf_open(p.buf, &d->fd);
		strbuf_reset(&p);
	} else {
		d->elf = obj_elf_open(d->path, &d->fd);
	}
	if (d->elf && d->bid_len) {
		n = elf_build_id(d->elf, id, sizeof(id));
		if (n && ((size_t)n != d->bid_len || memcmp(id, d->build_id, n))) {
			pr_debug("%s: build-id differs from the recorded one", d->path);
			elf_end(d->elf);
			close(d->fd);
			d->elf = NULL;
			d->fd = -1;
		}
	}
	if (!d->elf && d->bid_len)
		d->elf = obj_cache_elf(d->cache->debug_dir, d->build_id,
				       d->bid_len, false, &d->fd);
	if (d->elf && !d->bid_len) {
		n = elf_build_id(d->elf, id, sizeof(id));
		if (n > 0) {
			d->bid_len = n;
			memcpy(d->build_id, id, n);
		}
	}
	strbuf_release(&p);
}

uint64_t sym_dso_off_to_addr(struct sym_dso *d, uint64_t off)
{
	if (!d->loaded)
		sym_dso_find(d, 0);
	return obj_segs_map_off(&d->segs, off);
}

struct symtab_walk {
	struct sym_dso *d;
	Elf *e;
	struct rawvec *rv;
};

static int symtab_sym(void *arg, const GElf_Sym *s, const char *name,
		      size_t idx)
{
	struct symtab_walk *w = arg;
	int st = GELF_ST_TYPE(s->st_info);

	if (s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE)
		return 0;
	if (st == STT_NOTYPE) {
		/* assembly labels in code count, as in perf */
		Elf_Scn *ls = elf_getscn(w->e, s->st_shndx);
		GElf_Shdr lsh;

		if (!ls || !gelf_getshdr(ls, &lsh) ||
		    !(lsh.sh_flags & SHF_EXECINSTR))
			return 0;
	} else if (st != STT_FUNC && st != STT_GNU_IFUNC) {
		return 0;
	}
	if (!name || !*name || name[0] == '$' || !strncmp(name, ".L", 2))
		return 0;
	raw_add(w->d, w->rv, s->st_value, s->st_size, name, strlen(name),
		GELF_ST_BIND(s->st_info), st != STT_NOTYPE);
	if (strstr(name, "@@"))
		w->rv->v[w->rv->nr - 1].def_ver = true;
	return 0;
}

/*
 * perf names dynamic symbols without their versions; the
 * "clock_gettime@@GLIBC_2.17" it shows comes from a .symtab (debug file)
 * where the name is spelled that way.
 */
static void load_symtab(struct sym_dso *d, Elf *e, Elf64_Word type,
			struct rawvec *rv)
{
	struct symtab_walk w = { .d = d, .e = e, .rv = rv };

	obj_sym_walk(e, type, symtab_sym, &w);
}

/* "foo@plt" entries for the PLT, as perf synthesizes them */
static void load_plt(struct sym_dso *d, Elf *e, struct rawvec *rv)
{
	GElf_Shdr rela_sh, plt_sh, dsym_sh;
	Elf_Scn *rela = obj_section(e, ".rela.plt", &rela_sh);
	Elf_Scn *plt = obj_section(e, ".plt.sec", &plt_sh);
	Elf_Scn *dsym;
	Elf_Data *rd, *sd;
	uint64_t base, entsz = 16;
	size_t n;

	if (!rela || !rela_sh.sh_entsize)
		return;
	if (plt) {
		base = plt_sh.sh_addr;
	} else {
		plt = obj_section(e, ".plt", &plt_sh);
		if (!plt)
			return;
		base = plt_sh.sh_addr + 16;	/* skip PLT0 */
	}
	dsym = elf_getscn(e, rela_sh.sh_link);
	if (!dsym || !gelf_getshdr(dsym, &dsym_sh))
		return;
	rd = elf_getdata(rela, NULL);
	sd = elf_getdata(dsym, NULL);
	if (!rd || !sd)
		return;
	n = rela_sh.sh_size / rela_sh.sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Rela r;
		GElf_Sym s;
		const char *name;
		char buf[512], *dem;

		if (!gelf_getrela(rd, (int)i, &r))
			continue;
		if (!gelf_getsym(sd, (int)GELF_R_SYM(r.r_info), &s))
			continue;
		name = elf_strptr(e, dsym_sh.sh_link, s.st_name);
		/*
		 * perf demangles the name, then adds "@plt"; IRELATIVE slots
		 * have no symbol and are called "@plt"
		 */
		dem = name && *name && !d->cache->opts.no_demangle ?
		      sym_demangle(name) : NULL;
		snprintf(buf, sizeof(buf), "%s@plt", dem ? dem : name ? name : "");
		free(dem);
		raw_add_plain(d, rv, base + i * entsz, entsz, buf, strlen(buf),
			      STB_GLOBAL, true);
	}
}

static void load_elf(struct sym_dso *d)
{
	struct rawvec rv = { 0 };
	Elf *se;

	if (!d->elf)
		open_runtime(d);
	if (!d->elf)
		return;
	obj_segs_load(&d->segs, d->elf);
	find_debug(d);
	se = d->dbg_elf ? d->dbg_elf : d->elf;
	load_symtab(d, se, SHT_SYMTAB, &rv);
	if (!rv.nr && se != d->elf)
		load_symtab(d, d->elf, SHT_SYMTAB, &rv);
	if (!rv.nr)
		load_symtab(d, d->elf, SHT_DYNSYM, &rv);
	load_plt(d, d->elf, &rv);
	finish_syms(d, &rv, obj_segs_end(&d->segs));
}

/* the vdso: perf's build-id cache, or this process's own copy when the
 * build-ids agree (same kernel) */
static void load_vdso(struct sym_dso *d)
{
	if (d->bid_len)
		d->elf = obj_cache_elf(d->cache->debug_dir, d->build_id,
				       d->bid_len, true, &d->fd);
	if (!d->elf && !(d->cache->opts.symfs && *d->cache->opts.symfs)) {
		unsigned long base = getauxval(AT_SYSINFO_EHDR);
		uint8_t id[20];
		int n;

		if (base) {
			const GElf_Ehdr *eh = (const void *)base;
			size_t len = eh->e_shoff + (size_t)eh->e_shnum * eh->e_shentsize;

			d->mem = xmalloc(len);
			memcpy(d->mem, (const void *)base, len);
			d->mem_len = len;
			d->elf = elf_memory(d->mem, len);
			if (d->elf && d->bid_len) {
				n = elf_build_id(d->elf, id, sizeof(id));
				if (n && ((size_t)n != d->bid_len || memcmp(id, d->build_id, n))) {
					elf_end(d->elf);
					d->elf = NULL;
				}
			}
		}
	}
	if (d->elf) {
		struct rawvec rv = { 0 };

		obj_segs_load(&d->segs, d->elf);
		load_symtab(d, d->elf, SHT_SYMTAB, &rv);
		if (!rv.nr)
			load_symtab(d, d->elf, SHT_DYNSYM, &rv);
		finish_syms(d, &rv, 0);
	}
}

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
	raw_add(l->d, &l->rv, s->addr, 0, s->name, strlen(s->name),
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
	finish_syms(d, &k.rv, 0);
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

static void load_kernel(struct sym_dso *d)
{
	if (d->cache->opts.vmlinux) {
		struct rawvec rv = { 0 };

		d->elf = obj_elf_open(d->cache->opts.vmlinux, &d->fd);
		if (d->elf) {
			obj_segs_load(&d->segs, d->elf);
			load_symtab(d, d->elf, SHT_SYMTAB, &rv);
			finish_syms(d, &rv, 0);
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

/* ---- perf-PID.map ---- */

static void load_perfmap(struct sym_dso *d)
{
	FILE *f = fopen(d->path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct rawvec rv = { 0 };
	struct stat st;

	if (!f)
		return;
	if (!fstat(fileno(f), &st))
		d->perfmap_size = st.st_size;
	while ((len = getline(&line, &cap, f)) > 0) {
		char *p = line, *e;
		uint64_t start, size;

		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		start = strtoull(p, &e, 16);
		if (e == p || *e != ' ')
			continue;
		p = e + 1;
		size = strtoull(p, &e, 16);
		if (e == p || *e != ' ')
			continue;
		p = e + 1;
		raw_add(d, &rv, start, size, p, strlen(p), STB_GLOBAL, true);
	}
	free(line);
	fclose(f);
	finish_syms(d, &rv, 0);
}

int sym_dso_refresh(struct sym_dso *d)
{
	struct stat st;

	if (d->kind != SYM_DSO_PERFMAP || !d->loaded)
		return 0;
	if (stat(d->path, &st) || st.st_size <= d->perfmap_size)
		return 0;
	/* symbols already handed out stay valid until the cache is freed */
	d->retired = xrealloc(d->retired, (d->nr_retired + 2) * sizeof(*d->retired));
	d->retired[d->nr_retired++] = d->syms;
	d->retired[d->nr_retired++] = strbuf_detach(&d->pool, NULL);
	d->syms = NULL;
	d->nr_syms = 0;
	load_perfmap(d);
	return 1;
}

static void dso_load(struct sym_dso *d)
{
	d->loaded = true;
	switch (d->kind) {
	case SYM_DSO_ELF:
		load_elf(d);
		break;
	case SYM_DSO_KERNEL:
		load_kernel(d);
		break;
	case SYM_DSO_PERFMAP:
		load_perfmap(d);
		break;
	case SYM_DSO_VDSO:
		load_vdso(d);
		break;
	default:
		break;
	}
	pr_debug2("%s: %zu symbols", d->path, d->nr_syms);
}

const struct sym *sym_dso_find(struct sym_dso *d, uint64_t addr)
{
	size_t lo = 0, hi;

	if (!d->loaded)
		dso_load(d);
	hi = d->nr_syms;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (addr < d->syms[mid].start)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (!lo)
		return NULL;
	if (addr >= d->syms[lo - 1].end)
		return NULL;
	return &d->syms[lo - 1];
}

size_t sym_dso_nr_syms(struct sym_dso *d)
{
	if (!d->loaded)
		dso_load(d);
	return d->nr_syms;
}

Elf *sym_dso_elf(struct sym_dso *d)
{
	if (!d->loaded)
		dso_load(d);
	return d->elf;
}

int sym_dso_fd(struct sym_dso *d)
{
	if (!d->loaded)
		dso_load(d);
	return d->fd;
}

const uint8_t *sym_dso_build_id(struct sym_dso *d, size_t *len)
{
	if (!d->loaded && d->kind == SYM_DSO_ELF && !d->bid_len)
		dso_load(d);
	*len = d->bid_len;
	return d->bid_len ? d->build_id : NULL;
}

Dwarf *sym_dso_dwarf(struct sym_dso *d)
{
	if (!d->loaded)
		dso_load(d);
	if (!d->dwarf_tried) {
		d->dwarf_tried = true;
		if (d->dbg_elf)
			d->dwarf = obj_dwarf(d->dbg_elf, false);
		if (!d->dwarf && d->elf && d->kind == SYM_DSO_ELF)
			d->dwarf = obj_dwarf(d->elf, false);
	}
	return d->dwarf;
}

long sym_dso_read(struct sym_dso *d, uint64_t addr, void *buf, size_t len)
{
	const GElf_Phdr *ph;

	if (!d->loaded)
		dso_load(d);
	if (!d->elf)
		return -ENOENT;
	ph = obj_segs_find(&d->segs, addr, false);
	if (ph) {
		uint64_t off;
		size_t n;
		char *img;
		size_t isz;

		off = addr - ph->p_vaddr + ph->p_offset;
		n = len;
		if (addr + n > ph->p_vaddr + ph->p_filesz)
			n = ph->p_vaddr + ph->p_filesz - addr;
		img = elf_rawfile(d->elf, &isz);
		if (img) {
			if (off >= isz)
				return -EFAULT;
			if (off + n > isz)
				n = isz - off;
			memcpy(buf, img + off, n);
			return (long)n;
		}
		if (d->fd >= 0) {
			ssize_t r;

			do
				r = pread(d->fd, buf, n, (off_t)off);
			while (r < 0 && errno == EINTR);
			return r < 0 ? -errno : r;
		}
		return -EFAULT;
	}
	return -EFAULT;
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
	if (!r.file)
		return -ENOENT;
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
