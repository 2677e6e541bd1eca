// SPDX-License-Identifier: GPL-2.0
#include "ptool/statfmt.h"

#include <ctype.h>
#include <inttypes.h>
#include <linux/perf_event.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* perf's column widths: value, unit, event name, metric */
#define VALUE_LEN	18
#define EVNAME_LEN	32
#define METRIC_LEN	35
#define NOVALUE_PAD	28	/* what follows the name of a <not ...> row */

char *statfmt_num(double v, int decimals, const char *thousands, char *buf,
		  size_t len)
{
	char tmp[512];
	const char *p, *dot;
	size_t ndig, i, o = 0, tl = thousands ? strlen(thousands) : 0;

	snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
	if (!tl || !isfinite(v)) {
		snprintf(buf, len, "%s", tmp);
		return buf;
	}
	p = tmp;
	if (*p == '-' && o + 1 < len)
		buf[o++] = *p++;
	dot = strchr(p, '.');
	ndig = dot ? (size_t)(dot - p) : strlen(p);
	for (i = 0; i < ndig && o + 1 < len; i++) {
		if (i && (ndig - i) % 3 == 0) {
			for (size_t k = 0; k < tl && o + 1 < len; k++)
				buf[o++] = thousands[k];
		}
		buf[o++] = p[i];
	}
	for (p += ndig; *p && o + 1 < len; p++)
		buf[o++] = *p;
	buf[o] = '\0';
	return buf;
}

/* metric formats are the fixed literals of statfmt_metric() */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void fmt_metric(char *buf, size_t len, const char *fmt, double v)
{
	snprintf(buf, len, fmt, v);
}
#pragma GCC diagnostic pop

static void json_str(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (c < 0x20)
			strbuf_addf(out, "\\u%04x", c);
		else
			strbuf_addch(out, (char)c);
	}
	strbuf_addch(out, '"');
}

static const char *state_text(enum statfmt_state s)
{
	return s == STATFMT_NOT_SUPPORTED ? "<not supported>" : "<not counted>";
}

static const char *unit_of(const struct statfmt_row *r)
{
	return r->msec ? "msec" : r->unit ? r->unit : "";
}

static double shown_value(const struct statfmt_row *r)
{
	return r->msec ? r->value / 1e6 : r->value;
}

/* the number of a metric as CSV shows it: "%8.3f" -> "0.821" */
static void metric_number(const struct statfmt_row *r, char *buf, size_t len)
{
	char tmp[64], *s = tmp, *e;

	fmt_metric(tmp, sizeof(tmp), r->metric_fmt, r->metric);
	while (*s == ' ')
		s++;
	e = s;
	if (*e == '-')
		e++;
	while (isdigit((unsigned char)*e) || *e == '.')
		e++;
	*e = '\0';
	snprintf(buf, len, "%s", s);
}

/* "S0-D0-C1" style name of an aggregated row, as perf's CSV and JSON */
static void aggr_id(const struct statfmt *f, const struct statfmt_row *r,
		    char *buf, size_t len)
{
	switch (f->aggr) {
	case STATFMT_AGGR_SOCKET:
		snprintf(buf, len, "S%d", r->socket);
		break;
	case STATFMT_AGGR_DIE:
		snprintf(buf, len, "S%d-D%d", r->socket, r->die);
		break;
	case STATFMT_AGGR_CORE:
		snprintf(buf, len, "S%d-D%d-C%d", r->socket, r->die, r->core);
		break;
	case STATFMT_AGGR_NODE:
		snprintf(buf, len, "N%d", r->node);
		break;
	default:
		snprintf(buf, len, "%s", "");
		break;
	}
}

/* the same, padded as perf's table: the last number left-aligned */
static void aggr_std(const struct statfmt *f, const struct statfmt_row *r,
		     struct strbuf *out)
{
	switch (f->aggr) {
	case STATFMT_AGGR_SOCKET:
		strbuf_addf(out, "S%-5d %4d ", r->socket, r->aggr_nr);
		break;
	case STATFMT_AGGR_DIE:
		strbuf_addf(out, "S%d-D%-8d %4d ", r->socket, r->die, r->aggr_nr);
		break;
	case STATFMT_AGGR_CORE:
		strbuf_addf(out, "S%d-D%d-C%-8d %4d ", r->socket, r->die, r->core,
			    r->aggr_nr);
		break;
	case STATFMT_AGGR_NODE:
		strbuf_addf(out, "N%-5d %4d ", r->node, r->aggr_nr);
		break;
	default:
		break;
	}
}

