/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_KALLSYMS_H
#define PTOOL_KALLSYMS_H

#include <stdint.h>

/*
 * The kernel's symbol list in /proc/kallsyms form, one symbol a line:
 * "ffffffff81000000 T _text" or "ffffffffc0a01000 t fn\t[module]".
 * Without the privilege to see addresses every address reads 0.
 */

/**
 * struct kallsyms_sym - one line
 * @addr: the address (0 when hidden)
 * @type: nm's letter: 'T'/'t' text, 'W'/'w' weak, 'D' data, ...
 * @name: the symbol, lent for the callback's duration
 * @mod: the module ("" for the kernel itself), lent likewise
 */
struct kallsyms_sym {
	uint64_t addr;
	char type;
	const char *name;
	const char *mod;
};

/**
 * kallsyms_parse_line - split one line (its newline may stay) into @out
 * @line: modified: the name and module are cut out of it in place
 * Returns 0, or -EINVAL for a line of another shape.
 */
int kallsyms_parse_line(char *line, struct kallsyms_sym *out);

/** kallsyms_fn - called for each symbol; nonzero stops the walk */
typedef int (*kallsyms_fn)(void *arg, const struct kallsyms_sym *sym);

/**
 * kallsyms_read - call @fn for each well-formed line of @path (a
 * /proc/kallsyms file; NULL for /proc/kallsyms) in file order
 * Returns 0, what @fn returned when it stopped the walk, or -errno when
 * @path cannot be opened.
 */
int kallsyms_read(const char *path, kallsyms_fn fn, void *arg);

#endif
