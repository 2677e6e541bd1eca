// SPDX-License-Identifier: GPL-2.0
#include "ptool/diff.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/hash.h"
#include "ptool/hmap.h"
#include "ptool/parse.h"
#include "ptool/pdata.h"
#include "ptool/strbuf.h"
#include "ptool/strset.h"
#include "ptool/sym.h"

#define UNRESOLVED_WIDTH 16	/* BITS_PER_LONG / 4, as in out.c */

/* an entry of one file, as text (the session's symbols are gone by then) */
struct dentry {
	char *col[HIST_KEY_MAX];
	char *sym_name;
	uint64_t period;
	bool filtered;		/* made by a sample the filters reject */
};

/* one event of one file: its entries */
struct devent {
	uint32_t type;
	uint64_t config;
	char *name;
	struct hist *h;		/* while reading */
	struct dentry *ent;
	size_t nr_ent;
	uint64_t total;
	uint64_t total_shown;	/* of the samples the filters let through */
	uint64_t nr_samples;
};

struct dfile {
	char *path;
	struct devent *ev;
	size_t nr_ev;
};

struct diff {
	struct diff_opts o;
	struct dfile *files;
	size_t nr_files, alloc_files;
};

/* a line of the output: a baseline entry, or a dummy for one it lacks */
struct row {
	const char *col[HIST_KEY_MAX];	/* the key columns as printed; lent */
	const char *sym_name;		/* NULL: unresolved (sorts last); lent */
	const char *key;		/* the columns joined: the match key */
	uint64_t *period;		/* per file */
	bool *has;			/* per file: matched there */
	double *val;			/* per file: delta or ratio */
	int64_t *wdiff;			/* per file */
	bool pairs;			/* matched in some other file */
	bool filtered;			/* hidden: its first entry was */
	size_t seq;
};

struct table {
	const struct diff *d;
	struct strset keys;		/* the rows' keys */
	struct row *rows;		/* under the ids of their keys */
	size_t nr, alloc;
	uint64_t *total;		/* per file, 0 without the event */
	uint64_t shown;			/* baseline period of the rows shown */
	uint64_t shown_nf;		/* ... of those not filtered */
	unsigned int compute_idx;
};

/* a filter list of one name */
static bool single(const char *list)
{
	return list && *list && !strchr(list, ',');
}

static void elide(struct diff_opts *o)
{
	struct hist_opts *ho = &o->keys;
	bool all = true;

	for (int i = 0; i < ho->nr_keys; i++) {
		enum hist_key k = ho->keys[i];
		const char *list = k == HIST_KEY_COMM ? o->comms :
				   k == HIST_KEY_DSO ? o->dsos :
				   k == HIST_KEY_SYM ? o->syms : NULL;

		ho->elide[k] = single(list);
		all &= ho->elide[k];
	}
	if (all)
		memset(ho->elide, 0, sizeof(ho->elide));
}

struct diff *diff_new(const struct diff_opts *o)
{
	struct diff *d = xcalloc(1, sizeof(*d));

	d->o = *o;
	if (!d->o.keys.nr_keys) {
		d->o.keys.keys[0] = HIST_KEY_DSO;
		d->o.keys.keys[1] = HIST_KEY_SYM;
		d->o.keys.nr_keys = 2;
	}
	d->o.keys.children = false;
	d->o.keys.callchain = false;
	elide(&d->o);
	return d;
}

void diff_free(struct diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nr_files; i++) {
		for (size_t j = 0; j < d->files[i].nr_ev; j++) {
			struct devent *ev = &d->files[i].ev[j];

			free(ev->name);
			hist_free(ev->h);
			for (size_t k = 0; k < ev->nr_ent; k++) {
				for (int c = 0; c < HIST_KEY_MAX; c++)
					free(ev->ent[k].col[c]);
				free(ev->ent[k].sym_name);
			}
			free(ev->ent);
		}
		free(d->files[i].ev);
		free(d->files[i].path);
	}
	free(d->files);
	free(d);
}

