// SPDX-License-Identifier: GPL-2.0
#include "ptool/session.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptool/hash.h"
#include "ptool/hmap.h"
#include "ptool/maps.h"
#include "ptool/offcpu.h"
#include "ptool/tpfmt.h"
#include "ptool/u64map.h"
#include "ptool/msg.h"
#include "ptool/strbuf.h"
#include "ptool/sym.h"
#include "ptool/synth.h"
#include "ptool/unwind.h"

#define DEFAULT_MAX_STACK 127
#define MAX_FRAMES 512		/* resolved frames per sample, inlines included */
#define ACACHE_BITS 15

/*
 * A command name as samples see it, at any length (perf keeps what the
 * COMM record says). Its address stays valid for the whole session; its
 * text is rewritten in place once when a thread's placeholder (":tid") is
 * replaced by its first COMM, so samples taken before that COMM show the
 * real name, as perf does. A placeholder has room for PLACEHOLDER_CAP
 * bytes: more than the kernel's 16-byte names and the 64 of /proc.
 */
struct comm {
	struct comm *next;
	bool gone;		/* live: its thread was reaped */
	struct comm *renamed;	/* the thread's next name, NULL for the last */
	struct comm *first;	/* the thread's first name: its identity */
	size_t cap;		/* bytes in str */
	char str[];		/* samples point here; comm_of() goes back */
};

#define PLACEHOLDER_CAP 64

struct thread {
	int32_t pid, tid;
	int32_t ppid;		/* the parent's tid (FORK), -1 unknown */
	bool dead;		/* an EXIT was seen */
	bool reap;		/* live: dead at the last session_reap() */
	struct comm *comm;
	bool comm_set;
	struct maps *maps;
};

/* one resolved address: (maps, generation, ip, kernel) -> frame */
struct acache_ent {
	const struct maps *maps;	/* NULL for kernel addresses */
	uint64_t gen;
	uint64_t ip;
	bool valid;
	bool inl_done;
	uint32_t nr_inl;
	uint64_t real_mask;	/* levels (of the first 64) naming f.sym */
	struct session_frame f;
	const struct sym_inline *inl;	/* lent by the dso */
};

struct session {
	struct session_opts opts;
	char *path;
	struct pdata *p;
	struct sym_cache *syms;
	struct unwind *uw;

	struct thread **threads;	/* in no useful order */
	size_t nr_threads, alloc_threads;
	struct hmap thread_idx;		/* thash() -> index in threads */
	struct comm *comms;		/* every comm, for freeing */

	struct acache_ent *acache;
	uint64_t maps_gen;		/* next address space's first generation */

	/* callchains seen in this iteration (SESSION_REUSE) */
	uint64_t *chain_words;		/* their keys, one after the other */
	size_t nr_chain_words, alloc_chain_words;
	struct chain {			/* chain id - 1 -> its key */
		uint64_t off;		/* in chain_words */
		uint32_t len;
	} *chains;
	size_t nr_chains, alloc_chains;
	struct hmap chain_idx;		/* key_hash() -> chain id - 1 */
	uint64_t key[MAX_FRAMES * 2 + 8];
	struct maps *kmaps;		/* the kernel's and its modules' MMAPs */
	char **names;			/* event names */
	size_t nr_live;			/* live: the number of events */
	bool live;			/* session_new_live(): no file */
	struct sym_dso **jit;		/* live: the perf-PID.map dsos */
	size_t nr_jit, alloc_jit;

	/* per iteration */
	unsigned int flags;
	session_sample_fn fn;
	void *arg;
	session_event_fn ev_fn;
	void *ev_arg;
	struct session_frame frames[MAX_FRAMES];
	struct session_frame ip_frame;
	uint64_t ips[MAX_FRAMES];
	struct strbuf err;

	uint64_t *nr_samples;
	uint64_t *period;
	struct session_stats stats;

	/* off-CPU (SESSION_OFFCPU): switch-outs waiting for the switch-in */
	int offcpu_idx;			/* -2: not looked for yet */
	struct tpfmt *offcpu_tp;
	bool offcpu_tp_done;
	struct u64map offcpu_tid;	/* tid -> index + 1 in offcpu_pend */
	struct offcpu_pend {
		void *rec;		/* a copy of the sched_switch sample */
		size_t alloc;
		uint64_t t_out;
		bool live;
	} *offcpu_pend;
	size_t nr_offcpu_pend, alloc_offcpu_pend;
	bool offcpu_deliver;		/* deliver(): an off-CPU sample */
	char *wall_name;		/* session_offcpu_name() */
	uint64_t offcpu_ns, offcpu_t_out;
};

static void set_err(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_err(struct session *s, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&s->err);
	va_start(ap, fmt);
	strbuf_vaddf(&s->err, fmt, ap);
	va_end(ap);
}

/*
 * A new address space (a copy of @from, or empty). Each gets its own range
 * of generations, so that a (pointer, generation) pair, which the address
 * and chain caches key on, never names two address spaces even when a
 * freed set's memory is reused.
 */
static struct maps *new_maps(struct session *s, const struct maps *from)
{
	struct maps *m = from ? maps_copy(from) : maps_new();

	m->gen = s->maps_gen;
	s->maps_gen += 1ull << 32;
	return m;
}

/* the number of events: the file's attrs, or what a live session was given */
static size_t nattrs(const struct session *s)
{
	return s->p ? pdata_nr_attrs(s->p) : s->nr_live;
}

/* ---- threads ---- */

static uint64_t thash(int32_t tid)
{
	return hash_u64((uint32_t)tid);
}

/* the index of thread @tid in threads[], or HMAP_NONE; *@pos its slot */
static uint32_t thread_index(const struct session *s, int32_t tid, size_t *pos)
{
	uint32_t i;

	hmap_for_each_hash(&s->thread_idx, thash(tid), *pos, i)
		if (s->threads[i]->tid == tid)
			break;
	return i;
}

static struct thread *thread_lookup(struct session *s, int32_t tid)
{
	size_t pos;
	uint32_t i = thread_index(s, tid, &pos);

	return i == HMAP_NONE ? NULL : s->threads[i];
}

/* @cap: at least this many bytes of room, for a placeholder */
static struct comm *comm_new(struct session *s, const char *str, size_t len,
			     size_t cap)
{
	struct comm *c;

	if (cap < len + 1)
		cap = len + 1;
	c = xmalloc(sizeof(*c) + cap);
	c->cap = cap;
	memcpy(c->str, str, len);
	c->str[len] = 0;
	c->next = s->comms;
	c->renamed = NULL;
	c->gone = false;
	c->first = c;
	s->comms = c;
	return c;
}

