// SPDX-License-Identifier: GPL-2.0
/*
 * A perf.data file rewritten through the writer: the attrs with their ids
 * and every record that reads, in file order. Used to turn an unfinished
 * recording into a finished file that perf reads.
 */
#include "ptool/pdata.h"

#include <errno.h>

struct copy {
	struct pdata_writer *w;
	uint64_t first, last;
};

static int copy_one(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	struct copy *c = arg;
	uint64_t t = ev->sample.time;

	(void)p;
	if (ev->rec->type == PERF_RECORD_SAMPLE && t != (uint64_t)-1 && t) {
		if (!c->first || t < c->first)
			c->first = t;
		if (t > c->last)
			c->last = t;
	}
	return pdata_write_record(c->w, ev->rec);
}

int pdata_copy(struct pdata *p, struct pdata_writer *w,
	       const char *const *names)
{
	struct copy c = { w, 0, 0 };
	int ret;

	if (pdata_is_pipe(p))
		return -EINVAL;
	for (size_t i = 0; i < pdata_nr_attrs(p); i++) {
		const struct pdata_attr *a = pdata_attr(p, i);

		ret = pdata_writer_add_attr(w, &a->attr,
					    names && names[i] ? names[i] : a->name,
					    a->ids, a->nr_ids);
		if (ret < 0)
			return ret;
	}
	ret = pdata_for_each_event(p, 0, copy_one, &c);
	if (ret)
		return ret < 0 ? ret : -EIO;
	if (c.last)
		return pdata_writer_set_sample_time(w, c.first, c.last);
	return 0;
}