int diff_parse_compute(const char *s, struct diff_opts *o)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (n == 5 && !strncmp(s, "delta", n))
		o->compute = DIFF_DELTA;
	else if (n == 9 && !strncmp(s, "delta-abs", n))
		o->compute = DIFF_DELTA_ABS;
	else if (n == 5 && !strncmp(s, "ratio", n))
		o->compute = DIFF_RATIO;
	else if (n == 5 && !strncmp(s, "wdiff", n))
		o->compute = DIFF_WDIFF;
	else
		return -EINVAL;
	if (o->compute != DIFF_WDIFF)
		return colon ? -EINVAL : 0;
	{
		char *end;
		long long w1, w2;

		if (!colon)
			return -EINVAL;
		errno = 0;
		w1 = strtoll(colon + 1, &end, 10);
		if (*end != ',' || end == colon + 1)
			return -EINVAL;
		s = end + 1;
		w2 = strtoll(s, &end, 10);
		if (*end || end == s || errno || !w1 || !w2)
			return -EINVAL;
		o->w1 = w1;
		o->w2 = w2;
	}
	return 0;
}

static void entry_cols(const struct hist *h, const struct hist_entry *e,
		       const struct hist_opts *ho, char **col,
		       char **sym_name)
{
	struct strbuf sb = STRBUF_INIT;

	*sym_name = NULL;
	for (int i = 0; i < ho->nr_keys; i++) {
		enum hist_key k = ho->keys[i];

		strbuf_reset(&sb);
		switch (k) {
		case HIST_KEY_COMM:
			strbuf_addstr(&sb, e->comm);
			break;
		case HIST_KEY_PID:
			strbuf_addf(&sb, "%7d:%s", e->pid,
				    e->pid_comm ? e->pid_comm : e->comm);
			break;
		case HIST_KEY_DSO:
			strbuf_addstr(&sb, e->dso ? sym_dso_name(e->dso) : "[unknown]");
			break;
		case HIST_KEY_SYM: {
			const struct hist_frame *f = hist_frame_at(h, e->frame);

			strbuf_addf(&sb, "[%c] ", e->kernel ? 'k' : '.');
			if (f && f->name) {
				strbuf_addf(&sb, "%s%s", f->name,
					    f->inlined ? " (inlined)" : "");
				*sym_name = xstrdup(f->name);
			} else {
				strbuf_addf(&sb, "%-#.*" PRIx64, UNRESOLVED_WIDTH,
					    e->uaddr);
			}
			break;
		}
		case HIST_KEY_SRCLINE:
			strbuf_addstr(&sb, e->srcline ? e->srcline : "");
			break;
		default:
			break;
		}
		col[k] = xstrdup(sb.buf);
	}
	strbuf_release(&sb);
}

struct reader {
	struct diff *d;
	struct dfile *f;
	struct pdata *p;
};

static bool in_ints(const int *v, int n, int x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static bool in_list_num(const char *list, int32_t x)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", x);
	return parse_in_list(list, buf);
}

/*
 * perf's machine__resolve filters: a sample whose command, process,
 * thread, object or symbol (of its own IP) is not listed
 */
static bool filtered(const struct diff_opts *o, const struct session_sample *ss)
{
	const struct session_frame *f = ss->ip_frame;

	if (o->comms && !parse_in_list(o->comms, ss->comm))
		return true;
	if (o->pids && !in_list_num(o->pids, ss->pid))
		return true;
	if (o->tids && !in_list_num(o->tids, ss->tid))
		return true;
	if (o->dsos && (!f || (!parse_in_list(o->dsos, f->dso_name) &&
			       !parse_in_list(o->dsos, f->dso_path))))
		return true;
	if (o->syms && (!f || !f->sym_name || !parse_in_list(o->syms, f->sym_name)))
		return true;
	return false;
}

