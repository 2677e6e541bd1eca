// SPDX-License-Identifier: GPL-2.0
#include "ptool/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/sched.h"
#include "ptool/session.h"
#include "ptool/strbuf.h"

static const char *const sched_usage[] = {
	"ptool sched record [<options>] [--] [<command>]",
	"or: ptool sched timehist [<options>]",
	"or: ptool sched latency [<options>]",
	"or: ptool sched map [<options>]",
	NULL,
};

static const char *const record_usage[] = {
	"ptool sched record [<options>] [--] [<command>]",
	NULL,
};

static const char *const timehist_usage[] = {
	"ptool sched timehist [<options>]",
	NULL,
};

/* what perf sched record records (perf 6.1, without schedstats) */
static const char *const sched_events[] = {
	"sched:sched_switch",
	"sched:sched_stat_runtime",
	"sched:sched_process_fork",
	"sched:sched_wakeup_new",
	"sched:sched_migrate_task",
	"sched:sched_waking",
};

/*
 * ptool sched record: ptool record with perf sched record's arguments,
 * "-a -R -m 1024 -c 1 -e sched:...", plus what the user adds
 */
static int sched_record(int argc, const char **argv)
{
	const char **args;
	int n = 0, ret;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("\n Usage: %s\n\n"
		       "    Records %s", record_usage[0],
		       "the sched tracepoints system-wide while <command> runs\n"
		       "    (or until Ctrl-C), as perf sched record does; every option\n"
		       "    is passed to 'ptool record' (-g, -o FILE, -C, ...).\n\n");
		return PTOOL_EXIT_OK;
	}
	args = xcalloc((size_t)argc + 2 * ARRAY_SIZE(sched_events) + 16, sizeof(*args));
	args[n++] = "record";
	args[n++] = "-a";
	args[n++] = "-R";
	args[n++] = "-m";
	args[n++] = "1024";
	args[n++] = "-c";
	args[n++] = "1";
	for (size_t i = 0; i < ARRAY_SIZE(sched_events); i++) {
		args[n++] = "-e";
		args[n++] = sched_events[i];
	}
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	ret = cmd_record(n, args);
	free(args);
	return ret;
}

