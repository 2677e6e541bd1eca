// SPDX-License-Identifier: GPL-2.0
/*
 * Feature sections: parsing (bounds-checked, for file sections and
 * pipe-mode HEADER_FEATURE records alike) and the header printout in the
 * layout of perf report --header-only.
 */
#include "ptool/pdata.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ptool/attrfmt.h"
#include "ptool/sample.h"
#include "ptool/strbuf.h"
#include "pdata-priv.h"

static const char *const feat_names[PDATA_FEAT_LAST_KNOWN] = {
	[PDATA_FEAT_RESERVED] = "RESERVED",
	[PDATA_FEAT_TRACING_DATA] = "TRACING_DATA",
	[PDATA_FEAT_BUILD_ID] = "BUILD_ID",
	[PDATA_FEAT_HOSTNAME] = "HOSTNAME",
	[PDATA_FEAT_OSRELEASE] = "OSRELEASE",
	[PDATA_FEAT_VERSION] = "VERSION",
	[PDATA_FEAT_ARCH] = "ARCH",
	[PDATA_FEAT_NRCPUS] = "NRCPUS",
	[PDATA_FEAT_CPUDESC] = "CPUDESC",
	[PDATA_FEAT_CPUID] = "CPUID",
	[PDATA_FEAT_TOTAL_MEM] = "TOTAL_MEM",
	[PDATA_FEAT_CMDLINE] = "CMDLINE",
	[PDATA_FEAT_EVENT_DESC] = "EVENT_DESC",
	[PDATA_FEAT_CPU_TOPOLOGY] = "CPU_TOPOLOGY",
	[PDATA_FEAT_NUMA_TOPOLOGY] = "NUMA_TOPOLOGY",
	[PDATA_FEAT_BRANCH_STACK] = "BRANCH_STACK",
	[PDATA_FEAT_PMU_MAPPINGS] = "PMU_MAPPINGS",
	[PDATA_FEAT_GROUP_DESC] = "GROUP_DESC",
	[PDATA_FEAT_AUXTRACE] = "AUXTRACE",
	[PDATA_FEAT_STAT] = "STAT",
	[PDATA_FEAT_CACHE] = "CACHE",
	[PDATA_FEAT_SAMPLE_TIME] = "SAMPLE_TIME",
	[PDATA_FEAT_MEM_TOPOLOGY] = "MEM_TOPOLOGY",
	[PDATA_FEAT_CLOCKID] = "CLOCKID",
	[PDATA_FEAT_DIR_FORMAT] = "DIR_FORMAT",
	[PDATA_FEAT_BPF_PROG_INFO] = "BPF_PROG_INFO",
	[PDATA_FEAT_BPF_BTF] = "BPF_BTF",
	[PDATA_FEAT_COMPRESSED] = "COMPRESSED",
	[PDATA_FEAT_CPU_PMU_CAPS] = "CPU_PMU_CAPS",
	[PDATA_FEAT_CLOCK_DATA] = "CLOCK_DATA",
	[PDATA_FEAT_HYBRID_TOPOLOGY] = "HYBRID_TOPOLOGY",
	[PDATA_FEAT_PMU_CAPS] = "PMU_CAPS",
};

/* the features perf 6.1 (as packaged) lists as missing */
#define PERF61_LAST_FEATURE PDATA_FEAT_LAST_KNOWN

const char *pdata_feat_name(int feat)
{
	if (feat < 0 || feat >= PDATA_FEAT_LAST_KNOWN)
		return NULL;
	return feat_names[feat];
}

static const char *const user_names[] = {
	[PDATA_RECORD_HEADER_ATTR - 64] = "ATTR",
	[PDATA_RECORD_HEADER_EVENT_TYPE - 64] = "EVENT_TYPE",
	[PDATA_RECORD_HEADER_TRACING_DATA - 64] = "TRACING_DATA",
	[PDATA_RECORD_HEADER_BUILD_ID - 64] = "BUILD_ID",
	[PDATA_RECORD_FINISHED_ROUND - 64] = "FINISHED_ROUND",
	[PDATA_RECORD_ID_INDEX - 64] = "ID_INDEX",
	[PDATA_RECORD_AUXTRACE_INFO - 64] = "AUXTRACE_INFO",
	[PDATA_RECORD_AUXTRACE - 64] = "AUXTRACE",
	[PDATA_RECORD_AUXTRACE_ERROR - 64] = "AUXTRACE_ERROR",
	[PDATA_RECORD_THREAD_MAP - 64] = "THREAD_MAP",
	[PDATA_RECORD_CPU_MAP - 64] = "CPU_MAP",
	[PDATA_RECORD_STAT_CONFIG - 64] = "STAT_CONFIG",
	[PDATA_RECORD_STAT - 64] = "STAT",
	[PDATA_RECORD_STAT_ROUND - 64] = "STAT_ROUND",
	[PDATA_RECORD_EVENT_UPDATE - 64] = "EVENT_UPDATE",
	[PDATA_RECORD_TIME_CONV - 64] = "TIME_CONV",
	[PDATA_RECORD_HEADER_FEATURE - 64] = "FEATURE",
	[PDATA_RECORD_COMPRESSED - 64] = "COMPRESSED",
	[PDATA_RECORD_FINISHED_INIT - 64] = "FINISHED_INIT",
};

