/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_FILE_H
#define PTOOL_OUT_FILE_H

#include <stdio.h>

/*
 * Output files written whole or not at all: the data goes to a temporary
 * file next to the target, renamed over it once complete, so that a
 * failure (full disk, interrupted run) never leaves a half-written SVG or
 * profile behind. "-" is standard output, written directly.
 */
struct out_file {
	const char *path;
	char *tmp;	/* NULL for standard output */
	FILE *fp;	/* write here */
};

/**
 * out_file_open - start writing @path (lent: must outlive @of)
 * Returns 0 or -errno (the directory does not exist or is not writable).
 */
int out_file_open(struct out_file *of, const char *path);

/**
 * out_file_commit - finish: on @write_err == 0 and a clean close, rename
 * the temporary file to the target; otherwise remove it.
 * @write_err: 0, or the -errno of the writer
 * Returns 0 or -errno.
 */
int out_file_commit(struct out_file *of, int write_err);

#endif
