// SPDX-License-Identifier: GPL-2.0
/*
 * record's optional attributes in perf record's syntax (perf 6.1:
 * tools/perf/util/parse-branch-options.c, parse-regs-options.c,
 * builtin-record.c's clockid table) and how they go into the attrs.
 */
#include "ptool/recattr.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/sample.h"

#ifndef CLOCK_TAI
#define CLOCK_TAI 11
#endif

void recattr_apply(const struct recattr *ra, struct perf_event_attr *a,
		   bool track, bool side_band)
{
	if (ra->no_timestamp)
		a->sample_type &= ~(uint64_t)PERF_SAMPLE_TIME;
	if (ra->use_clockid) {
		a->use_clockid = 1;
		a->clockid = ra->clockid;
	}
	if (side_band && ra->switch_events)
		a->context_switch = 1;
	if (track)
		return;
	if (ra->regs_user) {
		a->sample_type |= PERF_SAMPLE_REGS_USER;
		/*
		 * with --call-graph dwarf, perf keeps the user's choice plus
		 * what unwinding cannot do without (IP, SP), not all registers
		 */
		if (a->sample_type & PERF_SAMPLE_STACK_USER)
			a->sample_regs_user = ra->regs_user | RECATTR_REGS_DWARF_MIN;
		else
			a->sample_regs_user |= ra->regs_user;
	}
	if (ra->regs_intr) {
		a->sample_type |= PERF_SAMPLE_REGS_INTR;
		a->sample_regs_intr |= ra->regs_intr;
	}
	if (ra->branch) {
		a->sample_type |= PERF_SAMPLE_BRANCH_STACK;
		a->branch_sample_type = ra->branch;
	}
}

/* -c's period (@period_given), or else -F's frequency */
static void set_period(struct perf_event_attr *a, bool period_given,
		       uint64_t period, uint64_t freq)
{
	if (period_given) {
		a->freq = 0;
		a->sample_period = period;
	} else {
		a->freq = 1;
		a->sample_freq = freq;
	}
}

/* the side-band records: mappings, comms, forks and exits */
static void side_band(struct perf_event_attr *a)
{
	a->mmap = a->mmap2 = a->comm = a->comm_exec = 1;
	a->task = 1;
}

/* one event's sampling: its period or frequency, callchains, stacks */
static void sampling(struct evsel *e, const struct recattr_cfg *c)
{
	struct perf_event_attr *a = &e->attr;
	bool tp = a->type == PERF_TYPE_TRACEPOINT;

	/* a period=/freq= term of the spec wins, as in perf */
	if (e == c->track) {
		/* samples nothing: -c's period or 1, as perf */
		a->freq = 0;
		a->sample_period = c->period_given ? c->period : 1;
	} else if (!a->sample_period ||
		   (tp && (c->freq_given || c->period_given))) {
		set_period(a, c->period_given, c->period, c->freq);
	}
	if (a->freq)
		a->sample_type |= PERF_SAMPLE_PERIOD;
	if (c->cg != RECATTR_CG_NONE)
		a->sample_type |= PERF_SAMPLE_CALLCHAIN;
	if (c->cg == RECATTR_CG_DWARF) {
		/* perf also asks for data addresses with dwarf (and data maps) */
		a->sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER |
				  PERF_SAMPLE_ADDR | PERF_SAMPLE_DATA_SRC;
		a->sample_regs_user = RECATTR_REGS_ALL;
		a->sample_stack_user = c->dump_size;
		/* the user part comes from the stack copy instead */
		a->exclude_callchain_user = 1;
	}
}

