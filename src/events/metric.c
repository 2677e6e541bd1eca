// SPDX-License-Identifier: GPL-2.0
/*
 * The metric names perf 6.1 offers on AMD family 19h (its amdzen3 table),
 * as perf list metric prints them. Every one is a formula of core, L3 or
 * data fabric PMU events.
 */
#include "ptool/metric.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"

static const struct metric amd_fam19[] = {
	{ "all_l2_cache_accesses", "All L2 Cache Accesses", "l2_cache" },
	{ "all_l2_cache_hits", "All L2 Cache Hits", "l2_cache" },
	{ "all_l2_cache_misses", "All L2 Cache Misses", "l2_cache" },
	{ "all_remote_links_outbound",
	  "Approximate: Outbound data bytes for all Remote Links for a node (die)",
	  "data_fabric" },
	{ "branch_misprediction_ratio",
	  "Execution-Time Branch Misprediction Ratio (Non-Speculative)",
	  "branch_prediction" },
	{ "ic_fetch_miss_ratio", "Instruction Cache (32B) Fetch Miss Ratio",
	  "l2_cache" },
	{ "l1_itlb_misses", "L1 ITLB Misses", "tlb" },
	{ "l2_cache_accesses_from_l2_hwpf", "L2 Cache Accesses from L2 HWPF",
	  "l2_cache" },
	{ "l2_cache_misses_from_l2_hwpf", "L2 Cache Misses from L2 Cache HWPF",
	  "l2_cache" },
	{ "l3_read_miss_latency",
	  "Average L3 Read Miss Latency (in core clocks)", "l3_cache" },
	{ "macro_ops_dispatched", "Macro-ops Dispatched", "decoder" },
	{ "nps1_die_to_dram",
	  "Approximate: Combined DRAM B/bytes of all channels on a NPS1 node (die) (may need --metric-no-group)",
	  "data_fabric" },
	{ "op_cache_fetch_miss_ratio", "Op Cache (64B) Fetch Miss Ratio",
	  "l2_cache" },
};

/* the value of "key<tabs>: value" in /proc/cpuinfo's first block */
static bool field(const char *cpuinfo, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);

	for (const char *p = cpuinfo; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		const char *c;
		size_t vl;

		if (strncmp(p, key, kl) || (p[kl] != '\t' && p[kl] != ' ' &&
					    p[kl] != ':'))
			continue;
		c = strchr(p, ':');
		if (!c)
			return false;
		c += 1 + (c[1] == ' ');
		vl = strcspn(c, "\n");
		snprintf(buf, len, "%.*s", (int)vl, c);
		return true;
	}
	return false;
}

const struct metric *metric_table(const char *cpuinfo, int *n)
{
	char vendor[64], family[16];

	*n = 0;
	if (!field(cpuinfo, "vendor_id", vendor, sizeof(vendor)) ||
	    !field(cpuinfo, "cpu family", family, sizeof(family)))
		return NULL;
	/* perf's mapfile: AuthenticAMD-25-<model> is amdzen3 */
	if (strcmp(vendor, "AuthenticAMD") || strcmp(family, "25"))
		return NULL;
	*n = (int)(sizeof(amd_fam19) / sizeof(amd_fam19[0]));
	return amd_fam19;
}

const struct metric *metric_table_local(int *n)
{
	struct strbuf sb = STRBUF_INIT;
	const struct metric *t = NULL;

	*n = 0;
	if (strbuf_read_file(&sb, "/proc/cpuinfo", 4096) > 0)
		t = metric_table(sb.buf, n);
	strbuf_release(&sb);
	return t;
}

bool metric_known(const struct metric *tab, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(tab[i].name, name) || !strcmp(tab[i].group, name))
			return true;
	return false;
}