static const char *const aggr_key[] = {
	[STATFMT_AGGR_SOCKET] = "socket", [STATFMT_AGGR_DIE] = "die",
	[STATFMT_AGGR_CORE] = "core", [STATFMT_AGGR_NODE] = "node",
};

static void row_std(const struct statfmt *f, const struct statfmt_row *r,
		    struct strbuf *out)
{
	char num[128];
	size_t start;

	if (f->interval)
		strbuf_addf(out, "%16.9f ", r->ts);
	if (f->per_cpu) {
		char cpu[32];

		snprintf(cpu, sizeof(cpu), "CPU%d", r->cpu);
		strbuf_addf(out, "%-10s ", cpu);
	}
	if (f->per_thread)
		strbuf_addf(out, "%16s-%-8d ", r->comm ? r->comm : "?", r->tid);
	aggr_std(f, r, out);
	if (r->state == STATFMT_COUNTED)
		statfmt_num(shown_value(r), r->msec ? 2 : 0, f->thousands, num,
			    sizeof(num));
	else
		snprintf(num, sizeof(num), "%s", state_text(r->state));
	strbuf_addf(out, "%*s %-4s %-*s", VALUE_LEN, num, unit_of(r),
		    EVNAME_LEN, r->event);
	if (r->cgroup)
		strbuf_addf(out, " %s", r->cgroup);
	if (r->state != STATFMT_COUNTED) {
		strbuf_addf(out, "%*s\n", NOVALUE_PAD, "");
		return;
	}
	if (r->metric_fmt) {
		start = out->len;
		strbuf_addstr(out, " # ");
		{
			char m[64];

			fmt_metric(m, sizeof(m), r->metric_fmt, r->metric);
			strbuf_addstr(out, m);
		}
		{
			int used = (int)(out->len - start);
			int w = METRIC_LEN - used - 1;

			strbuf_addf(out, " %-*s", w > 0 ? w : 0,
				    r->metric_unit ? r->metric_unit : "");
		}
	} else {
		strbuf_addf(out, "%*s", METRIC_LEN, "");
	}
	if (f->noise && r->noise_pct != 0)
		strbuf_addf(out, "  ( +-%6.2f%% )", r->noise_pct);
	if (r->pct_running < 100.0)
		strbuf_addf(out, "  (%.2f%%)", r->pct_running);
	strbuf_addch(out, '\n');
}

static void row_csv(const struct statfmt *f, const struct statfmt_row *r,
		    struct strbuf *out)
{
	const char *sep = f->sep;

	if (f->interval)
		strbuf_addf(out, "%16.9f%s", r->ts, sep);
	else if (f->summary)
		strbuf_addf(out, "%16s%s", "summary", sep);
	if (f->per_cpu)
		strbuf_addf(out, "CPU%d%s", r->cpu, sep);
	if (f->per_thread)
		strbuf_addf(out, "%s-%d%s", r->comm ? r->comm : "?", r->tid, sep);
	if (f->aggr) {
		char id[64];

		aggr_id(f, r, id, sizeof(id));
		strbuf_addf(out, "%s%s%d%s", id, sep, r->aggr_nr, sep);
	}
	if (r->state == STATFMT_COUNTED)
		strbuf_addf(out, "%.*f", r->msec ? 2 : 0, shown_value(r));
	else
		strbuf_addstr(out, state_text(r->state));
	strbuf_addf(out, "%s%s%s%s", sep, unit_of(r), sep, r->event);
	if (r->cgroup)
		strbuf_addf(out, "%s%s", sep, r->cgroup);
	if (f->noise)
		strbuf_addf(out, "%s%.2f%%", sep, r->noise_pct);
	strbuf_addf(out, "%s%" PRIu64 "%s%.2f", sep, r->run, sep,
		    r->pct_running);
	if (r->state == STATFMT_COUNTED && r->metric_fmt) {
		char m[64];

		metric_number(r, m, sizeof(m));
		strbuf_addf(out, "%s%s%s%s", sep, m, sep,
			    r->metric_unit ? r->metric_unit : "");
	} else {
		strbuf_addf(out, "%s%s", sep, sep);
	}
	strbuf_addch(out, '\n');
}