const char *pdata_record_name(uint32_t type)
{
	const char *n = NULL;

	if (type < 64)
		n = sample_record_name(type);
	else if (type < PDATA_RECORD_HEADER_MAX)
		n = user_names[type - 64];
	return n ? n : "UNKNOWN";
}

/* ---- parsing ---- */

struct rd {
	const uint8_t *p, *end;
};

static int rd_u32(struct rd *r, uint32_t *v)
{
	if (r->end - r->p < 4)
		return -EINVAL;
	memcpy(v, r->p, 4);
	r->p += 4;
	return 0;
}

static int rd_u64(struct rd *r, uint64_t *v)
{
	if (r->end - r->p < 8)
		return -EINVAL;
	memcpy(v, r->p, 8);
	r->p += 8;
	return 0;
}

/* a perf_header_string: u32 len, then len bytes NUL-padded */
static int rd_str(struct pdata *p, struct rd *r, const char **out)
{
	uint32_t len;

	if (rd_u32(r, &len) || len > (size_t)(r->end - r->p))
		return -EINVAL;
	*out = pdata_keep_str(p, (const char *)r->p, strnlen((const char *)r->p,
							     len));
	r->p += len;
	return 0;
}

static int parse_event_desc(struct pdata *p, struct rd *r)
{
	uint32_t nr, asz, i;

	if (rd_u32(r, &nr) || rd_u32(r, &asz))
		return -EINVAL;
	if (asz < PERF_ATTR_SIZE_VER0 || asz > 4096)
		return -EINVAL;
	/* each entry has at least an attr, a count and a string length */
	if (nr > (size_t)(r->end - r->p) / (asz + 8))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		struct perf_event_attr attr;
		uint32_t nr_ids;
		const char *name;
		uint64_t id0;
		int idx = -1;

		if ((size_t)(r->end - r->p) < asz)
			return -EINVAL;
		memset(&attr, 0, sizeof(attr));
		memcpy(&attr, r->p, asz < sizeof(attr) ? asz : sizeof(attr));
		r->p += asz;
		if (rd_u32(r, &nr_ids) || rd_str(p, r, &name))
			return -EINVAL;
		if (nr_ids > (size_t)(r->end - r->p) / 8)
			return -EINVAL;
		if (nr_ids) {
			memcpy(&id0, r->p, 8);
			idx = pdata_id_to_attr(p, id0);
			if (p->nr_attrs == 1 && i)
				idx = -1;
		}
		if (idx < 0 && i < p->nr_attrs && !p->attrs[i].name)
			idx = (int)i;
		if (idx >= 0 && !p->attrs[idx].name)
			p->attrs[idx].name = name;
		r->p += (size_t)nr_ids * 8;
	}
	return 0;
}

int pdata_add_build_id_rec(struct pdata *p, const uint8_t *buf, size_t len)
{
	struct pdata_build_id_rec h;
	struct pdata_build_id *b;
	size_t fn_len;

	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, buf, sizeof(h));
	if (h.header.size < sizeof(h) || h.header.size > len)
		return -EINVAL;
	ALLOC_GROW(p->build_ids, p->info.nr_build_ids + 1, p->alloc_build_ids);
	b = &p->build_ids[p->info.nr_build_ids++];
	memset(b, 0, sizeof(*b));
	b->pid = h.pid;
	b->misc = h.header.misc & ~PDATA_MISC_BUILD_ID_SIZE;
	memcpy(b->id, h.build_id, 20);
	b->size = 20;
	if ((h.header.misc & PDATA_MISC_BUILD_ID_SIZE) && h.build_id[20] <= 20)
		b->size = h.build_id[20];
	fn_len = h.header.size - sizeof(h);
	b->filename = pdata_keep_str(p, (const char *)buf + sizeof(h),
				     strnlen((const char *)buf + sizeof(h),
					     fn_len));
	p->info.build_ids = p->build_ids;
	return (int)h.header.size;
}