static const struct comm *comm_of(const char *str)
{
	return (const struct comm *)(const void *)(str - offsetof(struct comm, str));
}

const void *session_comm_thread(const char *comm)
{
	return comm_of(comm)->first;
}

const char *session_comm_last(const char *comm)
{
	const struct comm *c = comm_of(comm);

	for (int guard = 0; c->renamed && guard < 1000000; guard++)
		c = c->renamed;
	return c->str;
}

static void thread_free(struct thread *t)
{
	maps_put(t->maps);
	free(t);
}

/* drop threads[@i], whose slot is @pos; the last thread takes its place */
static void thread_drop(struct session *s, uint32_t i, size_t pos)
{
	size_t last = s->nr_threads - 1;

	thread_free(s->threads[i]);
	hmap_del(&s->thread_idx, pos);
	if (i != last) {
		s->threads[i] = s->threads[last];
		hmap_move(&s->thread_idx, thash(s->threads[i]->tid),
			  (uint32_t)last, i);
	}
	s->nr_threads--;
}

static void thread_remove(struct session *s, int32_t tid)
{
	size_t pos;
	uint32_t i = thread_index(s, tid, &pos);

	if (i != HMAP_NONE)
		thread_drop(s, i, pos);
}

static struct thread *thread_add(struct session *s, int32_t pid, int32_t tid)
{
	struct thread *t = xcalloc(1, sizeof(*t));
	char buf[32];

	t->pid = pid;
	t->tid = tid;
	t->ppid = -1;
	/* perf names the idle task */
	snprintf(buf, sizeof(buf), tid ? ":%d" : "swapper", tid);
	t->comm = comm_new(s, buf, strlen(buf), PLACEHOLDER_CAP);
	t->comm_set = !tid;
	ALLOC_GROW(s->threads, s->nr_threads + 1, s->alloc_threads);
	s->threads[s->nr_threads] = t;
	hmap_add(&s->thread_idx, thash(tid), (uint32_t)s->nr_threads++);
	return t;
}

static struct thread *thread_findnew(struct session *s, int32_t pid, int32_t tid)
{
	struct thread *t = thread_lookup(s, tid);

	if (t) {
		if (t->pid == -1 && pid != -1)
			t->pid = pid;
		return t;
	}
	t = thread_add(s, pid, tid);
	if (pid != tid && pid > 0) {
		struct thread *leader = thread_lookup(s, pid);

		if (!leader)
			leader = thread_add(s, pid, pid);
		if (!leader->maps)
			leader->maps = new_maps(s, NULL);
		t->maps = maps_get(leader->maps);
	} else {
		t->maps = new_maps(s, NULL);
	}
	return t;
}

static void threads_clear(struct session *s)
{
	for (size_t i = 0; i < s->nr_threads; i++)
		thread_free(s->threads[i]);
	s->nr_threads = 0;
	hmap_reset(&s->thread_idx);
	while (s->comms) {
		struct comm *c = s->comms->next;

		free(s->comms);
		s->comms = c;
	}
}

/* ---- open ---- */

static const char *const hw_names[] = {
	"cycles", "instructions", "cache-references", "cache-misses",
	"branches", "branch-misses", "bus-cycles", "stalled-cycles-frontend",
	"stalled-cycles-backend", "ref-cycles",
};

static const char *const sw_names[] = {
	"cpu-clock", "task-clock", "page-faults", "context-switches",
	"cpu-migrations", "minor-faults", "major-faults", "alignment-faults",
	"emulation-faults", "dummy", "bpf-output", "cgroup-switches",
};

static char *event_name(const struct pdata_attr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const struct perf_event_attr *at = &a->attr;

	if (a->name && *a->name)
		return xstrdup(a->name);
	if (at->type == PERF_TYPE_HARDWARE && at->config < ARRAY_SIZE(hw_names))
		strbuf_addstr(&sb, hw_names[at->config]);
	else if (at->type == PERF_TYPE_SOFTWARE && at->config < ARRAY_SIZE(sw_names))
		strbuf_addstr(&sb, sw_names[at->config]);
	else
		strbuf_addf(&sb, "raw 0x%" PRIx64 ":0x%" PRIx64, (uint64_t)at->type,
			    (uint64_t)at->config);
	return strbuf_detach(&sb, NULL);
}

struct session *session_open(const struct session_opts *o,
			     struct strbuf *err)
{
	struct session *s;
	const char *path = o && o->path ? o->path : "perf.data";
	struct sym_opts so = { 0 };
	size_t had = err ? err->len : 0;
	struct stat st;
	const struct pdata_info *info;
	int e;

	if (strcmp(path, "-")) {
		if (stat(path, &st) < 0) {
			e = errno;
			msg_add_err(err, "cannot open '%s': %s", path,
				    strerror(e));
			errno = e;
			return NULL;
		}
		if (!(o && o->force) && st.st_uid && st.st_uid != geteuid()) {
			msg_add_err(err, "file '%s' not owned by current user or root (use -f to override)",
				    path);
			errno = EPERM;
			return NULL;
		}
	}
	s = xcalloc(1, sizeof(*s));
	if (o)
		s->opts = *o;
	s->path = xstrdup(path);
	s->opts.path = s->path;
	if (!s->opts.max_stack)
		s->opts.max_stack = DEFAULT_MAX_STACK;
	strbuf_init(&s->err, 0);
	s->p = pdata_open(path, err);
	if (!s->p) {
		e = errno ? errno : EINVAL;
		/* a failure the reader left unexplained */
		if (err && err->len == had)
			strbuf_addf(err, "cannot open '%s': %s", path,
				    strerror(e));
		session_free(s);
		errno = e;
		return NULL;
	}
	so.vmlinux = s->opts.vmlinux;
	so.kallsyms = s->opts.kallsyms;
	so.no_demangle = s->opts.no_demangle;
	so.debug_dir = s->opts.debug_dir;
	so.symfs = s->opts.symfs;
	s->syms = sym_cache_new(&so);
	info = pdata_info(s->p);
	for (size_t i = 0; info && i < info->nr_build_ids; i++) {
		const struct pdata_build_id *b = &info->build_ids[i];

		if (b->filename)
			sym_cache_set_build_id(s->syms, b->filename, b->id, b->size);
	}
	s->acache = xcalloc((size_t)1 << ACACHE_BITS, sizeof(*s->acache));
	s->kmaps = maps_new();
	s->names = xcalloc(pdata_nr_attrs(s->p) + 1, sizeof(*s->names));
	s->nr_samples = xcalloc(pdata_nr_attrs(s->p) + 1, sizeof(uint64_t));
	s->period = xcalloc(pdata_nr_attrs(s->p) + 1, sizeof(uint64_t));
	s->offcpu_idx = -2;
	return s;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	threads_clear(s);
	free(s->threads);
	hmap_release(&s->thread_idx);
	free(s->acache);
	free(s->chain_words);
	free(s->chains);
	hmap_release(&s->chain_idx);
	free(s->jit);
	maps_put(s->kmaps);
	if (s->names) {
		for (size_t i = 0; i < nattrs(s); i++)
			free(s->names[i]);
		free(s->names);
	}
	free(s->nr_samples);
	free(s->period);
	for (size_t i = 0; i < s->nr_offcpu_pend; i++)
		free(s->offcpu_pend[i].rec);
	free(s->offcpu_pend);
	u64map_release(&s->offcpu_tid);
	tpfmt_free(s->offcpu_tp);
	free(s->wall_name);
	unwind_free(s->uw);
	sym_cache_free(s->syms);
	pdata_close(s->p);
	strbuf_release(&s->err);
	free(s->path);
	free(s);
}