static void row_json(const struct statfmt *f, const struct statfmt_row *r,
		     struct strbuf *out)
{
	bool m = r->state == STATFMT_COUNTED && r->metric_fmt;

	strbuf_addch(out, '{');
	if (f->interval)
		strbuf_addf(out, "\"interval\" : %.9f, ", r->ts);
	if (f->per_cpu)
		strbuf_addf(out, "\"cpu\" : \"%d\", ", r->cpu);
	if (f->per_thread) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addf(&t, "%s-%d", r->comm ? r->comm : "?", r->tid);
		strbuf_addstr(out, "\"thread\" : ");
		json_str(out, t.buf);
		strbuf_addstr(out, ", ");
		strbuf_release(&t);
	}
	if (f->aggr) {
		char id[64];

		aggr_id(f, r, id, sizeof(id));
		strbuf_addf(out, "\"%s\" : \"%s\", \"aggregate-number\" : %d, ",
			    aggr_key[f->aggr], id, r->aggr_nr);
	}
	if (r->state == STATFMT_COUNTED)
		strbuf_addf(out, "\"counter-value\" : \"%f\", ", shown_value(r));
	else
		strbuf_addf(out, "\"counter-value\" : \"%s\", ", state_text(r->state));
	strbuf_addf(out, "\"unit\" : \"%s\", \"event\" : ", unit_of(r));
	json_str(out, r->event);
	if (r->cgroup) {
		strbuf_addstr(out, ", \"cgroup\" : ");
		json_str(out, r->cgroup);
	}
	if (f->noise)
		strbuf_addf(out, ", \"variance\" : %.2f", r->noise_pct);
	strbuf_addf(out, ", \"event-runtime\" : %" PRIu64 ", \"pcnt-running\" : %.2f, \"metric-value\" : %f, \"metric-unit\" : ",
		    r->run, r->pct_running, m ? r->metric : 0.0);
	json_str(out, m && r->metric_unit ? r->metric_unit : "");
	strbuf_addstr(out, "}\n");
}

void statfmt_row(const struct statfmt *f, const struct statfmt_row *r,
		 struct strbuf *out)
{
	switch (f->mode) {
	case STATFMT_CSV:
		row_csv(f, r, out);
		break;
	case STATFMT_JSON:
		row_json(f, r, out);
		break;
	default:
		row_std(f, r, out);
		break;
	}
}

void statfmt_interval_header(const struct statfmt *f, struct strbuf *out)
{
	if (f->mode != STATFMT_STD)
		return;
	if (f->aggr == STATFMT_AGGR_SOCKET)
		strbuf_addstr(out, "#           time socket cpus             counts unit events\n");
	else if (f->aggr == STATFMT_AGGR_DIE)
		strbuf_addstr(out, "#           time die          cpus             counts unit events\n");
	else if (f->aggr == STATFMT_AGGR_CORE)
		strbuf_addstr(out, "#           time core            cpus             counts unit events\n");
	else if (f->aggr == STATFMT_AGGR_NODE)
		strbuf_addstr(out, "#           time node   cpus             counts unit events\n");
	else if (f->per_thread)
		strbuf_addstr(out, "#           time             comm-pid                  counts unit events\n");
	else if (f->per_cpu)
		strbuf_addstr(out, "#           time CPU                    counts unit events\n");
	else
		strbuf_addstr(out, "#           time             counts unit events\n");
}

bool statfmt_is_clock(uint32_t type, uint64_t config)
{
	return type == PERF_TYPE_SOFTWARE &&
	       (config == PERF_COUNT_SW_TASK_CLOCK ||
		config == PERF_COUNT_SW_CPU_CLOCK);
}

static uint64_t cache_cfg(int cache, int op, int result)
{
	return (uint64_t)cache | ((uint64_t)op << 8) | ((uint64_t)result << 16);
}