uint64_t recattr_configure(struct evlist *el, const struct recattr_cfg *c)
{
	static const struct recattr none;
	const struct recattr *ra = c->ra ? c->ra : &none;
	struct evsel *e, *track = c->track;

	evlist_for_each(el, e) {
		struct perf_event_attr *a = &e->attr;
		bool tp = a->type == PERF_TYPE_TRACEPOINT;

		/*
		 * -D: the dummy alone runs (from the exec for a command); group
		 * members follow their leader, as perf writes them
		 */
		a->disabled = evsel_is_leader(e) &&
			      (e != track || (c->workload_only && c->delayed));
		a->inherit = c->inherit;
		/* ids, and loss counts to read at the end, as perf */
		a->read_format |= PERF_FORMAT_ID;
		if (c->read_lost)
			a->read_format |= PERF_FORMAT_LOST;
		a->sample_id_all = 1;
		a->sample_type |= PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
		if (c->per_cpu || tp)
			a->sample_type |= PERF_SAMPLE_CPU;
		if (tp)
			a->sample_type |= PERF_SAMPLE_RAW | PERF_SAMPLE_PERIOD;
		if (c->raw)	/* -R, as perf: raw data, time and cpu */
			a->sample_type |= PERF_SAMPLE_RAW | PERF_SAMPLE_CPU;
		sampling(e, c);
		if (c->workload_only && evsel_is_leader(e) &&
		    (e == track || !c->delayed))
			a->enable_on_exec = 1;
		recattr_apply(ra, a, e == track, false);
	}
	/*
	 * several events: perf's ID when they all have the same sample_type
	 * (the id is then at the same place in every sample), else IDENTIFIER
	 */
	if (el->nr > 1) {
		uint64_t st = evlist_first(el)->attr.sample_type;
		uint64_t bit = PERF_SAMPLE_ID;

		evlist_for_each(el, e)
			if (e->attr.sample_type != st)
				bit = PERF_SAMPLE_IDENTIFIER;
		evlist_for_each(el, e)
			e->attr.sample_type |= bit;
	}
	e = track ? track : evlist_first(el);
	side_band(&e->attr);
	recattr_apply(ra, &e->attr, e == track, true);
	/* BPF programs loaded meanwhile get KSYMBOL records, as perf */
	if (c->ksymbol)
		e->attr.ksymbol = e->attr.bpf_event = 1;
	if (c->cg == RECATTR_CG_DWARF)
		e->attr.mmap_data = 1;
	return evlist_first(el)->attr.sample_type;
}

void recattr_configure_top(struct evlist *el, uint64_t period,
			   uint64_t freq, bool callchain)
{
	struct evsel *e;

	evlist_for_each(el, e) {
		struct perf_event_attr *a = &e->attr;

		a->disabled = 0;
		a->inherit = 1;
		a->sample_id_all = 1;
		a->sample_type |= PERF_SAMPLE_IP | PERF_SAMPLE_TID |
				  PERF_SAMPLE_TIME | PERF_SAMPLE_CPU |
				  PERF_SAMPLE_PERIOD;
		if (el->nr > 1)
			a->sample_type |= PERF_SAMPLE_IDENTIFIER;
		if (!a->sample_period)
			set_period(a, period != 0, period, freq);
		if (callchain)
			a->sample_type |= PERF_SAMPLE_CALLCHAIN;
	}
	side_band(&evlist_first(el)->attr);
}

/* ---- clocks ---- */

static const struct {
	const char *name;
	int id;
} clocks[] = {
	/* perf's names first: recattr_clockid_name() gives the first match */
	{ "monotonic", CLOCK_MONOTONIC },
	{ "monotonic_raw", CLOCK_MONOTONIC_RAW },
	{ "realtime", CLOCK_REALTIME },
	{ "boottime", CLOCK_BOOTTIME },
	{ "tai", CLOCK_TAI },
	{ "mono", CLOCK_MONOTONIC },
	{ "raw", CLOCK_MONOTONIC_RAW },
	{ "real", CLOCK_REALTIME },
	{ "boot", CLOCK_BOOTTIME },
};

int recattr_parse_clockid(const char *s, int *id)
{
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	if (isdigit((unsigned char)*s)) {
		errno = 0;
		v = strtol(s, &end, 10);
		if (*end || errno || v > INT_MAX)
			return -EINVAL;
		*id = (int)v;
		return 0;
	}
	if (!strncasecmp(s, "CLOCK_", 6))
		s += 6;
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		if (!strcasecmp(s, clocks[i].name)) {
			*id = clocks[i].id;
			return 0;
		}
	}
	return -EINVAL;
}

const char *recattr_clockid_name(int id)
{
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		if (clocks[i].id == id)
			return clocks[i].name;
	return NULL;
}

/* ---- registers (x86_64's perf_regs.h numbering) ---- */

static const char *const regs[] = {
	"AX", "BX", "CX", "DX", "SI", "DI", "BP", "SP", "IP", "FLAGS",
	"CS", "SS", NULL, NULL, NULL, NULL,	/* DS ES FS GS: never sampled */
	"R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15",
};

const char *recattr_reg_name(int i)
{
	if (i < 0 || (size_t)i >= sizeof(regs) / sizeof(regs[0]))
		return NULL;
	return regs[i];
}

/*
 * one comma-separated list of names looked up with @lookup; each name's
 * bits are or'ed into *@mask
 */
