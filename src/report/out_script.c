// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_script.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ptool/msg.h"
#include "ptool/pdata.h"
#include "ptool/recattr.h"
#include "ptool/sym.h"
#include "ptool/tpfmt.h"

static const char *const field_names[OUT_SF_NR] = {
	[OUT_SF_COMM] = "comm", [OUT_SF_TID] = "tid", [OUT_SF_PID] = "pid",
	[OUT_SF_TIME] = "time", [OUT_SF_CPU] = "cpu", [OUT_SF_EVENT] = "event",
	[OUT_SF_IP] = "ip", [OUT_SF_SYM] = "sym", [OUT_SF_SYMOFF] = "symoff",
	[OUT_SF_DSO] = "dso", [OUT_SF_PERIOD] = "period",
	[OUT_SF_TRACE] = "trace", [OUT_SF_ADDR] = "addr",
	[OUT_SF_SRCLINE] = "srcline", [OUT_SF_IREGS] = "iregs",
	[OUT_SF_UREGS] = "uregs", [OUT_SF_TOD] = "tod",
};

static const char *const type_names[OUT_ST_NR] = {
	[OUT_ST_HW] = "hw", [OUT_ST_SW] = "sw", [OUT_ST_TRACE] = "trace",
	[OUT_ST_RAW] = "raw", [OUT_ST_BREAK] = "break",
};

#define SAMPLE_FIELDS (OUT_SF(COMM) | OUT_SF(TID) | OUT_SF(CPU) | OUT_SF(TIME) | \
		       OUT_SF(EVENT) | OUT_SF(IP) | OUT_SF(SYM) |		\
		       OUT_SF(SYMOFF) | OUT_SF(DSO) | OUT_SF(PERIOD))

/* perf script's defaults per kind of event */
static const unsigned int default_fields[OUT_ST_NR] = {
	[OUT_ST_HW] = SAMPLE_FIELDS,
	[OUT_ST_SW] = SAMPLE_FIELDS,
	[OUT_ST_BREAK] = SAMPLE_FIELDS,
	[OUT_ST_RAW] = SAMPLE_FIELDS | OUT_SF(ADDR),
	[OUT_ST_TRACE] = OUT_SF(COMM) | OUT_SF(TID) | OUT_SF(CPU) |
			 OUT_SF(TIME) | OUT_SF(EVENT) | OUT_SF(TRACE),
};

struct evfmt {
	unsigned int fields;
	bool callchain;		/* print the callchain block */
	const char *name;
};

/* the PT_LOAD segments of an ELF dso: dso address -> file offset */
struct seg {
	uint64_t vaddr, memsz, offset;
};

struct dso_segs {
	struct sym_dso *dso;
	struct seg *segs;	/* NULL: not an ELF file, addresses stay */
	size_t nr;
};

struct out_script {
	struct session *s;
	struct dso_segs *dsegs;
	size_t nr_dsegs, alloc_dsegs;
	struct dso_segs *last_dsegs;
	struct out_script_opts o;
	const struct tpfmt *tp;
	struct evfmt *ev;
	size_t nr_ev;
	int name_width;
	struct strbuf tmp;
	uint64_t first_time, prev_time;	/* --reltime, --deltatime */
	uint64_t tod_ns, clockid_ns;	/* CLOCK_DATA, for tod */
};

enum out_script_type out_script_type_of(uint32_t attr_type)
{
	switch (attr_type) {
	case PERF_TYPE_HARDWARE:
	case PERF_TYPE_HW_CACHE:
		return OUT_ST_HW;
	case PERF_TYPE_TRACEPOINT:
		return OUT_ST_TRACE;
	case PERF_TYPE_RAW:
		return OUT_ST_RAW;
	case PERF_TYPE_BREAKPOINT:
		return OUT_ST_BREAK;
	default:
		return OUT_ST_SW;
	}
}

static void set_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static int field_index(const char *name, size_t len)
{
	for (int i = 0; i < OUT_SF_NR; i++)
		if (strlen(field_names[i]) == len && !strncmp(field_names[i], name, len))
			return i;
	return -1;
}