static int parse_build_ids(struct pdata *p, const uint8_t *buf, size_t len)
{
	size_t pos = 0;

	while (len - pos >= sizeof(struct perf_event_header)) {
		int n = pdata_add_build_id_rec(p, buf + pos, len - pos);

		if (n < 0)
			return n;
		pos += (size_t)n;
	}
	return 0;
}

static int parse_cmdline(struct pdata *p, struct rd *r)
{
	uint32_t nr, i;

	if (rd_u32(r, &nr) || nr > (size_t)(r->end - r->p) / 4)
		return -EINVAL;
	free(p->cmdline);
	p->cmdline = xcalloc(nr + 1, sizeof(*p->cmdline));
	for (i = 0; i < nr; i++) {
		const char *s;

		if (rd_str(p, r, &s)) {
			p->info.cmdline_nr = 0;
			return -EINVAL;
		}
		p->cmdline[i] = (char *)s;
	}
	p->info.cmdline = (const char *const *)p->cmdline;
	p->info.cmdline_nr = nr;
	return 0;
}

static int parse_pmu_mappings(struct pdata *p, struct rd *r)
{
	uint32_t nr, i;

	if (rd_u32(r, &nr) || nr > (size_t)(r->end - r->p) / 8)
		return -EINVAL;
	free(p->pmus);
	p->pmus = xcalloc(nr ? nr : 1, sizeof(*p->pmus));
	p->pmu_nr = 0;
	for (i = 0; i < nr; i++) {
		if (rd_u32(r, &p->pmus[i].type) ||
		    rd_str(p, r, &p->pmus[i].name))
			return -EINVAL;
		p->pmu_nr++;
	}
	return 0;
}

static int parse_group_desc(struct pdata *p, struct rd *r)
{
	uint32_t nr, i;

	/* each entry: a string (>= 4 bytes) and two u32 */
	if (rd_u32(r, &nr) || nr > (size_t)(r->end - r->p) / 12)
		return -EINVAL;
	free(p->groups);
	p->groups = xcalloc(nr ? nr : 1, sizeof(*p->groups));
	p->info.groups = p->groups;
	p->info.nr_groups = 0;
	for (i = 0; i < nr; i++) {
		struct pdata_group *g = &p->groups[i];

		if (rd_str(p, r, &g->name) || rd_u32(r, &g->leader) ||
		    rd_u32(r, &g->nr_members))
			return -EINVAL;
		if (!strcmp(g->name, "{anon_group}"))
			g->name = NULL;
		p->info.nr_groups++;
	}
	return 0;
}

int pdata_parse_feat(struct pdata *p, int feat, const uint8_t *buf,
		     size_t len)
{
	struct rd r = { buf, buf + len };
	const char **str = NULL;

	switch (feat) {
	case PDATA_FEAT_HOSTNAME:
		str = &p->info.hostname;
		break;
	case PDATA_FEAT_OSRELEASE:
		str = &p->info.osrelease;
		break;
	case PDATA_FEAT_VERSION:
		str = &p->info.version;
		break;
	case PDATA_FEAT_ARCH:
		str = &p->info.arch;
		break;
	case PDATA_FEAT_CPUDESC:
		str = &p->info.cpudesc;
		break;
	case PDATA_FEAT_CPUID:
		str = &p->info.cpuid;
		break;
	case PDATA_FEAT_NRCPUS:
		/* perf writes the available (present) count first */
		if (rd_u32(&r, &p->info.nr_cpus_avail) ||
		    rd_u32(&r, &p->info.nr_cpus_online))
			return -EINVAL;
		return 0;
	case PDATA_FEAT_TOTAL_MEM:
		return rd_u64(&r, &p->info.total_mem);
	case PDATA_FEAT_CMDLINE:
		return parse_cmdline(p, &r);
	case PDATA_FEAT_EVENT_DESC:
		return parse_event_desc(p, &r);
	case PDATA_FEAT_BUILD_ID:
		return parse_build_ids(p, buf, len);
	case PDATA_FEAT_SAMPLE_TIME:
		if (rd_u64(&r, &p->info.first_sample_time) ||
		    rd_u64(&r, &p->info.last_sample_time))
			return -EINVAL;
		return 0;
	case PDATA_FEAT_CLOCKID:
		return rd_u64(&r, &p->info.clockid_res_ns);
	case PDATA_FEAT_PMU_MAPPINGS:
		return parse_pmu_mappings(p, &r);
	case PDATA_FEAT_GROUP_DESC:
		return parse_group_desc(p, &r);
	case PDATA_FEAT_CLOCK_DATA: {
		uint32_t version;

		if (rd_u32(&r, &version) || version != 1 ||
		    rd_u32(&r, &p->info.clockid) ||
		    rd_u64(&r, &p->info.clock_tod_ns) ||
		    rd_u64(&r, &p->info.clock_clockid_ns))
			return -EINVAL;
		p->info.has_clock_data = true;
		return 0;
	}
	case PDATA_FEAT_DIR_FORMAT:
		return rd_u64(&r, &p->dir_version);
	case PDATA_FEAT_COMPRESSED: {
		int i;

		for (i = 0; i < 5; i++)
			if (rd_u32(&r, &p->comp[i]))
				return -EINVAL;
		p->has_comp = true;
		return 0;
	}
	default:
		return 0;
	}
	return rd_str(p, &r, str);
}

