// SPDX-License-Identifier: GPL-2.0
#include "ptool/msg.h"

#include <stdarg.h>
#include <stdio.h>

#include "ptool/strbuf.h"

static const char *prefix = "ptool";
static int verbose;

void msg_set_prefix(const char *p)
{
	prefix = p ? p : "ptool";
}

const char *msg_prefix(void)
{
	return prefix;
}

void msg_set_verbose(int level)
{
	verbose = level;
}

int msg_verbose(void)
{
	return verbose;
}

__attribute__((format(printf, 2, 0)))
static void vmsg(const char *lead, const char *fmt, va_list ap)
{
	if (lead)
		fprintf(stderr, "%s: %s", prefix, lead);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void pr_debug(const char *fmt, ...)
{
	va_list ap;

	if (verbose < 1)
		return;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void pr_debug2(const char *fmt, ...)
{
	va_list ap;

	if (verbose < 2)
		return;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void msg_add_err(struct strbuf *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
}