struct pdata *session_pdata(struct session *s)
{
	return s->p;
}

size_t session_nr_events(const struct session *s)
{
	return nattrs(s);
}

const char *session_event_name(struct session *s, size_t idx)
{
	if (idx >= nattrs(s))
		return "unknown";
	if (!s->names[idx] && s->p)
		s->names[idx] = event_name(pdata_attr(s->p, idx));
	return s->names[idx];
}

const struct maps *session_maps(struct session *s, int32_t pid)
{
	struct thread *t = thread_lookup(s, pid);

	return t ? t->maps : NULL;
}

const char *session_path(const struct session *s)
{
	return s->path;
}

const char *session_strerror(const struct session *s)
{
	return s->err.buf;
}

const struct session_stats *session_stats(const struct session *s)
{
	return &s->stats;
}

/* ---- records ---- */

static void process_comm(struct session *s, const struct perf_event_header *h)
{
	const struct {
		struct perf_event_header h;
		uint32_t pid, tid;
		char comm[];
	} *r = (const void *)h;
	struct thread *t;
	size_t max;

	if (h->size < sizeof(*r) + 1)
		return;
	max = h->size - sizeof(*r);
	t = thread_findnew(s, (int32_t)r->pid, (int32_t)r->tid);
	if (!t->comm_set) {
		/* the placeholder becomes the real name, also for samples
		 * already taken */
		size_t n = strnlen(r->comm, max);

		if (n >= t->comm->cap)
			n = t->comm->cap - 1;
		memcpy(t->comm->str, r->comm, n);
		t->comm->str[n] = 0;
	} else {
		struct comm *old = t->comm;

		t->comm = comm_new(s, r->comm, strnlen(r->comm, max), 0);
		old->renamed = t->comm;
		t->comm->first = old->first;
	}
	t->comm_set = true;
}

static void process_fork(struct session *s, const struct perf_event_header *h)
{
	const struct {
		struct perf_event_header h;
		uint32_t pid, ppid, tid, ptid;
		uint64_t time;
	} *r = (const void *)h;
	struct thread *parent, *t;

	if (h->size < sizeof(*r))
		return;
	if (h->type == PERF_RECORD_EXIT) {
		/* keep the thread: later samples may name it */
		t = thread_lookup(s, (int32_t)r->tid);
		if (t)
			t->dead = true;
		return;
	}
	parent = thread_findnew(s, (int32_t)r->ppid, (int32_t)r->ptid);
	if (r->tid == r->ptid)
		return;
	thread_remove(s, (int32_t)r->tid);
	t = thread_add(s, (int32_t)r->pid, (int32_t)r->tid);
	t->ppid = parent->tid;
	/* a parent that never had a COMM passes nothing on (perf) */
	if (parent->comm_set) {
		t->comm = comm_new(s, parent->comm->str, strlen(parent->comm->str), 0);
		t->comm_set = true;
	}
	if (!parent->maps)
		parent->maps = new_maps(s, NULL);
	if (r->pid == r->ppid)
		t->maps = maps_get(parent->maps);	/* a new thread */
	else
		t->maps = new_maps(s, parent->maps);	/* a new process */
}

/* a perf-PID.map to look at again when it grows */
static void live_add_jit(struct session *s, struct sym_dso *d)
{
	for (size_t i = 0; i < s->nr_jit; i++)
		if (s->jit[i] == d)
			return;
	ALLOC_GROW(s->jit, s->nr_jit + 1, s->alloc_jit);
	s->jit[s->nr_jit++] = d;
}

static void add_map(struct session *s, int32_t pid, int32_t tid, uint16_t misc,
		    uint64_t start, uint64_t len, uint64_t pgoff, uint32_t prot,
		    const char *fname, const uint8_t *bid, size_t bid_len)
{
	struct thread *t;
	struct map m = { 0 };
	uint16_t cpumode = misc & PERF_RECORD_MISC_CPUMODE_MASK;

	if (misc & PERF_RECORD_MISC_MMAP_DATA)
		return;
	if (cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_KERNEL || pid == -1) {
		/* kernel addresses resolve through kallsyms; keep the ranges */
		m.start = start;
		m.end = start + len < start ? UINT64_MAX : start + len;
		m.pgoff = pgoff;
		m.prot = prot;
		m.identity = true;
		m.dso = sym_cache_kernel(s->syms);
		maps_insert(s->kmaps, &m);
		return;
	}
	t = thread_findnew(s, pid, tid);
	if (!t->maps)
		t->maps = new_maps(s, NULL);
	m.start = start;
	m.end = start + len;
	m.pgoff = pgoff;
	m.prot = prot;
	m.dso = sym_cache_dso(s->syms, fname, bid, bid_len);
	if (sym_dso_kind(m.dso) == SYM_DSO_ANON) {
		char pm[64];

		/* JIT code: perf-PID.map when the runtime wrote one */
		snprintf(pm, sizeof(pm), "/tmp/perf-%d.map", pid);
		if (!access(pm, R_OK)) {
			m.dso = sym_cache_dso(s->syms, pm, NULL, 0);
			m.identity = true;
			if (s->live)
				live_add_jit(s, m.dso);
		}
	}
	maps_insert(t->maps, &m);
}

