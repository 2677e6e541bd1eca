// SPDX-License-Identifier: GPL-2.0
/*
 * ptool list: the events this machine offers, in perf list's shape.
 * Hardware, software and cache events are probed once each with a disabled,
 * user-only perf_event_open() on ptool itself, and marked when this kernel
 * cannot open them.
 */
#include "ptool/cmd.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/evsel.h"
#include "ptool/evspec.h"
#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/metric.h"
#include "ptool/pmu.h"
#include "ptool/sdt.h"
#include "ptool/strbuf.h"
#include "ptool/tfs.h"
#include "ptool/tp.h"

enum {
	L_HW = 1 << 0,
	L_SW = 1 << 1,
	L_CACHE = 1 << 2,
	L_PMU = 1 << 3,
	L_RAW = 1 << 4,
	L_TP = 1 << 5,
	L_SDT = 1 << 6,
	L_METRIC = 1 << 7,	/* "Metrics:" */
	L_MGROUP = 1 << 8,	/* "Metric Groups:" */
	/* everything: also the metric groups with their metrics */
	L_ALL = L_HW | L_SW | L_CACHE | L_PMU | L_RAW | L_TP | L_SDT,
};

static const char *const list_usage[] = {
	"ptool list [<options>] [hw|sw|cache|tracepoint|pmu|sdt|metric|metricgroup|<event glob>...]",
	NULL,
};

struct entry {
	char *name;		/* "cpu-cycles OR cycles" */
	const char *match[2];	/* names the filter is tried on */
	const char *kind;
	bool unsupported;
};

struct listing {
	struct entry *v;
	int nr, alloc;
	const char *glob;	/* "*<word>*", or NULL */
	bool dump;		/* --raw-dump: bare names, nothing probed */
};

static bool wanted(const struct listing *l, const char *a, const char *b)
{
	if (!l->glob)
		return true;
	return !fnmatch(l->glob, a, 0) || (b && !fnmatch(l->glob, b, 0));
}

static void add(struct listing *l, const char *name, const char *alias,
		const char *kind, bool unsupported)
{
	struct entry *e;
	struct strbuf sb = STRBUF_INIT;

	if (!wanted(l, name, alias))
		return;
	ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	e = &l->v[l->nr++];
	if (alias)
		strbuf_addf(&sb, "%s OR %s", name, alias);
	else
		strbuf_addstr(&sb, name);
	e->name = strbuf_detach(&sb, NULL);
	e->kind = kind;
	e->unsupported = unsupported;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static void flush(struct listing *l, struct strbuf *out)
{
	if (l->nr > 1)
		qsort(l->v, (size_t)l->nr, sizeof(*l->v), cmp_entry);
	for (int i = 0; i < l->nr && l->dump; i++) {
		char *name = l->v[i].name, *or = strstr(name, " OR ");

		if (or)
			*or = 0;
		strbuf_addf(out, "%s\n", name);
		if (or)
			strbuf_addf(out, "%s\n", or + 4);
	}
	for (int i = 0; i < l->nr && !l->dump; i++) {
		char kind[128];

		snprintf(kind, sizeof(kind), "[%s%s]", l->v[i].kind,
			 l->v[i].unsupported ? ", not supported" : "");
		strbuf_addf(out, "  %-50s %s\n", l->v[i].name, kind);
	}
	for (int i = 0; i < l->nr; i++)
		free(l->v[i].name);
	l->nr = 0;
}

static void list_symbols(struct listing *l, unsigned int type,
			 struct strbuf *out)
{
	const struct evspec_sym *s;
	int n;

	s = evspec_symbols(&n);
	for (int i = 0; i < n; i++) {
		bool unsup = false;

		if (s[i].type != type || !wanted(l, s[i].name, s[i].alias))
			continue;
		if (!l->dump)
			unsup = evsel_is_unsupported_err(evsel_probe(s[i].type, s[i].config));
		add(l, s[i].name, s[i].alias,
		    type == PERF_TYPE_HARDWARE ? "Hardware event" : "Software event",
		    unsup);
	}
	flush(l, out);
}

/* events ptool stat measures itself, in perf's order */
static void list_tools(struct listing *l, struct strbuf *out)
{
	static const char *const tools[] = {
		"duration_time", "user_time", "system_time",
	};

	for (size_t i = 0; i < ARRAY_SIZE(tools); i++)
		if (wanted(l, tools[i], NULL))
			strbuf_addf(out, l->dump ? "%s\n" : "  %-50s [Tool event]\n",
				    tools[i]);
}

static void list_cache(struct listing *l, struct strbuf *out)
{
	char name[128];

	for (int c = 0; c < PERF_COUNT_HW_CACHE_MAX; c++) {
		for (int op = 0; op < PERF_COUNT_HW_CACHE_OP_MAX; op++) {
			for (int r = 0; r < PERF_COUNT_HW_CACHE_RESULT_MAX; r++) {
				uint64_t cfg = (uint64_t)c | ((uint64_t)op << 8) |
					       ((uint64_t)r << 16);

				if (!evspec_cache_name(c, op, r, name, sizeof(name)) ||
				    !wanted(l, name, NULL))
					continue;
				add(l, name, NULL, "Hardware cache event", !l->dump &&
				    evsel_is_unsupported_err(evsel_probe(PERF_TYPE_HW_CACHE, cfg)));
			}
		}
	}
	flush(l, out);
}

static void list_pmu(struct listing *l, struct strbuf *out)
{
	char **pmus, **evs;
	int n = pmu_names(NULL, &pmus);

	for (int i = 0; i < n; i++) {
		int ne = pmu_events(NULL, pmus[i], &evs);

		for (int j = 0; j < ne; j++) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%s/%s/", pmus[i], evs[j]);
			add(l, sb.buf, NULL, "Kernel PMU event", false);
			strbuf_release(&sb);
		}
		if (ne > 0)
			pmu_strv_free(evs, ne);
	}
	if (n > 0)
		pmu_strv_free(pmus, n);
	flush(l, out);
}

