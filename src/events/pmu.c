// SPDX-License-Identifier: GPL-2.0
#include "ptool/pmu.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"
#include "ptool/sysroots.h"

const char *pmu_sysfs_root(const char *sysfs)
{
	return sysfs ? sysfs : sysroots_sysfs();
}

static void dev_path(char *buf, size_t len, const char *sysfs,
		     const char *pmu, const char *rel)
{
	snprintf(buf, len, "%s/bus/event_source/devices/%s%s%s",
		 pmu_sysfs_root(sysfs), pmu ? pmu : "", rel ? "/" : "",
		 rel ? rel : "");
}

static bool safe_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static long read_small(const char *path, struct strbuf *sb)
{
	long n = strbuf_read_file(sb, path, 128);

	if (n >= 0)
		strbuf_rtrim(sb);
	return n;
}

int pmu_type(const char *sysfs, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	char path[4096], *end;
	long n, v;

	if (!safe_name(name))
		return -ENOENT;
	dev_path(path, sizeof(path), sysfs, name, "type");
	n = read_small(path, &sb);
	if (n < 0) {
		strbuf_release(&sb);
		return n == -ENOTDIR ? -ENOENT : (int)n;
	}
	v = strtol(sb.buf, &end, 10);
	if (end == sb.buf || *end || v < 0 || v > 0x7fffffff) {
		strbuf_release(&sb);
		return -EINVAL;
	}
	strbuf_release(&sb);
	return (int)v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *path, char ***names)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **v = NULL;
	int n = 0, alloc = 0;

	*names = NULL;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), cmp_str);
	*names = v;
	return n;
}

int pmu_names(const char *sysfs, char ***names)
{
	char path[4096];

	dev_path(path, sizeof(path), sysfs, NULL, NULL);
	return list_dir(path, names);
}

int pmu_events(const char *sysfs, const char *pmu, char ***names)
{
	char path[4096];
	int n;

	if (!safe_name(pmu))
		return -ENOENT;
	dev_path(path, sizeof(path), sysfs, pmu, "events");
	n = list_dir(path, names);
	if (n == -ENOENT) {
		*names = NULL;
		return 0;
	}
	if (n > 0) {
		/* drop the .scale/.unit/.snapshot companions */
		int j = 0;

		for (int i = 0; i < n; i++) {
			if (strchr((*names)[i], '.'))
				free((*names)[i]);
			else
				(*names)[j++] = (*names)[i];
		}
		n = j;
	}
	return n;
}

void pmu_strv_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static uint64_t *attr_field(struct perf_event_attr *attr, const char *f,
			    size_t len)
{
	if (len == 6 && !strncmp(f, "config", 6))
		return (uint64_t *)&attr->config;
	if (len == 7 && !strncmp(f, "config1", 7))
		return (uint64_t *)&attr->config1;
	if (len == 7 && !strncmp(f, "config2", 7))
		return (uint64_t *)&attr->config2;
	return NULL;
}

/*
 * A format file holds "config:0-7", "config1:0-63", "config:8-15,32-35"
 * or "config:21" (one bit). The value's bits fill the listed ranges from
 * the lowest value bit up.
 */
static int apply_format(const char *fmt, uint64_t val,
			struct perf_event_attr *attr)
{
	const char *colon = strchr(fmt, ':');
	uint64_t *field, left = val;
	const char *p;
	int used = 0;

	if (!colon)
		return -EINVAL;
	field = attr_field(attr, fmt, (size_t)(colon - fmt));
	if (!field)
		return -EINVAL;
	p = colon + 1;
	while (*p) {
		char *end;
		long lo = strtol(p, &end, 10), hi;

		if (end == p || lo < 0 || lo > 63)
			return -EINVAL;
		hi = lo;
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			if (end == p + 1 || hi < lo || hi > 63)
				return -EINVAL;
			p = end;
		}
		for (long b = lo; b <= hi; b++) {
			if (left & 1)
				*field |= 1ULL << b;
			else
				*field &= ~(1ULL << b);
			left >>= 1;
			used++;
		}
		if (*p == ',')
			p++;
		else if (*p)
			return -EINVAL;
	}
	if (used < 64 && left)
		return -ERANGE;
	return 0;
}

int pmu_apply_term(const char *sysfs, const char *pmu, const char *term,
		   uint64_t val, struct perf_event_attr *attr)
{
	struct strbuf sb = STRBUF_INIT;
	char path[4096], rel[512];
	long n;
	int err;

	if (!safe_name(pmu) || !safe_name(term))
		return -ENOENT;
	snprintf(rel, sizeof(rel), "format/%s", term);
	dev_path(path, sizeof(path), sysfs, pmu, rel);
	n = read_small(path, &sb);
	if (n < 0) {
		strbuf_release(&sb);
		return n == -ENOTDIR ? -ENOENT : (int)n;
	}
	err = apply_format(sb.buf, val, attr);
	strbuf_release(&sb);
	return err;
}

char *pmu_event_alias(const char *sysfs, const char *pmu, const char *event)
{
	struct strbuf sb = STRBUF_INIT;
	char path[4096], rel[512];
	long n;

	if (!safe_name(pmu) || !safe_name(event)) {
		errno = ENOENT;
		return NULL;
	}
	snprintf(rel, sizeof(rel), "events/%s", event);
	dev_path(path, sizeof(path), sysfs, pmu, rel);
	n = read_small(path, &sb);
	if (n < 0) {
		strbuf_release(&sb);
		errno = n == -ENOTDIR ? ENOENT : (int)-n;
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}