/* ---- printing ---- */

static void header_field(const char *name, const char *value, void *arg)
{
	fprintf(arg, ", %s = %s", name, value);
}

int pdata_fprintf_attr(const struct pdata_attr *pa, FILE *fp)
{
	size_t i;

	fprintf(fp, "name = %s, ", pa->name ? pa->name : "");
	if (pa->nr_ids) {
		fprintf(fp, ", id = {");
		for (i = 0; i < pa->nr_ids; i++)
			fprintf(fp, "%s %" PRIu64, i ? "," : "", pa->ids[i]);
		fprintf(fp, " }");
	}
	attrfmt_for_each(&pa->attr, ATTRFMT_HEADER, header_field, fp);
	return ferror(fp) ? -EIO : 0;
}

static void print_time(FILE *fp, const char *what, uint64_t ns)
{
	fprintf(fp, "# %s : %" PRIu64 ".%06" PRIu64 "\n", what,
		(uint64_t)(ns / 1000000000u), (uint64_t)(ns % 1000000000u / 1000));
}

/* ---- the details perf prints with -I (parsed at print time) ---- */

/* a perf_header_string as a pointer into the buffer; NULL when malformed */
static const char *rd_strp(struct rd *r)
{
	uint32_t len;
	const char *s;

	if (rd_u32(r, &len) || len > (size_t)(r->end - r->p) || !len)
		return NULL;
	s = (const char *)r->p;
	if (!memchr(s, '\0', len))
		return NULL;
	r->p += len;
	return s;
}

/* skip @n perf_header_strings; 0 or -EINVAL */
static int rd_skip_strs(struct rd *r, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (!rd_strp(r))
			return -EINVAL;
	return 0;
}

int pdata_cpu_sockets(struct pdata *p, int32_t **out, size_t *nr)
{
	uint32_t ncpu = p->info.nr_cpus_avail, n;
	void *buf = NULL;
	size_t len;
	struct rd r;
	int ret = pdata_feat_raw(p, PDATA_FEAT_CPU_TOPOLOGY, &buf, &len);

	*out = NULL;
	*nr = 0;
	if (ret)
		return ret;
	r.p = buf;
	r.end = r.p + len;
	ret = -ENOENT;
	/* sibling sockets, sibling threads, then (core, socket) per cpu */
	if (rd_u32(&r, &n) || rd_skip_strs(&r, n) || rd_u32(&r, &n) ||
	    rd_skip_strs(&r, n) || (size_t)(r.end - r.p) < (size_t)ncpu * 8 || !ncpu)
		goto out;
	*out = xmalloc(ncpu * sizeof(**out));
	for (uint32_t i = 0; i < ncpu; i++)
		memcpy(&(*out)[i], r.p + i * 8 + 4, 4);
	*nr = ncpu;
	ret = 0;
out:
	free(buf);
	return ret;
}

