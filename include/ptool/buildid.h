/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_BUILDID_H
#define PTOOL_BUILDID_H

#include <stddef.h>

#include <libelf.h>

/*
 * The GNU build-id of an ELF file (the NT_GNU_BUILD_ID note, usually a
 * 20-byte SHA-1), read with libelf. perf keys its symbol cache and the
 * BUILD_ID feature of perf.data by it.
 */

#define BUILDID_MAX	64	/* perf.data stores up to 20 bytes */

struct buildid {
	unsigned char data[BUILDID_MAX];
	size_t size;
};

/**
 * buildid_read - the build-id of the ELF file at @path
 * @out: filled on success
 *
 * Returns 0, -ENODATA when the file has no build-id note, -ENOEXEC when
 * it is not ELF, or -errno from open(2).
 */
int buildid_read(const char *path, struct buildid *out);

/**
 * buildid_from_elf - the build-id of an open ELF object: its SHT_NOTE
 * sections, or without any its PT_NOTE segments
 * Returns 0 or -ENODATA.
 */
int buildid_from_elf(Elf *elf, struct buildid *out);

/** buildid_read_fd - buildid_read() on an open file (the fd stays open) */
int buildid_read_fd(int fd, struct buildid *out);

/**
 * buildid_from_notes - the build-id in a raw ELF note stream (the bytes of
 * a PT_NOTE segment, or /sys/kernel/notes for the running kernel)
 * @buf: the notes, in this machine's byte order
 * @len: their size
 * Returns 0 or -ENODATA.
 */
int buildid_from_notes(const void *buf, size_t len, struct buildid *out);

/**
 * buildid_read_notes - buildid_from_notes() on the contents of @path
 * (e.g. "/sys/kernel/notes"). Returns 0, -ENODATA or -errno.
 */
int buildid_read_notes(const char *path, struct buildid *out);

/**
 * buildid_read_vdso - the build-id of the vdso the kernel maps into this
 * process (the same image in every process of this kernel), read from
 * memory. Returns 0, -ENOENT (no vdso), -ENOEXEC or -ENODATA.
 */
int buildid_read_vdso(struct buildid *out);

/**
 * buildid_hex - lowercase hex of @bid into @buf (2 * size + 1 bytes are
 * enough); returns @buf
 */
char *buildid_hex(const struct buildid *bid, char *buf, size_t len);

#endif
