/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_MSG_H
#define PTOOL_MSG_H

#include <stddef.h>

/*
 * Messages to the user. The prefix ("ptool record") and the verbosity are
 * set once by main() and the command; everything else only reads them.
 */

/**
 * msg_set_prefix - set the prefix of every message, e.g. "ptool stat"
 * @prefix: a string that outlives every later message (usually a literal)
 */
void msg_set_prefix(const char *prefix);

/** msg_prefix - the current prefix ("ptool" until a command sets one) */
const char *msg_prefix(void);

/** msg_set_verbose - set the verbosity level (0 quiet, 1 -v, 2 -vv ...) */
void msg_set_verbose(int level);

/** msg_verbose - the verbosity level */
int msg_verbose(void);

#define PR_FMT __attribute__((format(printf, 1, 2)))

/** pr_err - "<prefix>: <msg>" on stderr; for the cmd layer only */
void pr_err(const char *fmt, ...) PR_FMT;
/** pr_warn - "<prefix>: warning: <msg>" on stderr */
void pr_warn(const char *fmt, ...) PR_FMT;
/** pr_info - "<msg>" on stderr, as status lines ("[ ptool record: ... ]") */
void pr_info(const char *fmt, ...) PR_FMT;
/** pr_debug - "<msg>" on stderr when verbosity >= 1 */
void pr_debug(const char *fmt, ...) PR_FMT;
/** pr_debug2 - "<msg>" on stderr when verbosity >= 2 */
void pr_debug2(const char *fmt, ...) PR_FMT;

struct strbuf;

/**
 * msg_add_err - append a one-line error message to @err, the error channel
 * of a module whose callers may pass NULL for it; nothing when @err is NULL
 */
void msg_add_err(struct strbuf *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
