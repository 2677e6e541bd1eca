// SPDX-License-Identifier: GPL-2.0
/*
 * ptool record's attribute options: the checks and messages around
 * src/events/recattr.c (perf 6.1's -T -k -D --filter -G --switch-events
 * --user-regs -I -b -j).
 */
#include "record-priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ptool/cmd.h"
#include "ptool/evsel.h"
#include "ptool/msg.h"
#include "ptool/strbuf.h"

int record_filter_cb(const struct opt *opt, const char *arg, bool unset)
{
	struct record_attr_opts *ao = opt->value;

	if (unset)
		return 0;
	if (!ao->events->nr) {
		pr_err("--filter must follow the -e event it applies to");
		return -1;
	}
	ALLOC_GROW(ao->filters, ao->nr_filters + 1, ao->alloc_filters);
	ao->filters[ao->nr_filters].spec = ao->events->nr - 1;
	ao->filters[ao->nr_filters++].expr = arg;
	return 0;
}

/* --user-regs[=list], -I[list]: "" for all; '?' lists the names */
int record_regs_cb(const struct opt *opt, const char *arg, bool unset)
{
	const char *name;

	if (arg && !strcmp(arg, "?")) {
		printf("available registers:");
		for (int i = 0; i < 64; i++)
			if ((name = recattr_reg_name(i)))
				printf(" %s", name);
		printf("\n");
		return OPT_HELP;
	}
	*(const char **)opt->value = unset ? NULL : arg ? arg : "";
	return 0;
}

static int check_regs(const char *s, const char *opt, uint64_t *mask)
{
	size_t bad = 0;

	if (!s)
		return 0;
	if (!recattr_parse_regs(s, mask, &bad))
		return 0;
	return cmd_usage_fail("unknown register '%.*s' in %s; '%s=?' lists them",
			      (int)strcspn(s + bad, ","), s + bad, opt, opt);
}

int record_attr_check(struct record_attr_opts *ao, bool dwarf, bool quiet)
{
	struct recattr *ra = &ao->ra;
	size_t bad = 0;

	ra->no_timestamp = !ao->timestamp;
	ra->switch_events = ao->switch_events;
	if (ao->clockid) {
		struct timespec res;

		if (recattr_parse_clockid(ao->clockid, &ra->clockid))
			return cmd_usage_fail("unknown clockid '%s' (monotonic, monotonic_raw, realtime, boottime, tai or a number)",
					      ao->clockid);
		if (clock_getres(ra->clockid, &res))
			return cmd_fail(-errno, "cannot use clockid '%s'", ao->clockid);
		ra->use_clockid = true;
	}
	if (check_regs(ao->user_regs, "--user-regs", &ra->regs_user) ||
	    check_regs(ao->intr_regs, "--intr-regs", &ra->regs_intr))
		return PTOOL_EXIT_USAGE;
	if (dwarf && ra->regs_user && !quiet)
		pr_warn("the use of --call-graph=dwarf may require all the user registers, "
			"specifying a subset with --user-regs may render DWARF unwinding unreliable, "
			"so the minimal registers set (IP, SP) is explicitly forced");
	if (ao->branch_any && ao->branch_filter)
		return cmd_usage_fail("-b (--branch-any) and -j (--branch-filter) cannot be used together");
	if (ao->branch_any)
		recattr_parse_branch(NULL, &ra->branch, NULL);
	if (ao->branch_filter &&
	    recattr_parse_branch(ao->branch_filter, &ra->branch, &bad))
		return cmd_usage_fail("unknown branch filter '%.*s' (any, any_call, any_ret, ind_call, ind_jmp, call, cond, abort_tx, in_tx, no_tx, save_type, stack, priv, u, k, hv)",
				      (int)strcspn(ao->branch_filter + bad, ","),
				      ao->branch_filter + bad);
	if (ao->delay) {
		if (recattr_parse_delay(ao->delay, &ao->sched))
			return cmd_usage_fail("invalid delay '%s' (msecs, -1, or increasing ranges in msecs: 10-20,30-40)",
					      ao->delay);
		ao->delayed = ao->sched.nr || ao->sched.delay_ms;
	}
	return 0;
}

