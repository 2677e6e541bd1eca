/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_TP_H
#define PTOOL_TP_H

/*
 * Tracepoints by name: tracefs events/<sys>/<name>/id gives attr.config for
 * PERF_TYPE_TRACEPOINT. This covers kprobe and uprobe events too (their
 * <sys> is the probe group, e.g. probe_a:main_L4). Format files are parsed
 * elsewhere (tpfmt).
 */

#include <stdbool.h>
#include <stdint.h>

struct tfs;

struct tp_name {
	char *sys;
	char *name;
	uint64_t id;
};

/**
 * tp_id - the id of tracepoint @sys:@name
 * Returns the id (>= 0) or -errno: -ENOENT when there is no such event.
 */
int64_t tp_id(const struct tfs *t, const char *sys, const char *name);

/**
 * tp_glob - every tracepoint whose sys and name match the fnmatch(3)
 * patterns @sys_glob and @name_glob (exact names skip the directory scan)
 * @out: set to a new array sorted by sys then name (free with tp_names_free())
 * Returns the number of matches (0 when none) or -errno.
 */
int tp_glob(const struct tfs *t, const char *sys_glob, const char *name_glob,
	    struct tp_name **out);

/** tp_names_free - free an array from tp_glob() */
void tp_names_free(struct tp_name *v, int n);

/**
 * tp_tracefs_errno - a better errno for a failed tfs_open(NULL): -EACCES
 * when tracefs is mounted but this user may not read it (the locator only
 * sees that no readable tracefs exists), else @err (a -errno)
 */
int tp_tracefs_errno(int err);

/** tp_is_glob - whether @s contains a glob character (*?[) */
bool tp_is_glob(const char *s);

#endif