static int on_sample(struct session *s, const struct session_sample *ss,
		     void *arg)
{
	struct reader *r = arg;
	const struct diff_opts *o = &r->d->o;
	struct devent *ev;

	if ((size_t)ss->attr_idx >= r->f->nr_ev)
		return 0;
	/* --cpu drops a sample before anything counts it */
	if (o->cpus && !in_ints(o->cpus, o->nr_cpus, (int)ss->cpu))
		return 0;
	ev = &r->f->ev[ss->attr_idx];
	if (!ev->h)
		ev->h = hist_new(&o->keys);
	if (filtered(o, ss)) {
		hist_add_hidden(ev->h, s, ss);
	} else {
		hist_add(ev->h, s, ss);
		ev->total_shown += ss->period;
	}
	return 0;
}

int diff_add_file(struct diff *d, struct session *s, const char *path)
{
	struct reader r = { .d = d, .p = session_pdata(s) };
	struct dfile *f;
	int ret;

	ALLOC_GROW(d->files, d->nr_files + 1, d->alloc_files);
	f = &d->files[d->nr_files++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->nr_ev = session_nr_events(s);
	f->ev = xcalloc(f->nr_ev + 1, sizeof(*f->ev));
	for (size_t i = 0; i < f->nr_ev; i++) {
		const struct pdata_attr *a = pdata_attr(r.p, i);

		f->ev[i].type = a->attr.type;
		f->ev[i].config = a->attr.config;
		f->ev[i].name = xstrdup(session_event_name(s, i));
	}
	r.f = f;
	/*
	 * the object and symbol filters look at every sample's own IP, and
	 * a chain id first seen on a sample --cpu drops would be lost
	 */
	ret = session_for_each_sample(s, d->o.dsos || d->o.syms || d->o.cpus ?
				      0 : SESSION_REUSE, on_sample, &r);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < f->nr_ev; i++) {
		struct devent *ev = &f->ev[i];

		if (!ev->h)
			continue;
		hist_finish(ev->h, NULL, NULL, 0);
		ev->total = hist_total(ev->h);
		ev->nr_samples = hist_nr_samples(ev->h);
		ev->nr_ent = hist_nr_entries(ev->h);
		ev->ent = xcalloc(ev->nr_ent + 1, sizeof(*ev->ent));
		for (size_t j = 0; j < ev->nr_ent; j++) {
			const struct hist_entry *e = hist_entry_at(ev->h, j);

			entry_cols(ev->h, e, &d->o.keys, ev->ent[j].col,
				   &ev->ent[j].sym_name);
			ev->ent[j].period = e->self;
			ev->ent[j].filtered = e->filtered;
		}
		hist_free(ev->h);
		ev->h = NULL;
	}
	return 0;
}

bool diff_has_cpu(struct session *s)
{
	struct pdata *p = session_pdata(s);

	for (size_t i = 0; i < session_nr_events(s); i++)
		if (!(pdata_attr(p, i)->attr.sample_type & PERF_SAMPLE_CPU))
			return false;
	return true;
}

void diff_add_entries(struct diff *d, const char *path, const char *event,
		      const struct diff_entry *e, size_t n)
{
	struct dfile *f;
	struct devent *ev;

	ALLOC_GROW(d->files, d->nr_files + 1, d->alloc_files);
	f = &d->files[d->nr_files++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->nr_ev = 1;
	f->ev = xcalloc(2, sizeof(*f->ev));
	ev = &f->ev[0];
	ev->name = xstrdup(event);
	ev->ent = xcalloc(n + 1, sizeof(*ev->ent));
	ev->nr_ent = n;
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < HIST_KEY_MAX; k++)
			if (e[i].col[k])
				ev->ent[i].col[k] = xstrdup(e[i].col[k]);
		if (e[i].sym_name)
			ev->ent[i].sym_name = xstrdup(e[i].sym_name);
		ev->ent[i].period = e[i].period;
		ev->total += e[i].period;
		ev->total_shown += e[i].period;
		ev->nr_samples++;
	}
}

/* perf's evsel__match2: same type and config */
static const struct devent *match_event(const struct dfile *f,
					const struct devent *base)
{
	for (size_t i = 0; i < f->nr_ev; i++)
		if (f->ev[i].type == base->type && f->ev[i].config == base->config)
			return &f->ev[i];
	return NULL;
}