static int parse_list(const char *s, uint64_t *mask, size_t *bad,
		      int (*lookup)(const char *name, size_t len, uint64_t *bits))
{
	const char *p = s;

	*mask = 0;
	for (;;) {
		size_t n = strcspn(p, ",");
		uint64_t bits;

		if (!n || lookup(p, n, &bits)) {
			if (bad)
				*bad = (size_t)(p - s);
			return -EINVAL;
		}
		*mask |= bits;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

static int reg_lookup(const char *name, size_t len, uint64_t *bits)
{
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (regs[i] && strlen(regs[i]) == len &&
		    !strncasecmp(name, regs[i], len)) {
			*bits = 1ull << i;
			return 0;
		}
	}
	return -EINVAL;
}

int recattr_parse_regs(const char *s, uint64_t *mask, size_t *bad)
{
	if (!s || !*s) {
		*mask = RECATTR_REGS_ALL;
		return 0;
	}
	return parse_list(s, mask, bad, reg_lookup);
}

/* ---- branch filters ---- */

#ifndef PERF_SAMPLE_BRANCH_PRIV_SAVE
#define PERF_SAMPLE_BRANCH_PRIV_SAVE (1ull << 18)
#endif

static const struct {
	const char *name;
	uint64_t mode;
} branch_modes[] = {
	{ "u", PERF_SAMPLE_BRANCH_USER },
	{ "k", PERF_SAMPLE_BRANCH_KERNEL },
	{ "hv", PERF_SAMPLE_BRANCH_HV },
	{ "any", PERF_SAMPLE_BRANCH_ANY },
	{ "any_call", PERF_SAMPLE_BRANCH_ANY_CALL },
	{ "any_ret", PERF_SAMPLE_BRANCH_ANY_RETURN },
	{ "ind_call", PERF_SAMPLE_BRANCH_IND_CALL },
	{ "abort_tx", PERF_SAMPLE_BRANCH_ABORT_TX },
	{ "in_tx", PERF_SAMPLE_BRANCH_IN_TX },
	{ "no_tx", PERF_SAMPLE_BRANCH_NO_TX },
	{ "cond", PERF_SAMPLE_BRANCH_COND },
	{ "ind_jmp", PERF_SAMPLE_BRANCH_IND_JUMP },
	{ "call", PERF_SAMPLE_BRANCH_CALL },
	{ "save_type", PERF_SAMPLE_BRANCH_TYPE_SAVE },
	{ "stack", PERF_SAMPLE_BRANCH_CALL_STACK },
	{ "priv", PERF_SAMPLE_BRANCH_PRIV_SAVE },
};

static int branch_lookup(const char *name, size_t len, uint64_t *bits)
{
	for (size_t i = 0; i < sizeof(branch_modes) / sizeof(branch_modes[0]); i++) {
		if (strlen(branch_modes[i].name) == len &&
		    !strncasecmp(name, branch_modes[i].name, len)) {
			*bits = branch_modes[i].mode;
			return 0;
		}
	}
	return -EINVAL;
}

int recattr_parse_branch(const char *s, uint64_t *mode, size_t *bad)
{
	const uint64_t plm = PERF_SAMPLE_BRANCH_USER | PERF_SAMPLE_BRANCH_KERNEL |
			     PERF_SAMPLE_BRANCH_HV;
	int err;

	if (!s) {
		*mode = PERF_SAMPLE_BRANCH_ANY;
		return 0;
	}
	err = parse_list(s, mode, bad, branch_lookup);
	if (err)
		return err;
	/* perf's default: any branch, and its privilege bits are lost */
	if (!(*mode & ~plm))
		*mode = PERF_SAMPLE_BRANCH_ANY;
	return 0;
}

/* ---- -D ---- */

static int parse_ms(const char *s, char **end, long *v)
{
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*v = strtol(s, end, 10);
	return errno || *v > INT_MAX ? -EINVAL : 0;
}

int recattr_parse_delay(const char *s, struct recattr_delay *d)
{
	const int max = (int)(sizeof(d->r) / sizeof(d->r[0]));
	long prev = -1;
	char *end;

	memset(d, 0, sizeof(*d));
	if (!strcmp(s, "-1")) {
		d->delay_ms = -1;
		return 0;
	}
	if (parse_ms(s, &end, &d->delay_ms))
		return -EINVAL;
	if (!*end)
		return 0;
	d->delay_ms = 0;
	for (const char *p = s;;) {
		long on, off;

		if (d->nr == max || parse_ms(p, &end, &on) || *end != '-' ||
		    parse_ms(end + 1, &end, &off) || (*end && *end != ','))
			return -EINVAL;
		if (off <= on || on <= prev)
			return -EINVAL;
		d->r[d->nr].on = on;
		d->r[d->nr++].off = off;
		prev = off;
		if (!*end)
			return 0;
		p = end + 1;
	}
}

int recattr_delay_step(const struct recattr_delay *d, long ms, int *step,
		       bool *enable, long *wait_ms)
{
	long at;

	*wait_ms = -1;
	if (!d->nr) {
		if (d->delay_ms < 0 || *step)
			return 0;
		at = d->delay_ms;
	} else {
		if (*step >= 2 * d->nr)
			return 2;
		at = *step & 1 ? d->r[*step / 2].off : d->r[*step / 2].on;
	}
	if (ms < at) {
		*wait_ms = at - ms;
		return 0;
	}
	*enable = !(*step & 1);
	(*step)++;
	return 1;
}