static void print_cpu_topology(struct pdata *p, FILE *fp, struct rd *r)
{
	uint32_t nr_cores, nr_threads, nr_dies = 0, i, ncpu;
	const char **cores = NULL, **threads = NULL, **dies = NULL;
	const uint8_t *cpus, *die_ids = NULL;
	bool ok = true;

	ncpu = p->info.nr_cpus_avail;
	if (rd_u32(r, &nr_cores) || nr_cores > (size_t)(r->end - r->p) / 4)
		goto bad;
	cores = xcalloc(nr_cores + 1, sizeof(*cores));
	for (i = 0; i < nr_cores && ok; i++)
		ok = (cores[i] = rd_strp(r)) != NULL;
	if (!ok || rd_u32(r, &nr_threads) ||
	    nr_threads > (size_t)(r->end - r->p) / 4)
		goto bad;
	threads = xcalloc(nr_threads + 1, sizeof(*threads));
	for (i = 0; i < nr_threads && ok; i++)
		ok = (threads[i] = rd_strp(r)) != NULL;
	if (!ok)
		goto bad;
	cpus = NULL;
	if ((size_t)(r->end - r->p) >= (size_t)ncpu * 8) {
		cpus = r->p;
		r->p += (size_t)ncpu * 8;
	}
	if (cpus && r->end - r->p >= 4 && !rd_u32(r, &nr_dies) &&
	    nr_dies <= (size_t)(r->end - r->p) / 4) {
		dies = xcalloc(nr_dies + 1, sizeof(*dies));
		for (i = 0; i < nr_dies && ok; i++)
			ok = (dies[i] = rd_strp(r)) != NULL;
		if (!ok || (size_t)(r->end - r->p) < (size_t)ncpu * 4)
			nr_dies = 0;
		else
			die_ids = r->p;
	} else {
		nr_dies = 0;
	}
	for (i = 0; i < nr_cores; i++)
		fprintf(fp, "# sibling sockets : %s\n", cores[i]);
	for (i = 0; i < nr_dies; i++)
		fprintf(fp, "# sibling dies    : %s\n", dies[i]);
	for (i = 0; i < nr_threads; i++)
		fprintf(fp, "# sibling threads : %s\n", threads[i]);
	for (i = 0; cpus && i < ncpu; i++) {
		int32_t core, socket, die;

		memcpy(&core, cpus + i * 8, 4);
		memcpy(&socket, cpus + i * 8 + 4, 4);
		if (nr_dies) {
			memcpy(&die, die_ids + i * 4, 4);
			fprintf(fp, "# CPU %u: Core ID %d, Die ID %d, Socket ID %d\n",
				i, core, die, socket);
		} else {
			fprintf(fp, "# CPU %u: Core ID %d, Socket ID %d\n", i,
				core, socket);
		}
	}
	if (!cpus)
		fprintf(fp, "# Core ID and Socket ID information is not available\n");
	goto out;
bad:
	fprintf(fp, "# CPU_TOPOLOGY: unable to read\n");
out:
	free(cores);
	free(threads);
	free(dies);
}

static void print_numa_topology(FILE *fp, struct rd *r)
{
	uint32_t nr, i, node;
	uint64_t total, mfree;
	const char *cpus;

	if (rd_u32(r, &nr))
		return;
	for (i = 0; i < nr; i++) {
		if (rd_u32(r, &node) || rd_u64(r, &total) || rd_u64(r, &mfree) ||
		    !(cpus = rd_strp(r)))
			return;
		fprintf(fp, "# node%u meminfo  : total = %" PRIu64 " kB, free = %" PRIu64 " kB\n",
			node, total, mfree);
		fprintf(fp, "# node%u cpu list : %s\n", node, cpus);
	}
}

static void print_cache(FILE *fp, struct rd *r)
{
	uint32_t version, cnt, i, level, line, sets, ways;
	const char *type, *size, *map;

	fprintf(fp, "# CPU cache info:\n");
	if (rd_u32(r, &version) || rd_u32(r, &cnt) || version != 1)
		return;
	for (i = 0; i < cnt; i++) {
		if (rd_u32(r, &level) || rd_u32(r, &line) || rd_u32(r, &sets) ||
		    rd_u32(r, &ways) || !(type = rd_strp(r)) ||
		    !(size = rd_strp(r)) || !(map = rd_strp(r)))
			return;
		fprintf(fp, "#  L%u %-15s %8s [%s]\n", level, type, size, map);
	}
}

/* a bitmap as perf prints it: "0-23,32-199" */
static void print_bitmap(FILE *fp, const uint8_t *words, uint64_t nbits)
{
	uint64_t i = 0, start;
	bool first = true;

	while (i < nbits) {
		uint64_t w;

		memcpy(&w, words + i / 64 * 8, 8);
		if (!(w >> (i % 64) & 1)) {
			i++;
			continue;
		}
		start = i;
		while (i + 1 < nbits) {
			memcpy(&w, words + (i + 1) / 64 * 8, 8);
			if (!(w >> ((i + 1) % 64) & 1))
				break;
			i++;
		}
		if (start == i)
			fprintf(fp, "%s%" PRIu64, first ? "" : ",", start);
		else
			fprintf(fp, "%s%" PRIu64 "-%" PRIu64, first ? "" : ",",
				start, i);
		first = false;
		i++;
	}
}