/*
 * -F: "f1,f2" replaces the fields of every kind, "type:f1,f2" those of one
 * kind, "+f"/"-f" items add to or remove from the defaults.
 */
struct field_spec {
	unsigned int set[OUT_ST_NR];	/* fields asked for */
	bool user_set[OUT_ST_NR];	/* replaced (not just +/-) */
	unsigned int add, del;		/* +f / -f on every kind */
	bool wildcard;			/* no type given */
};

static int parse_fields(const char *spec, struct field_spec *fs, char *err,
			size_t errlen)
{
	const char *p = spec, *colon = strchr(spec, ':');
	int type = -1;
	unsigned int set = 0;
	bool any_plain = false;

	memset(fs, 0, sizeof(*fs));
	if (colon) {
		for (int t = 0; t < OUT_ST_NR; t++)
			if ((size_t)(colon - spec) == strlen(type_names[t]) &&
			    !strncmp(spec, type_names[t], (size_t)(colon - spec)))
				type = t;
		if (type < 0) {
			set_err(err, errlen, "unknown event type '%.*s' in -F (hw, sw, trace, raw, break)",
				(int)(colon - spec), spec);
			return -EINVAL;
		}
		p = colon + 1;
	}
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char sign = 0;
		int f;

		if (len && (*p == '+' || *p == '-')) {
			sign = *p;
			p++;
			len--;
		}
		f = field_index(p, len);
		if (f < 0) {
			set_err(err, errlen, "unknown field '%.*s' in -F (%s)", (int)len, p,
				"comm, tid, pid, time, cpu, event, ip, sym, symoff, dso, "
				"period, trace, addr, srcline, iregs, uregs, tod");
			return -EINVAL;
		}
		if (sign == '+')
			fs->add |= 1u << f;
		else if (sign == '-')
			fs->del |= 1u << f;
		else {
			set |= 1u << f;
			any_plain = true;
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (any_plain && (fs->add || fs->del)) {
		set_err(err, errlen, "-F cannot mix fields with +field/-field: '%s'", spec);
		return -EINVAL;
	}
	if (any_plain) {
		for (int t = 0; t < OUT_ST_NR; t++) {
			if (type >= 0 && t != type)
				continue;
			fs->set[t] = set;
			fs->user_set[t] = true;
		}
		fs->wildcard = type < 0;
	}
	return 0;
}

/* the sample_type bit a field needs */
static uint64_t field_needs(int f)
{
	switch (f) {
	case OUT_SF_TID:
	case OUT_SF_PID:
		return PERF_SAMPLE_TID;
	case OUT_SF_TIME:
	case OUT_SF_TOD:
		return PERF_SAMPLE_TIME;
	case OUT_SF_IREGS:
		return PERF_SAMPLE_REGS_INTR;
	case OUT_SF_UREGS:
		return PERF_SAMPLE_REGS_USER;
	case OUT_SF_CPU:
		return PERF_SAMPLE_CPU;
	case OUT_SF_IP:
	case OUT_SF_SYM:
	case OUT_SF_SYMOFF:
	case OUT_SF_DSO:
	case OUT_SF_SRCLINE:
		return PERF_SAMPLE_IP;
	/* the period needs no bit: a fixed -c period is the attr's */
	case OUT_SF_ADDR:
		return PERF_SAMPLE_ADDR;
	case OUT_SF_TRACE:
		return PERF_SAMPLE_RAW;
	default:
		return 0;
	}
}

static const char *sample_bit_name(uint64_t bit)
{
	switch (bit) {
	case PERF_SAMPLE_TID: return "TID";
	case PERF_SAMPLE_TIME: return "TIME";
	case PERF_SAMPLE_CPU: return "CPU";
	case PERF_SAMPLE_IP: return "IP";
	case PERF_SAMPLE_ADDR: return "ADDR";
	case PERF_SAMPLE_RAW: return "RAW";
	case PERF_SAMPLE_REGS_INTR: return "IREGS";
	case PERF_SAMPLE_REGS_USER: return "UREGS";
	default: return "?";
	}
}

struct out_script *out_script_new(struct session *s,
				  const struct out_script_opts *o,
				  const struct tpfmt *tp, char *err,
				  size_t errlen)
{
	struct pdata *pd = session_pdata(s);
	struct out_script *sc;
	struct field_spec fs;
	size_t nr = pdata_nr_attrs(pd);
	bool seen[OUT_ST_NR] = { false };

	if (o->fields && parse_fields(o->fields, &fs, err, errlen))
		return NULL;
	sc = xcalloc(1, sizeof(*sc));
	sc->s = s;
	sc->o = *o;
	sc->o.fields = NULL;
	sc->tp = tp;
	sc->nr_ev = nr;
	sc->ev = xcalloc(nr ? nr : 1, sizeof(*sc->ev));
	sc->tod_ns = pdata_info(pd)->clock_tod_ns;
	sc->clockid_ns = pdata_info(pd)->clock_clockid_ns;
	strbuf_init(&sc->tmp, 256);
	for (size_t i = 0; i < nr; i++) {
		const struct perf_event_attr *attr = &pdata_attr(pd, i)->attr;
		enum out_script_type t = out_script_type_of(attr->type);
		unsigned int fields = default_fields[t];
		/* perf checks the fields against the first event of a kind */
		bool first = !seen[t];
		int len;

		seen[t] = true;
		sc->ev[i].name = session_event_name(s, i);
		len = (int)strlen(sc->ev[i].name);
		if (len > sc->name_width)
			sc->name_width = len;
		if (o->fields) {
			if (fs.user_set[t]) {
				fields = fs.set[t];
				/* a list for every kind only shows what fits the kind */
				if (fs.wildcard && t != OUT_ST_TRACE)
					fields &= ~OUT_SF(TRACE);
			}
			fields |= fs.add;
			fields &= ~fs.del;
		}
		/* a tracepoint with callchains shows them (perf adds ip/sym/dso) */
		if (t == OUT_ST_TRACE && !(o->fields && fs.user_set[t]) &&
		    (attr->sample_type & PERF_SAMPLE_CALLCHAIN) && !o->hide_callchain)
			fields |= OUT_SF(IP) | OUT_SF(SYM) | OUT_SF(SYMOFF) | OUT_SF(DSO);
		for (int f = 0; f < OUT_SF_NR; f++) {
			uint64_t need = field_needs(f);
			bool explicit = (o->fields && ((fs.add >> f) & 1)) ||
					(o->fields && fs.user_set[t] && ((fs.set[t] >> f) & 1));

			if (!((fields >> f) & 1) || !need || (attr->sample_type & need))
				continue;
			if (f == OUT_SF_SYM || f == OUT_SF_DSO || f == OUT_SF_SYMOFF)
				if (attr->sample_type & PERF_SAMPLE_ADDR)
					continue;
			if (explicit && first) {
				set_err(err, errlen,
					"samples for '%s' event do not have %s attribute set, cannot print '%s' field",
					sc->ev[i].name, sample_bit_name(need), field_names[f]);
				out_script_free(sc);
				return NULL;
			}
			fields &= ~(1u << f);
		}
		if ((fields & OUT_SF(SYMOFF)) && !(fields & OUT_SF(SYM)))
			fields &= ~OUT_SF(SYMOFF);
		/* tod is the time on the clock of perf record -k's CLOCK_DATA */
		if ((fields & OUT_SF(TOD)) && !pdata_info(pd)->has_clock_data) {
			set_err(err, errlen,
				"cannot show 'tod' times: the file has no clock data (record with -k/--clockid)");
			out_script_free(sc);
			return NULL;
		}
		sc->ev[i].fields = fields;
		sc->ev[i].callchain = (attr->sample_type & PERF_SAMPLE_CALLCHAIN) &&
				      (fields & OUT_SF(IP)) && !o->hide_callchain;
	}
	return sc;
}

void out_script_free(struct out_script *sc)
{
	if (!sc)
		return;
	free(sc->ev);
	for (size_t i = 0; i < sc->nr_dsegs; i++)
		free(sc->dsegs[i].segs);
	free(sc->dsegs);
	strbuf_release(&sc->tmp);
	free(sc);
}

unsigned int out_script_fields(const struct out_script *sc, int idx)
{
	if (idx < 0 || (size_t)idx >= sc->nr_ev)
		return 0;
	return sc->ev[idx].fields;
}

bool out_script_shows_callchain(const struct out_script *sc, int idx)
{
	if (idx < 0 || (size_t)idx >= sc->nr_ev)
		return false;
	return sc->ev[idx].callchain;
}

/* small fast formatters: the hot path prints millions of these */
static void add_padded(struct strbuf *sb, const char *s, size_t len, int width,
		       bool left)
{
	size_t pad = width > (int)len ? (size_t)(width - (int)len) : 0;

	if (!left)
		strbuf_addchars(sb, ' ', pad);
	strbuf_add(sb, s, len);
	if (left)
		strbuf_addchars(sb, ' ', pad);
}

static void add_num(struct strbuf *sb, int64_t v, int width, bool left)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%" PRId64, v);

	add_padded(sb, b, (size_t)n, width, left);
}

