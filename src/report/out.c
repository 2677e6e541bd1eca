// SPDX-License-Identifier: GPL-2.0
#include "ptool/out.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"
#include "ptool/sym.h"

#define UNRESOLVED_WIDTH 16	/* BITS_PER_LONG / 4 */

struct pctx {
	FILE *fp;
	const struct hist *h;
	const struct out_report_opts *o;
	uint64_t min_hit;	/* graph threshold (absolute modes) */
	bool fractal;
	char name[1024];
};

static void event_header(FILE *fp, const char *name, uint64_t nr_samples,
			 uint64_t total, bool plural, bool closed)
{
	uint64_t v = nr_samples;
	char unit = ' ';

	/* perf's convert_unit(): strictly above 1000 scales */
	if (v > 1000) {
		v /= 1000;
		unit = 'K';
	}
	if (v > 1000) {
		v /= 1000;
		unit = 'M';
	}
	if (v > 1000) {
		v /= 1000;
		unit = 'G';
	}
	fprintf(fp, "# Samples: %" PRIu64 "%c of event%s '%s%s\n", v, unit,
		plural ? "s" : "", name, closed ? "" : "'");
	fprintf(fp, "# Event count (approx.): %" PRIu64 "\n", total);
}

void out_report_event_header(FILE *fp, const char *name, uint64_t nr_samples,
			     uint64_t total, bool closed)
{
	event_header(fp, name, nr_samples, total, false, closed);
}

void out_report_group_header(FILE *fp, const char *name, uint64_t nr_samples,
			     uint64_t total, bool closed)
{
	event_header(fp, name, nr_samples, total, true, closed);
}

static const char *dso_str(const struct hist_entry *e)
{
	return e->dso ? sym_dso_name(e->dso) : "[unknown]";
}

static void sym_str(const struct hist *h, const struct hist_entry *e,
		    struct strbuf *sb)
{
	const struct hist_frame *f = hist_frame_at(h, e->frame);

	strbuf_addf(sb, "[%c] ", e->kernel ? 'k' : '.');
	if (f && f->name)
		strbuf_addf(sb, "%s%s", f->name, f->inlined ? " (inlined)" : "");
	else
		strbuf_addf(sb, "%-#.*" PRIx64, UNRESOLVED_WIDTH, e->uaddr);
}

/* ---- call graphs ---- */

static uint64_t cumul(const struct hist_node *n)
{
	return n->hit + n->children_hit;
}

/* how many of @n's (sorted) kids pass the threshold */
static uint32_t shown_kids(const struct pctx *c, const struct hist_node *n)
{
	uint64_t min_hit = c->min_hit;
	uint32_t k = 0;

	if (c->fractal)
		min_hit = (uint64_t)ceil((double)n->children_hit *
					 c->o->min_percent / 100.0);
	while (k < n->nr_kids && cumul(n->kids[k]) >= min_hit && cumul(n->kids[k]))
		k++;
	return k;
}

static const char *fname(struct pctx *c, uint32_t id)
{
	const struct hist_frame *f = hist_frame_at(c->h, id);

	return hist_frame_name(f, c->name, sizeof(c->name));
}

static void left_margin(struct pctx *c, int lm)
{
	fprintf(c->fp, "            %*s", lm, "");
}

static void graph_line(struct pctx *c, int depth, uint64_t mask, int lm)
{
	left_margin(c, lm);
	for (int i = 0; i < depth; i++)
		fputs((mask & (1ull << i)) ? "|          " : "           ", c->fp);
	fputc('\n', c->fp);
}

/* perf's callchain_node__fprintf_value() */
static void value(struct pctx *c, uint64_t hits, uint64_t count, uint64_t total)
{
	switch (c->o->value) {
	case OUT_VALUE_PERIOD:
		fprintf(c->fp, "%" PRIu64, hits);
		break;
	case OUT_VALUE_COUNT:
		fprintf(c->fp, "%" PRIu64, count);
		break;
	default:
		fprintf(c->fp, "%.2f%%",
			total ? 100.0 * (double)hits / (double)total : 0.0);
	}
}

static void ipchain(struct pctx *c, uint64_t hits, uint64_t count,
		    const char *name, int depth, uint64_t mask, int period,
		    uint64_t total, int lm)
{
	left_margin(c, lm);
	for (int i = 0; i < depth; i++) {
		fputc((mask & (1ull << i)) ? '|' : ' ', c->fp);
		if (!period && i == depth - 1) {
			fputs("--", c->fp);
			value(c, hits, count, total);
			fputs("--", c->fp);
		} else
			fputs("          ", c->fp);
	}
	fputs(name, c->fp);
	fputc('\n', c->fp);
}

