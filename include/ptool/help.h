/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_HELP_H
#define PTOOL_HELP_H

/**
 * help_man - show the man page @page ("ptool-report") through man(1)
 *
 * Replaces ptool with man when the page is installed (man -w finds it).
 * Returns -ENOENT when it is not, or -errno when man cannot be run; the
 * caller then prints the -h text instead.
 */
int help_man(const char *page);

#endif