void statfmt_shadow_add(struct statfmt_shadow *s, uint32_t type,
			uint64_t config, double value)
{
	const uint64_t rd = PERF_COUNT_HW_CACHE_OP_READ;
	const uint64_t acc = PERF_COUNT_HW_CACHE_RESULT_ACCESS;

	if (statfmt_is_clock(type, config)) {
		s->clock_ns = (s->clock_ns * s->nr_clock + value) / (s->nr_clock + 1);
		s->nr_clock++;
		return;
	}
	if (type == PERF_TYPE_HARDWARE) {
		switch (config) {
		case PERF_COUNT_HW_CPU_CYCLES:
			s->cycles += value;
			s->has_cycles = true;
			break;
		case PERF_COUNT_HW_BRANCH_INSTRUCTIONS:
			s->branches += value;
			s->has_branches = true;
			break;
		case PERF_COUNT_HW_CACHE_REFERENCES:
			s->cache_refs += value;
			s->has_cache_refs = true;
			break;
		}
		return;
	}
	if (type != PERF_TYPE_HW_CACHE)
		return;
	if (config == cache_cfg(PERF_COUNT_HW_CACHE_L1D, rd, acc)) {
		s->l1d_loads += value;
		s->has_l1d = true;
	} else if (config == cache_cfg(PERF_COUNT_HW_CACHE_L1I, rd, acc)) {
		s->l1i_loads += value;
		s->has_l1i = true;
	} else if (config == cache_cfg(PERF_COUNT_HW_CACHE_LL, rd, acc)) {
		s->ll_loads += value;
		s->has_ll = true;
	} else if (config == cache_cfg(PERF_COUNT_HW_CACHE_DTLB, rd, acc)) {
		s->dtlb_loads += value;
		s->has_dtlb = true;
	} else if (config == cache_cfg(PERF_COUNT_HW_CACHE_ITLB, rd, acc)) {
		s->itlb_loads += value;
		s->has_itlb = true;
	}
}

static void set_metric(struct statfmt_row *r, const char *fmt, double v,
		       const char *unit)
{
	r->metric_fmt = fmt;
	r->metric = v;
	r->metric_unit = unit;
}

static void pct_of(struct statfmt_row *r, bool has, double total,
		   const char *unit)
{
	if (has && total > 0)
		set_metric(r, "%7.2f%%", 100.0 * r->value / total, unit);
}

void statfmt_metric(const struct statfmt_shadow *s, uint32_t type,
		    uint64_t config, struct statfmt_row *r)
{
	const uint64_t rd = PERF_COUNT_HW_CACHE_OP_READ;
	const uint64_t miss = PERF_COUNT_HW_CACHE_RESULT_MISS;

	r->metric_fmt = NULL;
	if (r->state != STATFMT_COUNTED || type >= PERF_TYPE_MAX)
		return;
	if (statfmt_is_clock(type, config)) {
		if (s->elapsed_ns > 0)
			set_metric(r, "%8.3f", r->value / s->elapsed_ns,
				   "CPUs utilized");
		return;
	}
	if (type == PERF_TYPE_HARDWARE) {
		switch (config) {
		case PERF_COUNT_HW_CPU_CYCLES:
			if (s->nr_clock && s->clock_ns > 0)
				set_metric(r, "%8.3f", r->value / s->clock_ns, "GHz");
			return;
		case PERF_COUNT_HW_INSTRUCTIONS:
			if (s->has_cycles && s->cycles > 0)
				set_metric(r, "%7.2f ", r->value / s->cycles,
					   "insn per cycle");
			return;
		case PERF_COUNT_HW_BRANCH_MISSES:
			pct_of(r, s->has_branches, s->branches, "of all branches");
			return;
		case PERF_COUNT_HW_CACHE_MISSES:
			pct_of(r, s->has_cache_refs, s->cache_refs, "of all cache refs");
			return;
		case PERF_COUNT_HW_STALLED_CYCLES_FRONTEND:
			pct_of(r, s->has_cycles, s->cycles, "frontend cycles idle");
			return;
		case PERF_COUNT_HW_STALLED_CYCLES_BACKEND:
			pct_of(r, s->has_cycles, s->cycles, "backend cycles idle");
			return;
		}
	}
	if (type == PERF_TYPE_HW_CACHE) {
		if (config == cache_cfg(PERF_COUNT_HW_CACHE_L1D, rd, miss)) {
			pct_of(r, s->has_l1d, s->l1d_loads, "of all L1-dcache accesses");
			return;
		}
		if (config == cache_cfg(PERF_COUNT_HW_CACHE_L1I, rd, miss)) {
			pct_of(r, s->has_l1i, s->l1i_loads, "of all L1-icache accesses");
			return;
		}
		if (config == cache_cfg(PERF_COUNT_HW_CACHE_LL, rd, miss)) {
			pct_of(r, s->has_ll, s->ll_loads, "of all LL-cache accesses");
			return;
		}
		if (config == cache_cfg(PERF_COUNT_HW_CACHE_DTLB, rd, miss)) {
			pct_of(r, s->has_dtlb, s->dtlb_loads, "of all dTLB cache accesses");
			return;
		}
		if (config == cache_cfg(PERF_COUNT_HW_CACHE_ITLB, rd, miss)) {
			pct_of(r, s->has_itlb, s->itlb_loads, "of all iTLB cache accesses");
			return;
		}
	}
	/* anything else: a rate per second of the clock events' time */
	if (s->nr_clock) {
		double rate = s->clock_ns > 0 ? 1e9 * r->value / s->clock_ns : 0;
		const char *unit = "/sec";

		if (rate > 1e9) {
			rate /= 1e9;
			unit = "G/sec";
		} else if (rate > 1e6) {
			rate /= 1e6;
			unit = "M/sec";
		} else if (rate > 1e3) {
			rate /= 1e3;
			unit = "K/sec";
		}
		set_metric(r, "%8.3f", rate, unit);
	}
}