static int graph_rec(struct pctx *c, const struct hist_node *node,
		     uint64_t total, int depth, uint64_t depth_mask, int lm)
{
	uint32_t nk = shown_kids(c, node);
	uint64_t new_mask = depth_mask, remaining = total, rem_count;
	int printed = 0;

	rem_count = node->children_count;
	for (uint32_t j = 0; j < nk; j++) {
		const struct hist_node *ch = node->kids[j];
		uint64_t new_total;

		remaining -= cumul(ch);
		rem_count -= ch->count + ch->children_count;
		if (j + 1 == nk && (!c->fractal || !remaining))
			new_mask &= ~(1ull << (depth - 1));
		graph_line(c, depth, depth_mask, lm);
		for (uint32_t i = 0; i < ch->nr_frames; i++)
			ipchain(c, cumul(ch), ch->count + ch->children_count,
				fname(c, ch->frames[i]), depth, new_mask, (int)i,
				total, lm);
		new_total = c->fractal ? ch->children_hit : total;
		graph_rec(c, ch, new_total, depth + 1, new_mask | (1ull << depth), lm);
		printed = 1;
		if (j + 1 == c->o->print_limit)
			break;
	}
	/* in counts, perf leaves the rest out when no sample is left */
	if (c->fractal && remaining && remaining != total &&
	    (c->o->value != OUT_VALUE_COUNT || rem_count)) {
		new_mask &= ~(1ull << (depth - 1));
		ipchain(c, remaining, rem_count, "[...]", depth, new_mask, 0,
			total, lm);
		printed = 1;
	}
	return printed;
}

static void print_graph(struct pctx *c, const struct hist_entry *e)
{
	const struct hist_node *root = e->root;
	uint64_t parent = c->h && hist_opts_of(c->h)->children ? e->children : e->self;
	uint64_t total = hist_total(c->h);
	uint32_t nk;
	int lm = 0, printed = 0;

	if (!root)
		return;
	nk = shown_kids(c, root);
	if (nk && !(nk > 1 || cumul(root->kids[0]) != parent)) {
		const struct hist_node *k = root->kids[0];
		bool started = false;
		unsigned int nr = 0;

		for (uint32_t i = 0; i < k->nr_frames; i++) {
			if (!i && c->o->skip_first_frame)
				continue;
			if (!started) {
				left_margin(c, lm);
				fputs("|\n", c->fp);
				left_margin(c, lm);
				fputs("---", c->fp);
				lm += 3;
				started = true;
			} else {
				left_margin(c, lm);
			}
			fprintf(c->fp, "%s\n", fname(c, k->frames[i]));
			printed = 1;
			if (++nr == c->o->print_limit)
				break;
		}
		root = k;
	}
	if (c->fractal)
		total = parent;
	printed |= graph_rec(c, root, total, 1, 1, lm);
	if (printed)
		fputc('\n', c->fp);
}

struct flat_node {
	const struct hist_node *n;
	size_t pos;		/* perf's walk order: equal hits keep it */
};

static int key_order(const void *a, const void *b, void *h)
{
	return hist_node_key_cmp(h, *(const struct hist_node *const *)a,
				 *(const struct hist_node *const *)b);
}

/* perf's flat walk: each node's kids in tie order, then the node */
static void collect_flat(const struct hist *h, const struct hist_node *n,
			 uint64_t min_hit, struct flat_node **v, size_t *nr,
			 size_t *alloc)
{
	if (n->nr_kids) {
		const struct hist_node **kids = xmalloc(n->nr_kids * sizeof(*kids));

		memcpy(kids, n->kids, n->nr_kids * sizeof(*kids));
		qsort_r(kids, n->nr_kids, sizeof(*kids), key_order, (void *)h);
		for (uint32_t i = 0; i < n->nr_kids; i++)
			collect_flat(h, kids[i], min_hit, v, nr, alloc);
		free(kids);
	}
	if (n->parent && n->hit && n->hit >= min_hit) {
		ALLOC_GROW(*v, *nr + 1, *alloc);
		(*v)[*nr].n = n;
		(*v)[*nr].pos = *nr;
		(*nr)++;
	}
}