static void add_hex(struct strbuf *sb, uint64_t v, int width)
{
	static const char hex[] = "0123456789abcdef";
	char b[16];
	int n = 0;

	do {
		b[sizeof(b) - 1 - n++] = hex[v & 15];
		v >>= 4;
	} while (v);
	add_padded(sb, b + sizeof(b) - n, (size_t)n, width, false);
}

static void add_time(struct strbuf *sb, uint64_t t, bool ns)
{
	char b[48];
	int n;

	if (ns) {
		n = snprintf(b, sizeof(b), "%5" PRIu64 ".%09" PRIu64 ": ",
			     t / 1000000000, t % 1000000000);
		strbuf_add(sb, b, (size_t)n);
	} else {
		n = snprintf(b, sizeof(b), "%" PRIu64 ".%06" PRIu64,
			     t / 1000000000, (t % 1000000000) / 1000);
		add_padded(sb, b, (size_t)n, 12, false);
		strbuf_add(sb, ": ", 2);
	}
}

/*
 * perf script's tod: the sample's time on the -k clock moved to the time
 * of day by CLOCK_DATA's reference instant, local time, microseconds
 */
static void add_tod(const struct out_script *sc, uint64_t time,
		    struct strbuf *out)
{
	uint64_t ns = sc->tod_ns + (time - sc->clockid_ns);
	time_t sec = (time_t)(ns / 1000000000u);
	struct tm tm;
	char date[64];

