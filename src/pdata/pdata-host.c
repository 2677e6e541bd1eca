// SPDX-License-Identifier: GPL-2.0
/*
 * Describing the recording machine for the header features, and finding
 * the kernel's _text for the kernel map record.
 */
#include "ptool/pdata.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

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
	add_pmus(w);
	return 0;
}

int pdata_kernel_text_addr(uint64_t *addr)
{
	char line[512];
	FILE *f = fopen("/proc/kallsyms", "re");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');
		char *name;

		if (!sp || !sp[1] || sp[2] != ' ')
			continue;
		name = sp + 3;
		if (strncmp(name, "_text", 5) || (name[5] != '\n' &&
						  name[5] != '\0'))
			continue;
		*addr = strtoull(line, NULL, 16);
		ret = *addr ? 0 : -EPERM;
		break;
	}
	fclose(f);
	return ret;
}
