// SPDX-License-Identifier: GPL-2.0
#include "ptool/readvals.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"

struct readvals {
	struct rv_thread {
		int32_t pid, tid;
		uint64_t *val;		/* per counter */
	} *threads;
	size_t nr_threads, alloc_threads;
	const char **names;		/* counters */
	size_t nr_names, alloc_names;
};

struct readvals *readvals_new(void)
{
	return xcalloc(1, sizeof(struct readvals));
}

void readvals_free(struct readvals *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nr_threads; i++)
		free(v->threads[i].val);
	free(v->threads);
	free(v->names);
	free(v);
}

void readvals_add(struct readvals *v, const struct pdata_event *ev,
		  const char *name)
{
	const struct perf_event_header *h = ev->rec;
	uint32_t ids[2];
	uint64_t val;
	size_t t, c;

	if (h->type != PERF_RECORD_READ || h->size < sizeof(*h) + 16)
		return;
	memcpy(ids, h + 1, 8);
	memcpy(&val, (const uint8_t *)(h + 1) + 8, 8);
	for (c = 0; c < v->nr_names && strcmp(v->names[c], name); c++)
		;
	if (c == v->nr_names) {
		ALLOC_GROW(v->names, v->nr_names + 1, v->alloc_names);
		v->names[v->nr_names++] = name;
		for (size_t i = 0; i < v->nr_threads; i++) {
			v->threads[i].val = xrealloc(v->threads[i].val,
						     v->nr_names * sizeof(uint64_t));
			v->threads[i].val[c] = 0;
		}
	}
	for (t = 0; t < v->nr_threads; t++)
		if (v->threads[t].pid == (int32_t)ids[0] &&
		    v->threads[t].tid == (int32_t)ids[1])
			break;
	if (t == v->nr_threads) {
		ALLOC_GROW(v->threads, v->nr_threads + 1, v->alloc_threads);
		v->threads[t].pid = (int32_t)ids[0];
		v->threads[t].tid = (int32_t)ids[1];
		v->threads[t].val = xcalloc(v->nr_names, sizeof(uint64_t));
		v->nr_threads++;
	}
	v->threads[t].val[c] += val;
}

static int num_width(int64_t n)
{
	char b[24];

	return snprintf(b, sizeof(b), "%" PRId64, n);
}

int readvals_write(const struct readvals *v, FILE *fp)
{
	int pw = 3, tw = 3, *cw = xcalloc(v->nr_names + 1, sizeof(*cw));

	for (size_t c = 0; c < v->nr_names; c++)
		cw[c] = (int)strlen(v->names[c]);
	for (size_t t = 0; t < v->nr_threads; t++) {
		const struct rv_thread *th = &v->threads[t];

		if (num_width(th->pid) > pw)
			pw = num_width(th->pid);
		if (num_width(th->tid) > tw)
			tw = num_width(th->tid);
		for (size_t c = 0; c < v->nr_names; c++) {
			char b[24];
			int w = snprintf(b, sizeof(b), "%" PRIu64, th->val[c]);

			if (w > cw[c])
				cw[c] = w;
		}
	}
	fprintf(fp, "# %*s  %*s", pw, "PID", tw, "TID");
	for (size_t c = 0; c < v->nr_names; c++)
		fprintf(fp, "  %*s", cw[c], v->names[c]);
	fputc('\n', fp);
	for (size_t t = 0; t < v->nr_threads; t++) {
		fprintf(fp, "  %*d  %*d", pw, v->threads[t].pid, tw, v->threads[t].tid);
		for (size_t c = 0; c < v->nr_names; c++)
			fprintf(fp, "  %*" PRIu64, cw[c], v->threads[t].val[c]);
		fputc('\n', fp);
	}
	free(cw);
	return ferror(fp) ? -EIO : 0;
}
