// SPDX-License-Identifier: GPL-2.0
#include "ptool/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptool/annotate.h"
#include "ptool/disasm.h"
#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/parse.h"
#include "ptool/session.h"
#include "ptool/strbuf.h"

static const char *const annotate_usage[] = {
	"ptool annotate [<options>] [<symbol>...]",
	NULL,
};

struct annotate_cmd_opts {
	const char *input;
	bool force;
	const char *vmlinux;
	struct opt_strlist syms;
	const char *dsos;
	bool stdio;
	bool print_line;
	bool source;
	const char *style;
	const char *percent_type;
	bool asm_raw;
	bool skip_missing;
	double percent_limit;
	const char *objdump;
	int verbose;
};

struct run {
	struct annotate_cmd_opts *o;
	const char **syms;
	int nr_syms;
	struct annotate *a;
	bool *matched;
};

/* comma-separated list membership */
static int on_sample(struct session *s, const struct session_sample *ss, void *arg)
{
	struct run *r = arg;
	const struct session_frame *f = ss->ip_frame;

	annotate_note(r->a, f);
	/*
	 * perf annotate leaves the samples its filters reject out of the
	 * totals too: with a symbol named, global shares are local ones
	 */
	if (r->o->dsos && (!f || (!parse_in_list(r->o->dsos, f->dso_name) &&
				  !parse_in_list(r->o->dsos, f->dso_path))))
		return 0;
	if (r->nr_syms) {
		int i;

		for (i = 0; i < r->nr_syms; i++)
			if (f && f->sym_name && !strcmp(f->sym_name, r->syms[i]))
				break;
		if (i == r->nr_syms)
			return 0;
		r->matched[i] = true;
	}
	annotate_add(r->a, ss->attr_idx, f, ss->period);
	return 0;
}

static int parse_percent_type(const char *s, enum annotate_percent *p)
{
	static const struct { const char *name; enum annotate_percent p; } types[] = {
		{ "local-period", ANNOTATE_LOCAL_PERIOD },
		{ "global-period", ANNOTATE_GLOBAL_PERIOD },
		{ "local-hits", ANNOTATE_LOCAL_HITS },
		{ "global-hits", ANNOTATE_GLOBAL_HITS },
		{ "period-local", ANNOTATE_LOCAL_PERIOD },
		{ "period-global", ANNOTATE_GLOBAL_PERIOD },
		{ "hits-local", ANNOTATE_LOCAL_HITS },
		{ "hits-global", ANNOTATE_GLOBAL_HITS },
	};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		if (!strcmp(s, types[i].name)) {
			*p = types[i].p;
			return 0;
		}
	}
	return -EINVAL;
}

/* the checks after opt_parse(), and what they give annotate_new() */
static int check_opts(struct annotate_cmd_opts *o, struct annotate_opts *ao)
{
	if (o->verbose)
		msg_set_verbose(msg_verbose() + o->verbose);
	if (o->percent_type && parse_percent_type(o->percent_type, &ao->percent))
		return cmd_usage_fail("invalid --percent-type '%s' (local-period, global-period, local-hits, global-hits)",
				      o->percent_type);
	if (o->style && strcmp(o->style, "att") && strcmp(o->style, "intel"))
		return cmd_usage_fail("invalid --disassembler-style '%s' (att or intel)", o->style);
	if (o->percent_limit < 0 || o->percent_limit > 100)
		return cmd_usage_fail("--percent-limit must be between 0 and 100");
	if (o->vmlinux && access(o->vmlinux, R_OK))
		return cmd_fail(-errno, "cannot read vmlinux '%s'", o->vmlinux);
	if (o->objdump && strcmp(disasm_backend(), "objdump"))
		pr_warn("--objdump '%s' is not used: this build disassembles in-process (%s)",
			o->objdump, disasm_backend());
	ao->source = o->source;
	ao->print_line = o->print_line;
	ao->asm_raw = o->asm_raw;
	ao->intel = o->style && !strcmp(o->style, "intel");
	ao->skip_missing = o->skip_missing;
	ao->percent_limit = o->percent_limit;
	ao->objdump = o->objdump;
	return 0;
}

/* the input file's session; NULL after a message */
static struct session *open_input(struct annotate_cmd_opts *o)
{
	struct session_opts so = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct session *s;
	struct stat st;

	if (!o->input || !*o->input) {
		if (!fstat(STDIN_FILENO, &st) && S_ISFIFO(st.st_mode))
			o->input = "-";
		else
			o->input = "perf.data";
	}
	so.path = o->input;
	so.force = o->force;
	so.vmlinux = o->vmlinux;
	/*
	 * kernel code is not annotated: without -k, reading kallsyms would
	 * only name the samples that are left out
	 */
	if (!o->vmlinux)
		so.kallsyms = "/dev/null";
	so.no_inline = true;
	s = session_open(&so, &err);
	if (!s) {
		if (errno == ENOENT && !strcmp(o->input, "perf.data"))
			cmd_fail(0, "%s (try 'ptool record' first)", err.buf);
		else
			cmd_fail(0, "%s", err.buf);
	}
	strbuf_release(&err);
	return s;
}

