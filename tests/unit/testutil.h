/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_TESTUTIL_H
#define PTOOL_TESTUTIL_H

/*
 * Helpers shared by the unit tests (linked into every tests/unit/test_*).
 */

#include <stdint.h>

/**
 * tu_put_file - write @text to "<root>/<rel>", creating the directories
 * of @rel on the way (a fake /proc, sysfs or tracefs tree)
 * Returns 0, or -1 when the file cannot be written.
 */
int tu_put_file(const char *root, const char *rel, const char *text);

/**
 * tu_file_offset_of - the file offset of code address @fn in the object
 * mapped over it, from /proc/self/maps; 0 when not found
 */
uint64_t tu_file_offset_of(const void *fn);

#endif