int record_attr_filters(const struct record_attr_opts *ao, struct evlist *el,
			int spec, int first)
{
	for (int k = 0; k < ao->nr_filters; k++) {
		struct evsel *bad = NULL;

		if (ao->filters[k].spec != spec)
			continue;
		if (evlist_set_filter(el, first, ao->filters[k].expr, &bad))
			return cmd_usage_fail("--filter applies to tracepoints and probes, and '%s' is not one",
					      bad->name);
	}
	return 0;
}

int record_attr_cgroups(struct record_attr_opts *ao, const struct evlist *el,
			int nr, const struct target *t)
{
	char name[4096];

	if (!t->cgroup)
		return 0;
	ao->cg_fd = xcalloc((size_t)el->nr, sizeof(*ao->cg_fd));
	ao->nr_cg_fd = el->nr;
	for (int i = 0; i < el->nr; i++)
		ao->cg_fd[i] = -1;
	for (int i = 0; i < nr; i++) {
		if (!target_cgroup_name(t, i, name, sizeof(name)))
			continue;
		ao->cg_fd[i] = target_cgroup_open(name);
		if (ao->cg_fd[i] == -ENOENT)
			return cmd_fail(0, "cannot open cgroup '%s': no such cgroup", name);
		if (ao->cg_fd[i] < 0)
			return cmd_fail(ao->cg_fd[i], "cannot open cgroup '%s'", name);
	}
	return 0;
}

int record_attr_open(const struct record_attr_opts *ao, struct evsel *e,
		     const struct evlist *el)
{
	if (e->idx < ao->nr_cg_fd && ao->cg_fd[e->idx] >= 0)
		return evsel_open_cgroup(e, el->cpus, ao->cg_fd[e->idx]);
	return evsel_open(e, el->cpus, el->threads);
}

int record_attr_describe(const struct record_attr_opts *ao,
			 struct pdata_writer *w)
{
	struct timespec res, ref;
	struct timeval tod;
	int err;

	if (!ao->ra.use_clockid)
		return 0;
	/* perf's reference point: the time of day, then the clock */
	if (clock_getres(ao->ra.clockid, &res) || gettimeofday(&tod, NULL) ||
	    clock_gettime(ao->ra.clockid, &ref))
		return cmd_fail(-errno, "cannot read clockid %d", ao->ra.clockid);
	err = pdata_writer_set_clockid(w, (uint64_t)res.tv_sec * 1000000000ull +
					  (uint64_t)res.tv_nsec);
	if (!err)
		err = pdata_writer_set_clock_data(w, (uint32_t)ao->ra.clockid,
			(uint64_t)tod.tv_sec * 1000000000ull + (uint64_t)tod.tv_usec * 1000,
			(uint64_t)ref.tv_sec * 1000000000ull + (uint64_t)ref.tv_nsec);
	if (err)
		return cmd_fail(err, "cannot write the header");
	return 0;
}

long record_attr_tick(const struct record_attr_opts *ao, struct evlist *el,
		      const struct evsel *track, long ms, int *step, bool quiet)
{
	long wait;
	bool on;
	int r;

	while ((r = recattr_delay_step(&ao->sched, ms, step, &on, &wait)) == 1) {
		struct evsel *e;

		evlist_for_each(el, e)
			if (e != track && on)
				evsel_enable(e);
			else if (e != track)
				evsel_disable(e);
		if (!quiet)
			fprintf(stderr, "Events %s\n", on ? "enabled" : "disabled");
	}
	return r == 2 ? -2 : wait;
}

void record_attr_release(struct record_attr_opts *ao)
{
	for (int i = 0; i < ao->nr_cg_fd; i++)
		if (ao->cg_fd[i] >= 0)
			close(ao->cg_fd[i]);
	free(ao->cg_fd);
	ao->cg_fd = NULL;
	ao->nr_cg_fd = 0;
	free(ao->filters);
	ao->filters = NULL;
}
