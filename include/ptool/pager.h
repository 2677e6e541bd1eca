/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PAGER_H
#define PTOOL_PAGER_H

#include <stdbool.h>

/*
 * Output through a pager on a terminal, as git and perf do: PTOOL_PAGER,
 * else PAGER, else "less" (with LESS=FRX and LV=-c when they are unset),
 * started through "sh -c". An empty pager or "cat" means none. Only
 * main() and the commands use this.
 */

enum pager_mode {
	PAGER_AUTO,	/* the commands that page by default */
	PAGER_NEVER,	/* --no-pager */
	PAGER_ALWAYS,	/* -P, --paginate: every command, on a terminal */
};

/** pager_set_mode - set once by main() from the global options */
void pager_set_mode(enum pager_mode mode);

/** pager_mode - what main() set */
enum pager_mode pager_mode(void);

/**
 * pager_start - send stdout (and stderr, when it is a terminal too)
 * through the pager from here on
 *
 * Does nothing unless stdout is a terminal, the mode is not PAGER_NEVER
 * and a pager is configured; once started, later calls do nothing. A
 * pager that quits before the output ends (SIGPIPE) ends ptool with
 * status 0, as if all had been read.
 */
void pager_start(void);

/**
 * pager_finish - close ptool's ends of the pipe and wait for the pager
 *
 * Call after stdout is flushed and closed and every message is out; a
 * no-op without a pager.
 */
void pager_finish(void);

#endif
