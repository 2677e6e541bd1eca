// SPDX-License-Identifier: GPL-2.0
#include "ptool/syscalltbl.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "ptool/strbuf.h"

static const char *const names[] = {
#include "syscalltbl-x86_64.h"
};

#define NR_NAMES ((int)(sizeof(names) / sizeof(names[0])))

int syscalltbl_max(void)
{
	return NR_NAMES;
}

const char *syscalltbl_name(long nr)
{
	return nr >= 0 && nr < NR_NAMES ? names[nr] : NULL;
}

int syscalltbl_id(const char *name)
{
	for (int i = 0; i < NR_NAMES; i++)
		if (names[i] && !strcmp(names[i], name))
			return i;
	return -1;
}

int syscalltbl_match(const char *pat, bool *sel)
{
	int n = 0;

	for (int i = 0; i < NR_NAMES; i++) {
		if (names[i] && !fnmatch(pat, names[i], 0)) {
			sel[i] = true;
			n++;
		}
	}
	return n;
}

/* Levenshtein distance, capped at 9 (names are short) */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64], prev, tmp;

	if (la >= sizeof(row) / sizeof(row[0]) || lb >= sizeof(row) / sizeof(row[0]))
		return 9;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb] > 9 ? 9 : row[lb];
}

const char *syscalltbl_suggest(const char *name)
{
	const char *best = NULL;
	int bd = 4;

	for (int i = 0; i < NR_NAMES; i++) {
		int d;

		if (!names[i])
			continue;
		d = distance(name, names[i]);
		if (d < bd) {
			bd = d;
			best = names[i];
		}
	}
	return best;
}

int syscalltbl_select(const char *const *exprs, int n, bool *sel,
		      char *bad, size_t badlen)
{
	bool any = false, negate = false;
	int max = NR_NAMES;

	memset(sel, 0, (size_t)max * sizeof(*sel));
	for (int i = 0; i < n; i++) {
		const char *p = exprs[i];

		if (i == 0 && *p == '!') {
			negate = true;
			p++;
		}
		while (*p) {
			size_t len = strcspn(p, ",");
			char name[128];

			if (len && len < sizeof(name)) {
				memcpy(name, p, len);
				name[len] = '\0';
				if (strchr(name, ':') || !syscalltbl_match(name, sel)) {
					snprintf(bad, badlen, "%s", name);
					return strchr(name, ':') ? -EINVAL : -ENOENT;
				}
				any = true;
			} else if (len) {
				snprintf(bad, badlen, "%.*s", 64, p);
				return -ENOENT;
			}
			p += len;
			if (*p == ',')
				p++;
		}
	}
	if (!any) {
		for (int i = 0; i < max; i++)
			sel[i] = names[i] != NULL;
		return 0;
	}
	if (negate)
		for (int i = 0; i < max; i++)
			sel[i] = !sel[i];
	return 0;
}

void syscalltbl_filter(const bool *sel, struct strbuf *out)
{
	int on = 0, named = 0, max = NR_NAMES;
	bool neg;

	for (int i = 0; i < max; i++) {
		if (!names[i])
			continue;
		named++;
		on += sel[i];
	}
	if (on == named)
		return;
	/* the shorter of "id == a || id == b" and "id != c && id != d" */
	neg = on > named / 2;
	strbuf_addch(out, '(');
	for (int i = 0, first = 1; i < max; i++) {
		if (!names[i] || sel[i] == neg)
			continue;
		strbuf_addf(out, "%sid %s %d", first ? "" : neg ? " && " : " || ",
			    neg ? "!=" : "==", i);
		first = 0;
	}
	strbuf_addch(out, ')');
}
