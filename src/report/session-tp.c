// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint formats for a session: from the file's TRACING_DATA, else from
 * this machine's tracefs.
 */
#include "ptool/session.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "ptool/msg.h"
#include "ptool/pdata.h"
#include "ptool/strbuf.h"
#include "ptool/tfs.h"
#include "ptool/tpfmt.h"
#include "ptool/tracing.h"

static bool split_tp_name(const char *ev, struct strbuf *sys, struct strbuf *name)
{
	const char *c = strchr(ev, ':');
	const char *end;

	if (!c || c == ev)
		return false;
	end = strchr(c + 1, ':');
	strbuf_add(sys, ev, (size_t)(c - ev));
	strbuf_add(name, c + 1, end ? (size_t)(end - c - 1) : strlen(c + 1));
	return name->len > 0;
}

/*
 * Tracepoint formats: from the file's TRACING_DATA, else from this
 * machine's tracefs (which only fits when the events still have the same
 * ids).
 */
struct tpfmt *session_tpfmt_new(struct session *s)
{
	struct pdata *pd = session_pdata(s);
	size_t nr = pdata_nr_attrs(pd);
	bool any = false;
	const void *blob;
	size_t len;
	struct tpfmt *tp;

	for (size_t i = 0; i < nr; i++)
		if (pdata_attr(pd, i)->attr.type == PERF_TYPE_TRACEPOINT)
			any = true;
	if (!any)
		return NULL;
	if (!pdata_tracing_data(pd, &blob, &len)) {
		struct tracing_data *td = tracing_data_parse(blob, len);

		if (td) {
			tp = tpfmt_new((int)td->long_size, td->big_endian);
			if (tp) {
				for (size_t i = 0; i < td->nr_events; i++) {
					const struct tracing_event *e = &td->events[i];
					int ret = tpfmt_add_format(tp, e->system, e->format,
								   e->format_len);

					if (ret < 0 && ret != -EEXIST)
						pr_debug("cannot parse the format of %s:%s",
							 e->system, e->name);
				}
				if (td->printk_len)
					tpfmt_add_printk(tp, td->printk, td->printk_len);
				if (td->kallsyms_len)
					tpfmt_add_kallsyms(tp, td->kallsyms, td->kallsyms_len);
			}
			tracing_data_free(td);
			return tp;
		}
		pr_warn("the file's tracing data is malformed; using this machine's tracefs");
	}
	tp = tpfmt_new((int)sizeof(long), __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	if (!tp)
		return NULL;
	{
		struct tfs *t = tfs_open_mount();

		if (!t) {
			pr_warn("no tracing data in the file and no tracefs: tracepoint fields are not shown");
			return tp;
		}
		for (size_t i = 0; i < nr; i++) {
			const struct pdata_attr *a = pdata_attr(pd, i);
			struct strbuf sys = STRBUF_INIT, name = STRBUF_INIT;
			int id;

			if (a->attr.type != PERF_TYPE_TRACEPOINT)
				continue;
			if (split_tp_name(session_event_name(s, i), &sys, &name)) {
				id = tpfmt_load_tracefs(tp, t, sys.buf, name.buf);
				if (id >= 0 && (uint64_t)id != a->attr.config)
					pr_warn("event '%s' has another id on this machine: its fields may be wrong",
						session_event_name(s, i));
				else if (id < 0)
					pr_warn("no format for event '%s' in tracefs", session_event_name(s, i));
			}
			strbuf_release(&sys);
			strbuf_release(&name);
		}
		tfs_free(t);
	}
	return tp;
}