/* -------- --metric-only -------- */

#define METRIC_ONLY_LEN	20	/* perf's metric_only_len */

/* perf's valid_only_metric(): rates and "CPUs utilized" are left out */
static bool metric_only_valid(const char *unit)
{
	return unit && !strstr(unit, "/sec") && !strstr(unit, "CPUs utilized");
}

/* the unit column title of a counted row, or NULL when it has none */
static const char *metric_only_unit(const struct statfmt_row *r)
{
	if (r->state != STATFMT_COUNTED || !r->metric_fmt ||
	    !metric_only_valid(r->metric_unit))
		return NULL;
	return r->metric_unit;
}

void statfmt_metric_only_header(const struct statfmt *f,
				const struct statfmt_row *rows, int n,
				struct strbuf *out)
{
	if (f->mode == STATFMT_JSON) {
		strbuf_addstr(out, "{}\n");
		return;
	}
	if (f->interval)
		strbuf_addstr(out, f->mode == STATFMT_CSV ? " time" :
				   "#           time ");
	if (f->interval && f->mode == STATFMT_CSV)
		strbuf_addstr(out, f->sep);
	for (int i = 0; i < n; i++) {
		const char *u = metric_only_unit(&rows[i]);

		if (!u)
			continue;
		if (f->mode == STATFMT_CSV)
			strbuf_addf(out, "%s%s", u, f->sep);
		else
			strbuf_addf(out, "%*s ", METRIC_ONLY_LEN, u);
	}
	strbuf_addch(out, '\n');
}

void statfmt_metric_only_line(const struct statfmt *f,
			      const struct statfmt_row *rows, int n,
			      struct strbuf *out)
{
	if (f->interval && n) {
		if (f->mode == STATFMT_JSON)
			strbuf_addf(out, "{\"interval\" : %.9f}", rows[0].ts);
		else
			strbuf_addf(out, "%16.9f%s", rows[0].ts,
				    f->mode == STATFMT_CSV ? f->sep : " ");
	}
	for (int i = 0; i < n; i++) {
		const struct statfmt_row *r = &rows[i];
		const char *u = metric_only_unit(r);
		char val[64] = "";

		/* a row not counted keeps its column, empty */
		if (r->state == STATFMT_COUNTED && !u)
			continue;
		if (u)
			metric_number(r, val, sizeof(val));
		if (f->mode == STATFMT_JSON && u)
			strbuf_addf(out, "{\"%s\" : \"%s\"}", u, val);
		else if (f->mode == STATFMT_JSON)
			strbuf_addstr(out, "{\"metric-value\" : \"\"}");
		else if (f->mode == STATFMT_CSV)
			strbuf_addf(out, "%s%s", val, f->sep);
		else
			strbuf_addf(out, "%*s ", METRIC_ONLY_LEN, val);
	}
	strbuf_addch(out, '\n');
}
