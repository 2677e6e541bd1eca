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
	{ "all_l2_cache_accesses",
	  "All L2 Cache Accesses",
	  "l2_cache",
	  "l2_request_g1.all_no_prefetch + l2_pf_hit_l2 + l2_pf_miss_l2_hit_l3 + l2_pf_miss_l2_l3" },
	{ "all_l2_cache_hits",
	  "All L2 Cache Hits",
	  "l2_cache",
	  "l2_cache_req_stat.ic_dc_hit_in_l2 + l2_pf_hit_l2" },
	{ "all_l2_cache_misses",
	  "All L2 Cache Misses",
	  "l2_cache",
	  "l2_cache_req_stat.ic_dc_miss_in_l2 + l2_pf_miss_l2_hit_l3 + l2_pf_miss_l2_l3" },
	{ "all_remote_links_outbound",
	  "Approximate: Outbound data bytes for all Remote Links for a node (die)",
	  "data_fabric",
	  "remote_outbound_data_controller_0 + remote_outbound_data_controller_1 + remote_outbound_data_controller_2 + remote_outbound_data_controller_3" },
	{ "branch_misprediction_ratio",
	  "Execution-Time Branch Misprediction Ratio (Non-Speculative)",
	  "branch_prediction",
	  "d_ratio(ex_ret_brn_misp, ex_ret_brn)" },
	{ "ic_fetch_miss_ratio",
	  "Instruction Cache (32B) Fetch Miss Ratio",
	  "l2_cache",
	  "d_ratio(ic_tag_hit_miss.instruction_cache_miss, ic_tag_hit_miss.all_instruction_cache_accesses)" },
	{ "l1_itlb_misses",
	  "L1 ITLB Misses",
	  "tlb",
	  "bp_l1_tlb_miss_l2_tlb_hit + bp_l1_tlb_miss_l2_tlb_miss" },
	{ "l2_cache_accesses_from_l2_hwpf",
	  "L2 Cache Accesses from L2 HWPF",
	  "l2_cache",
	  "l2_pf_hit_l2 + l2_pf_miss_l2_hit_l3 + l2_pf_miss_l2_l3" },
	{ "l2_cache_misses_from_l2_hwpf",
	  "L2 Cache Misses from L2 Cache HWPF",
	  "l2_cache",
	  "l2_pf_miss_l2_hit_l3 + l2_pf_miss_l2_l3" },
	{ "l3_read_miss_latency",
	  "Average L3 Read Miss Latency (in core clocks)",
	  "l3_cache",
	  "(xi_sys_fill_latency * 16) / xi_ccx_sdp_req1" },
	{ "macro_ops_dispatched",
	  "Macro-ops Dispatched",
	  "decoder",
	  "de_dis_cops_from_decoder.disp_op_type.any_integer_dispatch + de_dis_cops_from_decoder.disp_op_type.any_fp_dispatch" },
	{ "nps1_die_to_dram",
	  "Approximate: Combined DRAM B/bytes of all channels on a NPS1 node (die) (may need --metric-no-group)",
	  "data_fabric",
	  "dram_channel_data_controller_0 + dram_channel_data_controller_1 + dram_channel_data_controller_2 + dram_channel_data_controller_3 + dram_channel_data_controller_4 + dram_channel_data_controller_5 + dram_channel_data_controller_6 + dram_channel_data_controller_7" },
	{ "op_cache_fetch_miss_ratio",
	  "Op Cache (64B) Fetch Miss Ratio",
	  "l2_cache",
	  "d_ratio(op_cache_hit_miss.op_cache_miss, op_cache_hit_miss.all_op_cache_accesses)" },
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
