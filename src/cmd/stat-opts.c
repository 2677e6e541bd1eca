// SPDX-License-Identifier: GPL-2.0
/*
 * ptool stat's checks of option combinations, after opt_parse(): perf's
 * rules and messages where perf has them.
 */
#include "ptool/cmd.h"
#include "stat-priv.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/metric.h"
#include "ptool/strbuf.h"

/*
 * -M: perf's metrics for this cpu are formulas of hardware counters, none
 * of software events, so each one named is refused with that reason
 */
static int check_metrics(const char *list)
{
	char *copy = xstrdup(list), *save = NULL, *m;
	const struct metric *tab;
	int n, ret = 0;

	tab = metric_table_local(&n);
	for (m = strtok_r(copy, ",", &save); m && !ret;
	     m = strtok_r(NULL, ",", &save)) {
		if (metric_known(tab, n, m))
			ret = cmd_fail(0, "metric '%s' needs hardware counters: ptool computes no metric of hardware events",
				       m);
		else
			ret = cmd_usage_fail("cannot find metric or group '%s'", m);
	}
	if (!ret && !*list)
		ret = cmd_usage_fail("-M needs a metric or metric group");
	free(copy);
	return ret;
}

/* --topdown: perf's checks, then its message where the PMU has no slots */
static int check_topdown(const struct stat_opts *o)
{
	if (!target_has_cpu(&o->target) || o->target.cpu_list)
		return cmd_fail(0, "top down event configuration requires system-wide mode (-a)");
	if (access("/sys/bus/event_source/devices/cpu/events/topdown-total-slots", F_OK) &&
	    access("/sys/bus/event_source/devices/cpu/events/slots", F_OK))
		return cmd_fail(0, "System does not support topdown");
	return cmd_fail(0, "--topdown is not implemented: count the topdown-* events with -e");
}

#define CPU_PMU "/sys/bus/event_source/devices/cpu"

/* -T, --smi-cost, --cputype: perf's messages where the cpu lacks them */
static int check_cpu_features(const struct stat_opts *o)
{
	if (o->cputype &&
	    access("/sys/bus/event_source/devices/cpu_core", F_OK) &&
	    access("/sys/bus/event_source/devices/cpu_atom", F_OK))
		return cmd_usage_fail("--cputype %s is not supported!", o->cputype);
	if (o->cputype)
		return cmd_fail(0, "--cputype is not implemented");
	if (o->transaction && access(CPU_PMU "/events/cycles-t", F_OK))
		return cmd_fail(0, "Cannot set up transaction events");
	if (o->transaction)
		return cmd_fail(0, "-T is not implemented: count the tx-* events with -e");
	if (o->smi_cost && access(CPU_PMU "/freeze_on_smi", F_OK))
		return cmd_fail(0, "freeze_on_smi is not supported.");
	if (o->smi_cost)
		return cmd_fail(0, "--smi-cost is not implemented: count msr/smi/ with -e");
	return 0;
}

int stat_check_opts(struct stat_opts *o, int argc)
{
	struct strbuf warn = STRBUF_INIT;
	int ret = cmd_check_target(&o->target, &warn);

	/* perf stat's warning, word for word */
	if (warn.len && !o->quiet)
		fprintf(stderr, "%s\n", warn.buf);
	strbuf_release(&warn);
	if (ret)
		return ret;
	if (o->repeat < 1)
		return cmd_usage_fail("-r must be at least 1");
	if (o->per_cpu)
		o->no_aggr = true;
	if (o->no_aggr && !target_has_cpu(&o->target))
		return cmd_usage_fail("per-cpu counts (-A) need system-wide mode (-a or -C)");
	/* perf: not with -C, whose cpus a thread's counter cannot follow */
	if (o->per_thread && !target_has_task(&o->target) &&
	    (!o->target.system_wide || o->target.cpu_list))
		return cmd_usage_fail("per-thread counts (--per-thread) need -p, -t or -a");
	if (o->no_aggr + o->per_thread + o->per_socket + o->per_die +
	    o->per_core + o->per_node > 1)
		return cmd_usage_fail("choose one of -A, --per-thread, --per-socket, --per-die, --per-core, --per-node");
	if ((o->per_socket || o->per_die || o->per_core || o->per_node) &&
	    !target_has_cpu(&o->target))
		return cmd_usage_fail("--per-socket/die/core/node need system-wide mode (-a or -C)");
	if (o->interval && o->interval < 10)
		return cmd_usage_fail("the print interval (-I) must be at least 10 ms");
	if (o->interval < 0)
		return cmd_usage_fail("the print interval (-I) must be positive");
	if (o->interval_count && !o->interval)
		return cmd_usage_fail("--interval-count needs -I");
	if (o->timeout && o->interval)
		return cmd_usage_fail("--timeout cannot be used with -I");
	if (o->timeout && o->timeout < 10)
		return cmd_usage_fail("--timeout must be at least 10 ms");
	if (o->timeout < 0 || o->delay < 0 || o->interval_count < 0)
		return cmd_usage_fail("--timeout, -D and --interval-count take positive values");
	if (o->delay && !argc)
		return cmd_usage_fail("-D needs a command");
	if (o->interval && o->repeat > 1)
		return cmd_usage_fail("-I cannot be used with -r");
	if (o->csv_sep && o->json)
		return cmd_usage_fail("-x and -j cannot be used together");
	if (o->all_user && o->all_kernel)
		return cmd_usage_fail("--all-user and --all-kernel cannot be used together");
	if (o->metric_only && (o->no_aggr || o->per_thread || o->per_socket ||
			       o->per_die || o->per_core || o->per_node))
		return cmd_usage_fail("--metric-only cannot be used with -A, --per-thread or --per-socket/die/core/node");
	if (o->metric_only && o->repeat > 1)
		return cmd_usage_fail("--metric-only cannot be used with -r");
	if (o->cputype || o->transaction || o->smi_cost)
		return check_cpu_features(o);
	if (o->metrics)
		return check_metrics(o->metrics);
	if (o->topdown)
		return check_topdown(o);
	if (o->output && o->log_fd >= 0)
		return cmd_usage_fail("-o and --log-fd cannot be used together");
	if (o->log_fd < -1)
		return cmd_usage_fail("--log-fd takes a file descriptor");
	if (o->csv_sep && !*o->csv_sep)
		return cmd_usage_fail("the -x separator must not be empty");
	if (!argc && target_none(&o->target))
		return cmd_usage_fail("no command given (and no -p, -t, -a or -C)");
	if (o->repeat > 1 && !argc)
		return cmd_usage_fail("-r needs a command to repeat");
	return 0;
}
