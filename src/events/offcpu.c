// SPDX-License-Identifier: GPL-2.0
#include "ptool/offcpu.h"

#include <string.h>

int offcpu_add(struct evlist *el, const struct evspec_ctx *ctx,
	       struct evspec_err *err)
{
	if (evlist_find(el, OFFCPU_TRACEPOINT))
		return 0;
	return evspec_parse(el, OFFCPU_TRACEPOINT, ctx, err);
}

void offcpu_config(struct evlist *el)
{
	struct evsel *e = evlist_find(el, OFFCPU_TRACEPOINT);

	if (!e)
		return;
	e->attr.freq = 0;
	e->attr.sample_period = 1;
	e->attr.sample_type |= PERF_SAMPLE_RAW | PERF_SAMPLE_PERIOD |
			       PERF_SAMPLE_TIME | PERF_SAMPLE_TID;
	e->attr.context_switch = 1;
}

bool offcpu_attr_is(const struct perf_event_attr *attr, const char *name)
{
	return attr->type == PERF_TYPE_TRACEPOINT && attr->context_switch &&
	       (attr->sample_type & PERF_SAMPLE_RAW) && name &&
	       !strcmp(name, OFFCPU_TRACEPOINT);
}