static void process_mmap(struct session *s, const struct perf_event_header *h)
{
	const struct {
		struct perf_event_header h;
		uint32_t pid, tid;
		uint64_t start, len, pgoff;
		char filename[];
	} *r = (const void *)h;
	char name[4096];
	size_t max;

	if (h->size <= sizeof(*r))
		return;
	max = h->size - sizeof(*r);
	snprintf(name, sizeof(name), "%.*s", (int)strnlen(r->filename, max), r->filename);
	add_map(s, (int32_t)r->pid, (int32_t)r->tid, h->misc, r->start, r->len,
		r->pgoff, 4 /* PROT_EXEC */, name, NULL, 0);
}

int session_mmap2(const struct perf_event_header *h, struct session_mmap2 *m)
{
	struct {
		uint32_t pid, tid;
		uint64_t start, len, pgoff;
		union {
			struct {
				uint32_t maj, min;
				uint64_t ino, ino_generation;
			};
			struct {
				uint8_t build_id_size;
				uint8_t reserved[3];
				uint8_t build_id[20];
			};
		};
		uint32_t prot, flags;
	} r;
	const char *body = (const char *)(h + 1);

	_Static_assert(sizeof(r) == SESSION_MMAP2_FIXED, "MMAP2 layout");
	if (h->size < sizeof(*h) + sizeof(r))
		return -EINVAL;
	memcpy(&r, body, sizeof(r));
	*m = (struct session_mmap2){
		.pid = r.pid, .tid = r.tid,
		.start = r.start, .len = r.len, .pgoff = r.pgoff,
		.maj = r.maj, .min = r.min,
		.ino = r.ino, .ino_generation = r.ino_generation,
		/* PERF_RECORD_MISC_MMAP_BUILD_ID */
		.has_build_id = h->misc & (1 << 14),
		.build_id_size = r.build_id_size,
		.prot = r.prot, .flags = r.flags,
		.filename = body + sizeof(r),
		.filename_room = h->size - sizeof(*h) - sizeof(r),
	};
	memcpy(m->build_id, r.build_id, sizeof(m->build_id));
	m->filename_len = strnlen(m->filename, m->filename_room);
	return 0;
}

static void process_mmap2(struct session *s, const struct perf_event_header *h)
{
	struct session_mmap2 m;
	char name[4096];
	bool has_bid;

	if (session_mmap2(h, &m) || !m.filename_room)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)m.filename_len, m.filename);
	has_bid = m.has_build_id && m.build_id_size <= 20;
	add_map(s, (int32_t)m.pid, (int32_t)m.tid, h->misc, m.start, m.len,
		m.pgoff, m.prot, name, has_bid ? m.build_id : NULL,
		has_bid ? m.build_id_size : 0);
}

/* ---- resolution ---- */

static bool is_kernel_mode(uint16_t cpumode)
{
	return cpumode == PERF_RECORD_MISC_KERNEL ||
	       cpumode == PERF_RECORD_MISC_GUEST_KERNEL;
}

static void resolve(struct session *s, struct thread *t, uint64_t ip,
		    bool kernel, struct acache_ent *e)
{
	struct session_frame *f = &e->f;

	memset(f, 0, sizeof(*f));
	e->nr_inl = 0;
	e->inl_done = false;
	f->ip = ip;
	f->addr = ip;
	f->kernel = kernel;
	if (kernel && ip >= 0xffff800000000000ull) {
		struct sym_dso *k = sym_cache_kernel(s->syms);

		const struct map *m = maps_find(s->kmaps, ip);

		f->sym = sym_dso_find(k, ip);
		f->dso = sym_dso_kmod(k, ip);
		if (m) {
			f->map_start = m->start;
			f->map_end = m->end;
			f->map_pgoff = m->pgoff;
		}
	} else if (kernel) {
		/* a user address in kernel context: no map covers it */
	} else {
		const struct map *m = t && t->maps ? maps_find(t->maps, ip) : NULL;

		if (m) {
			f->dso = m->dso;
			f->map_start = m->start;
			f->map_end = m->end;
			f->map_pgoff = m->pgoff;
			f->addr = maps_dso_addr(m, ip);
			f->sym = sym_dso_find(m->dso, f->addr);
		}
	}
	if (f->dso) {
		f->dso_name = sym_dso_name(f->dso);
		f->dso_path = sym_dso_path(f->dso);
	} else {
		f->dso_name = f->dso_path = "[unknown]";
	}
	if (f->sym) {
		f->sym_name = f->sym->name;
		f->sym_off = f->addr - f->sym->start;
	}
}

/*
 * append the frame(s) for @ip; returns the new count. Frames found by
 * DWARF unwinding are expanded into their DWARF function nesting, as perf
 * does: each level whose name differs from the ELF symbol is an inlined
 * frame ("foo (inlined)"); frame-pointer callchains are not expanded.
 */
static struct acache_ent *lookup(struct session *s, struct thread *t,
				 uint64_t ip, bool kernel)
{
	const struct maps *mp = kernel ? NULL : (t ? t->maps : NULL);
	uint64_t gen = mp ? mp->gen : 0;
	uint64_t h = hash_bits(ip ^ (uintptr_t)mp ^ (gen << 32), ACACHE_BITS);
	struct acache_ent *e = &s->acache[h];

	if (!e->valid || e->ip != ip || e->maps != mp || e->gen != gen ||
	    e->f.kernel != kernel) {
		resolve(s, t, ip, kernel, e);
		e->valid = true;
		e->ip = ip;
		e->maps = mp;
		e->gen = gen;
	}
	return e;
}

/* whether DWARF level @i of @e names the frame's own ELF symbol */
static bool level_is_sym(const struct acache_ent *e, uint32_t i)
{
	const char *n = e->inl[i].name;

	if (i < 64)
		return e->real_mask >> i & 1;
	return !n || (e->f.sym_name && !strcmp(n, e->f.sym_name));
}