/* every symbol named has samples; 0, or 1 after a message */
static int check_matched(const struct run *r, struct strbuf *err)
{
	if (annotate_check_objects(r->a, err) && !annotate_nr_syms(r->a)) {
		strbuf_rtrim(err);
		return cmd_fail(0, "%s", err->buf);
	}
	for (int i = 0; i < r->nr_syms; i++) {
		if (!r->matched[i]) {
			if (err->len) {
				strbuf_rtrim(err);
				pr_err("%s", err->buf);
			}
			return cmd_fail(0, "no samples in symbol '%s' in '%s'",
					r->syms[i], r->o->input);
		}
	}
	return 0;
}

/* the annotations of every event, then a line per symbol not shown */
static int print_all(const struct run *r, struct session *s,
		     struct strbuf *err)
{
	int printed = 0;

	for (size_t ev = 0; ev < session_nr_events(s); ev++) {
		int n = annotate_print(r->a, stdout, (int)ev, session_event_name(s, ev), err);

		if (n < 0)
			return cmd_fail(n, "cannot write the annotation");
		printed += n;
	}
	if (err->len) {
		char *line = err->buf;

		while (line && *line) {
			char *nl = strchr(line, '\n');

			if (nl)
				*nl = 0;
			pr_err("%s", line);
			line = nl ? nl + 1 : NULL;
		}
	}
	if (!printed && !annotate_nr_syms(r->a)) {
		pr_err("'%s' has no samples with a symbol to annotate", r->o->input);
		return PTOOL_EXIT_FAIL;
	}
	return printed || !err->len ? PTOOL_EXIT_OK : PTOOL_EXIT_FAIL;
}

int cmd_annotate(int argc, const char **argv)
{
	struct annotate_cmd_opts o = { .source = true };
	struct annotate_opts ao = { .source = true };
	struct run r = { .o = &o };
	struct strbuf err = STRBUF_INIT;
	struct session *s = NULL;
	int ret = PTOOL_EXIT_OK;
	const struct opt options[] = {
		OPT_STR('i', "input", &o.input, "FILE", "input file name (default perf.data, - for a pipe)"),
		OPT_BOOL('f', "force", &o.force, "read a file owned by another user"),
		OPT_STR('k', "vmlinux", &o.vmlinux, "FILE", "vmlinux with kernel symbols"),
		OPT_STRLIST('s', "symbol", &o.syms, "SYM", "annotate this symbol (repeatable)"),
		OPT_STR('d', "dsos", &o.dsos, "LIST", "only symbols of these shared objects"),
		OPT_BOOL(0, "stdio", &o.stdio, "text output (the only output)"),
		OPT_BOOL('l', "print-line", &o.print_line, "a summary of source lines by share first"),
		OPT_BOOL(0, "source", &o.source, "interleave source lines (default; --no-source)"),
		OPT_STR('M', "disassembler-style", &o.style, "att|intel", "instruction syntax (default att)"),
		OPT_STR(0, "percent-type", &o.percent_type, "TYPE",
			"local-period (default), global-period, local-hits, global-hits"),
		OPT_BOOL(0, "asm-raw", &o.asm_raw, "show the instruction bytes"),
		OPT_BOOL(0, "skip-missing", &o.skip_missing, "skip symbols whose object cannot be read"),
		OPT_DOUBLE(0, "percent-limit", &o.percent_limit, "PCT", "leave out symbols under this percentage"),
		OPT_STR(0, "objdump", &o.objdump, "PATH", "objdump binary (used only by builds without capstone)"),
		OPT_INCR('v', "verbose", &o.verbose, "more messages"),
		OPT_END(),
	};

	argc = opt_parse(argc, argv, options, annotate_usage, 0);
	if (argc < 0) {
		ret = opt_exit_status(argc);
		goto out;
	}
	ret = check_opts(&o, &ao);
	if (ret)
		goto out;

	/* the symbols: -s SYM and the operands */
	r.syms = xcalloc((size_t)(o.syms.nr + argc) + 1, sizeof(*r.syms));
	for (int i = 0; i < o.syms.nr; i++)
		r.syms[r.nr_syms++] = o.syms.v[i];
	for (int i = 0; i < argc; i++)
		r.syms[r.nr_syms++] = argv[i];
	r.matched = xcalloc((size_t)r.nr_syms + 1, sizeof(*r.matched));

	s = open_input(&o);
	if (!s) {
		ret = PTOOL_EXIT_FAIL;
		goto out;
	}
	r.a = annotate_new(&ao);
	if (session_for_each_sample(s, SESSION_NO_UNWIND, on_sample, &r) < 0) {
		ret = cmd_fail(0, "%s", session_strerror(s));
		goto out;
	}
	ret = check_matched(&r, &err);
	if (!ret)
		ret = print_all(&r, s, &err);
out:
	annotate_free(r.a);
	session_free(s);
	free(r.syms);
	free(r.matched);
	opt_strlist_release(&o.syms);
	strbuf_release(&err);
	return ret;
}
