// SPDX-License-Identifier: GPL-2.0
/*
 * ELF objects: opening, sections, PT_LOAD segments, symbol tables, debug
 * files and DWARF handles (see include/ptool/obj.h).
 */
#include "ptool/obj.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/buildid.h"
#include "ptool/msg.h"
#include "ptool/readall.h"
#include "ptool/strbuf.h"

Elf *obj_elf_open(const char *path, int *fdp)
{
	int fd;
	Elf *e;

	elf_version(EV_CURRENT);
	/* never a FIFO or a device, whose open or read would block */
	fd = open_regular(path);
	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		if (e)
			elf_end(e);
		close(fd);
		errno = ENOEXEC;
		return NULL;
	}
	*fdp = fd;
	return e;
}

void obj_elf_close(Elf *e, int fd)
{
	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
}

Elf_Scn *obj_section(Elf *e, const char *want, GElf_Shdr *out)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(e, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(e, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, out))
			continue;
		n = elf_strptr(e, shstrndx, out->sh_name);
		if (n && !strcmp(n, want))
			return scn;
	}
	return NULL;
}

bool obj_has_section_type(Elf *e, Elf64_Word type)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == type)
			return true;
	return false;
}

bool obj_has_data_section(Elf *e, const char *name)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstrndx;

	if (elf_getshdrstrndx(e, &shstrndx))
		return false;
	while ((scn = elf_nextscn(e, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(e, shstrndx, sh.sh_name);
		if (n && !strcmp(n, name) && sh.sh_type != SHT_NOBITS)
			return true;
	}
	return false;
}

const char *obj_debuglink(Elf *e)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shstrndx;

	if (elf_getshdrstrndx(e, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(e, scn))) {
		const char *n;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(e, shstrndx, sh.sh_name);
		if (!n || strcmp(n, ".gnu_debuglink"))
			continue;
		data = elf_getdata(scn, NULL);
		if (data && data->d_size > 1 &&
		    memchr(data->d_buf, 0, data->d_size))
			return data->d_buf;
	}
	return NULL;
}

/* ---- segments ---- */

void obj_segs_load(struct obj_segs *s, Elf *e)
{
	size_t n, i;

	s->v = NULL;
	s->nr = 0;
	if (!e || elf_getphdrnum(e, &n))
		return;
	s->v = xcalloc(n ? n : 1, sizeof(*s->v));
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD)
			s->v[s->nr++] = ph;
	}
}

void obj_segs_release(struct obj_segs *s)
{
	free(s->v);
	s->v = NULL;
	s->nr = 0;
}

const GElf_Phdr *obj_segs_find(const struct obj_segs *s, uint64_t x,
			       bool is_offset)
{
	for (size_t i = 0; i < s->nr; i++) {
		const GElf_Phdr *ph = &s->v[i];
		uint64_t start = is_offset ? ph->p_offset : ph->p_vaddr;

		if (x >= start && x < start + ph->p_filesz)
			return ph;
	}
	return NULL;
}

int obj_segs_vaddr_to_off(const struct obj_segs *s, uint64_t vaddr,
			  uint64_t *off)
{
	const GElf_Phdr *ph = obj_segs_find(s, vaddr, false);

	if (!ph)
		return -ENOENT;
	*off = vaddr - ph->p_vaddr + ph->p_offset;
	return 0;
}

int obj_segs_off_to_vaddr(const struct obj_segs *s, uint64_t off,
			  uint64_t *vaddr)
{
	const GElf_Phdr *ph = obj_segs_find(s, off, true);

	if (!ph)
		return -ENOENT;
	*vaddr = off - ph->p_offset + ph->p_vaddr;
	return 0;
}

uint64_t obj_segs_map_off(const struct obj_segs *s, uint64_t off)
{
	for (size_t i = 0; i < s->nr; i++) {
		const GElf_Phdr *ph = &s->v[i];

		if ((ph->p_flags & PF_X) && off >= ph->p_offset &&
		    off < ph->p_offset + ph->p_filesz)
			return off - ph->p_offset + ph->p_vaddr;
	}
	for (size_t i = 0; i < s->nr; i++) {
		const GElf_Phdr *ph = &s->v[i];

		if (off >= ph->p_offset && off < ph->p_offset + ph->p_memsz)
			return off - ph->p_offset + ph->p_vaddr;
	}
	return off;
}

uint64_t obj_segs_end(const struct obj_segs *s)
{
	uint64_t end = 0;

	for (size_t i = 0; i < s->nr; i++)
		if (s->v[i].p_vaddr + s->v[i].p_memsz > end)
			end = s->v[i].p_vaddr + s->v[i].p_memsz;
	return end;
}

/* ---- symbols ---- */

