/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_CMD_TOP_PRIV_H
#define PTOOL_CMD_TOP_PRIV_H

/* ptool top's terminal UI (top-tui.c), used by top.c only */

#include <stdbool.h>

#include "ptool/top.h"

struct tui;

/**
 * tui_start - take over the terminal (ncurses) and install the handlers
 * that give it back on a crash (SIGSEGV, SIGABRT, SIGBUS, SIGFPE: endwin,
 * then the signal again)
 * @callchain: Enter expands call graphs
 * Returns the UI, or NULL when the terminal cannot be used.
 */
struct tui *tui_start(bool callchain);

/** tui_end - give the terminal back (also after a signal); NULL is a no-op */
void tui_end(struct tui *u);

enum tui_action {
	TUI_NONE,	/* nothing to do, or only redrawn */
	TUI_QUIT,	/* q, Q or Ctrl-C */
	TUI_RESHOW,	/* a filter changed: snapshot again and redraw */
};

/** tui_keys - handle every pending key (and resizes) */
enum tui_action tui_keys(struct tui *u, struct top *t);

/**
 * tui_show - new content: @header and the entries of the last snapshot
 * (top_lines()), then a redraw
 */
void tui_show(struct tui *u, const char *header, struct top *t);

#endif
