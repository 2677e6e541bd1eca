// SPDX-License-Identifier: GPL-2.0
#include "ptool/sfilter.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/msg.h"
#include "ptool/parse.h"
#include "ptool/pdata.h"
#include "ptool/strbuf.h"

struct sfilter {
	struct sfilter_opts o;
	int *pids, nr_pids;
	int *tids, nr_tids;
	int *cpus, nr_cpus;
	struct sfilter_range *time;
	size_t nr_time;
};

/* "sec[.nsec]" (up to 9 decimals) into ns; "" is 0 */
static int parse_ns(const char *s, size_t len, uint64_t *ns)
{
	uint64_t sec = 0, frac = 0;
	size_t i = 0, nd = 0;

	*ns = 0;
	for (; i < len && isdigit((unsigned char)s[i]); i++) {
		if (sec > UINT64_MAX / 10 / 1000000000)
			return -ERANGE;
		sec = sec * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && isdigit((unsigned char)s[i]); i++, nd++) {
			if (nd >= 9)
				return -EINVAL;
			frac = frac * 10 + (uint64_t)(s[i] - '0');
		}
		for (size_t k = nd; k < 9; k++)
			frac *= 10;
	}
	if (i != len)
		return -EINVAL;
	*ns = sec * 1000000000 + frac;
	return 0;
}

/* "START,STOP" */
static int parse_abs(const char *s, size_t len, struct sfilter_range *r)
{
	const char *c = memchr(s, ',', len);

	if (!c)
		return -EINVAL;
	if (parse_ns(s, (size_t)(c - s), &r->start) ||
	    parse_ns(c + 1, len - (size_t)(c - s) - 1, &r->end))
		return -EINVAL;
	return r->end && r->end < r->start ? -EINVAL : 0;
}

/* "12.5%" into 0.125 */
static int parse_pct(const char *s, size_t len, double *v)
{
	char buf[64], *end;

	if (!len || len >= sizeof(buf) || s[len - 1] != '%')
		return -EINVAL;
	memcpy(buf, s, len - 1);
	buf[len - 1] = 0;
	*v = strtod(buf, &end);
	if (end == buf || *end)
		return -EINVAL;
	*v /= 100.0;
	return 0;
}

/* perf's slice: the end is one ns before the next slice's start */
static int pct_range(double a, double b, uint64_t first, uint64_t last,
		     struct sfilter_range *r)
{
	uint64_t total = last - first;

	if (a < 0 || a > 1 || b < 0 || b > 1)
		return -EINVAL;
	r->start = first + (uint64_t)llround(a * (double)total);
	r->end = first + (uint64_t)llround(b * (double)total);
	if (r->end > r->start && r->end != last)
		r->end--;
	return 0;
}

/* one "a%/n", "a%-b%" or "a%" item */
static int parse_pct_item(const char *s, size_t len, uint64_t first,
			  uint64_t last, struct sfilter_range *r)
{
	const char *slash = memchr(s, '/', len), *dash = memchr(s, '-', len);
	double a, b;

	if (slash) {
		char nb[16], *end;
		size_t nl = len - (size_t)(slash - s) - 1;
		long n;

		if (parse_pct(s, (size_t)(slash - s), &a) || a <= 0 ||
		    !nl || nl >= sizeof(nb))
			return -EINVAL;
		memcpy(nb, slash + 1, nl);
		nb[nl] = 0;
		n = strtol(nb, &end, 10);
		if (*end)
			return -EINVAL;
		return pct_range(a * (double)(n - 1), a * (double)n, first, last, r);
	}
	if (dash) {
		if (parse_pct(s, (size_t)(dash - s), &a) ||
		    parse_pct(dash + 1, len - (size_t)(dash - s) - 1, &b))
			return -EINVAL;
		return pct_range(a, b, first, last, r);
	}
	if (parse_pct(s, len, &a) || a <= 0)
		return -EINVAL;
	return pct_range(0, a, first, last, r);
}

int sfilter_parse_time(const char *s, uint64_t first, uint64_t last,
		       struct sfilter_range **out, size_t *nr)
{
	struct sfilter_range *v = NULL;
	size_t n = 0, alloc = 0;
	bool pct = strchr(s, '%') != NULL;
	const char *p = s;
	int ret = 0;

	*out = NULL;
	*nr = 0;
	if (pct && !first && !last)
		return -ENODATA;
	while (*p == ' ')
		p++;
	while (*p && !ret) {
		/* percentages: comma-separated; times: space-separated */
		size_t len = pct ? strcspn(p, ",") : strcspn(p, " ");

		ALLOC_GROW(v, n + 1, alloc);
		memset(&v[n], 0, sizeof(v[n]));
		ret = pct ? parse_pct_item(p, len, first, last, &v[n]) :
			    parse_abs(p, len, &v[n]);
		n++;
		p += len;
		while (*p == ' ' || (pct && *p == ','))
			p++;
	}
	for (size_t i = 0; !ret && !pct && i + 1 < n; i++)
		if (v[i].end >= v[i + 1].start)
			ret = -EINVAL;		/* perf: ranges in order, apart */
	if (ret || !n) {
		free(v);
		return ret ? ret : -EINVAL;
	}
	*out = v;
	*nr = n;
	return 0;
}

