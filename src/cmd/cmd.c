// SPDX-License-Identifier: GPL-2.0
#include "ptool/cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ptool/msg.h"
#include "ptool/pdata.h"
#include "ptool/strbuf.h"
#include "ptool/target.h"

int cmd_fail(int err, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (err)
		strbuf_addf(&sb, ": %s", strerror(err < 0 ? -err : err));
	pr_err("%s", sb.buf);
	strbuf_release(&sb);
	return PTOOL_EXIT_FAIL;
}

int cmd_usage_fail(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	pr_err("%s", sb.buf);
	fprintf(stderr, "Run '%s -h' for the options.\n", msg_prefix());
	strbuf_release(&sb);
	return PTOOL_EXIT_USAGE;
}

int cmd_check_target(struct target *t, struct strbuf *warn)
{
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	if (target_validate(t, &err, warn))
		ret = cmd_usage_fail("%s", err.buf);
	strbuf_release(&err);
	return ret;
}

void cmd_warn_unfinished(const struct pdata *p, const char *name)
{
	const struct pdata_stats *st = pdata_stats(p);
	const char *why = pdata_unfinished(p);
	uint64_t off, size, nr = 0;

	if (!why)
		return;
	pdata_data_section(p, &off, &size);
	for (size_t i = 0; i < PDATA_RECORD_HEADER_MAX; i++)
		nr += st->nr_records[i];
	if (st->cut_bytes)
		pr_warn("'%s' is an unfinished recording (%s): read %llu records "
			"(%llu bytes); lost a cut record (%llu bytes) and the "
			"feature sections, so symbols and tracepoint formats come "
			"from this system's files",
			name, why, (unsigned long long)nr,
			(unsigned long long)(size - st->cut_bytes),
			(unsigned long long)st->cut_bytes);
	else
		pr_warn("'%s' is an unfinished recording (%s): read %llu records "
			"(%llu bytes); lost the feature sections, so symbols and "
			"tracepoint formats come from this system's files",
			name, why, (unsigned long long)nr,
			(unsigned long long)size);
}