	if (!localtime_r(&sec, &tm) ||
	    !strftime(date, sizeof(date), "%F %H:%M:%S", &tm))
		snprintf(date, sizeof(date), "%" PRIu64, ns / 1000000000u);
	strbuf_addf(out, "%s.%06" PRIu64 " ", date, ns % 1000000000u / 1000);
}

/* perf script's iregs/uregs: " ABI:2    AX:0x1    SP:0x7ffc... " */
static void add_regs(const struct sample_regs *r, struct strbuf *out)
{
	unsigned int i = 0;

	if (!r->abi || !r->regs)
		return;
	strbuf_addf(out, " ABI:%" PRIu64 " ", r->abi);
	for (int bit = 0; bit < 64 && i < r->nr; bit++) {
		const char *name;

		if (!((r->mask >> bit) & 1))
			continue;
		name = recattr_reg_name(bit);
		strbuf_addf(out, "%5s:0x%" PRIx64 " ", name ? name : "unknown",
			    r->regs[i++]);
	}
}

static void header_line(struct out_script *sc, const struct session_sample *ss,
			const struct evfmt *ev, struct strbuf *out)
{
	unsigned int f = ev->fields;

	if (f & OUT_SF(COMM)) {
		const char *comm = ss->comm ? ss->comm : ":-1";

		if (ev->callchain)
			strbuf_addstr(out, comm);
		else
			add_padded(out, comm, strlen(comm), 16, false);
		strbuf_addch(out, ' ');
	}
	if ((f & OUT_SF(PID)) && (f & OUT_SF(TID))) {
		add_num(out, ss->pid, 5, false);
		strbuf_addch(out, '/');
		add_num(out, ss->tid, 5, true);
		strbuf_addch(out, ' ');
	} else if (f & OUT_SF(PID)) {
		add_num(out, ss->pid, 5, false);
		strbuf_addch(out, ' ');
	} else if (f & OUT_SF(TID)) {
		add_num(out, ss->tid, 5, false);
		strbuf_addch(out, ' ');
	}
	if (f & OUT_SF(CPU)) {
		char b[16];
		int n = snprintf(b, sizeof(b), "[%03u] ", ss->cpu);

		strbuf_add(out, b, (size_t)n);
	}
	if (f & OUT_SF(TOD))
		add_tod(sc, ss->time, out);
	if (f & OUT_SF(TIME)) {
		uint64_t t = ss->time;

		if (sc->o.reltime) {
			if (!sc->first_time)
				sc->first_time = ss->time;
			t = ss->time - sc->first_time;
		} else if (sc->o.deltatime) {
			t = sc->prev_time ? ss->time - sc->prev_time : 0;
			sc->prev_time = ss->time;
		}
		add_time(out, t, sc->o.ns);
	}
	if (f & OUT_SF(PERIOD)) {
		char b[24];
		int n = snprintf(b, sizeof(b), "%" PRIu64, ss->period);

		add_padded(out, b, (size_t)n, 10, false);
		strbuf_addch(out, ' ');
	}
	if (f & OUT_SF(EVENT)) {
		add_padded(out, ev->name, strlen(ev->name), sc->name_width, false);
		strbuf_add(out, ": ", 2);
	}
}