bool sfilter_time_skip(const struct sfilter_range *r, size_t nr, uint64_t t)
{
	if (!nr || !t || t == (uint64_t)-1)
		return false;
	if (nr == 1)
		return (r[0].start && t < r[0].start) || (r[0].end && t > r[0].end);
	for (size_t i = 0; i < nr; i++)
		if (t >= r[i].start && (t <= r[i].end || !r[i].end))
			return false;
	return true;
}

struct sfilter *sfilter_new(const struct sfilter_opts *o, struct session *s,
			    struct strbuf *err)
{
	struct sfilter *f = xcalloc(1, sizeof(*f));
	struct pdata *p = session_pdata(s);

	f->o = *o;
	if (o->pids && parse_int_list(o->pids, 1 << 30, &f->pids, &f->nr_pids)) {
		msg_add_err(err, "bad pid list '%s'", o->pids);
		goto bad;
	}
	if (o->tids && parse_int_list(o->tids, 1 << 30, &f->tids, &f->nr_tids)) {
		msg_add_err(err, "bad tid list '%s'", o->tids);
		goto bad;
	}
	if (o->cpus) {
		if (parse_int_list(o->cpus, 1 << 20, &f->cpus, &f->nr_cpus)) {
			msg_add_err(err, "bad cpu list '%s'", o->cpus);
			goto bad;
		}
		if (!pdata_has_sample_bit(p, PERF_SAMPLE_CPU)) {
			msg_add_err(err, "'%s' does not contain CPU events: remove -C to proceed",
				session_path(s));
			goto bad;
		}
		for (int i = 0; pdata_info(p) && pdata_info(p)->nr_cpus_avail &&
		     i < f->nr_cpus; i++)
			if ((uint32_t)f->cpus[i] >= pdata_info(p)->nr_cpus_avail) {
				msg_add_err(err, "requested CPU %d too large: '%s' was recorded with %u cpus",
					f->cpus[i], session_path(s), pdata_info(p)->nr_cpus_avail);
				goto bad;
			}
	}
	if (o->time) {
		const struct pdata_info *in = pdata_info(p);
		int r = sfilter_parse_time(o->time, in ? in->first_sample_time : 0,
					   in ? in->last_sample_time : 0,
					   &f->time, &f->nr_time);

		if (r == -ENODATA) {
			msg_add_err(err, "--time '%s': '%s' has no first/last sample time (SAMPLE_TIME header)",
				o->time, session_path(s));
			goto bad;
		}
		if (r) {
			msg_add_err(err, "invalid --time '%s': give START,STOP in seconds (either may be empty, ranges apart by spaces) or percentages (10%%/2, 0%%-10%%,30%%-40%%)",
				o->time);
			goto bad;
		}
	}
	return f;
bad:
	sfilter_free(f);
	return NULL;
}

void sfilter_free(struct sfilter *f)
{
	if (!f)
		return;
	free(f->pids);
	free(f->tids);
	free(f->cpus);
	free(f->time);
	free(f);
}

static bool in_ints(const int *v, int nr, int x)
{
	for (int i = 0; i < nr; i++)
		if (v[i] == x)
			return true;
	return false;
}

bool sfilter_cpu_ok(const struct sfilter *f, uint32_t cpu)
{
	return !f->nr_cpus || in_ints(f->cpus, f->nr_cpus, (int)cpu);
}

bool sfilter_drops(const struct sfilter *f, const struct session_sample *ss)
{
	if (!sfilter_cpu_ok(f, ss->cpu))
		return true;
	if (f->nr_time && sfilter_time_skip(f->time, f->nr_time, ss->time))
		return true;
	return f->o.hide_unresolved &&
	       (!ss->ip_frame || !ss->ip_frame->sym_name);
}

bool sfilter_hides(const struct sfilter *f, const struct session_sample *ss)
{
	const struct session_frame *fr = ss->ip_frame;

	if (f->o.comms && (!ss->comm || !parse_in_list(f->o.comms, ss->comm)))
		return true;
	if (f->nr_pids && !in_ints(f->pids, f->nr_pids, ss->pid))
		return true;
	if (f->nr_tids && !in_ints(f->tids, f->nr_tids, ss->tid))
		return true;
	if (f->o.dsos && (!fr || !fr->dso ||
			  (!parse_in_list(f->o.dsos, fr->dso_name) &&
			   !parse_in_list(f->o.dsos, fr->dso_path))))
		return true;
	if (f->o.syms && (!fr || !fr->sym_name || !parse_in_list(f->o.syms, fr->sym_name)))
		return true;
	return false;
}

bool sfilter_needs_frames(const struct sfilter *f)
{
	return f->o.dsos || f->o.syms || f->o.hide_unresolved ||
	       f->nr_cpus || f->nr_time;
}
