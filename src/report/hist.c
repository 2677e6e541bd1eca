// SPDX-License-Identifier: GPL-2.0
#include "ptool/hist.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/hash.h"
#include "ptool/hmap.h"
#include "ptool/pdata.h"
#include "ptool/strbuf.h"
#include "ptool/strset.h"
#include "ptool/sym.h"
#include "ptool/tpfmt.h"

#define PARENT_RE_DEFAULT	"^sys_|^do_page_fault"
#define TIME_QUANTUM_DEFAULT	100000000ull	/* perf's 100ms */

/* ---- the aggregation ---- */

struct fext {			/* per-frame extras */
	uint64_t key[5];
	uint32_t func;		/* function-level frame id */
	const char *srcline;	/* computed on demand */
	const char *node_srcline; /* a DWARF-unwound user frame's own line
				   * (NULL for a PLT entry, outside any
				   * object and for other frames) */
	uint64_t inl_base;	/* inlined: start of the function around it */
	bool srcline_done;
};

struct stack {
	const char *comm;
	int32_t pid;
	int32_t tid;		/* children mode: perf's tie-break is per thread */
	const void *thread;	/* the thread's identity (hist_finish) */
	const char *last_comm;	/* the thread's last name (hist_finish) */
	uint32_t self;		/* frame id of the sample's own IP */
	bool hidden;		/* its samples are filtered out */
	int32_t cpu;		/* with the cpu or socket key */
	uint64_t tbucket;	/* with the time key */
	const char *trace;	/* with the trace key (interned) */
	const char *parent;	/* with the parent key (hist_finish) */
	uint32_t nr;
	uint32_t off;		/* into stack_frames */
	uint64_t period;
	uint64_t count;
};

/* the trie used while building call trees */
struct tnode {
	uint32_t frame;
	uint32_t parent;	/* UINT32_MAX for a root */
	uint32_t first_kid, next_sib;
	uint32_t nr_kids;
	uint64_t hit, children_hit;
	uint64_t count, children_count;
};

struct hist {
	struct hist_opts o;
	bool key[HIST_KEY_MAX];

	struct strset strs;

	struct hist_frame *frames;
	struct fext *fx;
	size_t nr_frames, alloc_frames;
	struct hmap frame_idx;

	struct stack *stacks;
	size_t nr_stacks, alloc_stacks;
	uint32_t *stack_frames;
	size_t nr_sf, alloc_sf;
	struct hmap stack_idx;

	struct hist_entry *entries;
	size_t nr_entries, alloc_entries;
	struct hmap entry_idx;
	struct hist_entry **sorted;
	size_t nr_sorted;

	struct tnode *tn;
	size_t nr_tn, alloc_tn;
	struct hmap tn_idx;

	/* compressed trees */
	struct hist_node **nodes;
	size_t nr_nodes, alloc_nodes;

	uint64_t total;
	uint64_t nr_samples;
	uint32_t tmp[1024];
	struct session *s;
	regex_t parent_re;	/* with the parent key */
	bool re_ok;
	struct strbuf trace_sb;

	/* what each session chain id came to (SESSION_REUSE) */
	struct chain_memo {
		uint64_t hash;		/* of n, self and the frame ids */
		uint32_t self, n;
		size_t off;		/* into memo_ids */
		uint32_t last;		/* the stack it last went to, + 1 */
		bool set;
	} *memo;
	size_t alloc_memo;
	uint32_t *memo_ids;
	size_t nr_memo_ids, alloc_memo_ids;
};

struct hist *hist_new(const struct hist_opts *o)
{
	struct hist *h = xcalloc(1, sizeof(*h));

	h->o = *o;
	if (!h->o.time_quantum)
		h->o.time_quantum = TIME_QUANTUM_DEFAULT;
	for (int i = 0; i < o->nr_keys; i++)
		h->key[o->keys[i]] = true;
	if (h->key[HIST_KEY_PARENT])
		h->re_ok = !regcomp(&h->parent_re, o->parent_re ? o->parent_re :
				    PARENT_RE_DEFAULT, REG_EXTENDED | REG_NOSUB);
	strbuf_init(&h->trace_sb, 0);
	hmap_reserve(&h->strs.idx, 128);
	hmap_reserve(&h->frame_idx, 512);
	hmap_reserve(&h->stack_idx, 512);
	hmap_reserve(&h->entry_idx, 512);
	return h;
}

void hist_free(struct hist *h)
{
	if (!h)
		return;
	if (h->re_ok)
		regfree(&h->parent_re);
	strbuf_release(&h->trace_sb);
	strset_release(&h->strs);
	free(h->frames);
	free(h->fx);
	hmap_release(&h->frame_idx);
	free(h->memo);
	free(h->memo_ids);
	free(h->stacks);
	free(h->stack_frames);
	hmap_release(&h->stack_idx);
	free(h->entries);
	hmap_release(&h->entry_idx);
	free(h->sorted);
	free(h->tn);
	hmap_release(&h->tn_idx);
	for (size_t i = 0; i < h->nr_nodes; i++) {
		free(h->nodes[i]->frames);
		free(h->nodes[i]->kids);
		free(h->nodes[i]);
	}
	free(h->nodes);
	free(h);
}

const struct hist_opts *hist_opts_of(const struct hist *h)
{
	return &h->o;
}

uint64_t hist_total(const struct hist *h)
{
	return h->total;
}

uint64_t hist_nr_samples(const struct hist *h)
{
	return h->nr_samples;
}

size_t hist_nr_entries(const struct hist *h)
{
	return h->nr_sorted;
}

const struct hist_entry *hist_entry_at(const struct hist *h, size_t i)
{
	return i < h->nr_sorted ? h->sorted[i] : NULL;
}

const struct hist_frame *hist_frame_at(const struct hist *h, uint32_t id)
{
	return id < h->nr_frames ? &h->frames[id] : NULL;
}

const char *hist_frame_name(const struct hist_frame *f, char *buf, size_t len)
{
	if (f->name)
		snprintf(buf, len, "%s%s", f->name, f->inlined ? " (inlined)" : "");
	else
		snprintf(buf, len, "%#" PRIx64, f->ip);
	return buf;
}

/*
 * perf's line of a user frame found by DWARF unwinding, as its callchain
 * entry carries it: the line of the frame's own inline level, "??:0"
 * where addr2line knows none; for a frame without a symbol the object's
 * name and the run-time address; NULL outside any object and for a PLT
 * entry (perf looks those up as frame-pointer frames)
 */
