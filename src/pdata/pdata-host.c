// SPDX-License-Identifier: GPL-2.0
/*
 * Describing the recording machine for the header features, and finding
 * the kernel's _text for the kernel map record.
 */
#include "ptool/pdata.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ptool/kallsyms.h"
#include "ptool/strbuf.h"
#include "pdata-priv.h"

/* the value of "key : value" lines of /proc/cpuinfo (first CPU) */
static char *cpuinfo_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *l;

	for (l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *v, *e;

		if (strncmp(l, key, klen) || (l[klen] != ' ' && l[klen] != '\t' &&
					      l[klen] != ':'))
			continue;
		v = strchr(l, ':');
		e = strchr(l, '\n');
		if (!v || (e && v > e))
			continue;
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		if (!e)
			e = v + strlen(v);
		while (e > v && isspace((unsigned char)e[-1]))
			e--;
		return xstrndup(v, (size_t)(e - v));
	}
	return NULL;
}

/* collapse runs of blanks, as perf does for the CPU description */
static void squeeze(char *s)
{
	char *d = s, *r;
	bool blank = false;

	for (r = s; *r; r++) {
		if (*r == ' ' || *r == '\t') {
			blank = true;
			continue;
		}
		if (blank && d != s)
			*d++ = ' ';
		blank = false;
		*d++ = *r;
	}
	*d = '\0';
}

static void add_cpu(struct pdata_writer *w)
{
	struct strbuf sb = STRBUF_INIT;
	char *desc, *vendor, *family, *model, *stepping;

	if (strbuf_read_file(&sb, "/proc/cpuinfo", 4096) <= 0) {
		strbuf_release(&sb);
		return;
	}
	desc = cpuinfo_value(sb.buf, "model name");
	if (!desc)
		desc = cpuinfo_value(sb.buf, "Processor");
	if (!desc)
		desc = cpuinfo_value(sb.buf, "cpu model");
	if (desc) {
		squeeze(desc);
		pdata_writer_set_string(w, PDATA_FEAT_CPUDESC, desc);
	}
	vendor = cpuinfo_value(sb.buf, "vendor_id");
	family = cpuinfo_value(sb.buf, "cpu family");
	model = cpuinfo_value(sb.buf, "model");
	stepping = cpuinfo_value(sb.buf, "stepping");
	if (vendor && family && model && stepping) {
		struct strbuf id = STRBUF_INIT;

		strbuf_addf(&id, "%s,%s,%s,%s", vendor, family, model, stepping);
		pdata_writer_set_string(w, PDATA_FEAT_CPUID, id.buf);
		strbuf_release(&id);
	}
	free(desc);
	free(vendor);
	free(family);
	free(model);
	free(stepping);
	strbuf_release(&sb);
}

static void add_mem(struct pdata_writer *w)
{
	struct strbuf sb = STRBUF_INIT;
	char *v;

	if (strbuf_read_file(&sb, "/proc/meminfo", 4096) > 0 &&
	    (v = cpuinfo_value(sb.buf, "MemTotal"))) {
		pdata_writer_set_total_mem(w, strtoull(v, NULL, 10));
		free(v);
	}
	strbuf_release(&sb);
}

/* the highest CPU number in a sysfs cpu list ("0-3,5") plus one */
static uint32_t cpulist_count(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t max = 0;
	const char *s;

	if (strbuf_read_file(&sb, path, 64) > 0) {
		for (s = sb.buf; *s; s++) {
			if (isdigit((unsigned char)*s)) {
				unsigned long v = strtoul(s, (char **)&s, 10);

				if (v + 1 > max)
					max = (uint32_t)(v + 1);
				s--;
			}
		}
	}
	strbuf_release(&sb);
	return max;
}

struct pmu_ent {
	uint32_t type;
	char *name;
};

static int pmu_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pmu_ent *)a)->name,
		      ((const struct pmu_ent *)b)->name);
}

