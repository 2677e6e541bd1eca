// SPDX-License-Identifier: GPL-2.0
#include "ptool/cpumap.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/parse.h"
#include "ptool/strbuf.h"
#include "ptool/sysroots.h"

#define MAX_CPU 65535

static struct cpumap *cpumap_from(int *v, int n)
{
	struct cpumap *m = xcalloc(1, sizeof(*m));

	m->cpu = v;
	m->nr = n;
	return m;
}

struct cpumap *cpumap_new_any(void)
{
	int *v = xmalloc(sizeof(*v));

	v[0] = -1;
	return cpumap_from(v, 1);
}

static int read_online(int **v, int *n)
{
	struct strbuf sb = STRBUF_INIT;
	char path[4096];
	long r;
	int err;

	snprintf(path, sizeof(path), "%s/devices/system/cpu/online",
		 sysroots_sysfs());
	r = strbuf_read_file(&sb, path, 64);
	if (r < 0) {
		strbuf_release(&sb);
		return (int)r;
	}
	strbuf_rtrim(&sb);
	err = parse_int_list(sb.buf, MAX_CPU, v, n);
	strbuf_release(&sb);
	return err;
}

struct cpumap *cpumap_new_online(void)
{
	int *v, n, err;

	err = read_online(&v, &n);
	if (err) {
		errno = -err;
		return NULL;
	}
	return cpumap_from(v, n);
}

struct cpumap *cpumap_new_list(const char *list)
{
	int *v, n, *on, non, err, i, j;

	err = parse_int_list(list, MAX_CPU, &v, &n);
	if (err) {
		errno = EINVAL;
		return NULL;
	}
	err = read_online(&on, &non);
	if (err) {
		free(v);
		errno = -err;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < non && on[j] != v[i]; j++)
			;
		if (j == non) {
			free(v);
			free(on);
			errno = ENODEV;
			return NULL;
		}
	}
	free(on);
	return cpumap_from(v, n);
}

void cpumap_free(struct cpumap *map)
{
	if (!map)
		return;
	free(map->cpu);
	free(map);
}

char *cpumap_format(const struct cpumap *map, char *buf, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	int i = 0;

	while (i < map->nr) {
		int j = i;

		while (j + 1 < map->nr && map->cpu[j + 1] == map->cpu[j] + 1)
			j++;
		if (sb.len)
			strbuf_addch(&sb, ',');
		if (j > i)
			strbuf_addf(&sb, "%d-%d", map->cpu[i], map->cpu[j]);
		else
			strbuf_addf(&sb, "%d", map->cpu[i]);
		i = j + 1;
	}
	snprintf(buf, len, "%s", sb.buf);
	strbuf_release(&sb);
	return buf;
}

static int read_id(const char *path, int *out)
{
	struct strbuf sb = STRBUF_INIT;
	long n = strbuf_read_file(&sb, path, 16);
	char *end;
	long v;

	if (n < 0) {
		strbuf_release(&sb);
		return (int)n;
	}
	v = strtol(sb.buf, &end, 10);
	strbuf_release(&sb);
	if (end == sb.buf && n)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* the node whose cpulist names @cpu, 0 without NUMA information */
static int cpu_node(const char *sys, int cpu)
{
	char path[4096];
	struct dirent *de;
	DIR *d;
	int node = 0;

	snprintf(path, sizeof(path), "%s/devices/system/node", sys);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct strbuf sb = STRBUF_INIT;
		char *end;
		long id;
		int *v, n;

		if (strncmp(de->d_name, "node", 4))
			continue;
		id = strtol(de->d_name + 4, &end, 10);
		if (end == de->d_name + 4 || *end)
			continue;
		snprintf(path, sizeof(path), "%s/devices/system/node/%s/cpulist",
			 sys, de->d_name);
		if (strbuf_read_file(&sb, path, 64) > 0) {
			strbuf_rtrim(&sb);
			if (!parse_int_list(sb.buf, MAX_CPU, &v, &n)) {
				for (int i = 0; i < n; i++)
					if (v[i] == cpu)
						node = (int)id;
				free(v);
			}
		}
		strbuf_release(&sb);
	}
	closedir(d);
	return node;
}