static const char *unwound_srcline(struct hist *h, const struct session_frame *sf)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r = NULL;

	if (sym_is_plt(sf->sym))
		return NULL;
	if (sf->src_file || sf->sym || sf->inlined) {
		if (session_srcline(h->s, sf, &sb) != 0) {
			strbuf_reset(&sb);
			strbuf_addstr(&sb, "??:0");
		}
	} else if (sf->dso) {
		/* no symbol: perf's dso[address], at the run-time address */
		strbuf_addf(&sb, "%s[%" PRIx64 "]", sym_dso_name(sf->dso), sf->ip);
	}
	if (sb.len)
		r = strset_intern(&h->strs, sb.buf);
	strbuf_release(&sb);
	return r;
}

/*
 * intern a frame; @by_addr keeps addresses apart (srcline keys), and
 * @unwound (with @by_addr) marks a user frame of a DWARF-unwound chain,
 * whose srcline perf takes from the frame itself. An inlined frame is
 * kept apart per function it is inlined into (perf's entries are), with a
 * twin by name alone (@func_level) for symbol keys and call trees.
 */
static uint32_t frame_intern(struct hist *h, const struct session_frame *sf,
			     bool by_addr, bool unwound, bool func_level)
{
	uint64_t k[5], hv;
	size_t pos;
	uint32_t id;

	k[0] = (uintptr_t)sf->dso;
	/* unresolved frames: by address in the dso and at run time, since
	 * call trees and callchain entries go by the latter (as perf) */
	k[1] = sf->sym ? (uintptr_t)sf->sym : sf->inlined ? (uintptr_t)sf->sym_name : sf->ip;
	k[2] = (!sf->sym && !sf->inlined) || by_addr ? sf->addr :
	       sf->inlined && !func_level ? sf->addr - sf->sym_off : 0;
	k[3] = (uint64_t)sf->kernel | (uint64_t)sf->inlined << 1 |
	       (sf->inlined ? (uintptr_t)sf->sym_name << 2 : 0) |
	       (uint64_t)unwound << 63;
	/* one address expands into levels that may share a symbol */
	k[4] = unwound ? (uintptr_t)sf->level : 0;
	hv = hash_combine(hash_u64(k[0]), k[1]);
	hv = hash_combine(hash_combine(hv, k[2]), k[3]);
	hv = hash_combine(hv, k[4]);
	hmap_for_each_hash(&h->frame_idx, hv, pos, id)
		if (!memcmp(h->fx[id].key, k, sizeof(k)))
			return id;
	ALLOC_GROW(h->frames, h->nr_frames + 1, h->alloc_frames);
	if (h->alloc_frames > h->nr_frames) {
		h->fx = xrealloc(h->fx, h->alloc_frames * sizeof(*h->fx));
	}
	{
		struct hist_frame *f = &h->frames[h->nr_frames];
		struct fext *x = &h->fx[h->nr_frames];

		f->dso = sf->dso;
		f->sym = sf->sym;
		f->name = sf->sym_name;
		f->ip = sf->ip;
		f->addr = sf->addr;
		f->kernel = sf->kernel;
		f->inlined = sf->inlined;
		memcpy(x->key, k, sizeof(k));
		x->func = (uint32_t)h->nr_frames;
		x->srcline = NULL;
		x->node_srcline = unwound ? unwound_srcline(h, sf) : NULL;
		x->inl_base = sf->inlined ? sf->addr - sf->sym_off : 0;
		x->srcline_done = false;
	}
	hmap_add(&h->frame_idx, hv, (uint32_t)h->nr_frames);
	if ((by_addr && (sf->sym || sf->inlined)) || (sf->inlined && !func_level)) {
		/* the function-level twin, for symbol keys and call trees */
		uint32_t me = (uint32_t)h->nr_frames++;
		uint32_t fn = frame_intern(h, sf, false, false, true);

		h->fx[me].func = fn;
		return me;
	}
	return (uint32_t)h->nr_frames++;
}

static uint32_t frame_id(struct hist *h, const struct session_frame *sf,
			 bool by_addr, bool unwound)
{
	return frame_intern(h, sf, by_addr, unwound, false);
}

void hist_trace_text(struct session *s, const struct tpfmt *tp,
		     const struct session_sample *ss, struct strbuf *out)
{
	struct pdata *p = s ? session_pdata(s) : NULL;
	size_t len = out->len;

	/* perf: "N/A" for an event that is no tracepoint */
	if (!tp || !p || ss->attr_idx < 0 ||
	    (size_t)ss->attr_idx >= pdata_nr_attrs(p) ||
	    pdata_attr(p, (size_t)ss->attr_idx)->attr.type != PERF_TYPE_TRACEPOINT ||
	    !ss->s || !ss->s->raw || !(ss->s->type & PERF_SAMPLE_RAW) ||
	    tpfmt_format(tp, ss->s->raw, ss->s->raw_size, (int)ss->cpu, out) < 0) {
		strbuf_setlen(out, len);
		strbuf_addstr(out, "N/A");
	}
}

static const char *sample_trace(struct hist *h, const struct session_sample *ss)
{
	strbuf_reset(&h->trace_sb);
	hist_trace_text(h->s, h->o.tp, ss, &h->trace_sb);
	return strset_intern(&h->strs, h->trace_sb.buf);
}

static void add(struct hist *h, const struct session_sample *ss, bool hidden);

static uint64_t chain_hash(uint32_t self, const uint32_t *ids, size_t n)
{
	uint64_t ch = hash_combine(hash_u64(n), self);

	for (size_t i = 0; i < n; i++)
		ch = hash_combine(ch, ids[i]);
	return ch;
}

/* @cpu, @tb and @trace are 0/NULL unless their sort keys are on */
static uint64_t stack_hash(const char *comm, int32_t pid, int32_t tid,
			   uint64_t ch, bool hidden, int32_t cpu, uint64_t tb,
			   const char *trace)
{
	uint64_t hv = hash_ptr(comm);

	hv = hash_combine(hv, (uint64_t)(uint32_t)pid << 32 | (uint32_t)tid);
	hv = hash_combine(hash_combine(hv, ch), hidden);
	if (cpu || tb || trace) {
		hv = hash_combine(hash_combine(hv, (uint32_t)cpu), tb);
		hv = hash_combine(hv, (uintptr_t)trace);
	}
	return hv;
}

void hist_add(struct hist *h, struct session *s, const struct session_sample *ss)
{
	h->s = s;
	add(h, ss, false);
}

void hist_add_hidden(struct hist *h, struct session *s,
		     const struct session_sample *ss)
{
	h->s = s;
	add(h, ss, true);
}

