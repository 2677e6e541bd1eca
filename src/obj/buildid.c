// SPDX-License-Identifier: GPL-2.0
#include "ptool/buildid.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "ptool/readall.h"

#ifndef NT_GNU_BUILD_ID
#define NT_GNU_BUILD_ID 3
#endif

/* look for the GNU build-id note in one ELF_T_NHDR data block */
static bool scan_notes(Elf_Data *d, struct buildid *out)
{
	GElf_Nhdr nh;
	size_t off = 0, name_off, desc_off, next;

	while (off < d->d_size &&
	       (next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)d->d_buf + name_off;

		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp(name, "GNU", 4) && nh.n_descsz > 0 &&
		    nh.n_descsz <= BUILDID_MAX) {
			memcpy(out->data, (const char *)d->d_buf + desc_off,
			       nh.n_descsz);
			out->size = nh.n_descsz;
			return true;
		}
		off = next;
	}
	return false;
}

int buildid_from_elf(Elf *elf, struct buildid *out)
{
	Elf_Scn *scn = NULL;
	size_t nph;
	bool have_notes = false;

	/* section headers first: they survive strip, program headers too */
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d = NULL;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		have_notes = true;
		while ((d = elf_getdata(scn, d)))
			if (d->d_type == ELF_T_NHDR || d->d_type == ELF_T_NHDR8)
				if (scan_notes(d, out))
					return 0;
	}
	if (!have_notes && !elf_getphdrnum(elf, &nph)) {
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;
			Elf_Data *d;

			if (!gelf_getphdr(elf, (int)i, &ph) ||
			    ph.p_type != PT_NOTE)
				continue;
			d = elf_getdata_rawchunk(elf, ph.p_offset, ph.p_filesz,
						 ph.p_align == 8 ? ELF_T_NHDR8 :
						 ELF_T_NHDR);
			if (d && scan_notes(d, out))
				return 0;
		}
	}
	return -ENODATA;
}

int buildid_read_fd(int fd, struct buildid *out)
{
	Elf *elf;
	int err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf)
		return -ENOEXEC;
	if (elf_kind(elf) != ELF_K_ELF)
		err = -ENOEXEC;
	else
		err = buildid_from_elf(elf, out);
	elf_end(elf);
	return err;
}

int buildid_read(const char *path, struct buildid *out)
{
	int fd = open_regular(path);
	int err;

	if (fd < 0)
		return fd;
	err = buildid_read_fd(fd, out);
	close(fd);
	return err;
}

int buildid_from_notes(const void *buf, size_t len, struct buildid *out)
{
	const unsigned char *p = buf;
	size_t off = 0;

	/* Elf32_Nhdr and Elf64_Nhdr are the same: three 32-bit words */
	while (len - off >= 12) {
		uint32_t namesz, descsz, type;
		size_t name_at = off + 12, desc_at, next;

		memcpy(&namesz, p + off, 4);
		memcpy(&descsz, p + off + 4, 4);
		memcpy(&type, p + off + 8, 4);
		desc_at = name_at + (((size_t)namesz + 3) & ~(size_t)3);
		next = desc_at + (((size_t)descsz + 3) & ~(size_t)3);
		if (namesz > len || descsz > len || next > len || next <= off)
			break;
		if (type == NT_GNU_BUILD_ID && namesz == 4 &&
		    !memcmp(p + name_at, "GNU", 4) && descsz > 0 &&
		    descsz <= BUILDID_MAX) {
			memcpy(out->data, p + desc_at, descsz);
			out->size = descsz;
			return 0;
		}
		off = next;
	}
	return -ENODATA;
}

int buildid_read_notes(const char *path, struct buildid *out)
{
	unsigned char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* a sysfs notes file: its first page holds every note */
	n = read_all(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return (int)n;
	return buildid_from_notes(buf, (size_t)n, out);
}

int buildid_read_vdso(struct buildid *out)
{
	const unsigned char *base =
		(const unsigned char *)getauxval(AT_SYSINFO_EHDR);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;

	if (!base)
		return -ENOENT;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)
			(base + eh->e_phoff + i * sizeof(Elf64_Phdr));

		/* the vdso is mapped whole: offsets are addresses from base */
		if (ph->p_type == PT_NOTE &&
		    !buildid_from_notes(base + ph->p_offset, ph->p_filesz, out))
			return 0;
	}
	return -ENODATA;
}

char *buildid_hex(const struct buildid *bid, char *buf, size_t len)
{
	size_t i;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < bid->size && 2 * i + 2 < len; i++)
		snprintf(buf + 2 * i, 3, "%02x", bid->data[i]);
	return buf;
}