static void print_mem_topology(FILE *fp, struct rd *r)
{
	uint64_t version, bsize, nr, i;
	static const char unit[] = "BKMG";

	if (rd_u64(r, &version) || rd_u64(r, &bsize) || rd_u64(r, &nr))
		return;
	fprintf(fp, "# memory nodes (nr %d, block size 0x%llx):\n", (int)nr,
		(unsigned long long)bsize);
	for (i = 0; i < nr; i++) {
		uint64_t node, size, nbits, nwords, weight = 0, j, n;
		int u = 0;

		if (rd_u64(r, &node) || rd_u64(r, &size) || rd_u64(r, &nbits))
			return;
		if (nbits / 64 >= (size_t)(r->end - r->p) / 8 + 1)
			return;
		nwords = (nbits + 63) / 64;
		if (nwords > (size_t)(r->end - r->p) / 8)
			return;
		for (j = 0; j < nwords; j++) {
			uint64_t w;

			memcpy(&w, r->p + j * 8, 8);
			weight += (uint64_t)__builtin_popcountll(w);
		}
		for (n = bsize * weight; n / 1024 > 1 && u < 3; u++)
			n /= 1024;
		fprintf(fp, "#  %3" PRIu64 " [%" PRIu64 "%c]: ", node, n, unit[u]);
		print_bitmap(fp, r->p, nbits);
		fputc('\n', fp);
		r->p += nwords * 8;
	}
}

/* "name=value, ..." pairs of a PMU capability list; false when malformed */
static bool print_caps(FILE *fp, struct rd *r, uint32_t nr, const char *pmu)
{
	uint32_t i;

	if (!nr) {
		fprintf(fp, "# %s pmu capabilities: not available\n", pmu);
		return true;
	}
	fprintf(fp, "# %s pmu capabilities: ", pmu);
	for (i = 0; i < nr; i++) {
		const char *name = rd_strp(r), *value = rd_strp(r);

		if (!name || !value) {
			fputc('\n', fp);
			return false;
		}
		fprintf(fp, "%s%s=%s", i ? ", " : "", name, value);
	}
	fputc('\n', fp);
	return true;
}

static void print_pmu_caps(FILE *fp, struct rd *r, bool cpu)
{
	uint32_t nr, nr_pmus, i;

	if (cpu) {
		if (!rd_u32(r, &nr))
			print_caps(fp, r, nr, "cpu");
		return;
	}
	if (rd_u32(r, &nr_pmus))
		return;
	for (i = 0; i < nr_pmus; i++) {
		struct rd caps;
		const char *name;
		uint32_t j;

		/* the PMU's name follows its capabilities: find it first */
		if (rd_u32(r, &nr) || nr > (size_t)(r->end - r->p) / 8)
			return;
		caps = *r;
		for (j = 0; j < 2 * nr; j++)
			if (!rd_strp(r))
				return;
		name = rd_strp(r);
		if (!name || !print_caps(fp, &caps, nr, name))
			return;
	}
}

static void print_full(struct pdata *p, FILE *fp, int f)
{
	void *buf;
	size_t len;
	struct rd r;

	if (pdata_feat_raw(p, f, &buf, &len))
		return;
	r.p = buf;
	r.end = r.p + len;
	switch (f) {
	case PDATA_FEAT_CPU_TOPOLOGY:
		print_cpu_topology(p, fp, &r);
		break;
	case PDATA_FEAT_NUMA_TOPOLOGY:
		print_numa_topology(fp, &r);
		break;
	case PDATA_FEAT_CACHE:
		print_cache(fp, &r);
		break;
	case PDATA_FEAT_MEM_TOPOLOGY:
		print_mem_topology(fp, &r);
		break;
	case PDATA_FEAT_CPU_PMU_CAPS:
	case PDATA_FEAT_PMU_CAPS:
		print_pmu_caps(fp, &r, f == PDATA_FEAT_CPU_PMU_CAPS);
		break;
	case PDATA_FEAT_HYBRID_TOPOLOGY: {
		uint32_t nr, i;
		const char *pmu, *cpus;

		fprintf(fp, "# hybrid cpu system:\n");
		if (rd_u32(&r, &nr))
			break;
		for (i = 0; i < nr; i++) {
			if (!(pmu = rd_strp(&r)) || !(cpus = rd_strp(&r)))
				break;
			fprintf(fp, "# %s cpu list : %s\n", pmu, cpus);
		}
		break;
	}
	}
	free(buf);
}

