/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OPT_H
#define PTOOL_OPT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Table-driven option parsing on top of getopt_long(3). The table also
 * produces the -h text. opt_parse() never exits: on bad input it prints
 * "ptool <cmd>: unknown option '--frq'" (or what was wrong) and returns
 * OPT_ERR; after printing -h it returns OPT_HELP. A callback returns 0,
 * non-zero after printing what was wrong, or OPT_HELP after printing what
 * was asked of it (a list, as record's --user-regs=?): opt_parse() then
 * returns OPT_HELP too.
 */

enum opt_type {
	OPT_T_END,
	OPT_T_GROUP,	/* a heading in the help text */
	OPT_T_BOOL,	/* bool; --no-<name> clears it */
	OPT_T_INCR,	/* int counter, each use adds one (-v -v) */
	OPT_T_INT,	/* int */
	OPT_T_UINT,	/* unsigned int */
	OPT_T_U64,	/* uint64_t, via parse_u64() */
	OPT_T_DOUBLE,	/* double */
	OPT_T_STR,	/* const char *, points into argv */
	OPT_T_STRLIST,	/* struct opt_strlist, one entry per use */
	OPT_T_CALLBACK,	/* cb(opt, arg, unset) */
};

/* flags */
#define OPT_NOARG	(1u << 0)	/* callback takes no argument */
#define OPT_OPTARG	(1u << 1)	/* argument is optional (--opt=ARG) */
#define OPT_HIDDEN	(1u << 2)	/* not shown by -h */
#define OPT_NONEG	(1u << 3)	/* no --no-<name> form */

struct opt;
typedef int (*opt_cb)(const struct opt *opt, const char *arg, bool unset);

struct opt {
	enum opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;
	const char *help;
	unsigned int flags;
	opt_cb cb;
};

/** A repeatable string option: every use appends (e.g. -e a -e b). */
struct opt_strlist {
	const char **v;
	int nr;
	int alloc;
};

/** opt_strlist_release - free the array (the strings belong to argv) */
void opt_strlist_release(struct opt_strlist *l);

#define OPT_END() { OPT_T_END, 0, NULL, NULL, NULL, NULL, 0, NULL }
#define OPT_GROUP(h) { OPT_T_GROUP, 0, NULL, NULL, NULL, (h), 0, NULL }
#define OPT_BOOL(s, l, v, h) { OPT_T_BOOL, (s), (l), (v), NULL, (h), 0, NULL }
#define OPT_INCR(s, l, v, h) { OPT_T_INCR, (s), (l), (v), NULL, (h), OPT_NONEG, NULL }
#define OPT_INT(s, l, v, a, h) { OPT_T_INT, (s), (l), (v), (a), (h), 0, NULL }
#define OPT_UINT(s, l, v, a, h) { OPT_T_UINT, (s), (l), (v), (a), (h), 0, NULL }
#define OPT_U64(s, l, v, a, h) { OPT_T_U64, (s), (l), (v), (a), (h), 0, NULL }
#define OPT_DOUBLE(s, l, v, a, h) { OPT_T_DOUBLE, (s), (l), (v), (a), (h), 0, NULL }
#define OPT_STR(s, l, v, a, h) { OPT_T_STR, (s), (l), (v), (a), (h), 0, NULL }
#define OPT_STRLIST(s, l, v, a, h) { OPT_T_STRLIST, (s), (l), (v), (a), (h), 0, NULL }
#define OPT_CALLBACK(s, l, v, a, h, f) { OPT_T_CALLBACK, (s), (l), (v), (a), (h), 0, (f) }
#define OPT_CALLBACK_NOARG(s, l, v, h, f) { OPT_T_CALLBACK, (s), (l), (v), NULL, (h), OPT_NOARG, (f) }
#define OPT_CALLBACK_OPTARG(s, l, v, a, h, f) { OPT_T_CALLBACK, (s), (l), (v), (a), (h), OPT_OPTARG, (f) }

/* opt_parse() flags */
#define OPT_STOP_AT_NON_OPTION	(1u << 0)	/* the first non-option ends parsing (workload) */
#define OPT_KEEP_DASHDASH	(1u << 1)	/* leave "--" in the remaining arguments */

#define OPT_ERR  (-1)
#define OPT_HELP (-2)

/**
 * opt_parse - parse @argv[1..] against @opts
 * @argc: argument count, argv[0] is the command name ("record")
 * @argv: the arguments; on return argv[0..ret-1] are the non-option arguments
 * @opts: the table, ended by OPT_END()
 * @usage: NULL-terminated usage lines for -h ("ptool record [<options>] [<command>]")
 * @flags: OPT_STOP_AT_NON_OPTION, OPT_KEEP_DASHDASH
 *
 * Returns the number of remaining arguments (moved to the front of @argv),
 * OPT_ERR after printing what was wrong, or OPT_HELP after printing -h.
 */
int opt_parse(int argc, const char **argv, const struct opt *opts,
	      const char *const *usage, unsigned int flags);

/** opt_usage - print the -h text to stdout */
void opt_usage(const char *const *usage, const struct opt *opts);

/** opt_exit_status - 0 for OPT_HELP, 2 (usage) for OPT_ERR */
int opt_exit_status(int ret);

#endif
