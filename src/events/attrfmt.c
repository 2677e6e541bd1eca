// SPDX-License-Identifier: GPL-2.0
/*
 * The perf_event_attr field table: one row per field, in the order and
 * with the labels of perf's perf_event_attr__fprintf().
 */
#include "ptool/attrfmt.h"

#include <inttypes.h>

#include "ptool/sample.h"

/*
 * field, label, kind in the header, kind under -vv, printed under -vv
 * when 0. The unions print under both their names, reading the first.
 */
#define ATTRFMT_FIELDS(X)						\
	X(type, "type", UNSIGNED, UNSIGNED, false)			\
	X(size, "size", UNSIGNED, UNSIGNED, true)			\
	X(config, "config", HEX, HEX, false)				\
	X(sample_period, "{ sample_period, sample_freq }",		\
	  UNSIGNED, UNSIGNED, false)					\
	X(sample_type, "sample_type", SAMPLE_TYPE, SAMPLE_TYPE, false)	\
	X(read_format, "read_format", READ_FORMAT, READ_FORMAT, false)	\
	X(disabled, "disabled", UNSIGNED, UNSIGNED, false)		\
	X(inherit, "inherit", UNSIGNED, UNSIGNED, false)		\
	X(pinned, "pinned", UNSIGNED, UNSIGNED, false)			\
	X(exclusive, "exclusive", UNSIGNED, UNSIGNED, false)		\
	X(exclude_user, "exclude_user", UNSIGNED, UNSIGNED, false)	\
	X(exclude_kernel, "exclude_kernel", UNSIGNED, UNSIGNED, false)	\
	X(exclude_hv, "exclude_hv", UNSIGNED, UNSIGNED, false)		\
	X(exclude_idle, "exclude_idle", UNSIGNED, UNSIGNED, false)	\
	X(mmap, "mmap", UNSIGNED, UNSIGNED, false)			\
	X(comm, "comm", UNSIGNED, UNSIGNED, false)			\
	X(freq, "freq", UNSIGNED, UNSIGNED, false)			\
	X(inherit_stat, "inherit_stat", UNSIGNED, UNSIGNED, false)	\
	X(enable_on_exec, "enable_on_exec", UNSIGNED, UNSIGNED, false)	\
	X(task, "task", UNSIGNED, UNSIGNED, false)			\
	X(watermark, "watermark", UNSIGNED, UNSIGNED, false)		\
	X(precise_ip, "precise_ip", UNSIGNED, UNSIGNED, false)		\
	X(mmap_data, "mmap_data", UNSIGNED, UNSIGNED, false)		\
	X(sample_id_all, "sample_id_all", UNSIGNED, UNSIGNED, false)	\
	X(exclude_host, "exclude_host", UNSIGNED, UNSIGNED, false)	\
	X(exclude_guest, "exclude_guest", UNSIGNED, UNSIGNED, false)	\
	X(exclude_callchain_kernel, "exclude_callchain_kernel",		\
	  UNSIGNED, UNSIGNED, false)					\
	X(exclude_callchain_user, "exclude_callchain_user",		\
	  UNSIGNED, UNSIGNED, false)					\
	X(mmap2, "mmap2", UNSIGNED, UNSIGNED, false)			\
	X(comm_exec, "comm_exec", UNSIGNED, UNSIGNED, false)		\
	X(use_clockid, "use_clockid", UNSIGNED, UNSIGNED, false)	\
	X(context_switch, "context_switch", UNSIGNED, UNSIGNED, false)	\
	X(write_backward, "write_backward", UNSIGNED, UNSIGNED, false)	\
	X(namespaces, "namespaces", UNSIGNED, UNSIGNED, false)		\
	X(ksymbol, "ksymbol", UNSIGNED, UNSIGNED, false)		\
	X(bpf_event, "bpf_event", UNSIGNED, UNSIGNED, false)		\
	X(aux_output, "aux_output", UNSIGNED, UNSIGNED, false)		\
	X(cgroup, "cgroup", UNSIGNED, UNSIGNED, false)			\
	X(text_poke, "text_poke", UNSIGNED, UNSIGNED, false)		\
	X(build_id, "build_id", UNSIGNED, UNSIGNED, false)		\
	X(inherit_thread, "inherit_thread", UNSIGNED, UNSIGNED, false)	\
	X(remove_on_exec, "remove_on_exec", UNSIGNED, UNSIGNED, false)	\
	X(sigtrap, "sigtrap", UNSIGNED, UNSIGNED, false)		\
	X(wakeup_events, "{ wakeup_events, wakeup_watermark }",		\
	  UNSIGNED, UNSIGNED, false)					\
	X(bp_type, "bp_type", UNSIGNED, UNSIGNED, false)		\
	X(config1, "{ bp_addr, config1 }", HEX, HEX, false)		\
	X(config2, "{ bp_len, config2 }", HEX, HEX, false)		\
	X(branch_sample_type, "branch_sample_type", BRANCH_TYPE, HEX,	\
	  false)							\
	X(sample_regs_user, "sample_regs_user", HEX, HEX, false)	\
	X(sample_stack_user, "sample_stack_user", UNSIGNED, UNSIGNED,	\
	  false)							\
	X(clockid, "clockid", SIGNED, SIGNED, false)			\
	X(sample_regs_intr, "sample_regs_intr", HEX, HEX, false)	\
	X(aux_watermark, "aux_watermark", UNSIGNED, UNSIGNED, false)	\
	X(sample_max_stack, "sample_max_stack", UNSIGNED, UNSIGNED,	\
	  false)							\
	X(aux_sample_size, "aux_sample_size", UNSIGNED, UNSIGNED, false) \
	X(sig_data, "sig_data", UNSIGNED, HEX, false)

