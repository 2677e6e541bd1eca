// SPDX-License-Identifier: GPL-2.0
/*
 * ptool: main(), global flags and the command table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/cmd.h"
#include "ptool/help.h"
#include "ptool/msg.h"
#include "ptool/pager.h"
#include "ptool/parse.h"
#include "ptool/strbuf.h"
#include "ptool/sysroots.h"

#ifndef PTOOL_VERSION
#define PTOOL_VERSION "0.0.0"
#endif

/* the command's output goes through the pager on a terminal */
#define CMD_PAGER	(1u << 0)

struct cmd {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
	unsigned int flags;
};

static const struct cmd commands[] = {
	{ "stat",   cmd_stat,   "count events while a command runs" },
	{ "record", cmd_record, "sample into a perf.data file" },
	{ "top",    cmd_top,    "live profile of the system or a process" },
	{ "report", cmd_report, "summarize a perf.data file", CMD_PAGER },
	{ "annotate", cmd_annotate, "show where in a function the samples fall", CMD_PAGER },
	{ "script", cmd_script, "print samples or folded stacks", CMD_PAGER },
	{ "diff",   cmd_diff,   "compare the profiles of perf.data files", CMD_PAGER },
	{ "sched",  cmd_sched,  "record and analyse context switches" },
	{ "trace",  cmd_trace,  "trace system calls, as strace" },
	{ "probe",  cmd_probe,  "add, list or delete k/uprobes" },
	{ "list",   cmd_list,   "list the events this machine offers", CMD_PAGER },
	{ "version", cmd_version, "the version and the build options" },
};

static void usage(FILE *f)
{
	fprintf(f, "\n usage: ptool [--version] [-v] [--help] [--no-pager | -P] <command> [<args>]\n\n"
		   " The commands are:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "   %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n See 'ptool help <command>' or 'ptool <command> -h' for the options of a command.\n\n");
}

static const struct cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int unknown_cmd(const char *name)
{
	int n = 0;

	fprintf(stderr, "ptool: '%s' is not a ptool command. See 'ptool --help'.\n", name);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		const char *c = commands[i].name;

		if (parse_distance(name, c) <= 2 || !strncmp(name, c, strlen(name))) {
			fprintf(stderr, "%s\t%s\n",
				n++ ? "" : "\nThe most similar command is", c);
		}
	}
	return PTOOL_EXIT_USAGE;
}

static int finish_stdout(int status)
{
	/*
	 * A full disk or a closed pipe must not look like success. A command
	 * that failed has said why already: one error line, not two.
	 */
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE && !status)
			fprintf(stderr, "ptool: write error on standard output%s%s\n",
				errno ? ": " : "", errno ? strerror(errno) : "");
		return status ? status : PTOOL_EXIT_FAIL;
	}
	errno = 0;
	if (fclose(stdout) && errno != EPIPE) {
		if (!status)
			fprintf(stderr, "ptool: write error on standard output: %s\n",
				strerror(errno));
		return status ? status : PTOOL_EXIT_FAIL;
	}
	return status;
}

/* the man page through man, else the -h text */
static int show_help(const struct cmd *cmd)
{
	static char prefix[64];
	const char *hargv[] = { cmd->name, "-h", NULL };
	char page[64];

	snprintf(page, sizeof(page), "ptool-%s", cmd->name);
	help_man(page);
	snprintf(prefix, sizeof(prefix), "ptool %s", cmd->name);
	msg_set_prefix(prefix);
	return finish_stdout(cmd->fn(2, hargv));
}

int main(int argc, const char **argv)
{
	static char prefix[64];
	struct sysroots roots;
	const struct cmd *cmd;
	int verbose = 0;
	int status;

	argv++;
	argc--;
	while (argc > 0 && argv[0][0] == '-') {
		const char *a = argv[0];

		if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("ptool version %s\n", PTOOL_VERSION);
			return finish_stdout(PTOOL_EXIT_OK);
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return finish_stdout(PTOOL_EXIT_OK);
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			verbose++;
		} else if (!strcmp(a, "-vv")) {
			verbose += 2;
		} else if (!strcmp(a, "--list-cmds")) {
			/* for shell completion, as perf --list-cmds */
			for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
				printf("%s\n", commands[i].name);
			printf("help\n");
			return finish_stdout(PTOOL_EXIT_OK);
		} else if (!strcmp(a, "--no-pager")) {
			pager_set_mode(PAGER_NEVER);
		} else if (!strcmp(a, "-P") || !strcmp(a, "--paginate")) {
			pager_set_mode(PAGER_ALWAYS);
		} else {
			fprintf(stderr, "ptool: unknown option '%s'\n", a);
			usage(stderr);
			return PTOOL_EXIT_USAGE;
		}
		argv++;
		argc--;
	}
	msg_set_verbose(verbose);
	cmd_sysroots_from_env(&roots);
	sysroots_set(&roots);
	if (argc == 0) {
		usage(stdout);
		return finish_stdout(PTOOL_EXIT_USAGE);
	}
	if (!strcmp(argv[0], "help")) {
		if (argc < 2) {
			usage(stdout);
			return finish_stdout(PTOOL_EXIT_OK);
		}
		cmd = find_cmd(argv[1]);
		if (!cmd)
			return unknown_cmd(argv[1]);
		return show_help(cmd);
	}
	cmd = find_cmd(argv[0]);
	if (!cmd)
		return unknown_cmd(argv[0]);
	/* "ptool report --help" is "ptool help report", as in git */
	if (argc > 1 && !strcmp(argv[1], "--help"))
		return show_help(cmd);
	snprintf(prefix, sizeof(prefix), "ptool %s", cmd->name);
	msg_set_prefix(prefix);
	if ((cmd->flags & CMD_PAGER) || pager_mode() == PAGER_ALWAYS)
		pager_start();
	status = finish_stdout(cmd->fn(argc, argv));
	pager_finish();
	return status;
}
