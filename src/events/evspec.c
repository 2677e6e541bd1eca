// SPDX-License-Identifier: GPL-2.0
/*
 * perf's -e syntax: symbolic hardware/software/cache events, raw rNNNN,
 * pmu/terms/, tracepoints sys:name (with globs), modifiers, comma lists
 * and {groups}. A hand-written parser that remembers where each part of
 * the spec starts, so that an error can point at it.
 */
#include "ptool/evspec.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/hw_breakpoint.h>

#include "ptool/msg.h"
#include "ptool/parse.h"
#include "ptool/pmu.h"
#include "ptool/strbuf.h"
#include "ptool/tfs.h"
#include "ptool/tp.h"

/* perf's names, canonical first, then the alias ("cycles" is how perf prints it) */
static const struct evspec_sym symbols[] = {
	{ "cpu-cycles", "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branch-instructions", "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES },
	{ "stalled-cycles-frontend", "idle-cycles-frontend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "stalled-cycles-backend", "idle-cycles-backend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "ref-cycles", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
	{ "cpu-clock", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", "migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "minor-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "alignment-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS },
	{ "emulation-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS },
	{ "dummy", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY },
	{ "bpf-output", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT },
	{ "cgroup-switches", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CGROUP_SWITCHES },
};

const struct evspec_sym *evspec_symbols(int *nr)
{
	*nr = (int)ARRAY_SIZE(symbols);
	return symbols;
}

#define MAX_ALIASES 5
static const char *const cache_names[PERF_COUNT_HW_CACHE_MAX][MAX_ALIASES] = {
	{ "L1-dcache", "l1-d", "l1d", "L1-data" },
	{ "L1-icache", "l1-i", "l1i", "L1-instruction" },
	{ "LLC", "L2" },
	{ "dTLB", "d-tlb", "Data-TLB" },
	{ "iTLB", "i-tlb", "Instruction-TLB" },
	{ "branch", "branches", "bpu", "btb", "bpc" },
	{ "node" },
};
static const char *const cache_ops[PERF_COUNT_HW_CACHE_OP_MAX][MAX_ALIASES] = {
	{ "load", "loads", "read" },
	{ "store", "stores", "write" },
	{ "prefetch", "prefetches", "speculative-read", "speculative-load" },
};
static const char *const cache_results[PERF_COUNT_HW_CACHE_RESULT_MAX][MAX_ALIASES] = {
	{ "refs", "Reference", "ops", "access" },
	{ "misses", "miss" },
};

/* which cache/op pairs exist (perf's table) */
#define COP(x) (1u << (x))
static const unsigned int cache_valid_ops[PERF_COUNT_HW_CACHE_MAX] = {
	[PERF_COUNT_HW_CACHE_L1D] = COP(0) | COP(1) | COP(2),
	[PERF_COUNT_HW_CACHE_L1I] = COP(0) | COP(2),
	[PERF_COUNT_HW_CACHE_LL] = COP(0) | COP(1) | COP(2),
	[PERF_COUNT_HW_CACHE_DTLB] = COP(0) | COP(1),
	[PERF_COUNT_HW_CACHE_ITLB] = COP(0),
	[PERF_COUNT_HW_CACHE_BPU] = COP(0),
	[PERF_COUNT_HW_CACHE_NODE] = COP(0) | COP(1) | COP(2),
};

bool evspec_cache_name(int cache, int op, int result, char *buf, size_t len)
{
	if (cache < 0 || cache >= PERF_COUNT_HW_CACHE_MAX || op < 0 ||
	    op >= PERF_COUNT_HW_CACHE_OP_MAX || result < 0 ||
	    result >= PERF_COUNT_HW_CACHE_RESULT_MAX)
		return false;
	if (!(cache_valid_ops[cache] & COP(op)))
		return false;
	if (result == PERF_COUNT_HW_CACHE_RESULT_ACCESS)
		snprintf(buf, len, "%s-%s", cache_names[cache][0], cache_ops[op][1]);
	else
		snprintf(buf, len, "%s-%s-%s", cache_names[cache][0],
			 cache_ops[op][0], cache_results[result][0]);
	return true;
}

/* longest alias of @tab matching the start of @s, followed by '-' or end */
static int match_alias(const char *s, const char *const tab[][MAX_ALIASES],
		       int n, size_t *used)
{
	int best = -1;
	size_t best_len = 0;

	for (int i = 0; i < n; i++) {
		for (int j = 0; j < MAX_ALIASES && tab[i][j]; j++) {
			size_t l = strlen(tab[i][j]);

			if (l > best_len && !strncasecmp(s, tab[i][j], l) &&
			    (s[l] == '-' || s[l] == '\0')) {
				best = i;
				best_len = l;
			}
		}
	}
	*used = best_len;
	return best;
}

/* "L1-dcache-load-misses" -> config; false when @name is not a cache event */
static bool parse_cache(const char *name, uint64_t *config, bool *bad_combo)
{
	int cache, op = -1, result = -1, x;
	size_t used;
	const char *s = name;

	*bad_combo = false;
	cache = match_alias(s, cache_names, PERF_COUNT_HW_CACHE_MAX, &used);
	if (cache < 0)
		return false;
	s += used;
	for (int k = 0; k < 2 && *s; k++) {
		s++;	/* '-' */
		x = match_alias(s, cache_ops, PERF_COUNT_HW_CACHE_OP_MAX, &used);
		if (x >= 0 && op < 0) {
			op = x;
			s += used;
			continue;
		}
		x = match_alias(s, cache_results, PERF_COUNT_HW_CACHE_RESULT_MAX, &used);
		if (x >= 0 && result < 0) {
			result = x;
			s += used;
			continue;
		}
		return false;
	}
	if (*s)
		return false;
	if (op < 0)
		op = PERF_COUNT_HW_CACHE_OP_READ;
	if (result < 0)
		result = PERF_COUNT_HW_CACHE_RESULT_ACCESS;
	if (!(cache_valid_ops[cache] & COP(op))) {
		*bad_combo = true;
		return false;
	}
	*config = (uint64_t)cache | ((uint64_t)op << 8) | ((uint64_t)result << 16);
	return true;
}

struct parser {
	const char *s;
	size_t pos;
	const struct evspec_ctx *ctx;
	struct tfs *tfs;
	bool tfs_tried;
	int tfs_errno;
	struct evlist *out;
	struct evspec_err *err;
};

struct mods {
	bool ukh, u, k, h;
	bool gh, G, H;
	int p;
	bool P, S, D, I, W, e;
};

static int fail(struct parser *p, int kind, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct parser *p, int kind, size_t pos, const char *fmt, ...)
{
	va_list ap;

	p->err->kind = kind;
	p->err->pos = (int)pos;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c == '*' ||
	       c == '?' || c == '[' || c == ']';
}

static bool at_end_of_item(const struct parser *p)
{
	char c = p->s[p->pos];

	return c == '\0' || c == ',' || c == '}';
}

/* modifiers from p->pos up to the end of the item */
static int parse_mods(struct parser *p, struct mods *m)
{
	bool seen[128] = { false };

	if (at_end_of_item(p))
		return fail(p, EVSPEC_E_SYNTAX, p->pos, "modifier expected after ':'");
	for (; !at_end_of_item(p); p->pos++) {
		char c = p->s[p->pos];

		/* as perf's check_modifier(): only 'p' may repeat */
		if (c != 'p' && (unsigned char)c < 128 && seen[(unsigned char)c])
			return fail(p, EVSPEC_E_SYNTAX, p->pos,
				    "modifier '%c' given twice", c);
		if ((unsigned char)c < 128)
			seen[(unsigned char)c] = true;
		switch (c) {
		case 'u': m->ukh = m->u = true; break;
		case 'k': m->ukh = m->k = true; break;
		case 'h': m->ukh = m->h = true; break;
		case 'G': m->gh = m->G = true; break;
		case 'H': m->gh = m->H = true; break;
		case 'p':
			if (++m->p > 3)
				return fail(p, EVSPEC_E_SYNTAX, p->pos,
					    "too many 'p' modifiers (at most 3)");
			break;
		case 'P': m->P = true; break;
		case 'S': m->S = true; break;
		case 'D': m->D = true; break;
		case 'I': m->I = true; break;
		case 'W': m->W = true; break;
		case 'e': m->e = true; break;
		case 'b':
			return fail(p, EVSPEC_E_SYNTAX, p->pos,
				    "modifier 'b' (BPF counters) is not supported by ptool");
		default:
			if (isprint((unsigned char)c))
				return fail(p, EVSPEC_E_SYNTAX, p->pos,
					    "unknown modifier '%c'", c);
			return fail(p, EVSPEC_E_SYNTAX, p->pos,
				    "unknown modifier byte 0x%02x",
				    (unsigned char)c);
		}
	}
	return 0;
}

/*
 * perf's rules: a u/k/h list excludes what it does not name, on top of
 * what the event already excludes; likewise G/H; p adds precision
 */
static int apply_mods(struct parser *p, struct evsel *e, const struct mods *m,
		      size_t pos)
{
	struct perf_event_attr *a = &e->attr;

	/*
	 * perf excludes guests by default only for events without
	 * modifiers; with modifiers, :u and :p exclude them (precise
	 * sampling needs it) unless :G or :H say what to count.
	 */
	if (e->exclude_guest_default) {
		a->exclude_guest = 0;
		e->exclude_guest_default = false;
	}
	if (m->ukh) {
		bool any = a->exclude_user || a->exclude_kernel || a->exclude_hv;

		if (!any)
			a->exclude_user = a->exclude_kernel = a->exclude_hv = 1;
		if (m->u)
			a->exclude_user = 0;
		if (m->k)
			a->exclude_kernel = 0;
		if (m->h)
			a->exclude_hv = 0;
	}
	if ((m->u || m->p) && !e->exclude_gh)
		a->exclude_guest = 1;
	if (m->gh) {
		if (!e->exclude_gh) {
			a->exclude_guest = a->exclude_host = 1;
			e->exclude_gh = true;
		}
		if (m->G)
			a->exclude_guest = 0;
		if (m->H)
			a->exclude_host = 0;
	}
	if (m->p) {
		if (a->precise_ip + m->p > 3)
			return fail(p, EVSPEC_E_SYNTAX, pos,
				    "too many 'p' modifiers (at most 3)");
		a->precise_ip += (unsigned int)m->p;
	}
	if (m->P)	/* evsel_open() tries 3 and lowers it until one opens */
		e->precise_max = 1;
	if (m->S)
		e->sample_read = true;
	if (m->e)
		a->exclusive = 1;
	if (m->D)
		a->pinned = 1;
	if (m->I)
		a->exclude_idle = 1;
	(void)m->W;	/* weak groups: ptool opens groups as they are */
	return 0;
}

static struct evsel *add_event(struct parser *p, struct perf_event_attr *attr,
			       const char *name, enum evsel_kind kind)
{
	struct evsel *e;

	attr->size = sizeof(*attr);
	attr->exclude_guest = 1;	/* perf's default */
	e = evsel_new(attr, name, kind);
	e->exclude_guest_default = true;
	evlist_add(p->out, e);
	return e;
}

static const struct evspec_sym *find_symbol(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(symbols); i++)
		if (!strcmp(name, symbols[i].name) ||
		    (symbols[i].alias && !strcmp(name, symbols[i].alias)))
			return &symbols[i];
	return NULL;
}

static bool is_raw(const char *name, uint64_t *config)
{
	const char *h = name + 1;
	char *end;

	if (name[0] != 'r' || !*h)
		return false;
	for (const char *c = h; *c; c++)
		if (!isxdigit((unsigned char)*c))
			return false;
	if (strlen(h) > 16)
		return false;
	*config = strtoull(h, &end, 16);
	return true;
}

/* a hardware, software, cache or raw name (what may carry ':mods') */
static bool is_symbolic(const char *name)
{
	uint64_t c;
	bool bad;

	return find_symbol(name) || is_raw(name, &c) ||
	       parse_cache(name, &c, &bad) || bad;
}

static const char *suggest(const char *name)
{
	const char *best = NULL;
	size_t bd = 3;

	for (size_t i = 0; i < ARRAY_SIZE(symbols); i++) {
		const char *c[2] = { symbols[i].alias ? symbols[i].alias : symbols[i].name,
				     symbols[i].name };

		for (int k = 0; k < 2; k++) {
			size_t d = parse_distance(name, c[k]);

			if (d < bd) {
				bd = d;
				best = c[k];
			}
		}
	}
	return best;
}

static int unknown_event(struct parser *p, size_t pos, const char *name)
{
	const char *s = suggest(name);

	if (s)
		return fail(p, EVSPEC_E_UNKNOWN, pos,
			    "unknown event '%s' (did you mean '%s'?)", name, s);
	return fail(p, EVSPEC_E_UNKNOWN, pos, "unknown event '%s'", name);
}

static struct tfs *get_tfs(struct parser *p)
{
	if (p->ctx && p->ctx->tfs)
		return p->ctx->tfs;
	if (!p->tfs_tried) {
		p->tfs_tried = true;
		p->tfs = (p->ctx && p->ctx->mount_tracefs) ? tfs_open_mount()
							   : tfs_open(NULL);
		p->tfs_errno = p->tfs ? 0 : errno;
	}
	return p->tfs;
}

static const char *sysfs(const struct parser *p)
{
	return p->ctx ? p->ctx->sysfs : NULL;
}

/* ---- pmu/terms/ ---- */

static int apply_alias_terms(struct parser *p, const char *pmu,
			     const char *terms, struct perf_event_attr *attr,
			     size_t pos, const char *alias);

static int pmu_term(struct parser *p, const char *pmu, const char *term,
		    const char *val, bool has_val, size_t tpos, size_t vpos,
		    struct perf_event_attr *attr, char **name, int depth)
{
	uint64_t v = 1;
	int err;

	if (!strcmp(term, "name")) {
		if (!has_val || !*val)
			return fail(p, EVSPEC_E_SYNTAX, tpos, "'name' needs a value");
		free(*name);
		*name = xstrdup(val);
		return 0;
	}
	if (has_val && parse_u64(val, &v))
		return fail(p, EVSPEC_E_SYNTAX, vpos,
			    "'%s' is not a number", val);
	if (!strcmp(term, "period")) {
		attr->sample_period = v;
		attr->freq = 0;
		return 0;
	}
	if (!strcmp(term, "freq")) {
		attr->sample_freq = v;
		attr->freq = 1;
		return 0;
	}
	if (!pmu)	/* a symbolic event: only the generic terms above */
		return fail(p, EVSPEC_E_UNKNOWN, tpos, "unknown term '%s'", term);
	if (!strcmp(term, "config")) {
		attr->config = v;
		return 0;
	}
	if (!strcmp(term, "config1")) {
		attr->config1 = v;
		return 0;
	}
	if (!strcmp(term, "config2")) {
		attr->config2 = v;
		return 0;
	}
	err = pmu_apply_term(sysfs(p), pmu, term, v, attr);
	if (err == -ERANGE)
		return fail(p, EVSPEC_E_SYNTAX, vpos,
			    "value %s does not fit term '%s' of PMU '%s'",
			    val, term, pmu);
	if (err == -ENOENT && !has_val && depth == 0) {
		char *alias = pmu_event_alias(sysfs(p), pmu, term);

		if (alias) {
			err = apply_alias_terms(p, pmu, alias, attr, tpos, term);
			free(alias);
			return err;
		}
	}
	if (err == -ENOENT)
		return fail(p, EVSPEC_E_UNKNOWN, tpos,
			    "unknown term '%s' for PMU '%s'", term, pmu);
	if (err)
		return fail(p, EVSPEC_E_SYSTEM, tpos,
			    "cannot read format of term '%s' of PMU '%s': %s",
			    term, pmu, strerror(-err));
	return 0;
}

/* an events/ alias: "event=0x3c,umask=0x00" */
static int apply_alias_terms(struct parser *p, const char *pmu,
			     const char *terms, struct perf_event_attr *attr,
			     size_t pos, const char *alias)
{
	char *copy = xstrdup(terms), *save = NULL, *tok;
	char *name = NULL;
	int err = 0;

	for (tok = strtok_r(copy, ",", &save); tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		while (isspace((unsigned char)*tok))
			tok++;
		if (eq)
			*eq = '\0';
		err = pmu_term(p, pmu, tok, eq ? eq + 1 : "", eq != NULL, pos,
			       pos, attr, &name, 1);
	}
	if (err && p->err->kind == EVSPEC_E_UNKNOWN)
		fail(p, EVSPEC_E_SYSTEM, pos,
		     "event '%s' of PMU '%s' uses a term ptool cannot apply (%s)",
		     alias, pmu, terms);
	free(name);
	free(copy);
	return err;
}

/*
 * pmu/terms/[mods], or with @legacy a symbolic event with terms
 * (cycles/period=1000/): then @pmu is the event's name and only the
 * generic terms apply.
 */
static int parse_pmu(struct parser *p, const char *pmu, size_t start,
		     struct evsel **out, const struct perf_event_attr *legacy,
		     enum evsel_kind kind)
{
	struct perf_event_attr attr = { 0 };
	char *name = NULL;
	int type, err = 0;
	size_t end;
	struct strbuf text = STRBUF_INIT;

	if (legacy) {
		attr = *legacy;
	} else {
		type = pmu_type(sysfs(p), pmu);
		if (type == -ENOENT)
			return fail(p, EVSPEC_E_UNKNOWN, start,
				    "unknown PMU '%s' (see /sys/bus/event_source/devices)", pmu);
		if (type < 0)
			return fail(p, EVSPEC_E_SYSTEM, start,
				    "cannot read the type of PMU '%s': %s", pmu,
				    strerror(-type));
		attr.type = (uint32_t)type;
	}
	p->pos++;	/* '/' */
	while (p->s[p->pos] != '/') {
		size_t tpos = p->pos, vpos = 0;
		char *term, *val = NULL;

		while (name_char(p->s[p->pos]) && p->s[p->pos] != '.')
			p->pos++;
		if (p->pos == tpos) {
			if (!p->s[p->pos])
				err = fail(p, EVSPEC_E_SYNTAX, p->pos,
					   "'/' expected to end the terms of PMU '%s'", pmu);
			else
				err = fail(p, EVSPEC_E_SYNTAX, p->pos,
					   "term expected");
			goto out;
		}
		term = xstrndup(p->s + tpos, p->pos - tpos);
		if (p->s[p->pos] == '=') {
			p->pos++;
			vpos = p->pos;
			while (p->s[p->pos] && p->s[p->pos] != ',' &&
			       p->s[p->pos] != '/')
				p->pos++;
			val = xstrndup(p->s + vpos, p->pos - vpos);
			if (!*val) {
				free(term);
				free(val);
				err = fail(p, EVSPEC_E_SYNTAX, vpos,
					   "value expected after '='");
				goto out;
			}
		}
		err = pmu_term(p, legacy ? NULL : pmu, term, val ? val : "",
			       val != NULL, tpos, vpos, &attr, &name, 0);
		if (err && legacy && p->err->kind == EVSPEC_E_UNKNOWN)
			fail(p, EVSPEC_E_UNKNOWN, tpos,
			     "term '%s' cannot be used with '%s' (only name, period, freq)",
			     term, pmu);
		free(term);
		free(val);
		if (err)
			goto out;
		if (p->s[p->pos] == ',') {
			p->pos++;
			if (p->s[p->pos] == '/') {
				err = fail(p, EVSPEC_E_SYNTAX, p->pos,
					   "term expected after ','");
				goto out;
			}
		} else if (p->s[p->pos] != '/') {
			err = fail(p, EVSPEC_E_SYNTAX, p->pos,
				   p->s[p->pos] ? "',' or '/' expected" :
				   "'/' expected to end the terms");
			goto out;
		}
	}
	p->pos++;	/* closing '/' */
	end = p->pos;
	/* modifiers follow directly (cpu/cycles/u) or after ':' */
	if (p->s[p->pos] == ':')
		p->pos++;
	if (!at_end_of_item(p) || p->s[p->pos - 1] == ':') {
		struct mods m = { 0 };
		size_t mpos = p->pos;

		err = parse_mods(p, &m);
		if (err)
			goto out;
		strbuf_add(&text, p->s + start, p->pos - start);
		*out = add_event(p, &attr, name ? name : text.buf, kind);
		err = apply_mods(p, *out, &m, mpos);
		goto out;
	}
	strbuf_add(&text, p->s + start, end - start);
	*out = add_event(p, &attr, name ? name : text.buf, kind);
out:
	free(name);
	strbuf_release(&text);
	return err;
}

/* a bare name that is an events/ alias of some PMU (mem-loads, tsc) */
static bool pmu_alias_anywhere(struct parser *p, const char *name,
			       struct perf_event_attr *attr, size_t pos,
			       int *err)
{
	char **pmus;
	int n = pmu_names(sysfs(p), &pmus);
	bool found = false;

	*err = 0;
	for (int i = 0; i < n && !found; i++) {
		char *alias = pmu_event_alias(sysfs(p), pmus[i], name);
		int type;

		if (!alias)
			continue;
		type = pmu_type(sysfs(p), pmus[i]);
		if (type >= 0) {
			memset(attr, 0, sizeof(*attr));
			attr->type = (uint32_t)type;
			*err = apply_alias_terms(p, pmus[i], alias, attr, pos, name);
			found = true;
		}
		free(alias);
	}
	if (n > 0)
		pmu_strv_free(pmus, n);
	return found;
}

/* ---- tracepoints ---- */

/*
 * "unknown tracepoint", with the closest name of the same system (or the
 * closest system, when @sys has no such name) as a suggestion
 */
static int unknown_tracepoint(struct parser *p, const struct tfs *t,
			      size_t start, const char *sys, const char *name)
{
	struct strbuf best = STRBUF_INIT;
	bool by_sys = false;
	size_t bd = 3;
	struct tp_name *v;
	int n, ret;

	if (tp_is_glob(sys) || tp_is_glob(name))
		goto out;
	n = tp_glob(t, sys, "*", &v);
	if (n <= 0) {
		by_sys = true;	/* a misspelt system: the same name elsewhere */
		n = tp_glob(t, "*", name, &v);
	}
	for (int i = 0; i < n; i++) {
		size_t d = parse_distance(by_sys ? sys : name,
					 by_sys ? v[i].sys : v[i].name);

		if (d < bd) {
			bd = d;
			strbuf_reset(&best);
			strbuf_addf(&best, "%s:%s", v[i].sys, v[i].name);
		}
	}
	if (n > 0)
		tp_names_free(v, n);
out:
	if (best.len)
		ret = fail(p, EVSPEC_E_UNKNOWN, start,
			   "unknown tracepoint '%s:%s' (did you mean '%s'?)",
			   sys, name, best.buf);
	else
		ret = fail(p, EVSPEC_E_UNKNOWN, start,
			   "unknown tracepoint '%s:%s'", sys, name);
	strbuf_release(&best);
	return ret;
}

static int add_tracepoints(struct parser *p, const char *sys,
			   const char *name, size_t start, struct mods *m,
			   size_t mpos, bool mods_only_name)
{
	struct tp_name *v;
	struct tfs *t = get_tfs(p);
	int n, err = 0;

	if (!t) {
		int e = -tp_tracefs_errno(-p->tfs_errno);

		return fail(p, EVSPEC_E_SYSTEM, start,
			    "cannot resolve tracepoint '%s:%s': %s", sys, name,
			    e == ENOENT ? "tracefs is not mounted" :
			    e == EACCES ? "no permission to read tracefs (run as root, or: mount -o remount,mode=755 /sys/kernel/tracing)" :
			    strerror(e));
	}
	n = tp_glob(t, sys, name, &v);
	if (n < 0 && n != -ENOENT && n != -ENOTDIR)
		return fail(p, EVSPEC_E_SYSTEM, start,
			    "cannot read tracepoints of '%s': %s", sys,
			    strerror(-n));
	if (n <= 0) {
		if (mods_only_name && !tp_is_glob(sys))
			return unknown_event(p, start, sys);
		return unknown_tracepoint(p, t, start, sys, name);
	}
	for (int i = 0; i < n && !err; i++) {
		struct perf_event_attr attr = { 0 };
		struct strbuf nm = STRBUF_INIT;
		struct evsel *e;

		attr.type = PERF_TYPE_TRACEPOINT;
		attr.config = v[i].id;
		attr.sample_period = 1;	/* every hit, as perf */
		strbuf_addf(&nm, "%s:%s", v[i].sys, v[i].name);
		e = add_event(p, &attr, nm.buf, EVSEL_TRACEPOINT);
		e->tp_sys = xstrdup(v[i].sys);
		e->tp_name = xstrdup(v[i].name);
		strbuf_release(&nm);
		if (m)
			err = apply_mods(p, e, m, mpos);
	}
	tp_names_free(v, n);
	return err;
}

static bool all_mod_chars(const char *s)
{
	return *s && strspn(s, "ukhpPGHSDIWe") == strlen(s);
}

/*
 * "tsc:u": a PMU event alias (found in some PMU's events/) followed by
 * modifiers, rather than a tracepoint "tsc:u"
 */
static bool mods_after_pmu_alias(struct parser *p, const char *name)
{
	size_t i = p->pos + 1, n;
	char **pmus;
	bool found = false;
	int np;

	n = strspn(p->s + i, "ukhpPGHSDIWe");
	if (!n || !(p->s[i + n] == '\0' || p->s[i + n] == ',' ||
		    p->s[i + n] == '}'))
		return false;
	np = pmu_names(sysfs(p), &pmus);
	for (int k = 0; k < np && !found; k++) {
		char *alias = pmu_event_alias(sysfs(p), pmus[k], name);

		found = alias != NULL;
		free(alias);
	}
	if (np > 0)
		pmu_strv_free(pmus, np);
	return found;
}

/* attr and kind of a hardware, software, cache or raw event name */
static bool symbolic_attr(const char *name, struct perf_event_attr *attr,
			  enum evsel_kind *kind, bool *bad_combo)
{
	const struct evspec_sym *sym = find_symbol(name);
	uint64_t config;

	*bad_combo = false;
	memset(attr, 0, sizeof(*attr));
	if (sym) {
		attr->type = sym->type;
		attr->config = sym->config;
		*kind = sym->type == PERF_TYPE_HARDWARE ? EVSEL_HARDWARE
							: EVSEL_SOFTWARE;
		return true;
	}
	if (is_raw(name, &config)) {
		attr->type = PERF_TYPE_RAW;
		attr->config = config;
		*kind = EVSEL_RAW;
		return true;
	}
	if (parse_cache(name, &config, bad_combo)) {
		attr->type = PERF_TYPE_HW_CACHE;
		attr->config = config;
		*kind = EVSEL_HW_CACHE;
		return true;
	}
	return false;
}

/* perf's tool events, which the counting tool measures itself */
static bool tool_event(struct parser *p, const char *name,
		       struct perf_event_attr *attr)
{
	static const char *const names[] = {
		[EVSEL_TOOL_DURATION] = "duration_time",
		[EVSEL_TOOL_USER] = "user_time",
		[EVSEL_TOOL_SYSTEM] = "system_time",
	};

	if (!p->ctx || !p->ctx->tool_events)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(name, names[i]))
			continue;
		memset(attr, 0, sizeof(*attr));
		attr->type = PERF_TYPE_MAX;	/* never opened */
		attr->config = i;
		return true;
	}
	return false;
}