static void list_raw(struct listing *l, struct strbuf *out)
{
	add(l, "rNNN", NULL, "Raw hardware event descriptor", false);
	add(l, "cpu/t1=v1[,t2=v2,t3 ...]/modifier", NULL,
	    "Raw hardware event descriptor", false);
	add(l, "mem:<addr>[/len][:access]", NULL, "Hardware breakpoint", false);
	/* perf's order, not sorted */
	for (int i = 0; i < l->nr; i++) {
		strbuf_addf(out, "  %-50s [%s]\n", l->v[i].name, l->v[i].kind);
		free(l->v[i].name);
	}
	l->nr = 0;
}

static int list_tracepoints(struct listing *l, struct strbuf *out,
			    bool required)
{
	struct tfs *t = tfs_open_mount();
	struct tp_name *v;
	int n;

	if (!t) {
		int err = tp_tracefs_errno(-errno);

		if (required && err == -EACCES)
			return cmd_fail(0, "cannot list tracepoints: no permission to read tracefs (run as root, or: mount -o remount,mode=755 /sys/kernel/tracing)");
		if (required)
			return cmd_fail(err, "cannot list tracepoints: tracefs unavailable");
		pr_debug("tracepoints not listed: tracefs unavailable: %s",
			 strerror(errno));
		return 0;
	}
	n = tp_glob(t, "*", "*", &v);
	tfs_free(t);
	if (n < 0) {
		if (required)
			return cmd_fail(n, "cannot list tracepoints");
		return 0;
	}
	for (int i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s:%s", v[i].sys, v[i].name);
		add(l, sb.buf, NULL, "Tracepoint event", false);
		strbuf_release(&sb);
	}
	tp_names_free(v, n);
	/* perf sorts the whole "sys:name" ("fib6:" before "fib:") */
	flush(l, out);
	return 0;
}

/*
 * perf's print_sdt_events(): a marker found in one binary only by its
 * name, one in several with the binary and its build-id
 */
static void list_sdt(struct listing *l, struct strbuf *out)
{
	char *dir = sdt_cache_dir(), **v = NULL;
	int n = dir ? sdt_cache_list(dir, &v) : 0;

	for (int i = 0; i < n; i++) {
		char *at = strchr(v[i], '@');
		size_t len = at ? (size_t)(at - v[i]) : strlen(v[i]);
		bool dup = (i > 0 && !strncmp(v[i - 1], v[i], len) &&
			    !v[i - 1][len]) ||
			   (i + 1 < n && !strncmp(v[i + 1], v[i], len) &&
			    v[i + 1][len] == '@');
		struct strbuf sb = STRBUF_INIT;

		if (at)
			*at = '\0';
		if (!wanted(l, v[i], NULL))
			continue;
		if (l->dump) {
			strbuf_addf(out, "%s\n", v[i]);
			continue;
		}
		if (dup && at) {
			char *path = sdt_cache_origname(dir, at + 1);

			strbuf_addf(&sb, "%s@%s(%.12s)", v[i],
				    path ? path : "(null)", at + 1);
			free(path);
		} else {
			strbuf_addstr(&sb, v[i]);
		}
		strbuf_addf(out, "  %-50s [SDT event]\n", sb.buf);
		strbuf_release(&sb);
	}
	if (n > 0)
		sdt_strv_free(v, n);
	free(dir);
}

/*
 * perf's metric listing: "Metrics:" with each metric, "Metric Groups:" with
 * the group names, or (everything listed) the groups with their metrics
 */