static void add_pmus(struct pdata_writer *w)
{
	const char *dir = "/sys/bus/event_source/devices";
	struct pmu_ent *v = NULL;
	size_t nr = 0, alloc = 0, i;
	struct strbuf sb = STRBUF_INIT;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct strbuf path = STRBUF_INIT, val = STRBUF_INIT;

		if (de->d_name[0] == '.')
			continue;
		strbuf_addf(&path, "%s/%s/type", dir, de->d_name);
		if (strbuf_read_file(&val, path.buf, 16) > 0) {
			ALLOC_GROW(v, nr + 1, alloc);
			v[nr].type = (uint32_t)strtoul(val.buf, NULL, 10);
			v[nr].name = xstrdup(de->d_name);
			nr++;
		}
		strbuf_release(&path);
		strbuf_release(&val);
	}
	closedir(d);
	if (!nr)
		return;
	qsort(v, nr, sizeof(*v), pmu_cmp);
	{
		uint32_t n = (uint32_t)nr;

		strbuf_add(&sb, &n, 4);
	}
	for (i = 0; i < nr; i++) {
		size_t olen = strlen(v[i].name) + 1;
		uint32_t len = (uint32_t)((olen + 63) / 64 * 64);
		static const char zero[64];

		strbuf_add(&sb, &v[i].type, 4);
		strbuf_add(&sb, &len, 4);
		strbuf_add(&sb, v[i].name, olen);
		strbuf_add(&sb, zero, len - olen);
		free(v[i].name);
	}
	free(v);
	pdata_writer_set_feat_raw(w, PDATA_FEAT_PMU_MAPPINGS, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* ---- topology features (sysfs), laid out as perf writes them ---- */

static void enc_str(struct strbuf *sb, const char *s)
{
	size_t olen = strlen(s) + 1;
	uint32_t len = (uint32_t)((olen + 63) / 64 * 64);
	static const char zero[64];

	strbuf_add(sb, &len, 4);
	strbuf_add(sb, s, olen);
	strbuf_add(sb, zero, len - olen);
}

/* the trimmed contents of a sysfs file, or NULL */
static char *sysfs_str(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sysfs_str(const char *fmt, ...)
{
	struct strbuf path = STRBUF_INIT, val = STRBUF_INIT;
	va_list ap;
	char *ret = NULL;

	va_start(ap, fmt);
	strbuf_vaddf(&path, fmt, ap);
	va_end(ap);
	if (strbuf_read_file(&val, path.buf, 64) > 0) {
		strbuf_rtrim(&val);
		ret = strbuf_detach(&val, NULL);
	}
	strbuf_release(&path);
	strbuf_release(&val);
	return ret;
}

#define CPU_TOPO "/sys/devices/system/cpu/cpu%d/topology/%s"

/* an integer of a CPU's topology directory, -1 when absent */
static int32_t topo_int(int cpu, const char *name)
{
	char *v = sysfs_str(CPU_TOPO, cpu, name);
	int32_t r = v ? (int32_t)strtol(v, NULL, 0) : -1;

	free(v);
	return r;
}

struct strset {
	char **v;
	size_t nr, alloc;
};

static void strset_add(struct strset *s, char *str)
{
	size_t i;

	if (!str)
		return;
	for (i = 0; i < s->nr; i++) {
		if (!strcmp(s->v[i], str)) {
			free(str);
			return;
		}
	}
	ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	s->v[s->nr++] = str;
}

static void strset_enc(struct strbuf *sb, struct strset *s)
{
	uint32_t n = (uint32_t)s->nr;
	size_t i;

	strbuf_add(sb, &n, 4);
	for (i = 0; i < s->nr; i++) {
		enc_str(sb, s->v[i]);
		free(s->v[i]);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void add_cpu_topology(struct pdata_writer *w, uint32_t ncpu)
{
	struct strset cores = { 0 }, threads = { 0 }, dies = { 0 };
	struct strbuf sb = STRBUF_INIT;
	bool has_die;
	uint32_t i;

	has_die = access("/sys/devices/system/cpu/cpu0/topology/die_cpus_list",
			 R_OK) == 0;
	for (i = 0; i < ncpu; i++) {
		char *c = sysfs_str(CPU_TOPO, (int)i, "core_siblings_list");

		strset_add(&cores, c ? c : sysfs_str(CPU_TOPO, (int)i,
						     "package_cpus_list"));
		c = sysfs_str(CPU_TOPO, (int)i, "thread_siblings_list");
		strset_add(&threads, c ? c : sysfs_str(CPU_TOPO, (int)i,
						       "core_cpus_list"));
		if (has_die)
			strset_add(&dies, sysfs_str(CPU_TOPO, (int)i,
						    "die_cpus_list"));
	}
	if (!cores.nr || !threads.nr) {
		strset_enc(&sb, &cores);
		strset_enc(&sb, &threads);
		strset_enc(&sb, &dies);
		strbuf_release(&sb);
		return;
	}
	strset_enc(&sb, &cores);
	strset_enc(&sb, &threads);
	for (i = 0; i < ncpu; i++) {
		int32_t v[2] = {
			topo_int((int)i, "core_id"),
			topo_int((int)i, "physical_package_id"),
		};

		strbuf_add(&sb, v, sizeof(v));
	}
	if (has_die && dies.nr) {
		strset_enc(&sb, &dies);
		for (i = 0; i < ncpu; i++) {
			int32_t d = topo_int((int)i, "die_id");

			strbuf_add(&sb, &d, 4);
		}
	} else {
		strset_enc(&sb, &dies);
	}
	pdata_writer_set_feat_raw(w, PDATA_FEAT_CPU_TOPOLOGY, sb.buf, sb.len);
	strbuf_release(&sb);
}

static int uint_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* the node numbers of /sys/devices/system/node, sorted */
static uint32_t *list_nodes(size_t *nr)
{
	DIR *d = opendir("/sys/devices/system/node");
	struct dirent *de;
	uint32_t *v = NULL;
	size_t alloc = 0;

	*nr = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		unsigned int n;
		char c;

		if (sscanf(de->d_name, "node%u%c", &n, &c) != 1)
			continue;
		ALLOC_GROW(v, *nr + 1, alloc);
		v[(*nr)++] = n;
	}
	closedir(d);
	if (*nr)
		qsort(v, *nr, sizeof(*v), uint_cmp);
	return v;
}

static void add_numa(struct pdata_writer *w)
{
	struct strbuf sb = STRBUF_INIT;
	size_t nr, i;
	uint32_t *nodes = list_nodes(&nr), n32 = 0;

	if (!nr)
		return;
	strbuf_add(&sb, &n32, 4);
	for (i = 0; i < nr; i++) {
		char *mi = sysfs_str("/sys/devices/system/node/node%u/meminfo",
				     nodes[i]);
		char *cpus = sysfs_str("/sys/devices/system/node/node%u/cpulist",
				       nodes[i]);
		uint64_t total = 0, mfree = 0;
		const char *t;

		if (mi && (t = strstr(mi, "MemTotal:")))
			total = strtoull(t + 9, NULL, 10);
		if (mi && (t = strstr(mi, "MemFree:")))
			mfree = strtoull(t + 8, NULL, 10);
		strbuf_add(&sb, &nodes[i], 4);
		strbuf_add(&sb, &total, 8);
		strbuf_add(&sb, &mfree, 8);
		enc_str(&sb, cpus ? cpus : "");
		free(mi);
		free(cpus);
		n32++;
	}
	memcpy(sb.buf, &n32, 4);
	pdata_writer_set_feat_raw(w, PDATA_FEAT_NUMA_TOPOLOGY, sb.buf, sb.len);
	strbuf_release(&sb);
	free(nodes);
}

struct cache {
	uint32_t level, line, sets, ways;
	char *type, *size, *map;
};

static int cache_cmp(const void *a, const void *b)
{
	const struct cache *x = a, *y = b;

	return x->level < y->level ? -1 : x->level > y->level;
}

#define CACHE_DIR "/sys/devices/system/cpu/cpu%u/cache/index%u/%s"

static uint32_t cache_u32(uint32_t cpu, uint32_t idx, const char *name)
{
	char *v = sysfs_str(CACHE_DIR, cpu, idx, name);
	uint32_t r = v ? (uint32_t)strtoul(v, NULL, 10) : 0;

	free(v);
	return r;
}

static void add_caches(struct pdata_writer *w, uint32_t ncpu)
{
	struct cache *c = NULL;
	size_t nr = 0, alloc = 0, i, j;
	struct strbuf sb = STRBUF_INIT;
	uint32_t cpu, idx, v;

	for (cpu = 0; cpu < ncpu; cpu++) {
		for (idx = 0; idx < 16; idx++) {
			struct cache e;
			bool dup = false;

			e.type = sysfs_str(CACHE_DIR, cpu, idx, "type");
			if (!e.type)
				break;
			e.level = cache_u32(cpu, idx, "level");
			e.line = cache_u32(cpu, idx, "coherency_line_size");
			e.sets = cache_u32(cpu, idx, "number_of_sets");
			e.ways = cache_u32(cpu, idx, "ways_of_associativity");
			e.size = sysfs_str(CACHE_DIR, cpu, idx, "size");
			e.map = sysfs_str(CACHE_DIR, cpu, idx, "shared_cpu_list");
			if (!e.size)
				e.size = xstrdup("");
			if (!e.map)
				e.map = xstrdup("");
			for (j = 0; j < nr && !dup; j++)
				dup = c[j].level == e.level &&
				      !strcmp(c[j].type, e.type) &&
				      !strcmp(c[j].map, e.map);
			if (dup) {
				free(e.type);
				free(e.size);
				free(e.map);
				continue;
			}
			ALLOC_GROW(c, nr + 1, alloc);
			c[nr++] = e;
		}
	}
	if (!nr)
		return;
	/* by level, keeping CPU order within a level (insertion sort) */
	for (i = 1; i < nr; i++) {
		struct cache t = c[i];

		for (j = i; j > 0 && cache_cmp(&c[j - 1], &t) > 0; j--)
			c[j] = c[j - 1];
		c[j] = t;
	}
	v = 1;
	strbuf_add(&sb, &v, 4);
	v = (uint32_t)nr;
	strbuf_add(&sb, &v, 4);
	for (i = 0; i < nr; i++) {
		strbuf_add(&sb, &c[i].level, 4);
		strbuf_add(&sb, &c[i].line, 4);
		strbuf_add(&sb, &c[i].sets, 4);
		strbuf_add(&sb, &c[i].ways, 4);
		enc_str(&sb, c[i].type);
		enc_str(&sb, c[i].size);
		enc_str(&sb, c[i].map);
		free(c[i].type);
		free(c[i].size);
		free(c[i].map);
	}
	free(c);
	pdata_writer_set_feat_raw(w, PDATA_FEAT_CACHE, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void add_mem_topology(struct pdata_writer *w)
{
	struct strbuf sb = STRBUF_INIT;
	char *bs = sysfs_str("/sys/devices/system/memory/block_size_bytes");
	size_t nr, i;
	uint32_t *nodes;
	uint64_t v;

	if (!bs)
		return;
	nodes = list_nodes(&nr);
	v = 1;
	strbuf_add(&sb, &v, 8);
	v = strtoull(bs, NULL, 16);
	strbuf_add(&sb, &v, 8);
	v = nr;
	strbuf_add(&sb, &v, 8);
	for (i = 0; i < nr; i++) {
		struct strbuf dir = STRBUF_INIT;
		uint64_t *set = NULL, size = 0, node = nodes[i];
		struct dirent *de;
		unsigned int m;
		char c;
		DIR *d;

		strbuf_addf(&dir, "/sys/devices/system/node/node%u", nodes[i]);
		d = opendir(dir.buf);
		strbuf_release(&dir);
		if (d) {
			while ((de = readdir(d)))
				if (sscanf(de->d_name, "memory%u%c", &m, &c) == 1 &&
				    m + 1ULL > size)
					size = m + 1ULL;
			rewinddir(d);
			set = xcalloc((size + 63) / 64 + 1, 8);
			while ((de = readdir(d)))
				if (sscanf(de->d_name, "memory%u%c", &m, &c) == 1 &&
				    m < size)
					set[m / 64] |= 1ULL << (m % 64);
			closedir(d);
		}
		strbuf_add(&sb, &node, 8);
		strbuf_add(&sb, &size, 8);
		strbuf_add(&sb, &size, 8);	/* the bitmap: bits, then words */
		if (size)
			strbuf_add(&sb, set, (size + 63) / 64 * 8);
		free(set);
	}
	free(nodes);
	free(bs);
	pdata_writer_set_feat_raw(w, PDATA_FEAT_MEM_TOPOLOGY, sb.buf, sb.len);
	strbuf_release(&sb);
}

int pdata_writer_add_host_features(struct pdata_writer *w,
				   const char *version)
{
	struct utsname u;
	long online;
	uint32_t avail;

	if (uname(&u) == 0) {
		pdata_writer_set_string(w, PDATA_FEAT_HOSTNAME, u.nodename);
		pdata_writer_set_string(w, PDATA_FEAT_OSRELEASE, u.release);
		pdata_writer_set_string(w, PDATA_FEAT_ARCH, u.machine);
	}
	if (version)
		pdata_writer_set_string(w, PDATA_FEAT_VERSION, version);
	online = sysconf(_SC_NPROCESSORS_ONLN);
	avail = cpulist_count("/sys/devices/system/cpu/present");
	if (!avail)
		avail = (uint32_t)sysconf(_SC_NPROCESSORS_CONF);
	if (online > 0)
		pdata_writer_set_nrcpus(w, (uint32_t)online, avail);
	add_cpu(w);
	add_mem(w);
	if (avail)
		add_cpu_topology(w, avail);
	add_numa(w);
	add_pmus(w);
	if (avail)
		add_caches(w, avail);
	add_mem_topology(w);
	return 0;
}

static int text_cb(void *arg, const struct kallsyms_sym *s)
{
	uint64_t *addr = arg;

	if (strcmp(s->name, "_text") || *s->mod)
		return 0;
	*addr = s->addr;
	return 1;
}

int pdata_kernel_text_addr(uint64_t *addr)
{
	int ret = kallsyms_read("/proc/kallsyms", text_cb, addr);

	if (ret < 0)
		return ret;
	if (!ret)
		return -ENOENT;
	return *addr ? 0 : -EPERM;
}
