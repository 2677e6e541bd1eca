/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_TFS_H
#define PTOOL_TFS_H

#include <stdbool.h>
#include <stddef.h>

#include "ptool/strbuf.h"

/*
 * The tracefs locator, shared by the event layer (tracepoint ids and
 * formats) and the probe registrar (uprobe_events, kprobe_events).
 * Looking tracefs up never mounts it; tfs_mount() and tfs_open_mount()
 * are the calls that do, and say so in their names.
 *
 * Test seam: tfs_open() takes any directory as the root (e.g. a test's
 * temp dir), and so does tfs_open(NULL) when the tracefs root of
 * sysroots_set() is set (the command layer sets it from $PTOOL_TRACEFS).
 * A root is used as it is: tfs_write() never creates files in it.
 */

struct tfs;

/**
 * tfs_open - a handle on a tracefs root
 * @root: a directory to use as the root, or NULL to find the mounted
 *        tracefs (sysroots_tracefs(), /sys/kernel/tracing, then
 *        /sys/kernel/debug/tracing)
 *
 * Returns a handle (free with tfs_free()) or NULL with errno set: ENOENT
 * when tracefs is not mounted anywhere.
 */
struct tfs *tfs_open(const char *root);

/**
 * tfs_mount - mount tracefs on /sys/kernel/tracing
 * Returns 0, or -errno: -EPERM when not privileged, -ENODEV when the
 * kernel has no tracefs.
 */
int tfs_mount(void);

/**
 * tfs_open_mount - tfs_open(NULL), mounting tracefs first when it is not
 * mounted and we are root (never when sysroots_tracefs() is set).
 * Returns a handle or NULL with errno set.
 */
struct tfs *tfs_open_mount(void);

/** tfs_free - release a handle; NULL is a no-op */
void tfs_free(struct tfs *t);

/** tfs_root - the root directory of @t (lent, lives as long as @t) */
const char *tfs_root(const struct tfs *t);

/** tfs_path - "<root>/<rel>" as a new string (free() it) */
char *tfs_path(const struct tfs *t, const char *rel);

/** tfs_exists - whether "<root>/<rel>" exists */
bool tfs_exists(const struct tfs *t, const char *rel);

/**
 * tfs_read - append the contents of "<root>/<rel>" to @out
 * Returns the number of bytes read or -errno.
 */
long tfs_read(const struct tfs *t, const char *rel, struct strbuf *out);

/**
 * tfs_write - write @data to "<root>/<rel>" (an existing file) in one write(2)
 * @append: open with O_APPEND (uprobe_events: add without clearing)
 * Returns 0 or -errno (the kernel's refusal, e.g. -EINVAL; read error_log).
 */
int tfs_write(const struct tfs *t, const char *rel, const char *data,
	      bool append);

#endif