/*
 * mem:ADDR[/LEN][:ACCESS][:mods], a hardware breakpoint: ACCESS is any of
 * r, w, x (default rw); LEN defaults to 4 for data and sizeof(long) for x.
 */
static int parse_breakpoint(struct parser *p, size_t start)
{
	struct perf_event_attr attr = { 0 };
	struct mods m = { 0 };
	size_t apos, mpos = 0, n;
	uint64_t addr, len = 0;
	char num[32];
	struct evsel *e;
	char *text;
	int err = 0;

	apos = ++p->pos;	/* after "mem:" */
	n = strspn(p->s + p->pos, "0123456789abcdefABCDEFxX");
	if (!n || n >= sizeof(num))
		return fail(p, EVSPEC_E_SYNTAX, apos, "breakpoint address expected");
	memcpy(num, p->s + p->pos, n);
	num[n] = '\0';
	if (parse_u64(num, &addr))
		return fail(p, EVSPEC_E_SYNTAX, apos, "bad breakpoint address '%s'", num);
	p->pos += n;
	if (p->s[p->pos] == '/') {
		size_t lpos = ++p->pos;

		n = strspn(p->s + p->pos, "0123456789xX");
		if (!n || n >= sizeof(num))
			return fail(p, EVSPEC_E_SYNTAX, lpos, "breakpoint length expected");
		memcpy(num, p->s + p->pos, n);
		num[n] = '\0';
		if (parse_u64(num, &len) || !len || len > 8 || (len & (len - 1)))
			return fail(p, EVSPEC_E_SYNTAX, lpos,
				    "breakpoint length must be 1, 2, 4 or 8");
		p->pos += n;
	}
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.bp_addr = addr;
	attr.bp_type = HW_BREAKPOINT_R | HW_BREAKPOINT_W;
	if (p->s[p->pos] == ':') {
		size_t k = p->pos + 1;

		n = strspn(p->s + k, "rwx");
		/* an access field is [rwx]+ up to the next ':' or the end */
		if (n && (p->s[k + n] == ':' || p->s[k + n] == ',' ||
			  p->s[k + n] == '}' || !p->s[k + n])) {
			attr.bp_type = 0;
			for (size_t i = 0; i < n; i++)
				attr.bp_type |= p->s[k + i] == 'r' ? HW_BREAKPOINT_R :
						p->s[k + i] == 'w' ? HW_BREAKPOINT_W :
						HW_BREAKPOINT_X;
			if ((attr.bp_type & HW_BREAKPOINT_X) &&
			    attr.bp_type != HW_BREAKPOINT_X)
				return fail(p, EVSPEC_E_SYNTAX, k,
					    "an execute breakpoint cannot also read or write");
			p->pos = k + n;
		}
	}
	attr.bp_len = len ? len : (attr.bp_type == HW_BREAKPOINT_X ?
				   sizeof(long) : HW_BREAKPOINT_LEN_4);
	attr.sample_period = 1;
	if (p->s[p->pos] == ':') {
		mpos = ++p->pos;
		err = parse_mods(p, &m);
		if (err)
			return err;
	} else if (!at_end_of_item(p)) {
		return fail(p, EVSPEC_E_SYNTAX, p->pos, "unexpected character '%c'",
			    p->s[p->pos]);
	}
	text = xstrndup(p->s + start, p->pos - start);
	e = add_event(p, &attr, text, EVSEL_BREAKPOINT);
	free(text);
	if (mpos)
		err = apply_mods(p, e, &m, mpos);
	return err;
}

