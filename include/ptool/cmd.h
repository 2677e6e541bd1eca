/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_CMD_H
#define PTOOL_CMD_H

/*
 * The subcommands. Adding one: write src/cmd/<name>.c with cmd_<name>(),
 * declare it here, add its row to commands[] in src/ptool.c, then write
 * docs/ptool-<name>.md and tests/integration/<name>-*.sh.
 */

/* Exit status of ptool and of every cmd_*() */
#define PTOOL_EXIT_OK		0	/* success */
#define PTOOL_EXIT_FAIL		1	/* failure, after a message */
#define PTOOL_EXIT_USAGE	2	/* bad command line, and an -e that names
					 * no event (stat and record alike; an
					 * unreadable tracefs is a failure, 1) */
#define PTOOL_EXIT_NOEXEC	127	/* the workload could not be run */
/* a command that runs a workload returns the workload's status otherwise */

int cmd_stat(int argc, const char **argv);
int cmd_record(int argc, const char **argv);
int cmd_top(int argc, const char **argv);
int cmd_report(int argc, const char **argv);
int cmd_annotate(int argc, const char **argv);
int cmd_script(int argc, const char **argv);
int cmd_diff(int argc, const char **argv);
int cmd_sched(int argc, const char **argv);
int cmd_trace(int argc, const char **argv);
int cmd_probe(int argc, const char **argv);
int cmd_list(int argc, const char **argv);
int cmd_version(int argc, const char **argv);

/**
 * cmd_fail - print "<prefix>: <msg>[: strerror(-err)]" and return 1
 * @err: 0, or a negative errno whose text is appended
 */
int cmd_fail(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

struct pdata;

/**
 * cmd_warn_unfinished - after a read of @p, one warning when it is an
 * unfinished recording (pdata_unfinished()): what was read, what was lost
 * @name: the file name the user gave
 */
void cmd_warn_unfinished(const struct pdata *p, const char *name);

/**
 * cmd_usage_fail - print "<prefix>: <msg>" and a hint to -h, return 2
 */
int cmd_usage_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

struct strbuf;
struct target;

/**
 * cmd_check_target - target_validate(@t), its error printed as a usage
 * failure (return 2); perf's warning when -a or -C was dropped is left in
 * @warn for the command to print its way
 * Returns 0 or PTOOL_EXIT_USAGE.
 */
int cmd_check_target(struct target *t, struct strbuf *warn);

struct sysroots;

/**
 * cmd_sysroots_from_env - the tracefs, sysfs and procfs roots from
 * $PTOOL_TRACEFS, $PTOOL_SYSFS and $PTOOL_PROCFS (test seams; unset: the
 * real ones), for main() to hand to sysroots_set()
 */
void cmd_sysroots_from_env(struct sysroots *r);

#endif