size_t diff_nr_common(const struct diff *d, size_t idx)
{
	size_t n = 0;

	if (idx >= d->nr_files || !d->nr_files)
		return 0;
	for (size_t i = 0; i < d->files[0].nr_ev; i++)
		if (match_event(&d->files[idx], &d->files[0].ev[i]))
			n++;
	return n;
}

static struct row *find_row(struct table *t, const char *key)
{
	uint32_t i = strset_find(&t->keys, key);

	return i == HMAP_NONE ? NULL : &t->rows[i];
}

static struct row *add_row(struct table *t, const struct dentry *e,
			   const char *key)
{
	size_t n = t->d->nr_files;
	struct row *r;

	ALLOC_GROW(t->rows, t->nr + 1, t->alloc);
	r = &t->rows[t->nr];
	memset(r, 0, sizeof(*r));
	for (int k = 0; k < HIST_KEY_MAX; k++)
		r->col[k] = e->col[k] ? e->col[k] : "";
	r->sym_name = e->sym_name;
	r->key = strset_intern(&t->keys, key);
	r->period = xcalloc(n, sizeof(*r->period));
	r->has = xcalloc(n, sizeof(*r->has));
	r->val = xcalloc(n, sizeof(*r->val));
	r->wdiff = xcalloc(n, sizeof(*r->wdiff));
	r->seq = t->nr++;
	return r;
}

/* fold the entries of file @fi's event @ev into the rows */
static void add_entries(struct table *t, size_t fi, const struct devent *ev)
{
	const struct hist_opts *ho = &t->d->o.keys;
	struct strbuf key = STRBUF_INIT;

	t->total[fi] = t->d->o.relative ? ev->total_shown : ev->total;
	for (size_t i = 0; i < ev->nr_ent; i++) {
		const struct dentry *e = &ev->ent[i];
		struct row *r;

		strbuf_reset(&key);
		for (int k = 0; k < ho->nr_keys; k++) {
			strbuf_addstr(&key, e->col[ho->keys[k]]);
			strbuf_addch(&key, '\x1f');
		}
		r = find_row(t, key.buf);
		if (!r) {
			if (fi && t->d->o.baseline_only)
				continue;
			r = add_row(t, e, key.buf);
			r->filtered = e->filtered;
		}
		r->has[fi] = true;
		r->period[fi] += e->period;
		if (fi)
			r->pairs = true;
	}
	strbuf_release(&key);
}

static double pct(uint64_t period, uint64_t total)
{
	return total ? (double)period * 100.0 / (double)total : 0;
}

static void compute(struct table *t, struct row *r)
{
	const struct diff_opts *o = &t->d->o;

	for (size_t i = 1; i < t->d->nr_files; i++) {
		if (!r->has[i])
			continue;
		switch (o->compute) {
		case DIFF_DELTA:
		case DIFF_DELTA_ABS:
			/*
			 * perf divides by a zero total too (a filter that
			 * lets nothing of the baseline through): -nan
			 */
			r->val[i] = (double)r->period[i] * 100.0 / (double)t->total[i] -
				    (double)r->period[0] * 100.0 / (double)t->total[0];
			break;
		case DIFF_RATIO:
			r->val[i] = (double)r->period[i] /
				    (double)(r->period[0] ? r->period[0] : 1);
			break;
		case DIFF_WDIFF:
			r->wdiff[i] = (int64_t)r->period[i] * o->w2 -
				      (int64_t)r->period[0] * o->w1;
			break;
		}
	}
}

/* perf's cmp_doubles: the larger first */
static int cmp_val(enum diff_compute c, const struct row *a,
		   const struct row *b, size_t i)
{
	double l, r;

	if (c == DIFF_WDIFF)
		return a->wdiff[i] > b->wdiff[i] ? -1 : a->wdiff[i] < b->wdiff[i];
	l = a->val[i];
	r = b->val[i];
	if (c == DIFF_DELTA_ABS) {
		l = fabs(l);
		r = fabs(r);
	}
	return l > r ? -1 : l < r;
}