/* one event at p->pos; appends one or more evsels to p->out */
static int parse_event(struct parser *p)
{
	size_t start = p->pos, nend;
	struct perf_event_attr attr = { 0 };
	enum evsel_kind kind;
	struct mods m = { 0 };
	size_t mpos = 0;
	bool has_mods = false, bad_combo = false;
	char *name;
	int err = 0;
	struct evsel *e;

	while (name_char(p->s[p->pos]))
		p->pos++;
	nend = p->pos;
	if (nend == start) {
		char c = p->s[p->pos];

		if (c == '\0')
			return fail(p, EVSPEC_E_SYNTAX, p->pos, "event name expected");
		if (c == ',')
			return fail(p, EVSPEC_E_SYNTAX, p->pos, "empty event before ','");
		if (c == '{')
			return fail(p, EVSPEC_E_SYNTAX, p->pos, "nested groups are not allowed");
		if (c == '}')
			return fail(p, EVSPEC_E_SYNTAX, p->pos, "empty event before '}'");
		if (isprint((unsigned char)c))
			return fail(p, EVSPEC_E_SYNTAX, p->pos,
				    "unexpected character '%c'", c);
		return fail(p, EVSPEC_E_SYNTAX, p->pos, "unexpected byte 0x%02x",
			    (unsigned char)c);
	}
	name = xstrndup(p->s + start, nend - start);
	if (p->s[p->pos] == '/') {
		/* a PMU, or a symbolic event with terms: cycles/period=1000/ */
		if (pmu_type(sysfs(p), name) == -ENOENT &&
		    symbolic_attr(name, &attr, &kind, &bad_combo))
			err = parse_pmu(p, name, start, &e, &attr, kind);
		else
			err = parse_pmu(p, name, start, &e, NULL, EVSEL_PMU);
		goto out;
	}
	if (!strcmp(name, "mem") && p->s[p->pos] == ':') {
		err = parse_breakpoint(p, start);
		goto out;
	}
	if (p->s[p->pos] == ':' && !is_symbolic(name) &&
	    !mods_after_pmu_alias(p, name)) {
		/* sys:name[:mods] */
		size_t tstart = ++p->pos;
		char *tname;

		while (name_char(p->s[p->pos]))
			p->pos++;
		if (p->pos == tstart) {
			err = fail(p, EVSPEC_E_SYNTAX, p->pos,
				   at_end_of_item(p) ?
				   "tracepoint name expected after ':'" :
				   "unexpected character after ':'");
			goto out;
		}
		tname = xstrndup(p->s + tstart, p->pos - tstart);
		if (p->s[p->pos] == ':') {
			p->pos++;
			mpos = p->pos;
			err = parse_mods(p, &m);
			has_mods = true;
		} else if (!at_end_of_item(p)) {
			err = fail(p, EVSPEC_E_SYNTAX, p->pos,
				   "unexpected character '%c'", p->s[p->pos]);
		}
		if (!err)
			err = add_tracepoints(p, name, tname, start,
					      has_mods ? &m : NULL, mpos,
					      !has_mods && all_mod_chars(tname));
		free(tname);
		goto out;
	}
	if (p->s[p->pos] == ':') {
		p->pos++;
		mpos = p->pos;
		err = parse_mods(p, &m);
		if (err)
			goto out;
		has_mods = true;
	} else if (!at_end_of_item(p)) {
		err = fail(p, EVSPEC_E_SYNTAX, p->pos,
			   isprint((unsigned char)p->s[p->pos]) ?
			   "unexpected character '%c'" : "unexpected byte 0x%02x",
			   p->s[p->pos]);
		goto out;
	}

	if (symbolic_attr(name, &attr, &kind, &bad_combo)) {
		/* attr and kind are set */
	} else if (tool_event(p, name, &attr)) {
		kind = EVSEL_TOOL;
	} else if (bad_combo) {
		err = fail(p, EVSPEC_E_UNKNOWN, start,
			   "'%s': this cache has no such operation", name);
		goto out;
	} else if (pmu_alias_anywhere(p, name, &attr, start, &err)) {
		if (err)
			goto out;
		kind = EVSEL_PMU;
	} else {
		err = unknown_event(p, start, name);
		goto out;
	}
	{
		char *text = xstrndup(p->s + start, p->pos - start);

		e = add_event(p, &attr, text, kind);
		free(text);
	}
	if (has_mods)
		err = apply_mods(p, e, &m, mpos);
out:
	free(name);
	return err;
}