static void add(struct hist *h, const struct session_sample *ss, bool hidden)
{
	unsigned int n = ss->nr_frames;
	const uint32_t *ids = h->tmp;
	uint64_t hv, ch;
	const char *comm;
	int32_t pid = h->key[HIST_KEY_PID] ? ss->tid : 0;	/* perf: per thread */
	int32_t tid = h->o.children && h->o.callchain ? ss->tid : 0;
	bool by_addr = h->key[HIST_KEY_SRCLINE] || h->key[HIST_KEY_SRCFILE];
	int32_t cpu = h->key[HIST_KEY_CPU] || h->key[HIST_KEY_SOCKET] ?
		      (int32_t)ss->cpu : 0;
	uint64_t tb = h->key[HIST_KEY_TIME] ?
		      ss->time - ss->time % h->o.time_quantum : 0;
	const char *trace = h->key[HIST_KEY_TRACE] ? sample_trace(h, ss) : NULL;
	uint32_t self, id;
	size_t i, pos;

	h->total += ss->period;
	h->nr_samples++;
	comm = ss->comm ? ss->comm : "";	/* stable, see session.h */
	if (h->o.live)	/* a live session frees the names of dead threads */
		comm = strset_intern(&h->strs, comm);
	if (ss->chain_seen) {
		/* the same chain as an earlier sample: its frame ids */
		const struct chain_memo *m;

		if (ss->chain_id > h->alloc_memo || !h->memo[ss->chain_id - 1].set)
			return;		/* never delivered to this hist */
		m = &h->memo[ss->chain_id - 1];
		if (m->last) {
			/* most often the same thread as last time: that stack */
			struct stack *st = &h->stacks[m->last - 1];

			if (st->comm == comm && st->pid == pid && st->tid == tid &&
			    st->hidden == hidden && st->cpu == cpu &&
			    st->tbucket == tb && st->trace == trace) {
				st->period += ss->period;
				st->count++;
				return;
			}
		}
		self = m->self;
		n = m->n;
		ids = &h->memo_ids[m->off];
		ch = m->hash;
	} else {
		uint32_t *t = h->tmp;
		const struct session_frame *sf0;

		if (n > ARRAY_SIZE(h->tmp))
			n = ARRAY_SIZE(h->tmp);
		if (!h->o.callchain && !h->o.children && !h->key[HIST_KEY_PARENT] &&
		    n > 1)
			n = 1;
		sf0 = ss->ip_frame ? ss->ip_frame : n ? &ss->frames[0] : NULL;
		self = sf0 ? frame_id(h, sf0, by_addr, by_addr && !sf0->kernel &&
					session_sample_dwarf(ss)) : 0;
		for (i = 0; i < n; i++)
			t[i] = frame_id(h, &ss->frames[i], by_addr,
					by_addr && ss->unwound &&
					!ss->frames[i].kernel);
		ch = chain_hash(self, t, n);
		if (ss->chain_id) {
			struct chain_memo *m;

			if (ss->chain_id > h->alloc_memo) {
				size_t na = h->alloc_memo ? h->alloc_memo * 2 : 1024;

				while (na < ss->chain_id)
					na *= 2;
				h->memo = xrealloc(h->memo, na * sizeof(*h->memo));
				memset(h->memo + h->alloc_memo, 0,
				       (na - h->alloc_memo) * sizeof(*h->memo));
				h->alloc_memo = na;
			}
			m = &h->memo[ss->chain_id - 1];
			ALLOC_GROW(h->memo_ids, h->nr_memo_ids + n, h->alloc_memo_ids);
			if (n)
				memcpy(&h->memo_ids[h->nr_memo_ids], t, n * sizeof(*t));
			*m = (struct chain_memo){ .hash = ch, .self = self, .n = n,
						  .off = h->nr_memo_ids, .set = true };
			h->nr_memo_ids += n;
		}
	}
	hv = stack_hash(comm, pid, tid, ch, hidden, cpu, tb, trace);
	hmap_for_each_hash(&h->stack_idx, hv, pos, id) {
		struct stack *st = &h->stacks[id];

		if (st->comm == comm &&
		    st->pid == pid && st->tid == tid && st->nr == n && st->self == self &&
		    st->hidden == hidden && st->cpu == cpu && st->tbucket == tb &&
		    st->trace == trace &&
		    (!n || !memcmp(&h->stack_frames[st->off], ids, n * sizeof(*ids)))) {
			st->period += ss->period;
			st->count++;
			if (ss->chain_id && ss->chain_id <= h->alloc_memo)
				h->memo[ss->chain_id - 1].last = id + 1;
			return;
		}
	}
	ALLOC_GROW(h->stacks, h->nr_stacks + 1, h->alloc_stacks);
	ALLOC_GROW(h->stack_frames, h->nr_sf + n, h->alloc_sf);
	if (n)
		memcpy(&h->stack_frames[h->nr_sf], ids, n * sizeof(*ids));
	h->stacks[h->nr_stacks] = (struct stack){
		.comm = comm, .thread = comm, .last_comm = comm,
		.pid = pid, .tid = tid, .self = self,
		.hidden = hidden, .nr = n,
		.cpu = cpu, .tbucket = tb, .trace = trace,
		.off = (uint32_t)h->nr_sf,
		.period = ss->period, .count = 1,
	};
	h->nr_sf += n;
	if (ss->chain_id && ss->chain_id <= h->alloc_memo)
		h->memo[ss->chain_id - 1].last = (uint32_t)h->nr_stacks + 1;
	hmap_add(&h->stack_idx, hv, (uint32_t)h->nr_stacks++);
}

void hist_add_period(struct hist *h, uint64_t period)
{
	h->total += period;
	h->nr_samples++;
}

static const char *frame_srcline(struct hist *h, uint32_t id)
{
	struct fext *x = &h->fx[id];
	struct hist_frame *f = &h->frames[id];
	struct strbuf sb = STRBUF_INIT;
	int rc = -ENOENT;

	if (x->srcline_done)
		return x->srcline;
	x->srcline_done = true;
	if (f->dso && !f->kernel)
		rc = sym_dso_srcline(f->dso, f->addr, &sb);
	if (rc == 0) {
		x->srcline = strset_intern(&h->strs, sb.buf);
	} else {
		/*
		 * perf's fallback: symbol+offset (decimal), else dso[addr],
		 * and "??:0" where no object maps the address or addr2line
		 * answers "??:?"; and for the leaf of a DWARF-unwound
		 * sample, whose line perf takes from the unwound frame
		 */
		strbuf_reset(&sb);
		if (rc == -ENODATA || x->node_srcline)
			strbuf_addstr(&sb, "??:0");
		else if (f->sym)
			strbuf_addf(&sb, "%s+%" PRIu64, f->sym->name, f->addr - f->sym->start);
		else if (f->dso)
			strbuf_addf(&sb, "%s[%" PRIx64 "]", sym_dso_name(f->dso), f->addr);
		else
			strbuf_addstr(&sb, "??:0");
		x->srcline = strset_intern(&h->strs, sb.buf);
	}
	strbuf_release(&sb);
	return x->srcline;
}