int cpu_topology(int cpu, struct cpu_topo *out)
{
	const char *sys = sysroots_sysfs();
	char path[4096];
	int err;

	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path),
		 "%s/devices/system/cpu/cpu%d/topology/physical_package_id",
		 sys, cpu);
	err = read_id(path, &out->socket);
	if (err)
		return err;
	snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/topology/core_id",
		 sys, cpu);
	err = read_id(path, &out->core);
	if (err)
		return err;
	snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/topology/die_id",
		 sys, cpu);
	if (read_id(path, &out->die))
		out->die = 0;
	out->node = cpu_node(sys, cpu);
	return 0;
}

static struct threadmap *threadmap_from(pid_t *v, int n)
{
	struct threadmap *m = xcalloc(1, sizeof(*m));

	m->tid = v;
	m->nr = n;
	return m;
}

struct threadmap *threadmap_new_any(void)
{
	return threadmap_new_pid(-1);
}

struct threadmap *threadmap_new_pid(pid_t pid)
{
	pid_t *v = xmalloc(sizeof(*v));

	v[0] = pid;
	return threadmap_from(v, 1);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* append the tasks of process @pid, from <procfs>/<pid>/task */
static int add_tasks(pid_t pid, pid_t **v, int *n, int *alloc)
{
	char path[4096];
	struct dirent *de;
	DIR *d;
	int first = *n;

	snprintf(path, sizeof(path), "%s/%d/task",
		 sysroots_procfs(), (int)pid);
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? -ESRCH : -errno;
	while ((de = readdir(d))) {
		char *end;
		long t = strtol(de->d_name, &end, 10);

		if (de->d_name[0] == '.' || *end || t <= 0)
			continue;
		ALLOC_GROW(*v, *n + 1, *alloc);
		(*v)[(*n)++] = (pid_t)t;
	}
	closedir(d);
	if (*n == first)
		return -ESRCH;
	qsort(*v + first, (size_t)(*n - first), sizeof(**v), cmp_pid);
	return 0;
}

static struct threadmap *new_str(const char *list, bool all_threads,
				  bool skip_gone)
{
	pid_t *v = NULL;
	int n = 0, alloc = 0, err = 0;
	const char *p = list;
	char path[4096];

	/* syntax first: "1,,2" is a bad list whether or not 1 exists */
	if (!list || !*list || *list == ',' || list[strlen(list) - 1] == ',' ||
	    strstr(list, ",,") || strspn(list, "0123456789,") != strlen(list)) {
		errno = EINVAL;
		return NULL;
	}
	while (*p) {
		int64_t id;
		char tok[32];
		size_t l = strcspn(p, ",");

		if (!l || l >= sizeof(tok)) {
			err = -EINVAL;
			break;
		}
		memcpy(tok, p, l);
		tok[l] = '\0';
		if (parse_s64(tok, &id) || id <= 0 || id > 0x7fffffff) {
			err = -EINVAL;
			break;
		}
		if (all_threads) {
			err = add_tasks((pid_t)id, &v, &n, &alloc);
			if (err == -ESRCH && skip_gone)
				err = 0;	/* it ended since it was listed */
			if (err)
				break;
		} else {
			snprintf(path, sizeof(path), "%s/%d",
				 sysroots_procfs(), (int)id);
			if (access(path, F_OK)) {
				err = -ESRCH;
				break;
			}
			ALLOC_GROW(v, n + 1, alloc);
			v[n++] = (pid_t)id;
		}
		p += l;
		if (*p == ',') {
			p++;
			if (!*p)
				err = -EINVAL;
		}
	}
	if (!err && !n)
		err = -ESRCH;
	if (err) {
		free(v);
		errno = -err;
		return NULL;
	}
	return threadmap_from(v, n);
}

struct threadmap *threadmap_new_str(const char *list, bool all_threads)
{
	return new_str(list, all_threads, false);
}

struct threadmap *threadmap_new_live(const char *list)
{
	return new_str(list, true, true);
}

struct threadmap *threadmap_new_all(void)
{
	const char *proc = sysroots_procfs();
	pid_t *v = NULL;
	int n = 0, alloc = 0;
	struct dirent *de;
	DIR *d = opendir(proc);

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		/* a process that ended meanwhile is left out */
		if (de->d_name[0] != '.' && !*end && pid > 0)
			add_tasks((pid_t)pid, &v, &n, &alloc);
	}
	closedir(d);
	if (!n) {
		free(v);
		errno = ESRCH;
		return NULL;
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_pid);
	return threadmap_from(v, n);
}

void threadmap_free(struct threadmap *map)
{
	if (!map)
		return;
	free(map->tid);
	free(map);
}