int obj_sym_walk(Elf *e, Elf64_Word type, obj_sym_fn fn, void *arg)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn))) {
		Elf_Data *data;
		size_t n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != type)
			continue;
		data = elf_getdata(scn, NULL);
		if (!sh.sh_entsize || !data)
			return 0;
		n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 1; i < n && i < UINT32_MAX; i++) {
			GElf_Sym s;
			const char *name;
			int ret;

			if (!gelf_getsym(data, (int)i, &s))
				continue;
			name = elf_strptr(e, sh.sh_link, s.st_name);
			ret = fn(arg, &s, name, i);
			if (ret)
				return ret;
		}
		return 0;
	}
	return -ENOENT;
}

/* ---- debug files ---- */

static void bid_hex(const uint8_t *id, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", id[i]);
	out[2 * len] = 0;
}

/*
 * whether a file's build-id is @id: perf.data keeps 20 bytes, so a
 * recorded id of 20 bytes matches a longer one it is the start of
 */
static bool buildid_match(const struct buildid *have, const uint8_t *id,
			  size_t len)
{
	size_t n = have->size > 20 && len == 20 ? 20 : have->size;

	return n == len && !memcmp(have->data, id, len);
}

/* @path when it opens and (with @len) has no other build-id than @id */
static Elf *open_checked(const char *path, const uint8_t *id, size_t len,
			 int *fdp)
{
	struct buildid have;
	int fd;
	Elf *e = obj_elf_open(path, &fd);

	if (!e)
		return NULL;
	if (len && !buildid_from_elf(e, &have) &&
	    !buildid_match(&have, id, len)) {
		obj_elf_close(e, fd);
		return NULL;
	}
	*fdp = fd;
	return e;
}

Elf *obj_debug_build_id(const char *root, const uint8_t *id, size_t len,
			bool verify, int *fdp)
{
	struct strbuf p = STRBUF_INIT;
	char hex[2 * BUILDID_MAX + 1];
	Elf *e;

	if (!len || len > BUILDID_MAX)
		return NULL;
	bid_hex(id, len, hex);
	strbuf_addf(&p, "%s/.build-id/%.2s/%s.debug",
		    root ? root : OBJ_DEBUG_ROOT, hex, hex + 2);
	e = open_checked(p.buf, id, verify ? len : 0, fdp);
	if (e)
		pr_debug("using debug information from %s", p.buf);
	strbuf_release(&p);
	return e;
}

Elf *obj_debug_link(Elf *e, const char *path, const char *root,
		    const uint8_t *id, size_t len, int *fdp)
{
	const char *link = obj_debuglink(e);
	const char *pre[] = { root ? root : OBJ_DEBUG_ROOT, "", "" };
	static const char *const mid[] = { "/", "/.debug/", "/" };
	struct strbuf p = STRBUF_INIT;
	char *dir, *sl;
	Elf *d = NULL;

	if (!link || strchr(link, '/'))
		return NULL;
	dir = xstrdup(path);
	sl = strrchr(dir, '/');
	if (sl)
		*sl = 0;
	for (size_t i = 0; i < ARRAY_SIZE(pre) && !d; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s%s%s%s", pre[i], dir, mid[i], link);
		if (!strcmp(p.buf, path))
			continue;
		d = open_checked(p.buf, id, len, fdp);
	}
	free(dir);
	strbuf_release(&p);
	return d;
}

Elf *obj_cache_elf(const char *cache_dir, const uint8_t *id, size_t len,
		   bool vdso, int *fdp)
{
	struct strbuf p = STRBUF_INIT;
	char hex[2 * BUILDID_MAX + 1];
	Elf *e;

	if (!cache_dir || !len || len > BUILDID_MAX)
		return NULL;
	bid_hex(id, len, hex);
	strbuf_addf(&p, "%s/.build-id/%.2s/%s/elf", cache_dir, hex, hex + 2);
	e = obj_elf_open(p.buf, fdp);
	if (!e) {
		strbuf_reset(&p);
		if (vdso)
			strbuf_addf(&p, "%s/[vdso]/%s/elf", cache_dir, hex);
		else
			strbuf_addf(&p, "%s/.build-id/%.2s/%s", cache_dir,
				    hex, hex + 2);
		e = obj_elf_open(p.buf, fdp);
	}
	strbuf_release(&p);
	return e;
}

/* ---- DWARF ---- */

Dwarf *obj_dwarf(Elf *e, bool need_cu)
{
	Dwarf *dw = dwarf_begin_elf(e, DWARF_C_READ, NULL);
	Dwarf_Off next;
	size_t hsize;

	if (dw && need_cu &&
	    dwarf_nextcu(dw, 0, &next, &hsize, NULL, NULL, NULL) != 0) {
		dwarf_end(dw);
		dw = NULL;
	}
	return dw;
}