/* perf's srcfile: the file part of a real srcline, else "" */
static const char *frame_srcfile(struct hist *h, uint32_t id)
{
	struct hist_frame *f = &h->frames[id];
	struct strbuf sb = STRBUF_INIT;
	const char *r = "";
	char *colon;

	if (f->dso && !f->kernel && sym_dso_srcline(f->dso, f->addr, &sb) == 0) {
		colon = strrchr(sb.buf, ':');
		if (colon)
			*colon = 0;
		r = sb.buf;
	}
	r = strset_intern(&h->strs, r);
	strbuf_release(&sb);
	return r;
}

/* perf's parent: the first frame whose symbol matches, "[other]" */
static const char *stack_parent(struct hist *h, const struct stack *st)
{
	const uint32_t *fr = &h->stack_frames[st->off];

	for (uint32_t i = 0; h->re_ok && i < st->nr; i++) {
		const struct hist_frame *f = &h->frames[fr[i]];

		if (f->sym && !f->inlined &&
		    !regexec(&h->parent_re, f->sym->name, 0, NULL, 0))
			return strset_intern(&h->strs, f->sym->name);
	}
	return strset_intern(&h->strs, "[other]");
}

static int32_t cpu_socket(const struct hist *h, int32_t cpu)
{
	return cpu >= 0 && (size_t)cpu < h->o.nr_sockets ? h->o.sockets[cpu] : -1;
}

/*
 * An entry keeps the display values of its first sample in every field;
 * lookups compare (and hash) only the fields that are sort keys.
 */
static bool entry_matches(struct hist *h, const struct hist_entry *e,
			  const struct hist_entry *k)
{
	if (h->key[HIST_KEY_COMM] && e->comm != k->comm)
		return false;
	if (h->key[HIST_KEY_PID] && e->pid != k->pid)
		return false;
	if (h->key[HIST_KEY_DSO] && e->dso != k->dso)
		return false;
	if (h->key[HIST_KEY_SYM]) {
		bool eu = !h->frames[e->frame].name, ku = !h->frames[k->frame].name;

		if (eu != ku || e->raw != k->raw)
			return false;
		if (eu ? (e->uaddr != k->uaddr || e->dso != k->dso) : e->frame != k->frame)
			return false;
		if (e->inl_base != k->inl_base)
			return false;
	}
	if (h->key[HIST_KEY_SRCLINE] && e->srcline != k->srcline)
		return false;
	if (h->key[HIST_KEY_CPU] && e->cpu != k->cpu)
		return false;
	if (h->key[HIST_KEY_SOCKET] && e->socket != k->socket)
		return false;
	if (h->key[HIST_KEY_TIME] && e->time != k->time)
		return false;
	if (h->key[HIST_KEY_TRACE] && e->trace != k->trace)
		return false;
	if (h->key[HIST_KEY_PARENT] && e->parent != k->parent)
		return false;
	if (h->key[HIST_KEY_SRCFILE] && e->srcfile != k->srcfile)
		return false;
	return true;
}

/*
 * The entry of frame @id in stack @st, created when missing. @level is
 * the [k]/[.] marker a new entry shows: a frame's own for frames with a
 * map; for addresses no map covers perf keeps the marker of the frame
 * before (its addr_location is reused), and so do we.
 */
static struct hist_entry *entry_find(struct hist *h, const struct stack *st,
				     uint32_t id, bool level, bool from_chain)
{
	const struct hist_frame *f = &h->frames[id];
	struct hist_entry k = { 0 };
	uint64_t hv;
	size_t pos;
	uint32_t eid;

	k.comm = st->comm;	/* interned by hist_finish() */
	k.pid = st->pid;
	k.dso = f->dso;
	k.frame = h->fx[id].func;
	k.kernel = level;
	k.raw = from_chain && !f->name && f->dso;
	/*
	 * perf keys an unresolved entry by address: the dso address for a
	 * sample's own IP, the run-time one for a callchain entry
	 */
	if (!f->name)
		k.uaddr = k.raw || !f->dso ? f->ip : f->addr;
	k.inl_base = h->fx[id].inl_base;
	k.srcline = h->key[HIST_KEY_SRCLINE] ? frame_srcline(h, id) : NULL;
	k.srcfile = h->key[HIST_KEY_SRCFILE] ? frame_srcfile(h, id) : NULL;
	if (from_chain && h->fx[id].node_srcline) {
		/*
		 * a DWARF-unwound frame: perf keeps the entry's own line,
		 * and its file is unknown as for any callchain entry
		 */
		if (k.srcline)
			k.srcline = h->fx[id].node_srcline;
		if (k.srcfile)
			k.srcfile = strset_intern(&h->strs, "");
	} else if (from_chain && f->sym && !f->kernel) {
		/*
		 * perf looks a callchain entry's line up at its run-time
		 * address, finds none and falls back to symbol+offset from
		 * there; its file is then unknown
		 */
		if (k.srcline) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%s+%" PRIu64, f->sym->name, f->ip - f->sym->start);
			k.srcline = strset_intern(&h->strs, sb.buf);
			strbuf_release(&sb);
		}
		if (k.srcfile)
			k.srcfile = strset_intern(&h->strs, "");
	}
	k.cpu = st->cpu;
	k.socket = h->key[HIST_KEY_SOCKET] ? cpu_socket(h, st->cpu) : 0;
	k.time = st->tbucket;
	k.trace = st->trace;
	k.parent = st->parent;
	hv = hash_u64(h->key[HIST_KEY_COMM] ? (uintptr_t)k.comm : 0);
	hv = hash_combine(hv, h->key[HIST_KEY_PID] ? (uint32_t)k.pid : 0);
	hv = hash_combine(hv, h->key[HIST_KEY_DSO] ? (uintptr_t)k.dso : 0);
	hv = hash_combine(hv, !h->key[HIST_KEY_SYM] ? UINT32_MAX :
			      f->name ? hash_combine(k.frame, k.inl_base) :
			      hash_combine(k.uaddr, (uintptr_t)k.dso));
	hv = hash_combine(hv, (h->key[HIST_KEY_SRCLINE] ?
			       (uintptr_t)k.srcline : 0) ^
			      (h->key[HIST_KEY_SYM] ? k.raw : 0));
	hv = hash_combine(hv, (h->key[HIST_KEY_CPU] ? (uint32_t)k.cpu : 0) ^
			      (h->key[HIST_KEY_SOCKET] ?
			       (uint64_t)(uint32_t)k.socket << 32 : 0));
	hv = hash_combine(hv, h->key[HIST_KEY_TIME] ? k.time : 0);
	hv = hash_combine(hv,
			  (h->key[HIST_KEY_TRACE] ? (uintptr_t)k.trace : 0) ^
			  (h->key[HIST_KEY_PARENT] ? (uintptr_t)k.parent : 0) ^
			  (h->key[HIST_KEY_SRCFILE] ? (uintptr_t)k.srcfile :
						      0));
	hmap_for_each_hash(&h->entry_idx, hv, pos, eid) {
		struct hist_entry *e = &h->entries[eid];

		if (entry_matches(h, e, &k))
			return e;
	}
	ALLOC_GROW(h->entries, h->nr_entries + 1, h->alloc_entries);
	/*
	 * perf hides an entry when the sample that made it was filtered
	 * out, and lets later samples of either kind add to it
	 */
	k.filtered = st->hidden;
	k.tid = st->tid;
	k.thread = st->thread;
	k.pid_comm = st->last_comm;
	k.seq = (uint32_t)h->nr_entries;
	h->entries[h->nr_entries] = k;
	hmap_add(&h->entry_idx, hv, (uint32_t)h->nr_entries);
	return &h->entries[h->nr_entries++];
}