/* a negative result puts @a first, as qsort wants */
static int sort_rows(const struct table *t, const struct row *a,
		     const struct row *b)
{
	const struct diff_opts *o = &t->d->o;
	const struct hist_opts *ho = &o->keys;
	size_t ci = t->compute_idx;
	int ret;

	/* the computed column of the -o file first; rows without it last */
	if (ci) {
		if (a->has[ci] != b->has[ci])
			return a->has[ci] ? -1 : 1;
		if (a->has[ci]) {
			bool da = !a->has[0], db = !b->has[0];

			if ((o->compute == DIFF_RATIO || o->compute == DIFF_WDIFF) &&
			    da != db)
				return da ? 1 : -1;
			if ((ret = cmp_val(o->compute, a, b, ci)))
				return ret;
		}
	}
	/* the baseline period, larger first (dummies have none) */
	if (a->period[0] != b->period[0])
		return a->period[0] > b->period[0] ? -1 : 1;
	/* each computed column in turn */
	for (size_t i = 1; i < t->d->nr_files; i++) {
		if (a->pairs != b->pairs)
			return a->pairs ? -1 : 1;
		if (!a->pairs)
			break;
		if (a->has[i] != b->has[i])
			return a->has[i] ? -1 : 1;
		if (a->has[i] && (ret = cmp_val(o->compute, a, b, i)))
			return ret;
	}
	/* then the keys, ascending; an unresolved symbol after the rest */
	for (int k = 0; k < ho->nr_keys; k++) {
		enum hist_key key = ho->keys[k];

		if (key == HIST_KEY_SYM) {
			if (!a->sym_name || !b->sym_name) {
				if (!a->sym_name && !b->sym_name)
					continue;
				return a->sym_name ? -1 : 1;
			}
			ret = strcmp(a->sym_name, b->sym_name);
		} else {
			ret = strcmp(a->col[key], b->col[key]);
		}
		if (ret)
			return ret;
	}
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct table *t = arg;

	return sort_rows(t, *(const struct row *const *)pa,
			 *(const struct row *const *)pb);
}

/* the text of a computed column of file @i */
static void cell(const struct table *t, const struct row *r, size_t i,
		 int what, struct strbuf *sb)
{
	const struct diff_opts *o = &t->d->o;
	bool dummy = !r->has[0];

	strbuf_reset(sb);
	switch (what) {
	case 0:	/* the compute column */
		if (!r->has[i])
			break;
		switch (o->compute) {
		case DIFF_DELTA:
		case DIFF_DELTA_ABS:
			strbuf_addf(sb, "%+4.2f%%", r->val[i]);
			break;
		case DIFF_RATIO:
			if (dummy)
				strbuf_addstr(sb, "N/A");
			else if (r->val[i] > 0.0)
				strbuf_addf(sb, "%14.6F", r->val[i]);
			break;
		case DIFF_WDIFF:
			if (dummy)
				strbuf_addstr(sb, "N/A");
			else
				strbuf_addf(sb, "%14" PRId64, r->wdiff[i]);
			break;
		}
		break;
	case 1:	/* formula */
		if (!r->has[i])
			break;
		switch (o->compute) {
		case DIFF_DELTA:
		case DIFF_DELTA_ABS:
			strbuf_addf(sb, "(%" PRIu64 " * 100 / %" PRIu64 ") - (%" PRIu64
				    " * 100 / %" PRIu64 ")", r->period[i], t->total[i],
				    r->period[0], t->shown);
			break;
		case DIFF_RATIO:
			strbuf_addf(sb, "%.0F / %.0F", (double)r->period[i],
				    (double)r->period[0]);
			break;
		case DIFF_WDIFF:
			strbuf_addf(sb, "(%" PRIu64 " * %" PRId64 ") - (%" PRIu64
				    " * %" PRId64 ")", r->period[i], o->w2,
				    r->period[0], o->w1);
			break;
		}
		break;
	case 2:	/* period */
		if (!i || r->has[i])
			strbuf_addf(sb, "%" PRIu64, r->period[i]);
		break;
	}
}