/* what follows the event name on the first line: trace fields, addr */
static void line_tail(struct out_script *sc, const struct session_sample *ss,
		      unsigned int f, struct strbuf *out)
{
	if ((f & OUT_SF(TRACE)) && ss->s && ss->s->raw && sc->tp)
		tpfmt_format(sc->tp, ss->s->raw, ss->s->raw_size, (int)ss->cpu, out);
	if ((f & OUT_SF(ADDR)) && ss->s)
		add_hex(out, ss->s->addr, 16);
}

void out_script_header_line(struct out_script *sc,
			    const struct session_sample *ss,
			    struct strbuf *out)
{
	if (ss->attr_idx < 0 || (size_t)ss->attr_idx >= sc->nr_ev)
		return;
	header_line(sc, ss, &sc->ev[ss->attr_idx], out);
	line_tail(sc, ss, sc->ev[ss->attr_idx].fields, out);
}

static struct dso_segs *dso_segs(struct out_script *sc, struct sym_dso *dso)
{
	struct dso_segs *d;
	Elf *elf;
	size_t n = 0;

	if (sc->last_dsegs && sc->last_dsegs->dso == dso)
		return sc->last_dsegs;
	for (size_t i = 0; i < sc->nr_dsegs; i++)
		if (sc->dsegs[i].dso == dso)
			return sc->last_dsegs = &sc->dsegs[i];
	ALLOC_GROW(sc->dsegs, sc->nr_dsegs + 1, sc->alloc_dsegs);
	d = &sc->dsegs[sc->nr_dsegs++];
	memset(d, 0, sizeof(*d));
	d->dso = dso;
	elf = sym_dso_kind(dso) == SYM_DSO_ELF ? sym_dso_elf(dso) : NULL;
	if (elf && !elf_getphdrnum(elf, &n) && n) {
		d->segs = xcalloc(n, sizeof(*d->segs));
		for (size_t i = 0; i < n; i++) {
			GElf_Phdr ph;

			if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
				continue;
			d->segs[d->nr].vaddr = ph.p_vaddr;
			d->segs[d->nr].memsz = ph.p_memsz;
			d->segs[d->nr].offset = ph.p_offset;
			d->nr++;
		}
	}
	return sc->last_dsegs = d;
}

/*
 * The address perf prints in a callchain: the ip relative to its map
 * (ip - map start + file offset), i.e. the file offset of the code. For
 * a shared library or a PIE that equals the ELF address; for a
 * fixed-address executable (ET_EXEC at 0x400000) it does not.
 */