static int parse_group(struct parser *p)
{
	int first = p->out->nr;
	size_t open = p->pos;

	p->pos++;	/* '{' */
	for (;;) {
		int err = parse_event(p);

		if (err)
			return err;
		if (p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->s[p->pos] == '}')
			break;
		return fail(p, EVSPEC_E_SYNTAX, p->s[p->pos] ? p->pos : open,
			    p->s[p->pos] ? "',' or '}' expected" :
			    "unterminated group: '}' expected");
	}
	p->pos++;	/* '}' */
	if (p->s[p->pos] == ':') {
		struct mods m = { 0 };
		size_t mpos = ++p->pos;
		int err = parse_mods(p, &m);

		if (err)
			return err;
		for (int i = first; i < p->out->nr; i++) {
			err = apply_mods(p, p->out->entry[i], &m, mpos);
			if (err)
				return err;
		}
	}
	if (!at_end_of_item(p))
		return fail(p, EVSPEC_E_SYNTAX, p->pos,
			    "unexpected character '%c' after a group", p->s[p->pos]);
	evlist_set_leader(p->out, first, p->out->nr - first);
	return 0;
}

int evspec_parse(struct evlist *el, const char *spec,
		 const struct evspec_ctx *ctx, struct evspec_err *err)
{
	struct parser p = { .s = spec, .ctx = ctx, .err = err };
	int ret = 0;

	memset(err, 0, sizeof(*err));
	err->pos = -1;
	p.out = evlist_new();
	if (!*spec) {
		ret = fail(&p, EVSPEC_E_SYNTAX, 0, "empty event list");
		goto out;
	}
	for (;;) {
		if (spec[p.pos] == '{')
			ret = parse_group(&p);
		else
			ret = parse_event(&p);
		if (ret)
			goto out;
		if (spec[p.pos] == '\0')
			break;
		if (spec[p.pos] == '}') {
			ret = fail(&p, EVSPEC_E_SYNTAX, p.pos, "'}' without '{'");
			goto out;
		}
		/* parse_event() stops only at ',', '}' or the end */
		p.pos++;
		if (spec[p.pos] == '\0') {
			ret = fail(&p, EVSPEC_E_SYNTAX, p.pos,
				   "event expected after ','");
			goto out;
		}
	}
	/* move the events over, keeping group links and renumbering */
	for (int i = 0; i < p.out->nr; i++) {
		struct evsel *e = p.out->entry[i];

		evlist_add(el, e);
		if (evsel_is_leader(e) && e->nr_members > 1)
			el->nr_groups++;
	}
	p.out->nr = 0;
out:
	if (ret)
		err->spec = xstrdup(spec);
	evlist_free(p.out);
	tfs_free(p.tfs);
	return ret;
}