static void list_metrics(unsigned int what, bool details, struct strbuf *out)
{
	int n;
	const struct metric *m = metric_table_local(&n);

	if (what & L_METRIC) {
		strbuf_addstr(out, "\nMetrics:\n\n");
		for (int i = 0; i < n; i++) {
			strbuf_addf(out, "  %s\n       [%s]\n", m[i].name,
				    m[i].desc);
			if (details)
				strbuf_addf(out, "       [%s]\n", m[i].expr);
		}
	}
	if (!(what & L_MGROUP) && what != L_ALL)
		return;
	strbuf_addstr(out, "\nMetric Groups:\n\n");
	/* the groups in name order, each once */
	for (const char *last = ""; ;) {
		const char *next = NULL;

		for (int i = 0; i < n; i++)
			if (strcmp(m[i].group, last) > 0 &&
			    (!next || strcmp(m[i].group, next) < 0))
				next = m[i].group;
		if (!next)
			break;
		if (what & L_METRIC || what != L_ALL) {
			strbuf_addf(out, "%s\n", next);
		} else {
			strbuf_addf(out, "%s:\n", next);
			for (int i = 0; i < n; i++)
				if (!strcmp(m[i].group, next)) {
					strbuf_addf(out, "  %s\n       [%s]\n",
						    m[i].name, m[i].desc);
					if (details)
						strbuf_addf(out, "       [%s]\n",
							    m[i].expr);
				}
		}
		last = next;
	}
}

static int list_one(unsigned int what, const char *glob, bool dump,
		    bool details, struct strbuf *out)
{
	struct listing l = { .dump = dump };
	char *g = NULL;
	int err = 0;

	if (glob) {
		g = xmalloc(strlen(glob) + 3);
		sprintf(g, "*%s*", glob);
		l.glob = g;
	}
	if (what & L_HW)
		list_symbols(&l, PERF_TYPE_HARDWARE, out);
	if (what & L_SW) {
		list_symbols(&l, PERF_TYPE_SOFTWARE, out);
		list_tools(&l, out);
	}
	if (what & L_CACHE)
		list_cache(&l, out);
	if (what & L_PMU)
		list_pmu(&l, out);
	if ((what & L_RAW) && !dump)
		list_raw(&l, out);
	if (what & L_TP)
		err = list_tracepoints(&l, out, what == L_TP);
	if (!err && (what & L_SDT))
		list_sdt(&l, out);
	if (!err && !glob && !dump && (what & (L_METRIC | L_MGROUP) ||
				       what == L_ALL))
		list_metrics(what == L_ALL ? L_ALL : what, details, out);
	free(l.v);
	free(g);
	return err;
}

int cmd_list(int argc, const char **argv)
{
	bool dump = false, desc = true, long_desc = false, details = false;
	const struct opt options[] = {
		OPT_BOOL('d', "desc", &desc,
			 "Print extra event descriptions. --no-desc to not print."),
		OPT_BOOL('v', "long-desc", &long_desc,
			 "Print longer event descriptions."),
		OPT_BOOL(0, "details", &details,
			 "Print information on the perf event names and expressions used internally by events."),
		/* for shell completion, as perf list --raw-dump */
		{ OPT_T_BOOL, 0, "raw-dump", &dump, NULL,
		  "event names only, one per line, nothing probed", OPT_HIDDEN },
		OPT_END(),
	};
	struct strbuf out = STRBUF_INIT;
	int ret = 0;

	argc = opt_parse(argc, argv, options, list_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (!argc)
		ret = list_one(L_ALL, NULL, dump, details, &out);
	for (int i = 0; i < argc && !ret; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "hw") || !strcmp(a, "hardware"))
			ret = list_one(L_HW, NULL, dump, details, &out);
		else if (!strcmp(a, "sw") || !strcmp(a, "software"))
			ret = list_one(L_SW, NULL, dump, details, &out);
		else if (!strcmp(a, "cache") || !strcmp(a, "hwcache"))
			ret = list_one(L_CACHE, NULL, dump, details, &out);
		else if (!strcmp(a, "pmu"))
			ret = list_one(L_PMU, NULL, dump, details, &out);
		else if (!strcmp(a, "tracepoint"))
			ret = list_one(L_TP, NULL, dump, details, &out);
		else if (!strcmp(a, "sdt"))
			ret = list_one(L_SDT, NULL, dump, details, &out);
		else if (!strcmp(a, "metric"))
			ret = list_one(L_METRIC, NULL, dump, details, &out);
		else if (!strcmp(a, "metricgroup"))
			ret = list_one(L_MGROUP, NULL, dump, details, &out);
		else
			ret = list_one(L_ALL & ~L_RAW, a, dump, details, &out);
	}
	fputs(out.buf, stdout);
	strbuf_release(&out);
	return ret;
}
