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

/**
 * open_regular - open @path read-only, but only a regular file: a path that
 * a recording or DWARF names may by now be a FIFO or a device, whose open
 * or read would block or never end
 * Returns the descriptor (close-on-exec) or -errno (-EINVAL: not a regular
 * file).
 */
int open_regular(const char *path);

/**
 * read_once - one read(2) of up to @len bytes, retried on EINTR: for files
 * that give a whole record per read and repeat it on the next one (a
 * perf_event counter), where read_all() would read it twice
 * Returns the bytes read or -errno.
 */
ssize_t read_once(int fd, void *buf, size_t len);

#endif
