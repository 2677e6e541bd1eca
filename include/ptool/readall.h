/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_READALL_H
#define PTOOL_READALL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Reading a whole buffer: read(2) and pread(2) may return fewer bytes than
 * asked (a pipe, a signal) or fail with EINTR; these retry until @len
 * bytes are read or the file ends.
 */

/**
 * read_all - read @len bytes of @fd into @buf
 * Returns the bytes read, fewer than @len only at the end of the file (0
 * at once), or -errno.
 */
ssize_t read_all(int fd, void *buf, size_t len);

/** pread_all - read_all() at file offset @off, leaving the file position */
ssize_t pread_all(int fd, void *buf, size_t len, uint64_t off);

#endif