char *evspec_err_format(const struct evspec_err *err, const char *prefix,
			char *buf, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	if (err->kind == EVSPEC_E_SYNTAX && err->spec && err->pos >= 0) {
		size_t col;

		strbuf_addf(&sb, "%s: event syntax error: '", prefix);
		col = sb.len + (size_t)err->pos;
		/* one column per byte, and the message stays on its lines */
		for (const char *c = err->spec; *c; c++)
			strbuf_addch(&sb, isprint((unsigned char)*c) ? *c : '?');
		strbuf_addstr(&sb, "'\n");
		for (size_t i = 0; i < col; i++)
			strbuf_addch(&sb, ' ');
		strbuf_addf(&sb, "^ %s", err->msg);
	} else if (err->kind == EVSPEC_E_UNKNOWN) {
		strbuf_addf(&sb, "%s: %s", prefix, err->msg);
		if (err->spec && strcmp(err->spec, "") &&
		    !strstr(err->msg, err->spec))
			strbuf_addf(&sb, " in '%s'", err->spec);
		strbuf_addstr(&sb, "\nRun 'ptool list' for the events this machine offers");
	} else {
		strbuf_addf(&sb, "%s: %s", prefix, err->msg);
	}
	snprintf(buf, len, "%s", sb.buf);
	strbuf_release(&sb);
	return buf;
}

void evspec_err_release(struct evspec_err *err)
{
	free(err->spec);
	err->spec = NULL;
}

int evspec_add(struct evlist *el, const char *spec, bool *system)
{
	struct evspec_ctx ctx = { .mount_tracefs = true };
	struct evspec_err perr = { .pos = -1 };
	char buf[1024];
	int err = evspec_parse(el, spec, &ctx, &perr);

	*system = err && perr.kind == EVSPEC_E_SYSTEM;
	if (err && perr.msg[0])
		fprintf(stderr, "%s\n", evspec_err_format(&perr, msg_prefix(),
							   buf, sizeof(buf)));
	else if (err)
		pr_err("cannot parse event '%s': %s", spec,
		       strerror(err < 0 ? -err : err));
	evspec_err_release(&perr);
	return err;
}