static int sched_timehist_cmd(int argc, const char **argv)
{
	struct sched_opts so = { .callchain = true, .max_stack = 5 };
	const char *input = NULL, *vmlinux = NULL, *kallsyms = NULL;
	bool force = false;
	const struct opt options[] = {
		OPT_STR('i', "input", &input, "FILE", "input file name (default perf.data)"),
		OPT_BOOL('f', "force", &force, "read a file owned by another user"),
		OPT_STR('k', "vmlinux", &vmlinux, "FILE", "vmlinux with kernel symbols"),
		OPT_STR(0, "kallsyms", &kallsyms, "FILE", "kallsyms file (default /proc/kallsyms)"),
		OPT_BOOL('g', "call-graph", &so.callchain, "show the call chain of the switch-out when recorded (default on)"),
		OPT_UINT(0, "max-stack", &so.max_stack, "N", "functions of the call chain shown (default 5)"),
		OPT_BOOL('s', "summary", &so.summary_only, "only the per-task summary"),
		OPT_BOOL('S', "with-summary", &so.with_summary, "the lines and the per-task summary"),
		OPT_BOOL('w', "wakeups", &so.wakeups, "show wakeup events"),
		OPT_BOOL('M', "migrations", &so.migrations, "show migration events"),
		OPT_BOOL('V', "cpu-visual", &so.cpu_visual, "a column per cpu"),
		OPT_BOOL('n', "next", &so.next, "show the task switched in"),
		OPT_BOOL(0, "state", &so.state, "show the state of the task switched out"),
		OPT_STR('p', "pid", &so.pids, "PIDS", "only these process ids (comma list)"),
		OPT_STR('t', "tid", &so.tids, "TIDS", "only these thread ids (comma list)"),
		OPT_END(),
	};
	struct session_opts sopts = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct session *s;
	int ret = PTOOL_EXIT_OK;

	argc = opt_parse(argc, argv, options, timehist_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (argc > 0)
		return cmd_usage_fail("unexpected argument '%s'", argv[0]);
	sopts.path = input && *input ? input : "perf.data";
	sopts.force = force;
	sopts.vmlinux = vmlinux;
	sopts.kallsyms = kallsyms;
	s = session_open(&sopts, &err);
	if (!s || sched_timehist(s, &so, stdout, &err))
		ret = cmd_fail(0, "%s", err.buf);
	strbuf_release(&err);
	session_free(s);
	return ret;
}

struct sched_verb {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
};

static const char *const latency_usage[] = {
	"ptool sched latency [<options>]",
	NULL,
};

static int sched_latency_cmd(int argc, const char **argv)
{
	struct sched_lat_opts lo = { 0 };
	const char *input = NULL;
	bool force = false;
	const struct opt options[] = {
		OPT_STR('i', "input", &input, "FILE", "input file name (default perf.data)"),
		OPT_BOOL('f', "force", &force, "read a file owned by another user"),
		OPT_STR('s', "sort", &lo.sort, "KEYS", "sort by keys: avg, max, switch, runtime, pid (default avg,max,switch,runtime)"),
		OPT_BOOL('p', "pids", &lo.per_pid, "a row per thread instead of per command name"),
		OPT_BOOL(0, "hist", &lo.hist, "a log2 histogram of the scheduling delays (usecs)"),
		OPT_BOOL(0, "hist-per-task", &lo.hist_per_task, "with --hist, one histogram per row"),
		OPT_END(),
	};
	struct session_opts sopts = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct session *s;
	int ret = PTOOL_EXIT_OK;

	argc = opt_parse(argc, argv, options, latency_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (argc > 0)
		return cmd_usage_fail("unexpected argument '%s'", argv[0]);
	if (lo.sort && sched_lat_parse_sort(lo.sort))
		return cmd_usage_fail("invalid --sort '%s' (keys: avg, max, switch, runtime, pid)", lo.sort);
	if (lo.hist_per_task)
		lo.hist = true;
	sopts.path = input && *input ? input : "perf.data";
	sopts.force = force;
	s = session_open(&sopts, &err);
	if (!s || sched_latency(s, &lo, stdout, &err))
		ret = cmd_fail(0, "%s", err.buf);
	strbuf_release(&err);
	session_free(s);
	return ret;
}

static const char *const map_usage[] = {
	"ptool sched map [<options>]",
	NULL,
};

static int sched_map_cmd(int argc, const char **argv)
{
	struct sched_map_opts mo = { 0 };
	const char *input = NULL;
	bool force = false;
	const struct opt options[] = {
		OPT_STR('i', "input", &input, "FILE", "input file name (default perf.data)"),
		OPT_BOOL('f', "force", &force, "read a file owned by another user"),
		OPT_BOOL(0, "compact", &mo.compact, "a column only per cpu that switched"),
		OPT_END(),
	};
	struct session_opts sopts = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct session *s;
	int ret = PTOOL_EXIT_OK;

	argc = opt_parse(argc, argv, options, map_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (argc > 0)
		return cmd_usage_fail("unexpected argument '%s'", argv[0]);
	sopts.path = input && *input ? input : "perf.data";
	sopts.force = force;
	s = session_open(&sopts, &err);
	if (!s || sched_map(s, &mo, stdout, &err))
		ret = cmd_fail(0, "%s", err.buf);
	strbuf_release(&err);
	session_free(s);
	return ret;
}

static const struct sched_verb verbs[] = {
	{ "record",   sched_record,       "record the sched tracepoints" },
	{ "timehist", sched_timehist_cmd, "context switches with wait, delay and run times" },
	{ "latency",  sched_latency_cmd,  "scheduling delays per task (and their histogram)" },
	{ "map",      sched_map_cmd,      "which task ran on each cpu, switch by switch" },
};

int cmd_sched(int argc, const char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		FILE *f = argc < 2 ? stderr : stdout;

		fprintf(f, "\n Usage: %s\n", sched_usage[0]);
		for (size_t i = 1; sched_usage[i]; i++)
			fprintf(f, "   %s\n", sched_usage[i]);
		fputc('\n', f);
		for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
			fprintf(f, "   %-10s %s\n", verbs[i].name, verbs[i].help);
		fputc('\n', f);
		return argc < 2 ? PTOOL_EXIT_USAGE : PTOOL_EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (!strcmp(argv[1], verbs[i].name))
			return verbs[i].fn(argc - 1, argv + 1);
	return cmd_usage_fail("unknown subcommand '%s'", argv[1]);
}