struct dcol {
	char title[64];
	int width;
	int what;	/* -1 baseline, 0 compute, 1 formula, 2 period */
	size_t file;
};

static int print_event(struct diff *d, const struct devent *base, FILE *fp,
		       bool first)
{
	const struct diff_opts *o = &d->o;
	const struct hist_opts *ho = &o->keys;
	struct table t = { .d = d };
	struct dcol dc[8 * 4];
	int ndc = 0, kw[HIST_KEY_MAX] = { 0 };
	bool many = d->nr_files > 2, unresolved = false;
	struct row **order = NULL;
	size_t nr = 0;
	struct strbuf sb = STRBUF_INIT;
	static const char *const cname[] = {
		[DIFF_DELTA_ABS] = "Delta Abs", [DIFF_DELTA] = "Delta",
		[DIFF_RATIO] = "Ratio", [DIFF_WDIFF] = "Weighted diff",
	};
	static const int cwidth[] = {
		[DIFF_DELTA_ABS] = 7, [DIFF_DELTA] = 7,
		[DIFF_RATIO] = 14, [DIFF_WDIFF] = 14,
	};
	static const char *const ktitle[] = {
		[HIST_KEY_COMM] = "Command", [HIST_KEY_PID] = "    Pid:Command",
		[HIST_KEY_DSO] = "Shared Object", [HIST_KEY_SYM] = "Symbol",
		[HIST_KEY_SRCLINE] = "Source:Line",
	};

	t.total = xcalloc(d->nr_files, sizeof(*t.total));
	t.compute_idx = o->order;
	add_entries(&t, 0, base);
	for (size_t i = 1; i < d->nr_files; i++) {
		const struct devent *ev = match_event(&d->files[i], base);

		if (ev)
			add_entries(&t, i, ev);
	}
	/*
	 * perf computes with the file totals, then (hists__output_resort)
	 * prints the baseline and the formula over the rows that are left:
	 * with -b, the baseline rows no other file has are gone
	 */
	order = xcalloc(t.nr + 1, sizeof(*order));
	for (size_t i = 0; i < t.nr; i++) {
		compute(&t, &t.rows[i]);
		if (o->baseline_only && !t.rows[i].pairs)
			continue;
		/*
		 * a filtered row counts in the absolute total of what is
		 * left (hists__inc_stats) but is not printed
		 */
		t.shown += t.rows[i].period[0];
		if (t.rows[i].filtered)
			continue;
		t.shown_nf += t.rows[i].period[0];
		order[nr++] = &t.rows[i];
	}
	if (o->relative)
		t.shown = t.shown_nf;
	qsort_r(order, nr, sizeof(*order), row_cmp, &t);

	/* columns: perf's data__hpp_register() order */
	for (size_t i = 0; i < d->nr_files && ndc + 3 < (int)ARRAY_SIZE(dc); i++) {
		for (int what = -1; what <= 2; what++) {
			const char *name;
			int w;

			if (!i && (what == 0 || what == 1))
				continue;
			if (i && what == -1)
				continue;
			if (what == 1 && !o->formula)
				continue;
			if (what == 2 && !o->period)
				continue;
			name = what == -1 ? "Baseline" : what == 0 ? cname[o->compute] :
			       what == 1 ? "Formula" : i ? "Period" : "Base period";
			w = what == -1 ? 0 : what == 0 ? cwidth[o->compute] :
			    what == 1 ? 70 : 14;
			if (many)
				snprintf(dc[ndc].title, sizeof(dc[ndc].title), "%s/%zu",
					 name, i);
			else
				snprintf(dc[ndc].title, sizeof(dc[ndc].title), "%s", name);
			if ((int)strlen(dc[ndc].title) > w)
				w = (int)strlen(dc[ndc].title);
			dc[ndc].width = w;
			dc[ndc].what = what;
			dc[ndc].file = i;
			ndc++;
		}
	}
	for (int k = 0; k < ho->nr_keys; k++)
		kw[ho->keys[k]] = (int)strlen(ktitle[ho->keys[k]]);
	for (size_t i = 0; i < nr; i++) {
		for (int k = 0; k < ho->nr_keys; k++) {
			enum hist_key key = ho->keys[k];
			int w = (int)strlen(order[i]->col[key]);

			if (key == HIST_KEY_SYM && !order[i]->sym_name) {
				w = UNRESOLVED_WIDTH + 4 + 2;
				unresolved = true;
			}
			if (w > kw[key])
				kw[key] = w;
		}
	}
	if (unresolved && kw[HIST_KEY_DSO] < UNRESOLVED_WIDTH)
		kw[HIST_KEY_DSO] = UNRESOLVED_WIDTH;

	if (!o->quiet) {
		fprintf(fp, "%s# Event '%s'\n#\n", first ? "" : "\n", base->name);
		if (o->show_files) {
			fputs("# Data files:\n", fp);
			for (size_t i = 0; i < d->nr_files; i++)
				fprintf(fp, "#  [%zu] %s %s\n", i, d->files[i].path,
					i ? "" : "(Baseline)");
			fputs("#\n", fp);
		}
		fputs("# ", fp);
		for (int c = 0; c < ndc; c++)
			fprintf(fp, "%s%*s", c ? "  " : "", dc[c].width, dc[c].title);
		for (int k = 0; k < ho->nr_keys; k++)
			if (!ho->elide[ho->keys[k]])
				fprintf(fp, "  %-*s", kw[ho->keys[k]],
					ktitle[ho->keys[k]]);
		fputs("\n# ", fp);
		for (int c = 0; c < ndc; c++) {
			fputs(c ? "  " : "", fp);
			for (int j = 0; j < dc[c].width; j++)
				fputc('.', fp);
		}
		for (int k = 0; k < ho->nr_keys; k++) {
			if (ho->elide[ho->keys[k]])
				continue;
			fputs("  ", fp);
			for (int j = 0; j < kw[ho->keys[k]]; j++)
				fputc('.', fp);
		}
		fputs("\n#\n", fp);
	}
	for (size_t i = 0; i < nr; i++) {
		const struct row *r = order[i];

		fputs("  ", fp);
		for (int c = 0; c < ndc; c++) {
			if (dc[c].what == -1) {
				strbuf_reset(&sb);
				if (r->has[0])
					strbuf_addf(&sb, "%6.2f%%",
						    pct(r->period[0], t.shown));
			} else {
				cell(&t, r, dc[c].file, dc[c].what, &sb);
			}
			fprintf(fp, "%s%*s", c ? "  " : "", dc[c].width, sb.buf);
		}
		for (int k = 0; k < ho->nr_keys; k++) {
			enum hist_key key = ho->keys[k];
			/* perf pads every column but a last sym or srcline */
			bool last = k == ho->nr_keys - 1 &&
				    (key == HIST_KEY_SYM || key == HIST_KEY_SRCLINE);

			if (ho->elide[key])
				continue;

			fprintf(fp, "  %-*s", last ? 0 : kw[key], r->col[key]);
		}
		fputc('\n', fp);
	}

	strbuf_release(&sb);
	free(order);
	for (size_t i = 0; i < t.nr; i++) {
		free(t.rows[i].period);
		free(t.rows[i].has);
		free(t.rows[i].val);
		free(t.rows[i].wdiff);
	}
	free(t.rows);
	strset_release(&t.keys);
	free(t.total);
	return ferror(fp) ? -EIO : 0;
}

int diff_print(struct diff *d, FILE *fp)
{
	bool first = true;

	if (!d->nr_files)
		return 0;
	for (size_t i = 0; i < d->files[0].nr_ev; i++) {
		const struct devent *base = &d->files[0].ev[i];
		int ret;

		/* perf prints every event, dummy:HG of -a files too */
		ret = print_event(d, base, fp, first);
		if (ret)
			return ret;
		first = false;
	}
	return 0;
}