/* ---- call trees ---- */

static uint32_t tnode_new(struct hist *h, uint32_t frame, uint32_t parent)
{
	ALLOC_GROW(h->tn, h->nr_tn + 1, h->alloc_tn);
	h->tn[h->nr_tn] = (struct tnode){
		.frame = frame, .parent = parent, .first_kid = UINT32_MAX,
		.next_sib = UINT32_MAX,
	};
	return (uint32_t)h->nr_tn++;
}

static uint32_t tnode_kid(struct hist *h, uint32_t parent, uint32_t frame)
{
	uint64_t hv = hash_combine(hash_u64(parent), frame);
	size_t pos;
	uint32_t k;

	hmap_for_each_hash(&h->tn_idx, hv, pos, k) {
		if (h->tn[k].parent == parent &&
		    h->tn[k].frame == frame)
			return k;
	}
	k = tnode_new(h, frame, parent);
	/* append at the end of the sibling list: insertion order */
	if (h->tn[parent].first_kid == UINT32_MAX) {
		h->tn[parent].first_kid = k;
	} else {
		uint32_t c = h->tn[parent].first_kid;

		while (h->tn[c].next_sib != UINT32_MAX)
			c = h->tn[c].next_sib;
		h->tn[c].next_sib = k;
	}
	h->tn[parent].nr_kids++;
	hmap_add(&h->tn_idx, hv, k);
	return k;
}

/* @root: a tnode used as the entry's tree root (frame UINT32_MAX) */
static void tree_append(struct hist *h, uint32_t root, const uint32_t *fr,
			uint32_t n, const struct stack *st)
{
	uint32_t cur = root;

	for (uint32_t i = 0; i < n; i++) {
		h->tn[cur].children_hit += st->period;
		h->tn[cur].children_count += st->count;
		cur = tnode_kid(h, cur, h->fx[fr[i]].func);
	}
	h->tn[cur].hit += st->period;
	h->tn[cur].count += st->count;
}

/*
 * Kids by cumulated period; equal ones as perf keeps them: inline frames
 * by name, descending; within one object the higher address (of the
 * symbol when both have one) first; across objects the one perf created
 * later first, and frames in no object last; else in order of creation.
 */
int hist_node_key_cmp(const struct hist *h, const struct hist_node *x,
		      const struct hist_node *y)
{
	const struct hist_frame *fx = &h->frames[x->frames[0]];
	const struct hist_frame *fy = &h->frames[y->frames[0]];

	if (fx->inlined || fy->inlined) {
		int c = fx->name && fy->name ? strcmp(fx->name, fy->name) : 0;

		if (c)
			return -c;	/* inline frames go by name */
		return x->seq < y->seq ? -1 : x->seq > y->seq;
	}
	if (fx->dso != fy->dso) {
		if (!fx->dso || !fy->dso)
			return fx->dso ? -1 : 1;
		return sym_dso_order(fx->dso) > sym_dso_order(fy->dso) ? -1 : 1;
	}
	if (fx->sym && fy->sym) {
		if (fx->sym->start != fy->sym->start)
			return fx->sym->start > fy->sym->start ? -1 : 1;
	} else if (fx->ip != fy->ip) {
		return fx->ip > fy->ip ? -1 : 1;
	}
	return x->seq < y->seq ? -1 : x->seq > y->seq;	/* creation order */
}

static int kid_cmp(const void *a, const void *b, void *arg)
{
	const struct hist_node *x = *(struct hist_node *const *)a;
	const struct hist_node *y = *(struct hist_node *const *)b;
	uint64_t cx = x->hit + x->children_hit, cy = y->hit + y->children_hit;

	if (cx != cy)
		return cx > cy ? -1 : 1;
	return hist_node_key_cmp(arg, x, y);
}

static struct hist_node *node_new(struct hist *h, struct hist_node *parent)
{
	struct hist_node *n = xcalloc(1, sizeof(*n));

	n->parent = parent;
	n->seq = (uint32_t)h->nr_nodes;
	ALLOC_GROW(h->nodes, h->nr_nodes + 1, h->alloc_nodes);
	h->nodes[h->nr_nodes++] = n;
	return n;
}

/* compress trie node @t (its run starting there) into perf-style nodes */
static struct hist_node *compress(struct hist *h, uint32_t t,
				  struct hist_node *parent)
{
	struct hist_node *n = node_new(h, parent);
	uint32_t alloc = 0, cur = t;
	size_t nk = 0;

	for (;;) {
		ALLOC_GROW(n->frames, n->nr_frames + 1, alloc);
		n->frames[n->nr_frames++] = h->tn[cur].frame;
		if (h->tn[cur].nr_kids != 1 || h->tn[cur].hit)
			break;
		cur = h->tn[cur].first_kid;
	}
	n->hit = h->tn[cur].hit;
	n->children_hit = h->tn[cur].children_hit;
	n->count = h->tn[cur].count;
	n->children_count = h->tn[cur].children_count;
	if (h->tn[cur].nr_kids) {
		n->kids = xmalloc(h->tn[cur].nr_kids * sizeof(*n->kids));
		for (uint32_t k = h->tn[cur].first_kid; k != UINT32_MAX;
		     k = h->tn[k].next_sib)
			n->kids[nk++] = compress(h, k, n);
		n->nr_kids = (uint32_t)nk;
		qsort_r(n->kids, nk, sizeof(*n->kids), kid_cmp, h);
	}
	return n;
}

