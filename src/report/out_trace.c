// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/hash.h"
#include "ptool/hmap.h"
#include "ptool/strbuf.h"

struct trace_entry {
	char *text;
	uint64_t period;
	uint64_t nr;
};

struct out_trace {
	struct hmap index;	/* hash_str() of a text -> entry */
	struct trace_entry *e;
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
	for (size_t i = 0; i < ot->nr; i++)
		free(ot->e[i].text);
	free(ot->e);
	hmap_release(&ot->index);
	free(ot);
}

void out_trace_add(struct out_trace *ot, const char *text, uint64_t period)
{
	uint64_t h;
	size_t pos;
	uint32_t id;

	ot->nr_samples++;
	ot->total += period;
	if (!text)
		return;
	h = hash_str(text);
	hmap_for_each_hash(&ot->index, h, pos, id)
		if (!strcmp(ot->e[id].text, text))
			break;
	if (id == HMAP_NONE) {
		ALLOC_GROW(ot->e, ot->nr + 1, ot->alloc);
		ot->e[ot->nr] = (struct trace_entry){ xstrdup(text), 0, 0 };
		id = (uint32_t)ot->nr++;
		hmap_add(&ot->index, h, id);
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
	const struct trace_entry *x = a, *y = b;

	if (x->period != y->period)
		return x->period > y->period ? -1 : 1;
	return strcmp(x->text, y->text);
}

int out_trace_write(struct out_trace *ot, FILE *fp,
		    const struct out_trace_opts *o)
{
	static const char title[] = "Trace output";
	size_t width = sizeof(title) - 1;

	/*
	 * perf formats a record when its entry is first compared with
	 * another, and sizes the column by the texts formatted: an event of
	 * one sample keeps the title's width, and its text is cut to it
	 */
	bool cut = ot->nr_samples < 2;

	qsort(ot->e, ot->nr, sizeof(*ot->e), cmp_entry);
	for (size_t i = 0; !cut && i < ot->nr; i++) {
		size_t n = strlen(ot->e[i].text);

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
		const struct trace_entry *e = &ot->e[i];
		double pct = ot->total ? 100.0 * (double)e->period / (double)ot->total : 0;

		if (o->percent_limit > 0 && pct < o->percent_limit)
			continue;
		fprintf(fp, "%9.2f%%  ", pct);
		if (o->show_nr)
			fprintf(fp, "%12" PRIu64 "  ", e->nr);
		fprintf(fp, "%.*s\n", (int)(cut ? width : strlen(e->text)), e->text);
	}
	return ferror(fp) ? -EIO : 0;
}
