// SPDX-License-Identifier: GPL-2.0
#include "ptool/cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ptool/msg.h"
#include "ptool/strbuf.h"

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