/*
 * Append the frame(s) for @ip; returns the new count. Frames found by
 * DWARF unwinding are expanded into their DWARF function nesting, as perf
 * does with addr2line -i: each level, innermost first, is the frame of
 * the ELF symbol itself when the names agree, else an inlined frame
 * ("foo+0x12 (inlined)", the offset still from the symbol's start).
 * Without DWARF for the address the frame is the ELF symbol's alone.
 * Frame-pointer callchains are not expanded, as in perf.
 */
static unsigned int add_frame(struct session *s, struct thread *t, uint64_t ip,
			      bool kernel, unsigned int n, bool unwound)
{
	struct acache_ent *e = lookup(s, t, ip, kernel);

	/* perf expands only frames with a symbol (append_inlines()) */
	if (unwound && !s->opts.no_inline && !kernel && e->f.dso && e->f.sym) {
		if (!e->inl_done) {
			int k = sym_dso_inlines(e->f.dso, e->f.addr, &e->inl);

			e->nr_inl = k > 0 ? (uint32_t)k : 0;
			e->real_mask = 0;
			for (uint32_t i = 0; i < e->nr_inl && i < 64; i++) {
				const char *nm = e->inl[i].name;

				if (!nm || (e->f.sym_name && !strcmp(nm, e->f.sym_name)))
					e->real_mask |= 1ull << i;
			}
			e->inl_done = true;
		}
		for (uint32_t i = 0; i < e->nr_inl && n < MAX_FRAMES; i++) {
			struct session_frame *f = &s->frames[n++];

			*f = e->f;
			f->src_file = e->inl[i].file;
			f->src_line = e->inl[i].line;
			f->level = &e->inl[i];
			if (level_is_sym(e, i))
				continue;	/* the symbol itself */
			f->sym = NULL;
			f->sym_name = e->inl[i].name;
			f->inlined = true;
		}
		if (e->nr_inl)
			return n;
	}
	if (n < MAX_FRAMES)
		s->frames[n++] = e->f;
	return n;
}

#define CTX_HV		((uint64_t)-32)
#define CTX_KERNEL	((uint64_t)-128)
#define CTX_USER	((uint64_t)-512)
#define CTX_GUEST_KERNEL ((uint64_t)-2176)
#define CTX_GUEST	((uint64_t)-2048)
#define CTX_GUEST_USER	((uint64_t)-2560)
#define CTX_MAX		((uint64_t)-4095)

static uint64_t key_hash(const uint64_t *k, size_t n)
{
	return hash_bytes(k, n * sizeof(*k));
}

/*
 * The id of the callchain keyed by @k (1, 2, ...), new or seen before
 * (*seen). Everything that decides how a sample resolves is in the key:
 * the address space and its generation, the event, the cpu mode, the ip
 * and the raw callchain.
 */
static uint32_t chain_intern(struct session *s, const uint64_t *k, size_t n,
			     bool *seen)
{
	uint64_t h = key_hash(k, n);
	size_t pos;
	uint32_t i;

	hmap_for_each_hash(&s->chain_idx, h, pos, i) {
		const struct chain *c = &s->chains[i];

		if (c->len == n &&
		    !memcmp(&s->chain_words[c->off], k, n * sizeof(*k))) {
			*seen = true;
			return i + 1;
		}
	}
	*seen = false;
	if (s->nr_chains >= UINT32_MAX - 1)
		return 0;
	ALLOC_GROW(s->chain_words, s->nr_chain_words + n, s->alloc_chain_words);
	memcpy(&s->chain_words[s->nr_chain_words], k, n * sizeof(*k));
	ALLOC_GROW(s->chains, s->nr_chains + 1, s->alloc_chains);
	s->chains[s->nr_chains] = (struct chain){ .off = s->nr_chain_words,
						  .len = (uint32_t)n };
	s->nr_chain_words += n;
	hmap_add(&s->chain_idx, h, (uint32_t)s->nr_chains);
	return (uint32_t)++s->nr_chains;
}

/* fill in what every sample has, count it, and hand it to the consumer */
static int deliver(struct session *s, struct session_sample *ss,
		   const struct pdata_event *ev, const struct thread *t)
{
	const struct sample *smp = &ev->sample;
	int idx = ev->attr_idx >= 0 ? ev->attr_idx : 0;

	ss->s = smp;
	ss->attr_idx = idx;
	ss->comm = t->comm->str;
	ss->pid = (int32_t)smp->pid;
	ss->tid = (int32_t)smp->tid;
	ss->time = smp->time;
	ss->cpu = smp->cpu;
	ss->period = smp->period;
	ss->cpumode = ev->rec->misc & PERF_RECORD_MISC_CPUMODE_MASK;
	if (s->offcpu_deliver) {
		ss->offcpu = true;
		ss->period = s->offcpu_ns;
		ss->time = s->offcpu_t_out;
	}
	if ((size_t)idx < nattrs(s)) {
		s->nr_samples[idx]++;
		s->period[idx] += ss->period;
	}
	return s->fn(s, ss, s->arg);
}

/*
 * perf walks a callchain from the root in caller order and stops after
 * --max-stack addresses (context markers and inline frames not counted):
 * the first index it keeps, or 0 when it keeps the leaf side
 */
static uint64_t chain_root_start(const struct session *s,
				 const struct sample *smp, unsigned int limit)
{
	uint64_t i = smp->callchain_nr, kept = 0;

	if (!(s->flags & SESSION_STACK_ROOT))
		return 0;
	while (i > 0 && kept < limit)
		if (smp->callchain[--i] < CTX_MAX)
			kept++;
	return i;
}