/* a signed field (clockid) is sign-extended by the conversion */
#define GETTER(f, ...)							\
	static uint64_t get_##f(const struct perf_event_attr *a)	\
	{								\
		return (uint64_t)a->f;					\
	}
ATTRFMT_FIELDS(GETTER)
#undef GETTER

#define ROW(f, label, kind, vv_kind, vv_always)				\
	{ label, get_##f, ATTRFMT_##kind, ATTRFMT_##vv_kind, vv_always },
const struct attrfmt_field attrfmt_fields[] = {
	ATTRFMT_FIELDS(ROW)
};
#undef ROW

const size_t attrfmt_nr_fields =
	sizeof(attrfmt_fields) / sizeof(attrfmt_fields[0]);

bool attrfmt_value(const struct attrfmt_field *f,
		   const struct perf_event_attr *a, enum attrfmt_style style,
		   struct strbuf *out)
{
	bool vv = style == ATTRFMT_VERBOSE;
	uint64_t v = f->get(a);

	if (!v && !(vv && f->vv_always))
		return false;
	switch (vv ? f->vv_kind : f->kind) {
	case ATTRFMT_UNSIGNED:
		strbuf_addf(out, "%" PRIu64, v);
		break;
	case ATTRFMT_SIGNED:
		strbuf_addf(out, "%" PRId64, (int64_t)v);
		break;
	case ATTRFMT_HEX:
		strbuf_addf(out, "%#" PRIx64, v);
		break;
	case ATTRFMT_SAMPLE_TYPE:
		sample_bits_str(out, SAMPLE_BITS_TYPE, v);
		break;
	case ATTRFMT_READ_FORMAT:
		sample_bits_str(out, SAMPLE_BITS_READ_FORMAT, v);
		break;
	case ATTRFMT_BRANCH_TYPE:
		sample_bits_str(out, SAMPLE_BITS_BRANCH, v);
		break;
	}
	return true;
}

void attrfmt_for_each(const struct perf_event_attr *a,
		      enum attrfmt_style style,
		      void (*fn)(const char *name, const char *value,
				 void *arg),
		      void *arg)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < attrfmt_nr_fields; i++) {
		strbuf_reset(&sb);
		if (attrfmt_value(&attrfmt_fields[i], a, style, &sb))
			fn(attrfmt_fields[i].name, sb.buf, arg);
	}
	strbuf_release(&sb);
}
