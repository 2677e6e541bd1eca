// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"
#include "ptool/strset.h"

struct trace_entry {
	const char *text;	/* in the texts set */
	uint64_t period;
	uint64_t nr;
};

struct out_trace {
	struct strset texts;
	struct trace_entry *e;	/* under the ids of their texts */
	size_t nr, alloc;
	uint64_t total, nr_samples;
};

struct out_trace *out_trace_new(void)
{
	return xcalloc(1, sizeof(struct out_trace));
}

void out_trace_free(struct out_trace *ot)
{
	if (!ot)
		return;
	free(ot->e);
	strset_release(&ot->texts);
	free(ot);
}

void out_trace_add(struct out_trace *ot, const char *text, uint64_t period)
{
	bool fresh;
	uint32_t id;

	ot->nr_samples++;
	ot->total += period;
	if (!text)
		return;
	id = strset_add(&ot->texts, text, &fresh);
	if (fresh) {
		ALLOC_GROW(ot->e, ot->nr + 1, ot->alloc);
		ot->e[ot->nr++] = (struct trace_entry){ ot->texts.v[id], 0, 0 };
	}
	ot->e[id].period += period;
	ot->e[id].nr++;
}

uint64_t out_trace_nr_samples(const struct out_trace *ot)
{
	return ot->nr_samples;
}

uint64_t out_trace_total(const struct out_trace *ot)
{
	return ot->total;
}

/* perf: the larger period first, then strcmp() of the texts, ascending */
static int cmp_entry(const void *a, const void *b)
{
	const struct trace_entry *x = *(const struct trace_entry *const *)a;
	const struct trace_entry *y = *(const struct trace_entry *const *)b;

	if (x->period != y->period)
		return x->period > y->period ? -1 : 1;
	return strcmp(x->text, y->text);
}

int out_trace_write(struct out_trace *ot, FILE *fp,
		    const struct out_trace_opts *o)
{
	static const char title[] = "Trace output";
	const struct trace_entry **order;
	size_t width = sizeof(title) - 1;

	/*
	 * perf formats a record when its entry is first compared with
	 * another, and sizes the column by the texts formatted: an event of
	 * one sample keeps the title's width, and its text is cut to it
	 */
	bool cut = ot->nr_samples < 2;

	/* the entries stay under their texts' ids: sort pointers to them */
	order = xcalloc(ot->nr ? ot->nr : 1, sizeof(*order));
	for (size_t i = 0; i < ot->nr; i++)
		order[i] = &ot->e[i];
	if (ot->nr)
		qsort(order, ot->nr, sizeof(*order), cmp_entry);
	for (size_t i = 0; !cut && i < ot->nr; i++) {
		size_t n = strlen(order[i]->text);

		if (n > width)
			width = n;
	}
	if (!o->quiet) {
		fprintf(fp, "# Overhead  %s%-*s\n", o->show_nr ? "     Samples  " : "",
			(int)width, title);
		fprintf(fp, "# ........  %s", o->show_nr ? "............  " : "");
		for (size_t i = 0; i < width; i++)
			fputc('.', fp);
		fputs("\n#\n", fp);
	}
	for (size_t i = 0; i < ot->nr; i++) {
		const struct trace_entry *e = order[i];
		double pct = ot->total ? 100.0 * (double)e->period / (double)ot->total : 0;

		if (o->percent_limit > 0 && pct < o->percent_limit)
			continue;
		fprintf(fp, "%9.2f%%  ", pct);
		if (o->show_nr)
			fprintf(fp, "%12" PRIu64 "  ", e->nr);
		fprintf(fp, "%.*s\n", (int)(cut ? width : strlen(e->text)), e->text);
	}
	free(order);
	return ferror(fp) ? -EIO : 0;
}