/*
 * perf's output order: the period (children, then self, in children
 * mode), with "callers above callees" between equal children of one
 * thread (the deeper call tree first), then the sort keys ascending
 * (resolved symbols before addresses), then the order of creation.
 */
/* sort key @k of @x (an entry of @hx) and @y (of @hy), as perf orders it */
static int key_cmp(const struct hist *hx, const struct hist_entry *x,
		   const struct hist *hy, const struct hist_entry *y,
		   enum hist_key k)
{
	const struct hist *h = hx;
	int c;

	{
		switch (k) {
		case HIST_KEY_COMM:
			c = strcmp(x->comm, y->comm);
			break;
		case HIST_KEY_PID:
			c = x->pid < y->pid ? -1 : x->pid > y->pid;
			break;
		case HIST_KEY_DSO:
			/* no object at all sorts after every object */
			if (!x->dso || !y->dso)
				c = !x->dso - !y->dso;
			else
				c = strcmp(sym_dso_name(x->dso), sym_dso_name(y->dso));
			break;
		case HIST_KEY_SYM: {
			const struct hist_frame *fx = &h->frames[x->frame];
			const struct hist_frame *fy = &hy->frames[y->frame];

			if (fx->name && fy->name)
				c = strcmp(fx->name, fy->name);
			else if (fx->name || fy->name)
				c = fx->name ? -1 : 1;
			else
				c = x->uaddr < y->uaddr ? -1 : x->uaddr > y->uaddr;
			break;
		}
		case HIST_KEY_SRCLINE:
			c = strcmp(x->srcline ? x->srcline : "", y->srcline ? y->srcline : "");
			break;
		case HIST_KEY_CPU:
			c = x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
			break;
		case HIST_KEY_SOCKET:
			c = x->socket < y->socket ? -1 : x->socket > y->socket;
			break;
		case HIST_KEY_TIME:
			c = x->time < y->time ? -1 : x->time > y->time;
			break;
		case HIST_KEY_TRACE:
			c = strcmp(x->trace, y->trace);
			break;
		case HIST_KEY_PARENT: {
			/* perf: no parent ("[other]") after any name */
			bool xo = !strcmp(x->parent, "[other]");
			bool yo = !strcmp(y->parent, "[other]");

			c = xo != yo ? xo - yo : strcmp(x->parent, y->parent);
			break;
		}
		case HIST_KEY_SRCFILE:
			c = strcmp(x->srcfile, y->srcfile);
			break;
		default:
			c = 0;
		}
	}
	return c;
}

/* the sort keys of @x (an entry of @hx) and @y (of @hy), as perf orders them */
static int keys_cmp(const struct hist *hx, const struct hist_entry *x,
		    const struct hist *hy, const struct hist_entry *y)
{
	for (int i = 0; i < hx->o.nr_keys; i++) {
		int c = key_cmp(hx, x, hy, y, hx->o.keys[i]);

		if (c)
			return c;
	}
	return 0;
}

int hist_entry_cmp_key(const struct hist *h, const struct hist_entry *x,
		       const struct hist_entry *y, enum hist_key k)
{
	return key_cmp(h, x, h, y, k);
}

static int desc(uint64_t a, uint64_t b)
{
	return a > b ? -1 : a < b;
}

/* perf's callers above callees between equal children of one thread */
static int deeper_first(const struct hist *h, const struct hist_entry *x,
			const struct hist_entry *y)
{
	bool deeper = x->max_depth > y->max_depth;

	if (!h->o.children || !h->o.callchain || x->thread != y->thread ||
	    x->max_depth == y->max_depth)
		return 0;
	if (h->o.order == HIST_ORDER_CALLER)
		return deeper ? -1 : 1;
	return deeper ? 1 : -1;
}

/* -F's sort order: keys ascending, output fields' values descending */
static int fields_cmp(const struct hist *h, const struct hist_entry *x,
		      const struct hist_entry *y)
{
	for (int i = 0; i < h->o.nr_fields; i++) {
		int f = h->o.sort_fields[i], c;

		switch (f) {
		case HIST_FIELD_OVERHEAD:
		case HIST_FIELD_PERIOD:
			c = desc(x->self, y->self);
			break;
		case HIST_FIELD_OVERHEAD_SYS:
			c = desc(x->self_sys, y->self_sys);
			break;
		case HIST_FIELD_OVERHEAD_US:
			c = desc(x->self - x->self_sys, y->self - y->self_sys);
			break;
		case HIST_FIELD_OVERHEAD_CHILDREN:
			c = desc(x->children, y->children);
			if (!c)
				c = deeper_first(h, x, y);
			break;
		case HIST_FIELD_SAMPLE:
			c = desc(x->nr_samples, y->nr_samples);
			break;
		default:
			c = key_cmp(h, x, h, y, (enum hist_key)f);
		}
		if (c)
			return c;
	}
	return 0;
}

int hist_entry_cmp_keys(const struct hist *hx, const struct hist_entry *x,
			const struct hist *hy, const struct hist_entry *y)
{
	return keys_cmp(hx, x, hy, y);
}

