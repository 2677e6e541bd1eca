/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PARSE_H
#define PTOOL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Number and list parsing. Every function checks the end pointer and the
 * range, returns 0 on success and -EINVAL (not a number, trailing junk) or
 * -ERANGE (does not fit) on failure, and leaves *out untouched on failure.
 */

/** parse_u64 - decimal, 0x hex or 0 octal unsigned 64-bit number */
int parse_u64(const char *s, uint64_t *out);
/** parse_s64 - signed 64-bit number */
int parse_s64(const char *s, int64_t *out);
/** parse_int - int in [@min, @max] */
int parse_int(const char *s, int min, int max, int *out);
/** parse_double - finite floating point number */
int parse_double(const char *s, double *out);
/**
 * parse_size - a byte count with an optional K, M, G suffix (powers of 1024),
 * with or without a trailing B ("512", "64K", "16MB")
 */
int parse_size(const char *s, uint64_t *out);
/**
 * parse_int_list - "0-3,5,7-8" into a sorted array without duplicates
 * @s: the list
 * @max: every element must be in [0, @max]
 * @out: set to a new array (free() it)
 * @nr: set to its length
 */
int parse_int_list(const char *s, int max, int **out, int *nr);

/**
 * parse_in_list - whether @s is one of the comma-separated items of @list
 * (whole items, compared exactly); false for a NULL or empty @list
 */
bool parse_in_list(const char *list, const char *s);

/**
 * parse_distance - the Levenshtein distance between @a and @b, for "did you
 * mean" hints; 64 when either is longer than 64 characters
 */
size_t parse_distance(const char *a, const char *b);

#endif
