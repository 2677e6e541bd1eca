// SPDX-License-Identifier: GPL-2.0
/*
 * ELF objects for the symbolizer: the run-time file (the recorded path,
 * --symfs, perf's build-id cache), its debug file, .symtab/.dynsym and
 * PLT entries, the vdso, and reading code from the loadable segments.
 */
#include "ptool/sym.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>


#include "ptool/buildid.h"
#include "ptool/msg.h"
#include "ptool/obj.h"
#include "ptool/readall.h"
#include "sym-priv.h"

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
	sym_raw_add(w->d, w->rv, s->st_value, s->st_size, name, strlen(name),
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
void sym_load_symtab(struct sym_dso *d, Elf *e, Elf64_Word type,
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
		sym_raw_add_plain(d, rv, base + i * entsz, entsz, buf, strlen(buf),
			      STB_GLOBAL, true);
	}
}

void sym_load_elf(struct sym_dso *d)
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
	sym_load_symtab(d, se, SHT_SYMTAB, &rv);
	if (!rv.nr && se != d->elf)
		sym_load_symtab(d, d->elf, SHT_SYMTAB, &rv);
	if (!rv.nr)
		sym_load_symtab(d, d->elf, SHT_DYNSYM, &rv);
	load_plt(d, d->elf, &rv);
	sym_finish_syms(d, &rv, obj_segs_end(&d->segs));
}

/* the vdso: perf's build-id cache, or this process's own copy when the
 * build-ids agree (same kernel) */
void sym_load_vdso(struct sym_dso *d)
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
		sym_load_symtab(d, d->elf, SHT_SYMTAB, &rv);
		if (!rv.nr)
			sym_load_symtab(d, d->elf, SHT_DYNSYM, &rv);
		sym_finish_syms(d, &rv, 0);
	}
}

long sym_dso_read(struct sym_dso *d, uint64_t addr, void *buf, size_t len)
{
	const GElf_Phdr *ph;

	if (!d->loaded)
		sym_dso_load(d);
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
			return pread_all(d->fd, buf, n, off);
		}
		return -EFAULT;
	}
	return -EFAULT;
}