static int entry_cmp_total(const void *a, const void *b, void *arg)
{
	const struct hist_entry *x = *(struct hist_entry *const *)a;
	const struct hist_entry *y = *(struct hist_entry *const *)b;
	struct hist *h = arg;
	uint64_t px = h->o.children ? x->children : x->self;
	uint64_t py = h->o.children ? y->children : y->self;
	int c = h->o.nr_fields ? fields_cmp(h, x, y) : 0;

	if (c)
		return c;
	if (px != py)
		return px > py ? -1 : 1;
	c = deeper_first(h, x, y);
	if (c)
		return c;
	if (h->o.children && x->self != y->self)
		return x->self > y->self ? -1 : 1;
	c = keys_cmp(h, x, h, y);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void hist_finish(struct hist *h, hist_filter_fn filter, void *arg,
		 double min_show)
{
	uint32_t stamp = 0;
	uint64_t min_hit = (uint64_t)((double)h->total * h->o.min_percent / 100.0);
	uint32_t *roots;
	struct hist_entry **seen = NULL;
	size_t nseen_alloc = 0;

	/*
	 * command names are final now: intern them (equal names merge);
	 * sorted by pid alone, perf shows a thread under its last name
	 */
	for (size_t si = 0; si < h->nr_stacks && !h->o.live; si++) {
		const char *c = h->stacks[si].comm;

		h->stacks[si].last_comm = strset_intern(&h->strs, h->s ?
						     session_comm_last(c) : c);
		if (h->s)
			h->stacks[si].thread = session_comm_thread(c);
		h->stacks[si].comm = strset_intern(&h->strs, c);
		if (h->key[HIST_KEY_PID] && !h->key[HIST_KEY_COMM])
			h->stacks[si].comm = h->stacks[si].last_comm;
		if (h->key[HIST_KEY_PARENT])
			h->stacks[si].parent = stack_parent(h, &h->stacks[si]);
	}
	/* entries and their periods, frames visited in display order */
	for (size_t si = 0; si < h->nr_stacks; si++) {
		struct stack *st = &h->stacks[si];
		const uint32_t *fr = &h->stack_frames[st->off];
		bool level = h->frames[st->self].kernel;
		struct hist_entry *e;

		stamp++;
		e = entry_find(h, st, st->self, level, false);
		if (st->nr > e->max_depth)
			e->max_depth = st->nr;
		e->self += st->period;
		if (h->frames[st->self].kernel)
			e->self_sys += st->period;
		e->nr_samples += st->count;
		e->children += st->period;
		e->stamp = stamp;
		if (!h->o.children)
			continue;
		for (uint32_t j = 0; j < st->nr; j++) {
			uint32_t id = h->o.order == HIST_ORDER_CALLER ?
				      fr[st->nr - 1 - j] : fr[j];

			if (h->frames[id].dso)
				level = h->frames[id].kernel;
			e = entry_find(h, st, id, level, true);
			if (e->stamp == stamp)
				continue;
			if (st->nr - j > e->max_depth)
				e->max_depth = st->nr - j;
			e->stamp = stamp;
			e->children += st->period;
		}
	}
	h->sorted = xmalloc((h->nr_entries ? h->nr_entries : 1) * sizeof(*h->sorted));
	for (size_t i = 0; i < h->nr_entries; i++) {
		struct hist_entry *e = &h->entries[i];
		const struct hist_frame *f = &h->frames[e->frame];

		if (filter && filter(e, f->name, arg))
			e->filtered = true;
		h->sorted[h->nr_sorted++] = e;
	}
	qsort_r(h->sorted, h->nr_sorted, sizeof(*h->sorted), entry_cmp_total, h);
	if (!h->o.callchain)
		return;

	/* call trees for the entries that will show one */
	roots = xmalloc((h->nr_entries ? h->nr_entries : 1) * sizeof(*roots));
	hmap_reserve(&h->tn_idx, 2048);
	for (size_t i = 0; i < h->nr_entries; i++) {
		struct hist_entry *e = &h->entries[i];
		uint64_t p = h->o.children ? e->children : e->self;
		double pct = h->total ? 100.0 * (double)p / (double)h->total : 0;

		roots[i] = UINT32_MAX;
		if (e->filtered || pct < min_show || !p || (!h->o.fractal && p < min_hit))
			continue;
		roots[i] = tnode_new(h, UINT32_MAX, UINT32_MAX);
	}
	for (size_t si = 0; si < h->nr_stacks; si++) {
		struct stack *st = &h->stacks[si];
		const uint32_t *fr = &h->stack_frames[st->off];
		uint32_t n = st->nr, *cur = h->tmp;
		size_t nseen = 0;
		struct hist_entry *self;
		size_t ei;

		if (!n)
			continue;
		/* the cursor in display order */
		for (uint32_t i = 0; i < n; i++)
			cur[i] = h->o.order == HIST_ORDER_CALLER ? fr[n - 1 - i] : fr[i];
		self = entry_find(h, st, st->self, h->frames[st->self].kernel, false);
		ei = (size_t)(self - h->entries);
		if (roots[ei] != UINT32_MAX)
			tree_append(h, roots[ei], cur, n, st);
		if (!h->o.children)
			continue;
		ALLOC_GROW(seen, n + 1, nseen_alloc);
		seen[nseen++] = self;
		for (uint32_t i = 0; i < n; i++) {
			struct hist_entry *e = entry_find(h, st, cur[i], false, true);
			size_t k;

			for (k = 0; k < nseen && seen[k] != e; k++)
				;
			if (k < nseen)
				continue;
			seen[nseen++] = e;
			ei = (size_t)(e - h->entries);
			if (roots[ei] != UINT32_MAX)
				tree_append(h, roots[ei], cur + i, n - i, st);
		}
	}
	for (size_t i = 0; i < h->nr_entries; i++) {
		struct hist_node *r;
		size_t nk = 0;
		uint32_t t = roots[i];

		if (t == UINT32_MAX)
			continue;
		r = node_new(h, NULL);
		r->hit = h->tn[t].hit;
		r->children_hit = h->tn[t].children_hit;
		r->count = h->tn[t].count;
		r->children_count = h->tn[t].children_count;
		if (h->tn[t].nr_kids) {
			r->kids = xmalloc(h->tn[t].nr_kids * sizeof(*r->kids));
			for (uint32_t k = h->tn[t].first_kid; k != UINT32_MAX;
			     k = h->tn[k].next_sib)
				r->kids[nk++] = compress(h, k, r);
			r->nr_kids = (uint32_t)nk;
			qsort_r(r->kids, nk, sizeof(*r->kids), kid_cmp, h);
		}
		h->entries[i].root = r;
	}
	free(seen);
	free(roots);
	free(h->tn);
	h->tn = NULL;
	h->nr_tn = h->alloc_tn = 0;
	hmap_release(&h->tn_idx);
}

static const struct {
	const char *name;
	enum hist_key key;
} key_names[] = {
	{ "comm", HIST_KEY_COMM }, { "pid", HIST_KEY_PID },
	{ "dso", HIST_KEY_DSO }, { "sym", HIST_KEY_SYM },
	{ "symbol", HIST_KEY_SYM }, { "srcline", HIST_KEY_SRCLINE },
	{ "cpu", HIST_KEY_CPU }, { "socket", HIST_KEY_SOCKET },
	{ "parent", HIST_KEY_PARENT }, { "srcfile", HIST_KEY_SRCFILE },
	{ "time", HIST_KEY_TIME }, { "trace", HIST_KEY_TRACE },
};

static const struct {
	const char *name;
	enum hist_field field;
} field_names[] = {
	{ "overhead", HIST_FIELD_OVERHEAD },
	{ "overhead_sys", HIST_FIELD_OVERHEAD_SYS },
	{ "overhead_us", HIST_FIELD_OVERHEAD_US },
	{ "overhead_children", HIST_FIELD_OVERHEAD_CHILDREN },
	{ "sample", HIST_FIELD_SAMPLE },
	{ "period", HIST_FIELD_PERIOD },
};

const char *hist_field_name(int f)
{
	for (size_t i = 0; i < ARRAY_SIZE(field_names); i++)
		if ((int)field_names[i].field == f)
			return field_names[i].name;
	return hist_key_name((enum hist_key)f);
}

static bool in_list(const int *v, int n, int f)
{
	for (int i = 0; i < n; i++)
		if (v[i] == f)
			return true;
	return false;
}

int hist_parse_fields(const char *s, struct hist_opts *ho, bool keys_given,
		      const char **bad)
{
	static char last[64];
	char *dup = xstrdup(s), *save = NULL, *tok;
	int n = 0, ret = 0;

	*bad = NULL;
	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int f = -1;

		while (*tok == ' ')
			tok++;
		for (size_t i = 0; i < ARRAY_SIZE(field_names); i++)
			if (!strcmp(tok, field_names[i].name))
				f = (int)field_names[i].field;
		for (size_t k = 0; f < 0 && k < ARRAY_SIZE(key_names); k++)
			if (!strcmp(tok, key_names[k].name))
				f = (int)key_names[k].key;
		if (f < 0) {
			snprintf(last, sizeof(last), "%s", tok);
			*bad = last;
			ret = -EINVAL;
			goto out;
		}
		if (!in_list(ho->fields, n, f))
			ho->fields[n++] = f;
	}
	if (!n) {
		ret = -EINVAL;
		goto out;
	}
	if (keys_given) {
		/* perf: --sort's keys sort first and show after -F's */
		int m = 0, nf = n;

		for (int i = 0; i < ho->nr_keys; i++) {
			ho->sort_fields[m++] = (int)ho->keys[i];
			if (!in_list(ho->fields, n, (int)ho->keys[i]))
				ho->fields[n++] = (int)ho->keys[i];
		}
		/* and -F's keys tell entries apart too */
		for (int i = 0; i < nf; i++) {
			bool known = false;

			for (int k = 0; k < ho->nr_keys; k++)
				known |= (int)ho->keys[k] == ho->fields[i];
			if (!in_list(ho->sort_fields, m, ho->fields[i]))
				ho->sort_fields[m++] = ho->fields[i];
			if (ho->fields[i] < HIST_KEY_MAX && !known)
				ho->keys[ho->nr_keys++] = (enum hist_key)ho->fields[i];
		}
	} else {
		ho->nr_keys = 0;
		for (int i = 0; i < n; i++) {
			ho->sort_fields[i] = ho->fields[i];
			if (ho->fields[i] < HIST_KEY_MAX)
				ho->keys[ho->nr_keys++] = (enum hist_key)ho->fields[i];
		}
	}
	ho->nr_fields = n;
out:
	free(dup);
	return ret;
}