static uint64_t chain_addr(struct out_script *sc, const struct session_frame *fr)
{
	struct dso_segs *d;

	if (!fr->dso)
		return fr->ip;
	if (fr->kernel)
		return fr->addr;
	d = dso_segs(sc, fr->dso);
	for (size_t i = 0; i < d->nr; i++)
		if (fr->addr >= d->segs[i].vaddr &&
		    fr->addr - d->segs[i].vaddr < d->segs[i].memsz)
			return fr->addr - d->segs[i].vaddr + d->segs[i].offset;
	return fr->addr;
}

/* what perf prints between the parentheses */
static const char *frame_dso(const struct session_frame *fr)
{
	if (!fr->dso)
		return "[unknown]";
	if (fr->kernel)
		return fr->dso_name;
	return fr->dso_path ? fr->dso_path : fr->dso_name;
}

static void add_srcline(struct out_script *sc, const struct session_frame *fr,
			struct strbuf *out)
{
	size_t mark = out->len;

	strbuf_addstr(out, "\n  ");
	if (session_srcline(sc->s, fr, out) < 0) {
		/* perf script's fallback: dso[addr] */
		strbuf_setlen(out, mark);
		if (!fr->dso)
			return;
		strbuf_addstr(out, "\n  ");
		strbuf_addstr(out, fr->dso_name);
		strbuf_addch(out, '[');
		add_hex(out, fr->kernel ? fr->ip : fr->addr, 0);
		strbuf_addch(out, ']');
	}
}

/*
 * A callchain line shows the address in the object (perf's map_ip), the
 * one-line form the run-time ip.
 */
static void add_frame(struct out_script *sc, const struct session_frame *fr,
		      unsigned int f, bool chain, struct strbuf *out)
{
	if (f & OUT_SF(IP))
		add_hex(out, chain ? chain_addr(sc, fr) : fr->ip, 16);
	if (f & OUT_SF(SYM)) {
		strbuf_addch(out, ' ');
		if (fr->sym_name) {
			strbuf_addstr(out, fr->sym_name);
			if (f & OUT_SF(SYMOFF)) {
				strbuf_add(out, "+0x", 3);
				add_hex(out, fr->sym_off, 0);
			}
		} else {
			strbuf_addstr(out, "[unknown]");
		}
	}
	if ((f & OUT_SF(DSO)) && !fr->inlined) {
		strbuf_add(out, " (", 2);
		strbuf_addstr(out, frame_dso(fr));
		strbuf_addch(out, ')');
	}
	if (f & OUT_SF(SRCLINE))
		add_srcline(sc, fr, out);
	if (fr->inlined)
		strbuf_addstr(out, " (inlined)");
}

void out_script_sample(struct out_script *sc, const struct session_sample *ss,
		       struct strbuf *out)
{
	const struct evfmt *ev;
	unsigned int f;

	if (ss->attr_idx < 0 || (size_t)ss->attr_idx >= sc->nr_ev)
		return;
	ev = &sc->ev[ss->attr_idx];
	f = ev->fields;
	if (!f)
		return;
	header_line(sc, ss, ev, out);
	line_tail(sc, ss, f, out);
	if (f & OUT_SF(IP)) {
		if (ev->callchain) {
			strbuf_addch(out, '\n');
			for (unsigned int i = 0; i < ss->nr_frames; i++) {
				strbuf_addch(out, '\t');
				add_frame(sc, &ss->frames[i], f, true, out);
				strbuf_addch(out, '\n');
			}
		} else {
			strbuf_addch(out, ' ');
			if (ss->nr_frames)
				add_frame(sc, &ss->frames[0], f, false, out);
		}
	}
	/* after a callchain block they take the blank line's place, as perf */
	if ((f & OUT_SF(IREGS)) && ss->s)
		add_regs(&ss->s->regs_intr, out);
	if ((f & OUT_SF(UREGS)) && ss->s)
		add_regs(&ss->s->regs_user, out);
	strbuf_addch(out, '\n');
}