static const char *clockid_name(uint32_t id)
{
	switch (id) {
	case 0:
		return "realtime";
	case 1:
		return "monotonic";
	case 4:
		return "monotonic_raw";
	case 7:
		return "boottime";
	case 11:
		return "tai";
	}
	return "(not found)";
}

static void print_clock_data(const struct pdata_info *in, FILE *fp)
{
	time_t sec = (time_t)(in->clock_tod_ns / 1000000000u);
	int usec = (int)(in->clock_tod_ns % 1000000000u / 1000);
	uint64_t csec = in->clock_clockid_ns / 1000000000u;
	uint64_t cnsec = in->clock_clockid_ns % 1000000000u;
	char date[64] = "<error>";
	struct tm tm;

	if (!in->has_clock_data) {
		fprintf(fp, "# reference time disabled\n");
		return;
	}
	if (localtime_r(&sec, &tm))
		strftime(date, sizeof(date), "%F %T", &tm);
	fprintf(fp, "# clockid: %s (%u)\n", clockid_name(in->clockid),
		in->clockid);
	fprintf(fp, "# reference time: %s.%06d = %ld.%06d (TOD) = %ld.%09ld (%s)\n",
		date, usec, (long)sec, usec, (long)csec, (long)cnsec,
		clockid_name(in->clockid));
}

static void print_feat(struct pdata *p, FILE *fp, int f, unsigned int flags)
{
	const struct pdata_info *in = &p->info;
	uint32_t i;

	switch (f) {
	case PDATA_FEAT_HOSTNAME:
		fprintf(fp, "# hostname : %s\n", in->hostname ? in->hostname : "");
		break;
	case PDATA_FEAT_OSRELEASE:
		fprintf(fp, "# os release : %s\n",
			in->osrelease ? in->osrelease : "");
		break;
	case PDATA_FEAT_VERSION:
		fprintf(fp, "# perf version : %s\n",
			in->version ? in->version : "");
		break;
	case PDATA_FEAT_ARCH:
		fprintf(fp, "# arch : %s\n", in->arch ? in->arch : "");
		break;
	case PDATA_FEAT_NRCPUS:
		fprintf(fp, "# nrcpus online : %u\n", in->nr_cpus_online);
		fprintf(fp, "# nrcpus avail : %u\n", in->nr_cpus_avail);
		break;
	case PDATA_FEAT_CPUDESC:
		fprintf(fp, "# cpudesc : %s\n", in->cpudesc ? in->cpudesc : "");
		break;
	case PDATA_FEAT_CPUID:
		fprintf(fp, "# cpuid : %s\n", in->cpuid ? in->cpuid : "");
		break;
	case PDATA_FEAT_TOTAL_MEM:
		fprintf(fp, "# total memory : %" PRIu64 " kB\n", in->total_mem);
		break;
	case PDATA_FEAT_CMDLINE:
		fprintf(fp, "# cmdline : ");
		for (i = 0; i < in->cmdline_nr; i++) {
			const char *c;

			/* perf shows a quote as \' */
			for (c = in->cmdline[i]; *c; c++)
				if (*c == '\'')
					fputs("\\\'", fp);
				else
					fputc(*c, fp);
			fputc(' ', fp);
		}
		fputc('\n', fp);
		break;
	case PDATA_FEAT_EVENT_DESC:
		for (i = 0; i < p->nr_attrs; i++) {
			fprintf(fp, "# event : ");
			pdata_fprintf_attr(&p->attrs[i], fp);
			fputc('\n', fp);
		}
		break;
	case PDATA_FEAT_PMU_MAPPINGS:
		if (!p->pmu_nr) {
			fprintf(fp, "# pmu mappings: not available\n");
			break;
		}
		fprintf(fp, "# pmu mappings: ");
		for (i = 0; i < p->pmu_nr; i++)
			fprintf(fp, "%s%s = %u", i ? ", " : "",
				p->pmus[i].name, p->pmus[i].type);
		fputc('\n', fp);
		break;
	case PDATA_FEAT_SAMPLE_TIME:
		print_time(fp, "time of first sample", in->first_sample_time);
		print_time(fp, "time of last sample", in->last_sample_time);
		fprintf(fp, "# sample duration : %10.3f ms\n",
			(double)(in->last_sample_time - in->first_sample_time) /
				1e6);
		break;
	case PDATA_FEAT_CLOCKID:
		/* perf prints the stored resolution times 1000 as "MHz" */
		fprintf(fp, "# clockid frequency: %" PRIu64 " MHz\n",
			in->clockid_res_ns * 1000);
		break;
	case PDATA_FEAT_CPU_TOPOLOGY:
	case PDATA_FEAT_NUMA_TOPOLOGY:
	case PDATA_FEAT_CACHE:
	case PDATA_FEAT_MEM_TOPOLOGY:
		/* perf prints these only with -I */
		if (flags & PDATA_HDR_FULL)
			print_full(p, fp, f);
		else
			fprintf(fp, "# %s info available, use -I to display\n",
				pdata_feat_name(f));
		break;
	case PDATA_FEAT_HYBRID_TOPOLOGY:
		if (flags & PDATA_HDR_FULL)
			print_full(p, fp, f);
		else
			fprintf(fp, "# %s info available, use -I to display\n",
				pdata_feat_name(f));
		break;
	case PDATA_FEAT_BRANCH_STACK:
		fprintf(fp, "# contains samples with branch stack\n");
		break;
	case PDATA_FEAT_GROUP_DESC:
		for (i = 0; i < in->nr_groups; i++) {
			const struct pdata_group *g = &in->groups[i];
			uint32_t m;

			if (g->nr_members < 2 || g->leader >= p->nr_attrs)
				continue;
			fprintf(fp, "# group: %s{", g->name ? g->name : "");
			for (m = 0; m < g->nr_members &&
				    g->leader + m < p->nr_attrs; m++) {
				const char *n = p->attrs[g->leader + m].name;

				fprintf(fp, "%s%s", m ? "," : "", n ? n : "");
			}
			fprintf(fp, "}\n");
		}
		break;
	case PDATA_FEAT_AUXTRACE:
		fprintf(fp, "# contains AUX area data (e.g. instruction trace)\n");
		break;
	case PDATA_FEAT_STAT:
		fprintf(fp, "# contains stat data\n");
		break;
	case PDATA_FEAT_CLOCK_DATA:
		print_clock_data(in, fp);
		break;
	case PDATA_FEAT_CPU_PMU_CAPS:
	case PDATA_FEAT_PMU_CAPS:
		print_full(p, fp, f);
		break;
	case PDATA_FEAT_DIR_FORMAT:
		fprintf(fp, "# directory data version : %" PRIu64 "\n",
			p->dir_version);
		break;
	case PDATA_FEAT_COMPRESSED:
		if (p->has_comp)
			fprintf(fp, "# compressed : %s, level = %d, ratio = %d\n",
				p->comp[1] == 1 ? "Zstd" : "Unknown",
				(int)p->comp[2], (int)p->comp[3]);
		break;
	default:
		/* TRACING_DATA, BUILD_ID, BPF_* ...: perf prints nothing */
		break;
	}
}