const char *hist_key_name(enum hist_key k)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (key_names[i].key == k)
			return key_names[i].name;
	return "?";
}

bool hist_key_is_branch(const char *name)
{
	static const char *const branch[] = {
		"dso_from", "dso_to", "symbol_from", "symbol_to", "mispredict",
		"abort", "in_tx", "cycles", "srcline_from", "srcline_to",
		"ipc_lbr", "addr_from", "addr_to",
	};

	for (size_t i = 0; i < ARRAY_SIZE(branch); i++)
		if (!strcmp(name, branch[i]))
			return true;
	return false;
}

int hist_parse_regex(const char *re)
{
	regex_t r;

	if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB))
		return -EINVAL;
	regfree(&r);
	return 0;
}

int hist_parse_keys(const char *s, struct hist_opts *ho, const char **bad)
{
	static char last[64];
	char *dup = xstrdup(s), *save = NULL, *tok;
	int ret = 0;

	*bad = NULL;
	ho->nr_keys = 0;
	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t k;
		bool seen = false;

		while (*tok == ' ')
			tok++;
		for (k = 0; k < ARRAY_SIZE(key_names) && strcmp(tok, key_names[k].name); k++)
			;
		if (k == ARRAY_SIZE(key_names)) {
			snprintf(last, sizeof(last), "%s", tok);
			*bad = last;
			ret = -EINVAL;
			break;
		}
		for (int i = 0; i < ho->nr_keys; i++)
			seen |= ho->keys[i] == key_names[k].key;
		if (!seen)
			ho->keys[ho->nr_keys++] = key_names[k].key;
	}
	free(dup);
	return ret ? ret : ho->nr_keys ? 0 : -EINVAL;
}

/* forget the entries and call trees of the last hist_finish() */
static void drop_display(struct hist *h)
{
	for (size_t i = 0; i < h->nr_nodes; i++) {
		free(h->nodes[i]->frames);
		free(h->nodes[i]->kids);
		free(h->nodes[i]);
	}
	h->nr_nodes = 0;
	free(h->sorted);
	h->sorted = NULL;
	h->nr_sorted = 0;
	h->nr_entries = 0;
	hmap_release(&h->entry_idx);
	hmap_reserve(&h->entry_idx, 512);
}

void hist_decay(struct hist *h, unsigned int num, unsigned int den)
{
	size_t n = 0, nsf = 0;

	drop_display(h);
	/* stacks move: what chain ids came to is not worth keeping */
	if (h->memo)
		memset(h->memo, 0, h->alloc_memo * sizeof(*h->memo));
	h->nr_memo_ids = 0;
	hmap_release(&h->stack_idx);
	hmap_reserve(&h->stack_idx, 512);
	h->total = 0;
	h->nr_samples = 0;
	for (size_t i = 0; i < h->nr_stacks; i++) {
		struct stack st = h->stacks[i];

		if (num != den) {
			st.period = st.period * num / den;
			st.count = st.count * num / den;
		}
		if (!st.period)
			continue;
		if (st.nr)
			memmove(&h->stack_frames[nsf], &h->stack_frames[st.off],
				st.nr * sizeof(*h->stack_frames));
		st.off = (uint32_t)nsf;
		nsf += st.nr;
		hmap_add(&h->stack_idx,
			       stack_hash(st.comm, st.pid, st.tid,
					  chain_hash(st.self, &h->stack_frames[st.off], st.nr),
					  st.hidden, st.cpu, st.tbucket, st.trace),
			       (uint32_t)n);
		h->stacks[n++] = st;
		h->total += st.period;
		h->nr_samples += st.count;
	}
	h->nr_stacks = n;
	h->nr_sf = nsf;
}

size_t hist_nr_stacks(const struct hist *h)
{
	return h->nr_stacks;
}
