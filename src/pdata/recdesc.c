// SPDX-License-Identifier: GPL-2.0
/*
 * record's description of a recording in the perf.data header: attrs and
 * ids, groups, host features, command line, tracepoint formats.
 */
#include "ptool/recdesc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/pdata.h"
#include "ptool/recorder.h"
#include "ptool/strbuf.h"

/* one event's attr, its id on every (cpu, thread), and its group */
static int describe_event(struct pdata_writer *w, const struct evsel *e)
{
	int idx = pdata_writer_add_attr(w, &e->attr, e->name, NULL, 0);
	int err;

	if (idx < 0)
		return idx;
	for (int c = 0; c < e->nr_cpus; c++) {
		for (int t = 0; t < e->nr_threads; t++) {
			uint64_t id = evsel_id(e, c, t);

			err = pdata_writer_add_ids(w, idx, &id, 1);
			if (err)
				return err;
		}
	}
	/* perf's GROUP_DESC: "{a,b}" in perf evlist -g and report */
	if (evsel_is_leader(e) && e->nr_members > 1)
		return pdata_writer_add_group(w, idx, (uint32_t)e->nr_members,
					      NULL);
	return 0;
}

/* perf stores its own path, then the command and its arguments */
static int describe_cmdline(struct pdata_writer *w, int argc,
			    const char **argv)
{
	const char **full;
	char exe[4096];
	ssize_t n;
	int err;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	full = xcalloc((size_t)argc + 2, sizeof(*full));
	full[0] = n > 0 ? exe : "ptool";
	memcpy(full + 1, argv, (size_t)argc * sizeof(*argv));
	err = pdata_writer_set_cmdline(w, argc + 1, full);
	free(full);
	return err;
}

int recdesc_write(struct pdata_writer *w, struct recorder *rc,
		  const struct evlist *el, int argc, const char **argv,
		  const char *version, struct recdesc_err *err)
{
	struct evsel *e;
	int ret;

	err->event = NULL;
	err->step = RECDESC_EVENT;
	evlist_for_each(el, e) {
		ret = describe_event(w, e);
		if (ret) {
			err->event = e->name;
			return ret;
		}
	}
	err->step = RECDESC_HOST;
	ret = pdata_writer_add_host_features(w, version);
	if (ret)
		return ret;
	err->step = RECDESC_CMDLINE;
	ret = describe_cmdline(w, argc, argv);
	if (ret)
		return ret;
	err->step = RECDESC_TRACING;
	return recorder_tracing_data(rc, el);
}
