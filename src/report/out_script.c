// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_script.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ptool/disasm.h"
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
	[OUT_SF_SRCLINE] = "srcline", [OUT_SF_TOD] = "tod",
	[OUT_SF_MISC] = "misc", [OUT_SF_CALLINDENT] = "callindent",
	[OUT_SF_SRCCODE] = "srccode", [OUT_SF_INSN] = "insn",
	[OUT_SF_INSNLEN] = "insnlen", [OUT_SF_BRSTACK] = "brstack",
	[OUT_SF_IREGS] = "iregs", [OUT_SF_UREGS] = "uregs",
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
	struct disasm *dis;		/* insn */
	bool dis_tried;
	struct src_file {		/* srccode: the files read */
		char *path;
		char *buf;		/* NULL: unreadable */
		size_t len;
	} *srcs;
	size_t nr_srcs, alloc_srcs;
	struct src_state {		/* srccode: the last line per thread */
		int32_t tid;
		const char *file;
		int line;
	} *src_state;
	size_t nr_src_state, alloc_src_state;
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
	unsigned int add, del;		/* +f / -f on @type's kinds */
	bool wildcard;			/* no type given */
	int type;			/* the kind given, -1: every kind */
};

static int parse_fields(const char *spec, struct field_spec *fs,
			struct strbuf *err)
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
			msg_add_err(err, "unknown event type '%.*s' in -F (hw, sw, trace, raw, break)",
				(int)(colon - spec), spec);
			return -EINVAL;
		}
		p = colon + 1;
	}
	fs->type = type;
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
			msg_add_err(err, "unknown field '%.*s' in -F (%s)", (int)len, p,
				"comm, tid, pid, time, cpu, event, ip, sym, symoff, dso, "
				"period, trace, addr, srcline, tod, misc, callindent, "
				"srccode, insn, insnlen, brstack, iregs, uregs");
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
		msg_add_err(err, "-F cannot mix fields with +field/-field: '%s'", spec);
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
				  const struct tpfmt *tp, struct strbuf *err)
{
	struct pdata *pd = session_pdata(s);
	struct out_script *sc;
	struct field_spec fs;
	size_t nr = pdata_nr_attrs(pd);
	bool seen[OUT_ST_NR] = { false };

	if (o->fields && parse_fields(o->fields, &fs, err))
		return NULL;
	sc = xcalloc(1, sizeof(*sc));
	sc->s = s;
	sc->o = *o;
	sc->o.fields = NULL;
	sc->tp = tp;
	sc->nr_ev = nr;
	sc->ev = xcalloc(nr ? nr : 1, sizeof(*sc->ev));
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
			if (fs.type < 0 || fs.type == (int)t) {
				fields |= fs.add;
				fields &= ~fs.del;
			}
		}
		/* a tracepoint with callchains shows them (perf adds ip/sym/dso) */
		if (t == OUT_ST_TRACE && !(o->fields && fs.user_set[t]) &&
		    (attr->sample_type & PERF_SAMPLE_CALLCHAIN) && !o->hide_callchain)
			fields |= OUT_SF(IP) | OUT_SF(SYM) | OUT_SF(SYMOFF) | OUT_SF(DSO);
		for (int f = 0; f < OUT_SF_NR; f++) {
			uint64_t need = field_needs(f);
			/*
			 * perf refuses a field named for every kind of event
			 * that this one cannot have; one named for a kind
			 * ("sw:cpu") is dropped, said only under -v
			 */
			bool explicit = o->fields && fs.type < 0 &&
					(((fs.add >> f) & 1) ||
					 (fs.user_set[t] && ((fs.set[t] >> f) & 1)));

			if (!((fields >> f) & 1) || !need || (attr->sample_type & need))
				continue;
			if (f == OUT_SF_SYM || f == OUT_SF_DSO || f == OUT_SF_SYMOFF)
				if (attr->sample_type & PERF_SAMPLE_ADDR)
					continue;
			if (explicit && first) {
				msg_add_err(err,
					"samples for '%s' event do not have %s attribute set, cannot print '%s' field",
					sc->ev[i].name, sample_bit_name(need), field_names[f]);
				out_script_free(sc);
				return NULL;
			}
			if (o->fields)
				pr_debug("samples for '%s' event do not have %s attribute set, skipping '%s' field",
					 sc->ev[i].name, sample_bit_name(need), field_names[f]);
			fields &= ~(1u << f);
		}
		if ((fields & OUT_SF(SYMOFF)) && !(fields & OUT_SF(SYM)))
			fields &= ~OUT_SF(SYMOFF);
		/* tod is the time on the clock of perf record -k's CLOCK_DATA */
		if ((fields & OUT_SF(TOD)) && !pdata_info(pd)->has_clock_data) {
			msg_add_err(err,
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
	disasm_free(sc->dis);
	for (size_t i = 0; i < sc->nr_srcs; i++) {
		free(sc->srcs[i].path);
		free(sc->srcs[i].buf);
	}
	free(sc->srcs);
	free(sc->src_state);
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

/* perf's misc field: K/U/H/G/g, then the record's own flag, in 6 columns */
static void add_misc(struct strbuf *out, uint16_t misc, uint32_t type)
{
	size_t mark = out->len, n;
	uint16_t m = misc & PERF_RECORD_MISC_CPUMODE_MASK;

#define HAS(x) ((m & PERF_RECORD_MISC_##x) == PERF_RECORD_MISC_##x)
	if (HAS(KERNEL))
		strbuf_addch(out, 'K');
	if (HAS(USER))
		strbuf_addch(out, 'U');
	if (HAS(HYPERVISOR))
		strbuf_addch(out, 'H');
	if (HAS(GUEST_KERNEL))
		strbuf_addch(out, 'G');
	if (HAS(GUEST_USER))
		strbuf_addch(out, 'g');
#undef HAS
	if ((type == PERF_RECORD_MMAP || type == PERF_RECORD_MMAP2) &&
	    (misc & PERF_RECORD_MISC_MMAP_DATA))
		strbuf_addch(out, 'M');
	if (type == PERF_RECORD_COMM && (misc & PERF_RECORD_MISC_COMM_EXEC))
		strbuf_addch(out, 'E');
	if ((type == PERF_RECORD_SWITCH || type == PERF_RECORD_SWITCH_CPU_WIDE) &&
	    (misc & PERF_RECORD_MISC_SWITCH_OUT)) {
		strbuf_addch(out, 'S');
		if (misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT)
			strbuf_addch(out, 'p');
	}
	n = out->len - mark;
	strbuf_addchars(out, ' ', n < 6 ? 6 - n : 1);
}

/* perf's tod: the sample time as wall-clock time, from CLOCK_DATA */
static void add_tod(struct out_script *sc, struct strbuf *out, uint64_t t)
{
	const struct pdata_info *in = pdata_info(session_pdata(sc->s));
	uint64_t tod = in->clock_tod_ns;
	struct tm tm;
	time_t sec;
	char date[64];

	if (t > in->clock_clockid_ns)
		tod += t - in->clock_clockid_ns;
	else
		tod -= in->clock_clockid_ns - t;
	sec = (time_t)(tod / 1000000000);
	if (!localtime_r(&sec, &tm)) {
		strbuf_addstr(out, "failed ");
		return;
	}
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
	if (sc->o.ns)
		strbuf_addf(out, "%s.%09lu ", date, (unsigned long)(tod % 1000000000));
	else
		strbuf_addf(out, "%s.%06lu ", date, (unsigned long)(tod % 1000000000 / 1000));
}

static void header_line(struct out_script *sc, const struct session_sample *ss,
			const struct evfmt *ev, struct strbuf *out)
{
	unsigned int f = ev->fields;

	if (!ss->s || ss->s->rec_type != PERF_RECORD_SAMPLE)
		f &= ~(OUT_SF(PERIOD) | OUT_SF(EVENT));	/* perf's side-band lines */

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
	if (f & OUT_SF(MISC))
		add_misc(out, ss->s ? ss->s->misc : 0, ss->s ? ss->s->rec_type : 0);
	if (f & OUT_SF(TOD))
		add_tod(sc, out, ss->time);
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

/*
 * How perf finds the line it prints under a frame:
 * SRC_LOOKUP: looked up for the address; where addr2line answers "??:?"
 * it prints nothing, where it knows nothing perf's dso[addr].
 * SRC_NODE: a user frame of a DWARF-unwound callchain, with the line its
 * callchain entry carries: "??:0" for a frame with a symbol but no line
 * (a PLT entry aside: dso[addr]), nothing for one without a symbol.
 * SRC_NODE_LEAF: the one-line form of such a sample, whose lookup perf
 * answers from those entries: a real line or nothing (a PLT entry aside).
 */
enum src_how { SRC_LOOKUP, SRC_NODE, SRC_NODE_LEAF };

static void add_srcline(struct out_script *sc, const struct session_frame *fr,
			enum src_how how, struct strbuf *out)
{
	size_t mark = out->len;
	int rc;

	strbuf_addstr(out, "\n  ");
	rc = session_srcline(sc->s, fr, out);
	if (rc < 0) {
		/* perf script's fallback: dso[addr] */
		strbuf_setlen(out, mark);
		if (how == SRC_NODE_LEAF && !sym_is_plt(fr->sym))
			return;
		if (how == SRC_NODE && !sym_is_plt(fr->sym)) {
			if (fr->sym || fr->inlined)
				strbuf_addstr(out, "\n  ??:0");
			return;
		}
		if (!fr->dso || rc == -ENODATA)
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
		      unsigned int f, bool chain, enum src_how how,
		      struct strbuf *out)
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
		add_srcline(sc, fr, fr->kernel ? SRC_LOOKUP : how, out);
	if (fr->inlined)
		strbuf_addstr(out, " (inlined)");
}

/* x86_64 perf_regs names: record's, plus those only a printer meets */
static const char *reg_name(unsigned int r)
{
	static const char *const seg[] = { "DS", "ES", "FS", "GS" };
	static const char *const xmm[] = {
		"XMM0", "XMM1", "XMM2", "XMM3", "XMM4", "XMM5", "XMM6", "XMM7",
		"XMM8", "XMM9", "XMM10", "XMM11", "XMM12", "XMM13", "XMM14", "XMM15",
	};
	const char *name = recattr_reg_name((int)r);

	if (name)
		return name;
	if (r >= 12 && r < 16)
		return seg[r - 12];
	if (r >= 32 && r < 64 && !(r & 1))
		return xmm[(r - 32) / 2];
	return "unknown";
}

/* perf_sample__fprintf_regs(): " ABI:2    AX:0x1 ..." */
static void add_regs(struct strbuf *out, const struct sample_regs *rg)
{
	unsigned int i = 0;

	if (!rg->abi || !rg->regs)
		return;
	strbuf_addf(out, " ABI:%" PRIu64 " ", rg->abi);
	for (unsigned int r = 0; r < 64 && i < rg->nr; r++)
		if (rg->mask & (1ull << r))
			strbuf_addf(out, "%5s:0x%" PRIx64 " ", reg_name(r), rg->regs[i++]);
}

/* perf_sample__fprintf_brstack() without dso: " 0xfrom/0xto/P/-/-/0/ " */
static void add_brstack(struct strbuf *out, const struct sample_branch *br)
{
	static const char *const types[] = {
		"", "COND", "UNCOND", "IND", "CALL", "IND_CALL", "RET",
		"SYSCALL", "SYSRET", "COND_CALL", "COND_RET", "ERET", "IRQ",
		"SERROR", "NO_TX", "EXTEND_ABI",
	};

	for (uint64_t i = 0; br->entries && i < br->nr; i++) {
		const struct perf_branch_entry *e = &br->entries[i];
		char mp = !(e->mispred || e->predicted) ? '-' : e->predicted ? 'P' : 'M';

		strbuf_addf(out, " 0x%" PRIx64 "/0x%" PRIx64 "/%c/%c/%c/%u/%s ",
			    (uint64_t)e->from, (uint64_t)e->to, mp,
			    e->in_tx ? 'X' : '-', e->abort ? 'A' : '-',
			    (unsigned int)e->cycles,
			    types[e->type]);
	}
}

/*
 * perf script reads the instruction at a user sample's ip from its
 * object ("ilen: 4 insn: 48 89 45 f8"); kernel samples have none
 */
static void add_insn(struct out_script *sc, const struct session_sample *ss,
		     unsigned int f, struct strbuf *out)
{
	const struct session_frame *fr = ss->ip_frame;
	uint8_t buf[16];
	struct disasm_insn *in = NULL;
	size_t nin = 0;
	unsigned int len = 0;
	long n = 0;

	if (fr && fr->dso && !fr->kernel)
		n = sym_dso_read(fr->dso, fr->addr, buf, sizeof(buf));
	if (n > 0 && !sc->dis_tried) {
		struct disasm_opts o = { .bits = 64 };

		sc->dis_tried = true;
		if (!strcmp(disasm_backend(), "capstone"))
			sc->dis = disasm_new(&o);
	}
	if (n > 0 && sc->dis &&
	    !disasm_range(sc->dis, buf, (size_t)n, fr->addr, NULL, &in, &nin) &&
	    nin && in[0].len <= (size_t)n && strcmp(in[0].text, "(bad)"))
		len = in[0].len;
	disasm_insns_free(in, nin);
	if (f & OUT_SF(INSNLEN))
		strbuf_addf(out, " ilen: %u", len);
	if ((f & OUT_SF(INSN)) && len) {
		strbuf_addstr(out, " insn:");
		for (unsigned int i = 0; i < len; i++)
			strbuf_addf(out, " %02x", buf[i]);
	}
}

/* line @line (from 1) of @path, or NULL; *len without the newline */
static const char *src_line(struct out_script *sc, const char *path, int line,
			    size_t *len)
{
	struct src_file *sf = NULL;
	const char *p, *end;

	for (size_t i = 0; i < sc->nr_srcs && !sf; i++)
		if (!strcmp(sc->srcs[i].path, path))
			sf = &sc->srcs[i];
	if (!sf) {
		struct strbuf sb = STRBUF_INIT;
		ALLOC_GROW(sc->srcs, sc->nr_srcs + 1, sc->alloc_srcs);
		sf = &sc->srcs[sc->nr_srcs++];
		sf->path = xstrdup(path);
		sf->buf = NULL;
		sf->len = 0;
		if (strbuf_read_regular(&sb, path, 0) >= 0) {
			sf->len = sb.len;
			sf->buf = strbuf_detach(&sb, NULL);
		}
		strbuf_release(&sb);
	}
	if (!sf->buf || line < 1)
		return NULL;
	p = sf->buf;
	end = sf->buf + sf->len;
	for (int l = 1; l < line && p < end; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	if (p >= end)
		return NULL;
	*len = (size_t)((memchr(p, '\n', (size_t)(end - p)) ?:
			 (const void *)end) - (const void *)p);
	return p;
}

/* perf's srccode: "|28       the source line", once per line and thread */
static void add_srccode(struct out_script *sc, const struct session_sample *ss,
			struct strbuf *out)
{
	const struct session_frame *fr = ss->ip_frame;
	struct src_state *st = NULL;
	const char *file, *text;
	size_t len;
	int line;

	if (!fr || !fr->dso || fr->kernel ||
	    sym_dso_line(fr->dso, fr->addr, &file, &line) || !file)
		return;
	for (size_t i = 0; i < sc->nr_src_state && !st; i++)
		if (sc->src_state[i].tid == ss->tid)
			st = &sc->src_state[i];
	if (st && st->file && !strcmp(st->file, file) && st->line == line)
		return;
	text = src_line(sc, file, line, &len);
	if (!text)
		return;
	if (!st) {
		ALLOC_GROW(sc->src_state, sc->nr_src_state + 1, sc->alloc_src_state);
		st = &sc->src_state[sc->nr_src_state++];
		st->tid = ss->tid;
	}
	st->file = file;
	st->line = line;
	strbuf_addf(out, "|%-8d %.*s\n", line, (int)len, text);
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
				add_frame(sc, &ss->frames[i], f, true,
					  ss->unwound ? SRC_NODE : SRC_LOOKUP,
					  out);
				strbuf_addch(out, '\n');
			}
		} else {
			strbuf_addch(out, ' ');
			if (ss->nr_frames)
				add_frame(sc, &ss->frames[0], f, false,
					  session_sample_dwarf(ss) ? SRC_NODE_LEAF :
					  SRC_LOOKUP, out);
		}
	}
	if ((f & OUT_SF(IREGS)) && ss->s)
		add_regs(out, &ss->s->regs_intr);
	if ((f & OUT_SF(UREGS)) && ss->s)
		add_regs(out, &ss->s->regs_user);
	if ((f & OUT_SF(BRSTACK)) && ss->s)
		add_brstack(out, &ss->s->branch);
	if (f & (OUT_SF(INSN) | OUT_SF(INSNLEN)))
		add_insn(sc, ss, f, out);
	strbuf_addch(out, '\n');
	if (f & OUT_SF(SRCCODE))
		add_srccode(sc, ss, out);
}

/* ---- records that are not samples (--show-*-events) ---- */

struct rec_task {
	uint32_t pid, ppid, tid, ptid;
	uint64_t time;
};

static unsigned int show_kind(uint32_t type)
{
	switch (type) {
	case PERF_RECORD_COMM:
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		return OUT_SHOW_TASK;
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		return OUT_SHOW_MMAP;
	case PERF_RECORD_SWITCH:
	case PERF_RECORD_SWITCH_CPU_WIDE:
		return OUT_SHOW_SWITCH;
	case PERF_RECORD_LOST:
		return OUT_SHOW_LOST;
	default:
		return 0;
	}
}

/* the minimum size of each kind's body */
static size_t body_min(uint32_t type)
{
	switch (type) {
	case PERF_RECORD_COMM:
		return 8;
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		return sizeof(struct rec_task);
	case PERF_RECORD_MMAP:
		return 32;
	case PERF_RECORD_MMAP2:
		return SESSION_MMAP2_FIXED;
	case PERF_RECORD_SWITCH_CPU_WIDE:
	case PERF_RECORD_LOST:
		return 16;
	default:
		return 0;
	}
}

/* a NUL-terminated string at the end of a record body, bounded */
static void add_name(struct strbuf *out, const char *s, size_t room)
{
	strbuf_add(out, s, strnlen(s, room));
}

/* perf_event__fprintf() after "PERF_RECORD_<NAME>" */
static void event_text(const struct perf_event_header *h, struct strbuf *out)
{
	const uint8_t *b = (const uint8_t *)(h + 1);
	size_t room = h->size - sizeof(*h);
	uint32_t u[2];

	switch (h->type) {
	case PERF_RECORD_COMM:
		memcpy(u, b, 8);
		strbuf_addf(out, "%s: ", h->misc & PERF_RECORD_MISC_COMM_EXEC ? " exec" : "");
		add_name(out, (const char *)b + 8, room - 8);
		strbuf_addf(out, ":%u/%u", u[0], u[1]);
		break;
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT: {
		struct rec_task t;

		memcpy(&t, b, sizeof(t));
		strbuf_addf(out, "(%d:%d):(%d:%d)", (int)t.pid, (int)t.tid,
			    (int)t.ppid, (int)t.ptid);
		break;
	}
	case PERF_RECORD_MMAP: {
		uint64_t v[3];

		memcpy(u, b, 8);
		memcpy(v, b + 8, sizeof(v));
		strbuf_addf(out, " %d/%d: [%#" PRIx64 "(%#" PRIx64 ") @ %#" PRIx64 "]: %c ",
			    (int)u[0], (int)u[1], v[0], v[1], v[2],
			    h->misc & PERF_RECORD_MISC_MMAP_DATA ? 'r' : 'x');
		add_name(out, (const char *)b + 32, room - 32);
		break;
	}
	case PERF_RECORD_MMAP2: {
		struct session_mmap2 m;

		session_mmap2(h, &m);	/* body_min(): long enough */
		strbuf_addf(out, " %d/%d: [%#" PRIx64 "(%#" PRIx64 ") @ %#" PRIx64,
			    (int)m.pid, (int)m.tid, m.start, m.len, m.pgoff);
		if (m.has_build_id) {
			strbuf_addstr(out, " <");
			for (unsigned int i = 0; i < m.build_id_size && i < 20; i++)
				strbuf_addf(out, "%02x", m.build_id[i]);
			strbuf_addch(out, '>');
		} else {
			strbuf_addf(out, " %02x:%02x %" PRIu64 " %" PRIu64, m.maj, m.min,
				    m.ino, m.ino_generation);
		}
		strbuf_addf(out, "]: %c%c%c%c ", m.prot & 1 ? 'r' : '-',
			    m.prot & 2 ? 'w' : '-', m.prot & 4 ? 'x' : '-',
			    m.flags & 1 ? 's' : 'p');
		strbuf_add(out, m.filename, m.filename_len);
		break;
	}
	case PERF_RECORD_SWITCH:
	case PERF_RECORD_SWITCH_CPU_WIDE: {
		bool sw_out = h->misc & PERF_RECORD_MISC_SWITCH_OUT;
		const char *io = !sw_out ? "IN         " :
				 !(h->misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT) ?
				 "OUT        " : "OUT preempt";

		strbuf_addf(out, " %s", io);
		if (h->type == PERF_RECORD_SWITCH_CPU_WIDE) {
			memcpy(u, b, 8);
			strbuf_addf(out, "  %s pid/tid: %5d/%-5d", sw_out ? "next" : "prev",
				    (int)u[0], (int)u[1]);
		}
		break;
	}
	case PERF_RECORD_LOST: {
		uint64_t v[2];

		memcpy(v, b, sizeof(v));
		strbuf_addf(out, " lost %" PRIu64, v[1]);
		break;
	}
	default:
		break;
	}
}

static const char *const rec_names[] = {
	[PERF_RECORD_MMAP] = "MMAP", [PERF_RECORD_LOST] = "LOST",
	[PERF_RECORD_COMM] = "COMM", [PERF_RECORD_EXIT] = "EXIT",
	[PERF_RECORD_FORK] = "FORK", [PERF_RECORD_MMAP2] = "MMAP2",
	[PERF_RECORD_SWITCH] = "SWITCH",
	[PERF_RECORD_SWITCH_CPU_WIDE] = "SWITCH_CPU_WIDE",
};

/*
 * perf names the thread of the record's own pid/tid for task and mmap
 * records, the sample's for the others; the tid, cpu and time printed
 * are the sample's (its sample_id)
 */
static const char *event_comm(struct out_script *sc, const struct pdata_event *ev)
{
	const struct perf_event_header *h = ev->rec;
	struct session_thread t;
	int32_t tid = (int32_t)ev->sample.tid;
	uint32_t u[4];

	if (h->type == PERF_RECORD_COMM || h->type == PERF_RECORD_MMAP ||
	    h->type == PERF_RECORD_MMAP2) {
		memcpy(u, h + 1, 8);
		tid = (int32_t)u[1];
	} else if (h->type == PERF_RECORD_FORK || h->type == PERF_RECORD_EXIT) {
		memcpy(u, h + 1, 16);
		tid = (int32_t)u[2];
	}
	if (tid == -1)
		return ":-1";
	if (!session_thread_find(sc->s, tid, &t))
		return t.comm;
	if (!tid)
		return "swapper";
	strbuf_reset(&sc->tmp);
	strbuf_addf(&sc->tmp, ":%d", (int)tid);
	return sc->tmp.buf;
}

void out_script_event(struct out_script *sc, const struct pdata_event *ev,
		      struct strbuf *out)
{
	const struct perf_event_header *h = ev->rec;
	struct session_sample ss = { 0 };
	int idx = ev->attr_idx >= 0 ? ev->attr_idx : 0;
	char comm[256];

	if (!(show_kind(h->type) & sc->o.show) || (size_t)idx >= sc->nr_ev ||
	    h->size < sizeof(*h) + body_min(h->type))
		return;
	snprintf(comm, sizeof(comm), "%s", event_comm(sc, ev));
	ss.s = &ev->sample;
	ss.attr_idx = idx;
	ss.comm = comm;
	ss.pid = (int32_t)ev->sample.pid;
	ss.tid = (int32_t)ev->sample.tid;
	ss.cpu = ev->sample.cpu;
	ss.time = ev->sample.time == (uint64_t)-1 ? 0 : ev->sample.time;
	header_line(sc, &ss, &sc->ev[idx], out);
	strbuf_addstr(out, "PERF_RECORD_");
	strbuf_addstr(out, rec_names[h->type]);
	event_text(h, out);
	strbuf_addch(out, '\n');
}