static int process_sample(struct session *s, const struct pdata_event *ev)
{
	const struct sample *smp = &ev->sample;
	struct session_sample ss = { 0 };
	struct thread *t;
	unsigned int n = 0, limit;
	uint16_t cpumode = ev->rec->misc & PERF_RECORD_MISC_CPUMODE_MASK;
	int idx = ev->attr_idx >= 0 ? ev->attr_idx : 0;
	bool want_cc = s->flags & SESSION_CALLCHAIN;
	bool bad_chain = false;
	bool dwarf = want_cc && !(s->flags & SESSION_NO_UNWIND) &&
		     (smp->type & PERF_SAMPLE_REGS_USER) &&
		     (smp->type & PERF_SAMPLE_STACK_USER) &&
		     smp->regs_user.abi != PERF_SAMPLE_REGS_ABI_NONE &&
		     smp->regs_user.nr && smp->stack_dyn_size;

	t = thread_findnew(s, (int32_t)smp->pid, (int32_t)smp->tid);
	limit = s->opts.max_stack < MAX_FRAMES ? s->opts.max_stack : MAX_FRAMES;
	if ((s->flags & SESSION_REUSE) && !dwarf) {
		uint64_t nc = want_cc && (smp->type & PERF_SAMPLE_CALLCHAIN) ?
			      smp->callchain_nr : 0;

		if (nc <= ARRAY_SIZE(s->key) - 5) {
			bool seen;

			s->key[0] = (uintptr_t)(t->maps);
			s->key[1] = t->maps ? t->maps->gen : 0;
			s->key[2] = (uint64_t)(uint32_t)idx << 32 | cpumode;
			s->key[3] = smp->ip;
			s->key[4] = nc;
			if (nc)
				memcpy(&s->key[5], smp->callchain, nc * sizeof(uint64_t));
			ss.chain_id = chain_intern(s, s->key, 5 + nc, &seen);
			if (seen && ss.chain_id) {
				/* the consumer has this chain's frames */
				ss.chain_seen = true;
				return deliver(s, &ss, ev, t);
			}
		}
	}
	if (want_cc && (smp->type & PERF_SAMPLE_CALLCHAIN) && smp->callchain_nr) {
		bool kern = is_kernel_mode(cpumode);
		uint64_t from = dwarf ? 0 : chain_root_start(s, smp, limit);

		for (uint64_t i = 0; i < smp->callchain_nr &&
		     (n < limit || (from && n < MAX_FRAMES)); i++) {
			uint64_t ip = smp->callchain[i];

			if (ip >= CTX_MAX) {
				if (ip != CTX_HV && ip != CTX_KERNEL && ip != CTX_USER &&
				    ip != CTX_GUEST_KERNEL && ip != CTX_GUEST_USER &&
				    ip != CTX_GUEST) {
					/*
					 * an unknown context marker: the chain
					 * is corrupt, and perf discards all of it
					 */
					bad_chain = true;
					n = 0;
					break;
				}
				kern = ip == CTX_KERNEL || ip == CTX_GUEST_KERNEL;
				continue;
			}
			if (!kern && dwarf)
				break;	/* the user part comes from unwinding */
			if (i < from)
				continue;
			n = add_frame(s, t, ip, kern, n, false);
		}
	}
	if (dwarf && !bad_chain) {
		int k = unwind_sample(s->uw ? s->uw : (s->uw = unwind_new()),
				      t->maps, &smp->regs_user, smp->stack,
				      smp->stack_dyn_size, s->ips,
				      (int)(limit > n ? limit - n : 0));

		if (k > 0) {
			ss.unwound = true;
			for (int i = 0; i < k && n < limit; i++)
				n = add_frame(s, t, s->ips[i], false, n, true);
		} else {
			s->stats.nr_unwind_fail++;
			if (!n || is_kernel_mode(cpumode) == false)
				n = add_frame(s, t, smp->ip, is_kernel_mode(cpumode), n, false);
		}
	}
	if (!n && !bad_chain)
		n = add_frame(s, t, smp->ip, is_kernel_mode(cpumode) ||
			      (cpumode == PERF_RECORD_MISC_CPUMODE_UNKNOWN &&
			       smp->ip >= 0xffff800000000000ull), 0, false);
	ss.nr_frames = n;
	ss.frames = s->frames;
	{
		bool k = is_kernel_mode(cpumode) ||
			 (cpumode == PERF_RECORD_MISC_CPUMODE_UNKNOWN &&
			  smp->ip >= 0xffff800000000000ull);

		s->ip_frame = lookup(s, t, smp->ip, k)->f;
		ss.ip_frame = &s->ip_frame;
	}
	return deliver(s, &ss, ev, t);
}

int session_offcpu_event(struct session *s)
{
	if (s->offcpu_idx == -2) {
		s->offcpu_idx = -1;
		for (size_t i = 0; i < pdata_nr_attrs(s->p); i++)
			if (offcpu_attr_is(&pdata_attr(s->p, i)->attr,
					   session_event_name(s, i))) {
				s->offcpu_idx = (int)i;
				break;
			}
	}
	return s->offcpu_idx;
}

int session_offcpu_wall(struct session *s)
{
	if (session_offcpu_event(s) < 0)
		return -1;
	for (size_t i = 0; i < pdata_nr_attrs(s->p); i++) {
		const struct perf_event_attr *a = &pdata_attr(s->p, i)->attr;

		if (a->type == PERF_TYPE_SOFTWARE &&
		    (a->config == PERF_COUNT_SW_CPU_CLOCK ||
		     a->config == PERF_COUNT_SW_TASK_CLOCK))
			return (int)i;
	}
	return -1;
}

const char *session_offcpu_name(struct session *s, size_t idx, bool wall)
{
	int off = session_offcpu_event(s);

	if (off >= 0 && idx == (size_t)off)
		return OFFCPU_EVENT_NAME;
	if (wall && off >= 0 && (int)idx == session_offcpu_wall(s)) {
		if (!s->wall_name) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%s + %s", session_event_name(s, idx),
				    OFFCPU_EVENT_NAME);
			s->wall_name = strbuf_detach(&sb, NULL);
		}
		return s->wall_name;
	}
	return session_event_name(s, idx);
}

static struct offcpu_pend *offcpu_find(struct session *s, uint32_t tid)
{
	uint64_t *v = u64map_get(&s->offcpu_tid, tid);

	return v && *v ? &s->offcpu_pend[*v - 1] : NULL;
}

/* a task blocks: keep its sample until it runs again */
static void offcpu_out(struct session *s, const struct pdata_event *ev)
{
	const struct sample *smp = &ev->sample;
	struct offcpu_pend *pd;
	uint64_t *v;
	bool fresh;

	if (!s->offcpu_tp_done) {
		s->offcpu_tp = session_tpfmt_new(s);
		s->offcpu_tp_done = true;
	}
	if (s->offcpu_tp) {
		unsigned long long state = 0;

		/* perf's rule: TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE */
		if (!tpfmt_field_u64(s->offcpu_tp, smp->raw, smp->raw_size,
				     "prev_state", &state) &&
		    state != 1 && state != 2) {
			pd = offcpu_find(s, smp->tid);
			if (pd)
				pd->live = false;
			return;
		}
	}
	v = u64map_put(&s->offcpu_tid, smp->tid, &fresh);
	if (!*v) {
		ALLOC_GROW(s->offcpu_pend, s->nr_offcpu_pend + 1,
			   s->alloc_offcpu_pend);
		memset(&s->offcpu_pend[s->nr_offcpu_pend], 0, sizeof(*pd));
		*v = ++s->nr_offcpu_pend;
	}
	pd = &s->offcpu_pend[*v - 1];
	if (pd->alloc < ev->rec->size) {
		free(pd->rec);
		pd->alloc = ev->rec->size;
		pd->rec = xmalloc(pd->alloc);
	}
	memcpy(pd->rec, ev->rec, ev->rec->size);
	pd->t_out = smp->time;
	pd->live = true;
}

