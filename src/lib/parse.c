// SPDX-License-Identifier: GPL-2.0
#include "ptool/parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"

int parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || isspace((unsigned char)*s) || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_s64(const char *s, int64_t *out)
{
	long long v;
	char *end;

	if (!s || !*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_int(const char *s, int min, int max, int *out)
{
	int64_t v;
	int err = parse_s64(s, &v);

	if (err)
		return err;
	if (v < min || v > max)
		return -ERANGE;
	*out = (int)v;
	return 0;
}

int parse_double(const char *s, double *out)
{
	double v;
	char *end;

	if (!s || !*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || !isfinite(v))
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	uint64_t mult = 1;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	switch (toupper((unsigned char)*end)) {
	case 'K':
		mult = 1ULL << 10;
		end++;
		break;
	case 'M':
		mult = 1ULL << 20;
		end++;
		break;
	case 'G':
		mult = 1ULL << 30;
		end++;
		break;
	}
	if (toupper((unsigned char)*end) == 'B')
		end++;
	if (*end)
		return -EINVAL;
	if (v > UINT64_MAX / mult)
		return -ERANGE;
	*out = v * mult;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int parse_int_list(const char *s, int max, int **out, int *nr)
{
	int *v = NULL;
	size_t n = 0, alloc = 0, i, j;
	const char *p = s;

	if (!s || !*s)
		return -EINVAL;
	while (*p) {
		long a, b;
		char *end;

		if (!isdigit((unsigned char)*p))
			goto inval;
		errno = 0;
		a = strtol(p, &end, 10);
		if (errno || a > max)
			goto range;
		b = a;
		p = end;
		if (*p == '-') {
			p++;
			if (!isdigit((unsigned char)*p))
				goto inval;
			b = strtol(p, &end, 10);
			if (errno || b > max)
				goto range;
			if (b < a)
				goto inval;
			p = end;
		}
		for (; a <= b; a++) {
			ALLOC_GROW(v, n + 1, alloc);
			v[n++] = (int)a;
		}
		if (*p == ',') {
			p++;
			if (!*p)
				goto inval;
		} else if (*p) {
			goto inval;
		}
	}
	qsort(v, n, sizeof(*v), cmp_int);
	for (i = 0, j = 0; i < n; i++)
		if (!j || v[j - 1] != v[i])
			v[j++] = v[i];
	*out = v;
	*nr = (int)j;
	return 0;
inval:
	free(v);
	return -EINVAL;
range:
	free(v);
	return -ERANGE;
}

bool parse_in_list(const char *list, const char *s)
{
	size_t n = strlen(s);
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == n && !strncmp(p, s, n))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

size_t parse_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[65];

	if (la > 64 || lb > 64)
		return 64;
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = d[0], tmp;

		d[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (d[j] + 1 < best)
				best = d[j] + 1;
			if (d[j - 1] + 1 < best)
				best = d[j - 1] + 1;
			tmp = d[j];
			d[j] = best;
			diag = tmp;
		}
	}
	return d[lb];
}
