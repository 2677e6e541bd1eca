// SPDX-License-Identifier: GPL-2.0
#include "ptool/sym.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "ptool/msg.h"
#include "ptool/obj.h"
#include "ptool/readall.h"
#include "ptool/strbuf.h"
#include "sym-priv.h"

/* ---- cache ---- */

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
	for (size_t i = 0; i < c->dso_paths.nr; i++)
		dso_free(c->dsos[i]);
	free(c->dsos);
	strset_release(&c->dso_paths);
	free(c->bids);
	strset_release(&c->bid_paths);
	free(c->debug_dir);
	free(c->kallsyms);
	free(c);
}

void sym_cache_set_build_id(struct sym_cache *c, const char *path,
			    const uint8_t *build_id, size_t bid_len)
{
	uint32_t id = strset_add(&c->bid_paths, path, NULL);
	struct bid_note *n;

	ALLOC_GROW(c->bids, c->bid_paths.nr, c->alloc_bids);
	/* the last one recorded for a path counts */
	n = &c->bids[id];
	n->len = bid_len > 20 ? 20 : bid_len;
	memcpy(n->id, build_id, n->len);
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
	struct sym_dso *d;
	enum sym_dso_kind kind = SYM_DSO_ELF;
	bool fresh;
	uint32_t id = strset_add(&c->dso_paths, path, &fresh), bid;

	if (!fresh)
		return c->dsos[id];
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
	bid = strset_find(&c->bid_paths, path);
	d->order = bid != HMAP_NONE ? bid : (uint32_t)c->bid_paths.nr + id;
	if (build_id && bid_len) {
		d->bid_len = bid_len > 20 ? 20 : bid_len;
		memcpy(d->build_id, build_id, d->bid_len);
	} else if (bid != HMAP_NONE) {
		d->bid_len = c->bids[bid].len;
		memcpy(d->build_id, c->bids[bid].id, d->bid_len);
	}
	/* filed under the path it was asked for, as later lookups ask */
	ALLOC_GROW(c->dsos, c->dso_paths.nr, c->alloc);
	c->dsos[id] = d;
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

uint32_t sym_dso_order(const struct sym_dso *d)
{
	return d->order;
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

bool sym_is_plt(const struct sym *s)
{
	size_t n = s && s->name ? strlen(s->name) : 0;

	return n > 4 && !strcmp(s->name + n - 4, "@plt");
}

/* ---- symbol table building ---- */

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

void sym_raw_add(struct sym_dso *d, struct rawvec *rv, uint64_t start,
		 uint64_t size, const char *name, size_t nlen, int bind,
		 bool func)
{
	raw_add_as(d, rv, start, size, name, nlen, bind, func, true);
}

/* a name that is final as it is (already demangled) */
void sym_raw_add_plain(struct sym_dso *d, struct rawvec *rv, uint64_t start,
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
void sym_finish_syms(struct sym_dso *d, struct rawvec *rv, uint64_t last_end)
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

/* ---- perf-PID.map ---- */

static void load_perfmap(struct sym_dso *d)
{
	int fd = open_regular(d->path);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct rawvec rv = { 0 };
	struct stat st;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
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
		sym_raw_add(d, &rv, start, size, p, strlen(p), STB_GLOBAL, true);
	}
	free(line);
	fclose(f);
	sym_finish_syms(d, &rv, 0);
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

void sym_dso_load(struct sym_dso *d)
{
	d->loaded = true;
	switch (d->kind) {
	case SYM_DSO_ELF:
		sym_load_elf(d);
		break;
	case SYM_DSO_KERNEL:
		sym_load_kernel(d);
		break;
	case SYM_DSO_PERFMAP:
		load_perfmap(d);
		break;
	case SYM_DSO_VDSO:
		sym_load_vdso(d);
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
		sym_dso_load(d);
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
		sym_dso_load(d);
	return d->nr_syms;
}

Elf *sym_dso_elf(struct sym_dso *d)
{
	if (!d->loaded)
		sym_dso_load(d);
	return d->elf;
}

int sym_dso_fd(struct sym_dso *d)
{
	if (!d->loaded)
		sym_dso_load(d);
	return d->fd;
}

const uint8_t *sym_dso_build_id(struct sym_dso *d, size_t *len)
{
	if (!d->loaded && d->kind == SYM_DSO_ELF && !d->bid_len)
		sym_dso_load(d);
	*len = d->bid_len;
	return d->bid_len ? d->build_id : NULL;
}