/* task @tid runs again at @time: its off-CPU sample, if it has one */
static int offcpu_in(struct session *s, uint32_t tid, uint64_t time)
{
	struct offcpu_pend *pd = offcpu_find(s, tid);
	struct pdata_event ev = { 0 };
	int ret;

	if (!pd || !pd->live)
		return 0;
	pd->live = false;
	if (time < pd->t_out)
		return 0;
	ev.rec = pd->rec;
	ev.attr_idx = s->offcpu_idx;
	ev.attr = pdata_attr(s->p, (size_t)s->offcpu_idx);
	if (sample_parse(&ev.attr->attr, ev.rec, &ev.sample))
		return 0;
	s->offcpu_deliver = true;
	s->offcpu_ns = time - pd->t_out;
	s->offcpu_t_out = pd->t_out;
	ret = process_sample(s, &ev);
	s->offcpu_deliver = false;
	return ret;
}

static int offcpu_sample(struct session *s, const struct pdata_event *ev)
{
	int ret;

	if (ev->attr_idx == s->offcpu_idx) {
		offcpu_out(s, ev);
		return 0;
	}
	/* no switch-in record seen (lost?): the task ran by this sample */
	ret = offcpu_in(s, ev->sample.tid, ev->sample.time);
	return ret ? ret : process_sample(s, ev);
}

#ifndef PERF_RECORD_MISC_SWITCH_OUT
#define PERF_RECORD_MISC_SWITCH_OUT (1 << 13)
#endif

static int on_event(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	struct session *s = arg;
	const struct perf_event_header *h = ev->rec;

	(void)p;
	switch (h->type) {
	case PERF_RECORD_SAMPLE:
		if ((s->flags & SESSION_OFFCPU) && s->offcpu_idx >= 0)
			return offcpu_sample(s, ev);
		return process_sample(s, ev);
	case PERF_RECORD_SWITCH:
	case PERF_RECORD_SWITCH_CPU_WIDE:
		/* a switch-in: the sample_id is the incoming task's */
		if ((s->flags & SESSION_OFFCPU) && s->offcpu_idx >= 0 &&
		    !(h->misc & PERF_RECORD_MISC_SWITCH_OUT) &&
		    (ev->sample.type & PERF_SAMPLE_TID) &&
		    (ev->sample.type & PERF_SAMPLE_TIME))
			return offcpu_in(s, ev->sample.tid, ev->sample.time);
		break;
	case PERF_RECORD_COMM:
		process_comm(s, h);
		break;
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		process_fork(s, h);
		break;
	case PERF_RECORD_MMAP:
		process_mmap(s, h);
		break;
	case PERF_RECORD_MMAP2:
		process_mmap2(s, h);
		break;
	case PERF_RECORD_LOST:
		if (h->size >= 24) {
			s->stats.nr_lost++;
			s->stats.lost += ((const uint64_t *)(h + 1))[1];
		}
		break;
	case PERF_RECORD_LOST_SAMPLES:
		if (h->size >= 16)
			s->stats.lost += ((const uint64_t *)(h + 1))[0];
		break;
	default:
		break;
	}
	return s->ev_fn ? s->ev_fn(s, ev, s->ev_arg) : 0;
}

void session_set_event_fn(struct session *s, session_event_fn fn, void *arg)
{
	s->ev_fn = fn;
	s->ev_arg = arg;
}

int session_for_each_sample(struct session *s, unsigned int flags,
			    session_sample_fn fn, void *arg)
{
	size_t na = pdata_nr_attrs(s->p);
	int ret;

	threads_clear(s);
	maps_put(s->kmaps);
	s->kmaps = maps_new();
	memset(s->acache, 0, ((size_t)1 << ACACHE_BITS) * sizeof(*s->acache));
	s->nr_chains = s->nr_chain_words = 0;
	hmap_reset(&s->chain_idx);
	memset(s->nr_samples, 0, (na + 1) * sizeof(uint64_t));
	memset(s->period, 0, (na + 1) * sizeof(uint64_t));
	memset(&s->stats, 0, sizeof(s->stats));
	s->stats.nr_events = na;
	s->stats.nr_samples = s->nr_samples;
	s->stats.period = s->period;
	s->flags = flags;
	s->fn = fn;
	s->arg = arg;
	session_offcpu_event(s);
	u64map_release(&s->offcpu_tid);
	memset(&s->offcpu_tid, 0, sizeof(s->offcpu_tid));
	for (size_t i = 0; i < s->nr_offcpu_pend; i++)
		free(s->offcpu_pend[i].rec);
	s->nr_offcpu_pend = 0;
	strbuf_reset(&s->err);
	ret = pdata_for_each_event(s->p, PDATA_ORDERED, on_event, s);
	pr_debug("session: %zu distinct callchains", s->nr_chains);
	if (ret < 0)
		set_err(s, "%s", pdata_strerror(s->p));
	return ret;
}

bool session_sample_dwarf(const struct session_sample *ss)
{
	const struct sample *smp = ss->s;

	return ss->unwound ||
	       (smp && (smp->type & PERF_SAMPLE_REGS_USER) &&
		(smp->type & PERF_SAMPLE_STACK_USER) &&
		smp->regs_user.abi != PERF_SAMPLE_REGS_ABI_NONE &&
		smp->regs_user.nr && smp->stack_dyn_size);
}

int session_srcline(struct session *s, const struct session_frame *f,
		    struct strbuf *out)
{
	int rc;