static int flat_cmp(const void *a, const void *b)
{
	const struct flat_node *x = a, *y = b;

	if (x->n->hit != y->n->hit)
		return x->n->hit > y->n->hit ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void print_path(struct pctx *c, const struct hist_node *n, bool folded,
		       bool *first)
{
	if (!n || !n->parent)
		return;
	print_path(c, n->parent, folded, first);
	for (uint32_t i = 0; i < n->nr_frames; i++) {
		if (folded) {
			fprintf(c->fp, "%s%s", *first ? "" : ";", fname(c, n->frames[i]));
			*first = false;
		} else {
			fprintf(c->fp, "                %s\n", fname(c, n->frames[i]));
		}
	}
}

static void print_flat(struct pctx *c, const struct hist_entry *e, bool folded)
{
	struct flat_node *v = NULL;
	size_t nr = 0, alloc = 0;
	uint64_t total = hist_total(c->h);

	if (!e->root)
		return;
	collect_flat(c->h, e->root, c->min_hit ? c->min_hit : 1, &v, &nr, &alloc);
	if (nr)
		qsort(v, nr, sizeof(*v), flat_cmp);
	for (size_t i = 0; i < nr; i++) {
		const struct hist_node *n = v[i].n;
		bool first = true;
		uint64_t val = folded ? n->hit : cumul(n);
		uint64_t cnt = n->count + (folded ? 0 : n->children_count);

		if (folded) {
			value(c, val, cnt, total);
			fputc(' ', c->fp);
			print_path(c, n, true, &first);
			fputc('\n', c->fp);
		} else {
			fputs("           ", c->fp);
			value(c, val, cnt, total);
			fputc('\n', c->fp);
			print_path(c, n, false, &first);
			fputc('\n', c->fp);
		}
		if (i + 1 == c->o->print_limit)
			break;
	}
	free(v);
}

/* ---- the table ---- */

/*
 * perf's entry text of the other keys (sort.c); a column that is not the
 * last is then padded to its width
 */
static void key_text(const struct hist_entry *e, enum hist_key k, int width,
		     struct strbuf *sb)
{
	switch (k) {
	case HIST_KEY_CPU:
		strbuf_addf(sb, "%*.*d", width, width, e->cpu);
		break;
	case HIST_KEY_SOCKET:
		strbuf_addf(sb, "%*.*d", width, width - 3, e->socket);
		break;
	case HIST_KEY_TIME:
		strbuf_addf(sb, "%" PRIu64 ".%06" PRIu64, e->time / 1000000000,
			    e->time % 1000000000 / 1000);
		break;
	case HIST_KEY_TRACE:
		strbuf_addf(sb, "%-.*s", width, e->trace);
		break;
	case HIST_KEY_PARENT:
		strbuf_addf(sb, "%-*.*s", width, width, e->parent);
		break;
	case HIST_KEY_SRCFILE:
		strbuf_addf(sb, "%-.*s", width, e->srcfile);
		break;
	default:
		break;
	}
}

struct col {
	int key;		/* enum hist_key or enum hist_field */
	const char *title;
	int width;
};

/* -F's output fields: titles (right-aligned) and widths */
static const struct {
	const char *title;
	int width;
} value_cols[] = {
	[HIST_FIELD_OVERHEAD - HIST_KEY_MAX] = { "Overhead", 8 },
	[HIST_FIELD_OVERHEAD_SYS - HIST_KEY_MAX] = { "sys", 8 },
	[HIST_FIELD_OVERHEAD_US - HIST_KEY_MAX] = { "usr", 8 },
	[HIST_FIELD_OVERHEAD_CHILDREN - HIST_KEY_MAX] = { "Children", 8 },
	[HIST_FIELD_SAMPLE - HIST_KEY_MAX] = { "Samples", 12 },
	[HIST_FIELD_PERIOD - HIST_KEY_MAX] = { "Period", 12 },
};

/*
 * the columns that show, at their titles' widths: the sort keys, or with
 * @fields -F's columns in order (elided keys left out either way)
 */
static int cols_init(const struct hist_opts *ho, struct col *cols, bool fields)
{
	static const char *const titles[] = {
		[HIST_KEY_COMM] = "Command", [HIST_KEY_PID] = "    Pid:Command",
		[HIST_KEY_DSO] = "Shared Object", [HIST_KEY_SYM] = "Symbol",
		[HIST_KEY_SRCLINE] = "Source:Line", [HIST_KEY_CPU] = "CPU",
		[HIST_KEY_SOCKET] = "Socket", [HIST_KEY_PARENT] = "Parent symbol",
		[HIST_KEY_SRCFILE] = "Source File", [HIST_KEY_TIME] = "Time",
		[HIST_KEY_TRACE] = "Trace output",
	};
	int ncols = 0, n = fields ? ho->nr_fields : ho->nr_keys;

	for (int i = 0; i < n; i++) {
		int f = fields ? ho->fields[i] : (int)ho->keys[i];

		if (f >= HIST_KEY_MAX) {
			cols[ncols].key = f;
			cols[ncols].title = value_cols[f - HIST_KEY_MAX].title;
			cols[ncols].width = value_cols[f - HIST_KEY_MAX].width;
			ncols++;
			continue;
		}
		if (ho->elide[f])
			continue;
		cols[ncols].key = f;
		cols[ncols].title = titles[f];
		cols[ncols].width = (int)strlen(cols[ncols].title);
		ncols++;
	}
	return ncols;
}

/* widen the columns for @e's texts */
static void cols_widen(const struct hist *h, const struct hist_entry *e,
		       struct col *cols, int ncols, bool *unresolved)
{
	for (int k = 0; k < ncols; k++) {
		int w = 0;

		switch (cols[k].key) {
		case HIST_KEY_COMM:
			/* perf: the thread's last name, whatever it shows */
			w = (int)strlen(e->pid_comm ? e->pid_comm : e->comm);
			break;
		case HIST_KEY_PID:
			w = (int)strlen(e->pid_comm ? e->pid_comm : e->comm) + 8;
			break;
		case HIST_KEY_DSO:
			w = (int)strlen(dso_str(e));
			break;
		case HIST_KEY_SYM: {
			const struct hist_frame *f = hist_frame_at(h, e->frame);

			if (f && f->name) {
				w = (int)strlen(f->name) + 4;
			} else {
				w = UNRESOLVED_WIDTH + 4 + 2;
				*unresolved = true;
			}
			break;
		}
		case HIST_KEY_SRCLINE:
			w = e->srcline ? (int)strlen(e->srcline) : 0;
			break;
		case HIST_KEY_TIME:
			w = 12;
			break;
		case HIST_KEY_TRACE:
			w = (int)strlen(e->trace);
			break;
		case HIST_KEY_PARENT:
			w = strcmp(e->parent, "[other]") ? (int)strlen(e->parent) : 0;
			break;
		case HIST_KEY_SRCFILE:
			w = (int)strlen(e->srcfile);
			break;
		default:
			break;
		}
		if (w > cols[k].width)
			cols[k].width = w;
	}
}

static void cols_done(struct col *cols, int ncols, bool unresolved)
{
	if (unresolved)
		for (int k = 0; k < ncols; k++)
			if (cols[k].key == HIST_KEY_DSO && cols[k].width < UNRESOLVED_WIDTH)
				cols[k].width = UNRESOLVED_WIDTH;
}

/* the key columns' titles and dots, after the value columns' */
static void cols_header(FILE *fp, const struct col *cols, int ncols,
			const char *titles, const char *dots)
{
	fprintf(fp, "# %s", titles);
	for (int k = 0; k < ncols; k++)
		fprintf(fp, k || *titles ? "  %*s" : "%*s",
			cols[k].key < HIST_KEY_MAX ? -cols[k].width : cols[k].width,
			cols[k].title);
	fprintf(fp, "\n# %s", dots);
	for (int k = 0; k < ncols; k++) {
		if (k || *dots)
			fputs("  ", fp);
		for (int j = 0; j < cols[k].width; j++)
			fputc('.', fp);
	}
	fputs("\n#\n", fp);
}

static double share(uint64_t v, uint64_t total)
{
	return total ? 100.0 * (double)v / (double)total : 0;
}

/* column @c of @e, padded as perf pads it (@last: as the last column) */
static void col_text(const struct hist *h, const struct hist_entry *e,
		     const struct col *c, bool last, struct strbuf *out,
		     struct strbuf *sb)
{
	const struct hist_opts *ho = hist_opts_of(h);
	uint64_t total = hist_total(h);

	strbuf_reset(sb);
	switch (c->key) {
	case HIST_FIELD_OVERHEAD:
		strbuf_addf(out, "%7.2f%%", share(e->self, total));
		break;
	case HIST_FIELD_OVERHEAD_SYS:
		strbuf_addf(out, "%7.2f%%", share(e->self_sys, total));
		break;
	case HIST_FIELD_OVERHEAD_US:
		strbuf_addf(out, "%7.2f%%", share(e->self - e->self_sys, total));
		break;
	case HIST_FIELD_OVERHEAD_CHILDREN:
		if (ho->children)
			strbuf_addf(out, "%7.2f%%", share(e->children, total));
		else
			strbuf_addstr(out, "     N/A");	/* perf, without --children */
		break;
	case HIST_FIELD_SAMPLE:
		strbuf_addf(out, "%12" PRIu64, e->nr_samples);
		break;
	case HIST_FIELD_PERIOD:
		strbuf_addf(out, "%12" PRIu64, e->self);
		break;
	case HIST_KEY_COMM:
		strbuf_addf(out, "%-*.*s", c->width, c->width, e->comm);
		break;
	case HIST_KEY_PID:
		strbuf_addf(out, "%7d:%-*.*s", e->pid, c->width - 8,
			    c->width - 8, e->pid_comm ? e->pid_comm : e->comm);
		break;
	case HIST_KEY_DSO:
		strbuf_addf(out, "%-*.*s", c->width, c->width, dso_str(e));
		break;
	case HIST_KEY_SYM:
		sym_str(h, e, sb);
		strbuf_addf(out, "%-*s", last ? 0 : c->width, sb->buf);
		break;
	case HIST_KEY_SRCLINE:
		strbuf_addf(out, "%-*s", last ? 0 : c->width,
			    e->srcline ? e->srcline : "");
		break;
	default:
		key_text(e, (enum hist_key)c->key, c->width, sb);
		strbuf_addf(out, "%-*s", last ? 0 : c->width, sb->buf);
		break;
	}
}

/* the key columns of one line (all of -F's columns with @fields) */
static void cols_print(FILE *fp, const struct hist *h, const struct hist_entry *e,
		       const struct col *cols, int ncols, struct strbuf *sb,
		       bool fields)
{
	const struct hist_opts *ho = hist_opts_of(h);
	struct strbuf line = STRBUF_INIT;

	for (int k = 0; k < ncols; k++) {
		/* an elided last key still counts as perf's last column */
		bool last = fields ? cols[k].key == ho->fields[ho->nr_fields - 1] :
			    cols[k].key == (int)ho->keys[ho->nr_keys - 1];

		strbuf_addstr(&line, "  ");
		col_text(h, e, &cols[k], last, &line, sb);
	}
	fprintf(fp, "%s\n", line.buf);
	strbuf_release(&line);
}

static void print_callchain(struct pctx *c, const struct hist_entry *e)
{
	switch (c->o->graph) {
	case OUT_GRAPH_GRAPH:
	case OUT_GRAPH_FRACTAL:
		print_graph(c, e);
		break;
	case OUT_GRAPH_FLAT:
		print_flat(c, e, false);
		break;
	case OUT_GRAPH_FOLDED:
		print_flat(c, e, true);
		break;
	default:
		break;
	}
}

int out_report_hist(FILE *fp, const struct hist *h,
		    const struct out_report_opts *o)
{
	const struct hist_opts *ho = hist_opts_of(h);
	bool fields = ho->nr_fields > 0;
	struct col cols[HIST_FIELD_MAX];
	int ncols = cols_init(ho, cols, fields);
	uint64_t total = hist_total(h);
	struct strbuf sb = STRBUF_INIT;
	struct pctx c = { .fp = fp, .h = h, .o = o };
	size_t n = hist_nr_entries(h);
	bool unresolved = false;

	c.fractal = o->graph == OUT_GRAPH_FRACTAL;
	c.min_hit = (uint64_t)((double)total * o->min_percent / 100.0);
	/* widths over every entry that is not filtered out */
	for (size_t i = 0; i < n; i++) {
		const struct hist_entry *e = hist_entry_at(h, i);

		if (!e->filtered)
			cols_widen(h, e, cols, ncols, &unresolved);
	}
	cols_done(cols, ncols, unresolved);

	if (!o->quiet && fields) {
		cols_header(fp, cols, ncols, "", "");
	} else if (!o->quiet) {
		strbuf_addf(&sb, ho->children ? "%8s  %8s" : "%8s",
			    ho->children ? "Children" : "Overhead", "Self");
		if (o->show_nr)
			strbuf_addf(&sb, "  %12s", "Samples");
		cols_header(fp, cols, ncols, sb.buf,
			    ho->children ? (o->show_nr ? "........  ........  ............" :
					    "........  ........") :
			    (o->show_nr ? "........  ............" : "........"));
	}

	for (size_t i = 0; i < n; i++) {
		const struct hist_entry *e = hist_entry_at(h, i);
		uint64_t p = ho->children ? e->children : e->self;
		double pct = total ? 100.0 * (double)p / (double)total : 0;

		if (e->filtered || pct < o->percent_limit)
			continue;
		if (fields)
			;	/* -F: every column in cols_print() */
		else if (ho->children)
			fprintf(fp, "  %7.2f%%  %7.2f%%", pct,
				total ? 100.0 * (double)e->self / (double)total : 0);
		else
			fprintf(fp, "  %7.2f%%", pct);
		if (o->show_nr && !fields)
			fprintf(fp, "  %12" PRIu64, e->nr_samples);
		cols_print(fp, h, e, cols, ncols, &sb, fields);
		print_callchain(&c, e);
	}
	strbuf_release(&sb);
	return ferror(fp) ? -EIO : 0;
}

/* ---- --hierarchy ---- */

#define HIER_INDENT 3		/* perf's HIERARCHY_INDENT */

struct hctx {
	FILE *fp;
	const struct hist *h;
	const struct out_report_opts *o;
	const struct col *cols;
	int ncols;
	int key;		/* the level being sorted */
	bool measure;		/* widen the columns, print nothing */
	bool unresolved;
	struct col *wcols;	/* the columns to widen */
	struct pctx *c;
	struct strbuf line, sb;
};

/* one level's group: @n entries from @v with the same keys so far */
struct hgroup {
	const struct hist_entry **v;
	size_t n;
	uint64_t self, nr;
	bool shown;		/* an entry under it is not filtered out */
};

static int hkey_cmp(const void *a, const void *b, void *arg)
{
	const struct hist_entry *x = *(const struct hist_entry *const *)a;
	const struct hist_entry *y = *(const struct hist_entry *const *)b;
	const struct hctx *hc = arg;
	int c = hist_entry_cmp_key(hc->h, x, y, (enum hist_key)hc->key);

	/* two functions of one name in two objects stay apart, as in perf */
	if (!c && hc->key == HIST_KEY_SYM && x->frame != y->frame)
		return x->frame < y->frame ? -1 : 1;
	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool hkey_same(const struct hctx *hc, const struct hist_entry *x,
		      const struct hist_entry *y)
{
	return !hist_entry_cmp_key(hc->h, x, y, (enum hist_key)hc->key) &&
	       (hc->key != HIST_KEY_SYM || x->frame == y->frame);
}

static int hgroup_cmp(const void *a, const void *b, void *arg)
{
	const struct hgroup *x = a, *y = b;
	const struct hctx *hc = arg;

	if (x->self != y->self)
		return x->self > y->self ? -1 : 1;
	return hist_entry_cmp_key(hc->h, x->v[0], y->v[0], (enum hist_key)hc->key);
}

/*
 * perf sizes the columns by the entries that show and by each level's
 * node, a copy of the first entry it got in key order (hidden or not)
 */
static uint64_t sym_start(const struct hist *h, const struct hist_entry *e)
{
	const struct hist_frame *f = hist_frame_at(h, e->frame);

	return f && f->sym ? f->sym->start : e->uaddr;
}

/* perf's collapse order: symbols by address there, not by name */
static bool first_in(const struct hist *h, const struct hist_entry *x,
		     const struct hist_entry *y)
{
	const struct hist_opts *ho = hist_opts_of(h);

	for (int i = 0; i < ho->nr_keys; i++) {
		int c;

		if (ho->keys[i] == HIST_KEY_SYM)
			c = sym_start(h, x) < sym_start(h, y) ? -1 :
			    sym_start(h, x) > sym_start(h, y);
		else
			c = hist_entry_cmp_key(h, x, y, ho->keys[i]);
		if (c)
			return c < 0;
	}
	return false;
}

static void hier_widen(struct hctx *hc, const struct hgroup *g, int depth)
{
	const struct hist_entry *first = g->v[0];

	for (size_t i = 1; i < g->n; i++)
		if (first_in(hc->h, g->v[i], first))
			first = g->v[i];
	cols_widen(hc->h, first, hc->wcols, hc->ncols, &hc->unresolved);
	for (size_t i = 0; depth + 1 == hc->ncols && i < g->n; i++)
		if (!g->v[i]->filtered)
			cols_widen(hc->h, g->v[i], hc->wcols, hc->ncols, &hc->unresolved);
}

/*
 * perf's line under a level whose entries are all below --percent-limit,
 * where the next level's text would start
 */
static void hier_no_entry(const struct hctx *hc, int depth)
{
	int col = (depth + 1) * HIER_INDENT + 2 + 8 +
		  (hc->o->show_nr ? 14 : 0) + (hc->ncols - 1) * HIER_INDENT + 2;

	fprintf(hc->fp, "%*sno entry >= %.2f%%\n", col, "",
		hc->o->percent_limit);
}

/*
 * the groups of @v (@n entries) at @depth, their lines and what is under;
 * returns how many lines of this level it printed
 */
static size_t hier_level(struct hctx *hc, const struct hist_entry **v,
			 size_t n, int depth)
{
	uint64_t total = hist_total(hc->h);
	struct hgroup *g = xcalloc(n + 1, sizeof(*g));
	size_t ng = 0, printed = 0;

	hc->key = hc->cols[depth].key;
	qsort_r(v, n, sizeof(*v), hkey_cmp, hc);
	for (size_t i = 0; i < n; i++) {
		if (!ng || !hkey_same(hc, g[ng - 1].v[0], v[i]))
			g[ng++].v = &v[i];
		g[ng - 1].n++;
		g[ng - 1].self += v[i]->self;
		g[ng - 1].nr += v[i]->nr_samples;
		g[ng - 1].shown |= !v[i]->filtered;
	}
	qsort_r(g, ng, sizeof(*g), hgroup_cmp, hc);
	for (size_t i = 0; i < ng; i++) {
		double pct = share(g[i].self, total);
		const char *t;

		if (!g[i].shown)
			continue;
		if (hc->measure) {
			hier_widen(hc, &g[i], depth);
			if (depth + 1 < hc->ncols)
				hier_level(hc, g[i].v, g[i].n, depth + 1);
			continue;
		}
		if (pct < hc->o->percent_limit)
			continue;
		strbuf_reset(&hc->line);
		strbuf_addf(&hc->line, "%*s  %7.2f%%", depth * HIER_INDENT, "", pct);
		if (hc->o->show_nr)
			strbuf_addf(&hc->line, "  %12" PRIu64, g[i].nr);
		strbuf_addf(&hc->line, "%*s  ", (hc->ncols - 1) * HIER_INDENT, "");
		fputs(hc->line.buf, hc->fp);
		strbuf_reset(&hc->line);
		/* perf left-aligns every level and pads only what pads itself */
		col_text(hc->h, g[i].v[0], &hc->cols[depth], true, &hc->line, &hc->sb);
		for (t = hc->line.buf; *t == ' '; t++)
			;
		fprintf(hc->fp, "%.*s\n", depth && hc->cols[depth].key == HIST_KEY_SRCLINE ?
			hc->cols[depth].width : (int)strlen(t), t);
		printed++;
		if (depth + 1 == hc->ncols)
			print_callchain(hc->c, g[i].v[0]);
		else if (!hier_level(hc, g[i].v, g[i].n, depth + 1))
			hier_no_entry(hc, depth);
	}
	free(g);
	return printed;
}

int out_report_hierarchy(FILE *fp, const struct hist *h,
			 const struct out_report_opts *o)
{
	const struct hist_opts *ho = hist_opts_of(h);
	struct col cols[HIST_FIELD_MAX];
	struct pctx c = { .fp = fp, .h = h, .o = o };
	struct hctx hc = { .fp = fp, .h = h, .o = o, .cols = cols, .wcols = cols,
			   .c = &c };
	const struct hist_entry **v;
	size_t n = 0, width = 0;
	struct hist_opts all = *ho;
	int ncols;

	/* perf's hierarchy keeps the columns a single-value filter drops */
	memset(all.elide, 0, sizeof(all.elide));
	ncols = cols_init(&all, cols, false);
	c.fractal = o->graph == OUT_GRAPH_FRACTAL;
	c.min_hit = (uint64_t)((double)hist_total(h) * o->min_percent / 100.0);
	v = xcalloc(hist_nr_entries(h) + 1, sizeof(*v));
	for (size_t i = 0; i < hist_nr_entries(h); i++) {
		const struct hist_entry *e = hist_entry_at(h, i);

		/* perf: hidden entries still count in the levels above */
		v[n++] = e;
	}
	hc.ncols = ncols;
	if (n && ncols) {
		hc.measure = true;
		hier_level(&hc, v, n, 0);
		hc.measure = false;
	}
	cols_done(cols, ncols, hc.unresolved);
	/*
	 * perf sizes no source line column below the first level: the
	 * title's width cuts them there
	 */
	for (int k = 1; k < ncols; k++)
		if (cols[k].key == HIST_KEY_SRCLINE)
			cols[k].width = (int)strlen(cols[k].title);
	hc.ncols = ncols;
	strbuf_init(&hc.line, 0);
	strbuf_init(&hc.sb, 0);
	if (!o->quiet) {
		/* perf's print_hierarchy_header() */
		strbuf_addf(&hc.line, "%8s", "Overhead");
		if (o->show_nr)
			strbuf_addf(&hc.line, "  %12s", "Samples");
		strbuf_addstr(&hc.line, "  ");
		for (int k = 0; k < ncols; k++)
			strbuf_addf(&hc.line, "%s%s", k ? " / " : "",
				    cols[k].title + strspn(cols[k].title, " "));
		fprintf(fp, "# %*s%s\n# ", (ncols - 1) * HIER_INDENT, "", hc.line.buf);
		width = strlen(hc.line.buf) - (o->show_nr ? 24 : 10);
		for (int k = 0; k < ncols; k++)
			if ((size_t)(k * HIER_INDENT + cols[k].width) > width)
				width = (size_t)(k * HIER_INDENT + cols[k].width);
		for (int i = 0; i < (ncols - 1) * HIER_INDENT + 8; i++)
			fputc('.', fp);
		if (o->show_nr)
			fputs("..............", fp);
		fputs("  ", fp);
		for (size_t i = 0; i < width; i++)
			fputc('.', fp);
		fputs("\n#\n", fp);
	}
	if (n && ncols)
		hier_level(&hc, v, n, 0);
	free(v);
	strbuf_release(&hc.line);
	strbuf_release(&hc.sb);
	return ferror(fp) ? -EIO : 0;
}

/* ---- event groups ---- */

/* one line of a group: an entry of each member with the same keys */
struct grow {
	const struct hist *h;		/* the first member that has it */
	const struct hist_entry *e;
	uint64_t *self, *nr;		/* per member */
};

struct gpair {
	int m;
	const struct hist *h;
	const struct hist_entry *e;
};

static int gpair_cmp(const void *a, const void *b)
{
	const struct gpair *x = a, *y = b;
	int c = hist_entry_cmp_keys(x->h, x->e, y->h, y->e);

	return c ? c : x->m - y->m;
}

static int grow_cmp(const void *a, const void *b, void *arg)
{
	const struct grow *x = a, *y = b;
	int n = *(int *)arg;

	/* perf: the leader's period, then each member's in order */
	for (int m = 0; m < n; m++)
		if (x->self[m] != y->self[m])
			return x->self[m] > y->self[m] ? -1 : 1;
	return hist_entry_cmp_keys(x->h, x->e, y->h, y->e);
}

int out_report_group(FILE *fp, const struct hist *const *hs, int n,
		     const struct out_report_opts *o)
{
	const struct hist_opts *ho = hist_opts_of(hs[0]);
	struct col cols[HIST_FIELD_MAX];
	int ncols = cols_init(ho, cols, false);
	struct strbuf sb = STRBUF_INIT, dots = STRBUF_INIT;
	struct gpair *pairs = NULL;
	struct grow *rows = NULL;
	uint64_t *vals;
	size_t np = 0, nrows = 0, alloc = 0;
	bool unresolved = false;

	for (int m = 0; m < n; m++) {
		for (size_t i = 0; hs[m] && i < hist_nr_entries(hs[m]); i++) {
			const struct hist_entry *e = hist_entry_at(hs[m], i);

			if (e->filtered)
				continue;
			ALLOC_GROW(pairs, np + 1, alloc);
			pairs[np++] = (struct gpair){ m, hs[m], e };
		}
	}
	if (np)
		qsort(pairs, np, sizeof(*pairs), gpair_cmp);
	rows = xcalloc(np + 1, sizeof(*rows));
	vals = xcalloc((np + 1) * 2 * (size_t)n, sizeof(*vals));
	for (size_t i = 0; i < np; i++) {
		struct grow *r;

		if (!nrows || hist_entry_cmp_keys(rows[nrows - 1].h, rows[nrows - 1].e,
						  pairs[i].h, pairs[i].e)) {
			r = &rows[nrows];
			r->h = pairs[i].h;
			r->e = pairs[i].e;
			r->self = vals + nrows * 2 * (size_t)n;
			r->nr = r->self + n;
			nrows++;
			cols_widen(r->h, r->e, cols, ncols, &unresolved);
		}
		r = &rows[nrows - 1];
		r->self[pairs[i].m] += pairs[i].e->self;
		r->nr[pairs[i].m] += pairs[i].e->nr_samples;
	}
	cols_done(cols, ncols, unresolved);
	if (nrows)
		qsort_r(rows, nrows, sizeof(*rows), grow_cmp, &n);

	if (!o->quiet) {
		/* perf's group columns: one value per member, side by side */
		strbuf_addf(&sb, "%*s", 8 * n, "Overhead");
		for (int i = 0; i < 8 * n; i++)
			strbuf_addch(&dots, '.');
		if (o->show_nr) {
			strbuf_addf(&sb, "  %*s", 12 * n, "Samples");
			strbuf_addstr(&dots, "  ");
			for (int i = 0; i < 12 * n; i++)
				strbuf_addch(&dots, '.');
		}
		cols_header(fp, cols, ncols, sb.buf, dots.buf);
	}
	for (size_t i = 0; i < nrows; i++) {
		const struct grow *r = &rows[i];
		uint64_t t0 = hs[0] ? hist_total(hs[0]) : 0;

		if (o->percent_limit > 0 &&
		    (t0 ? 100.0 * (double)r->self[0] / (double)t0 : 0) < o->percent_limit)
			continue;
		fputs("  ", fp);
		for (int m = 0; m < n; m++) {
			uint64_t t = hs[m] ? hist_total(hs[m]) : 0;

			fprintf(fp, "%7.2f%%", t ? 100.0 * (double)r->self[m] / (double)t : 0);
		}
		if (o->show_nr) {
			fputs("  ", fp);
			for (int m = 0; m < n; m++)
				fprintf(fp, "%12" PRIu64, r->nr[m]);
		}
		cols_print(fp, r->h, r->e, cols, ncols, &sb, false);
	}
	free(pairs);
	free(rows);
	free(vals);
	strbuf_release(&sb);
	strbuf_release(&dots);
	return ferror(fp) ? -EIO : 0;
}