int pdata_fprintf_header(struct pdata *p, FILE *fp, unsigned int flags)
{
	uint64_t data_off = 0, data_size = 0, feat_off = 0;
	struct stat st;
	int f;

	fprintf(fp, "# ========\n");
	if (fstat(p->fd, &st) == 0) {
		char buf[64];
		time_t t = st.st_mtime;

		if (ctime_r(&t, buf))
			fprintf(fp, "# captured on    : %s", buf);
	}
	if (!p->pipe) {
		data_off = p->data_off;
		data_size = p->data_size;
		feat_off = p->hdr.data.offset + p->hdr.data.size;
	}
	fprintf(fp, "# header version : 1\n");
	fprintf(fp, "# data offset    : %" PRIu64 "\n", data_off);
	fprintf(fp, "# data size      : %" PRIu64 "\n", data_size);
	fprintf(fp, "# feat offset    : %" PRIu64 "\n", feat_off);
	if (p->pipe)	/* perf ends the block here for a pipe */
		fprintf(fp, "# ========\n#\n");
	for (f = 1; f < PDATA_FEAT_BITS; f++)
		if (pdata_has_feat(p, f))
			print_feat(p, fp, f, flags);
	if (!p->pipe) {
		fprintf(fp, "# missing features: ");
		for (f = 1; f < PERF61_LAST_FEATURE; f++)
			if (!pdata_has_feat(p, f))
				fprintf(fp, "%s ", pdata_feat_name(f));
		fprintf(fp, "\n# ========\n#\n");
	}
	return ferror(fp) ? -EIO : 0;
}