	(void)s;
	if (f->src_file) {
		const char *base = strrchr(f->src_file, '/');

		strbuf_addf(out, "%s:%d", base ? base + 1 : f->src_file, f->src_line);
		return 0;
	}
	if (f->dso && !f->kernel) {
		rc = sym_dso_srcline(f->dso, f->addr, out);
		if (rc == 0 || rc == -ENODATA)
			return rc;
	}
	if (f->dso)
		strbuf_addf(out, "%s+%#" PRIx64, sym_dso_name(f->dso), f->addr);
	else
		strbuf_addstr(out, "[unknown]");
	return -ENOENT;
}

static void thread_info(const struct thread *t, struct session_thread *out)
{
	out->pid = t->pid;
	out->tid = t->tid;
	out->ppid = t->ppid;
	out->dead = t->dead;
	out->comm = t->comm->str;
	out->comm_set = t->comm_set;
}

int session_thread_find(struct session *s, int32_t tid, struct session_thread *out)
{
	const struct thread *t = thread_lookup(s, tid);

	if (!t)
		return -ENOENT;
	thread_info(t, out);
	return 0;
}

int session_for_each_thread(struct session *s, session_thread_fn fn, void *arg)
{
	for (size_t i = 0; i < s->nr_threads; i++) {
		struct session_thread st;
		int ret;

		thread_info(s->threads[i], &st);
		ret = fn(&st, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- live sessions (ptool top) ---- */

struct session *session_new_live(const struct session_opts *o, size_t nr_events,
				 const char *const *names)
{
	struct session *s = xcalloc(1, sizeof(*s));
	struct sym_opts so = { 0 };

	if (o)
		s->opts = *o;
	s->live = true;
	s->offcpu_idx = -1;	/* no file, no off-CPU event */
	s->path = xstrdup("-");
	s->opts.path = s->path;
	if (!s->opts.max_stack)
		s->opts.max_stack = DEFAULT_MAX_STACK;
	strbuf_init(&s->err, 0);
	so.vmlinux = s->opts.vmlinux;
	so.kallsyms = s->opts.kallsyms;
	so.no_demangle = s->opts.no_demangle;
	so.debug_dir = s->opts.debug_dir;
	s->syms = sym_cache_new(&so);
	s->acache = xcalloc((size_t)1 << ACACHE_BITS, sizeof(*s->acache));
	s->kmaps = maps_new();
	s->nr_live = nr_events;
	s->names = xcalloc(nr_events + 1, sizeof(*s->names));
	for (size_t i = 0; i < nr_events; i++)
		s->names[i] = xstrdup(names && names[i] ? names[i] : "unknown");
	s->nr_samples = xcalloc(nr_events + 1, sizeof(uint64_t));
	s->period = xcalloc(nr_events + 1, sizeof(uint64_t));
	s->stats.nr_events = nr_events;
	s->stats.nr_samples = s->nr_samples;
	s->stats.period = s->period;
	return s;
}

int session_feed(struct session *s, const struct pdata_event *ev,
		 unsigned int flags, session_sample_fn fn, void *arg)
{
	s->flags = flags & ~SESSION_REUSE;
	s->fn = fn;
	s->arg = arg;
	return on_event(NULL, ev, s);
}

/* free the names of the threads removed since the last sweep */
static void comms_sweep(struct session *s)
{
	struct comm **pp = &s->comms;

	while (*pp) {
		struct comm *c = *pp;

		if (c->gone) {
			*pp = c->next;
			free(c);
		} else {
			pp = &c->next;
		}
	}
}

size_t session_reap(struct session *s)
{
	size_t n = 0;

	if (!s->live)
		return 0;
	for (size_t i = 0; i < s->nr_threads; ) {
		struct thread *t = s->threads[i];
		size_t pos;

		if (!t->reap) {
			t->reap = t->dead;
			i++;
			continue;
		}
		for (struct comm *c = t->comm->first; c; c = c->renamed)
			c->gone = true;
		/* the last thread moves to @i: look at @i again */
		thread_index(s, t->tid, &pos);
		thread_drop(s, (uint32_t)i, pos);
		n++;
	}
	if (n)
		comms_sweep(s);
	return n;
}

size_t session_nr_threads(const struct session *s)
{
	return s->nr_threads;
}

/* the synthesized items as the records the kernel would have written */
static int live_comm(void *arg, pid_t pid, pid_t tid, const char *comm)
{
	struct {
		struct perf_event_header h;
		uint32_t pid, tid;
		char comm[64];
	} r = { .h = { PERF_RECORD_COMM, 0, sizeof(r) } };

	r.pid = (uint32_t)pid;
	r.tid = (uint32_t)tid;
	snprintf(r.comm, sizeof(r.comm), "%s", comm);
	process_comm(arg, &r.h);
	return 0;
}

static int live_fork(void *arg, pid_t pid, pid_t ppid, pid_t tid, pid_t ptid)
{
	struct {
		struct perf_event_header h;
		uint32_t pid, ppid, tid, ptid;
		uint64_t time;
	} r = { .h = { PERF_RECORD_FORK, 0, sizeof(r) } };

	r.pid = (uint32_t)pid;
	r.ppid = (uint32_t)ppid;
	r.tid = (uint32_t)tid;
	r.ptid = (uint32_t)ptid;
	process_fork(arg, &r.h);
	return 0;
}

static int live_mmap(void *arg, pid_t pid, pid_t tid, const struct synth_map *m)
{
	add_map(arg, pid, tid, PERF_RECORD_MISC_USER, m->start, m->len, m->pgoff,
		m->prot, m->filename, NULL, 0);
	return 0;
}

const struct synth_ops *session_synth_ops(void)
{
	static const struct synth_ops ops = { live_comm, live_fork, live_mmap };

	return &ops;
}

int session_kernel_map(struct session *s, const char *proc)
{
	uint64_t start, end;
	int err = synth_kernel_map(proc, &start, &end);

	if (err)
		return err;
	add_map(s, -1, -1, PERF_RECORD_MISC_KERNEL, start, end - start, start,
		4 /* PROT_EXEC */, "[kernel.kallsyms]_text", NULL, 0);
	/* read the symbols now, before samples wait for them */
	sym_dso_find(sym_cache_kernel(s->syms), start);
	return 0;
}

int session_refresh_jit(struct session *s)
{
	int n = 0;

	for (size_t i = 0; i < s->nr_jit; i++)
		n += sym_dso_refresh(s->jit[i]);
	if (n)	/* addresses that resolved to nothing may name a symbol now */
		memset(s->acache, 0, ((size_t)1 << ACACHE_BITS) * sizeof(*s->acache));
	return n;
}
