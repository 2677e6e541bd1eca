// SPDX-License-Identifier: GPL-2.0
/*
 * A session's samples as a pprof profile (profile.proto), as pprof,
 * Pyroscope and Parca read it:
 *  - one Mapping per MMAP/MMAP2 region that holds a sampled address (the
 *    same region in two processes is one mapping when start, end, offset
 *    and file agree), the main program's first;
 *  - one Location per (mapping, address), with every DWARF inline level
 *    of the address as a Line, innermost first, each with its own
 *    function, file and line (addr2line -i);
 *  - Functions with their name, the name as the object spells it, the
 *    source file and the line of the declaration;
 *  - samples with labels (comm, pid, tid, cpu), merged when their stacks
 *    and labels agree.
 */
#include "out_stacks-priv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <dwarf.h>

#include "ptool/hash.h"
#include "ptool/hmap.h"
#include "ptool/maps.h"
#include "ptool/out_pprof.h"
#include "ptool/offcpu.h"
#include "ptool/out_stacks.h"
#include "ptool/pdata.h"
#include "ptool/strset.h"
#include "ptool/sym.h"

/* a mapping: a region of an object as one process maps it */
struct pp_map {
	struct sym_dso *dso;	/* NULL: none */
	bool kernel;
	uint64_t start, end, pgoff;	/* end 0: no record, lo/hi give the range */
	uint64_t lo, hi;	/* the sampled addresses */
	unsigned int flags;	/* OUT_PPROF_HAS_* */
};

struct pp_line {
	const char *name;
	const char *sys_name;
	const char *file;	/* NULL: unknown */
	int line, start_line;
};

struct pp_loc {
	uint32_t map;		/* index in maps[] */
	uint64_t ip;
	uint32_t first_line, nr_lines;
};

struct pp_sample {
	uint32_t *locs;
	uint32_t nr;
	const char *comm;	/* NULL: no comm label */
	int32_t pid, tid;	/* -1: no label */
	int32_t cpu;
	uint64_t *values;	/* [0] samples, [1 + event] periods */
};

/* the last location of a frame, by a hash of its address and mapping */
struct frame_cache {
	uint64_t ip, start, end, pgoff;
	const struct sym_dso *dso;
	uint32_t idx;		/* location index + 1, 0: empty */
	bool kernel;
};

#define FRAME_CACHE_BITS 14

struct pid_count {
	int32_t pid;
	uint64_t n;
	const char *comm;	/* of its last sample */
};

struct out_stacks_pprof {
	struct session *s;
	unsigned int flags;
	size_t nr_events;
	uint64_t *ev_samples;	/* samples per event */
	int offcpu_idx;		/* the event of the off-CPU samples, -1 */

	struct pp_map *maps;
	size_t nr_maps, alloc_maps;
	struct hmap map_idx;

	struct pp_loc *locs;
	size_t nr_locs, alloc_locs;
	struct hmap loc_idx;

	struct pp_line *lines;
	size_t nr_lines, alloc_lines;

	struct pp_sample *samples;
	size_t nr_samples, alloc_samples;
	struct hmap sample_idx;

	struct pid_count *pids;	/* in the order first sampled */
	size_t nr_pids, alloc_pids;
	struct hmap pid_idx;

	struct strset paths;	/* absolute source paths, demangled names */

	struct frame_cache *fcache;

	uint32_t *stack;
	size_t alloc_stack;
	uint64_t first_time, last_time;
};

struct out_stacks_pprof *out_stacks_pprof_new(struct session *s,
					      unsigned int flags)
{
	struct out_stacks_pprof *pp = xcalloc(1, sizeof(*pp));

	pp->s = s;
	pp->flags = flags;
	pp->nr_events = session_nr_events(s);
	pp->ev_samples = xcalloc(pp->nr_events + 1, sizeof(*pp->ev_samples));
	pp->offcpu_idx = -1;
	hmap_reserve(&pp->loc_idx, 2048);
	hmap_reserve(&pp->sample_idx, 2048);
	pp->fcache = xcalloc((size_t)1 << FRAME_CACHE_BITS, sizeof(*pp->fcache));
	pp->first_time = UINT64_MAX;
	return pp;
}

void out_stacks_pprof_free(struct out_stacks_pprof *pp)
{
	if (!pp)
		return;
	for (size_t i = 0; i < pp->nr_samples; i++) {
		free(pp->samples[i].locs);
		free(pp->samples[i].values);
	}
	free(pp->samples);
	hmap_release(&pp->sample_idx);
	free(pp->maps);
	hmap_release(&pp->map_idx);
	free(pp->locs);
	hmap_release(&pp->loc_idx);
	free(pp->lines);
	free(pp->pids);
	hmap_release(&pp->pid_idx);
	strset_release(&pp->paths);
	free(pp->stack);
	free(pp->fcache);
	free(pp->ev_samples);
	free(pp);
}

/* ---- mappings ---- */

static uint64_t map_key_hash(const struct sym_dso *dso, bool kernel,
			     uint64_t start, uint64_t end, uint64_t pgoff)
{
	uint64_t h = hash_combine(hash_ptr(dso), kernel);

	return hash_combine(hash_combine(hash_combine(h, start), end), pgoff);
}

static uint32_t map_index(struct out_stacks_pprof *pp, struct sym_dso *dso,
			  bool kernel, uint64_t start, uint64_t end,
			  uint64_t pgoff)
{
	uint64_t h = map_key_hash(dso, kernel, start, end, pgoff);
	struct pp_map *m;
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&pp->map_idx, h, pos, id) {
		m = &pp->maps[id];
		if (m->dso == dso && m->kernel == kernel && m->start == start &&
		    m->end == end && m->pgoff == pgoff)
			return id;
	}
	ALLOC_GROW(pp->maps, pp->nr_maps + 1, pp->alloc_maps);
	m = &pp->maps[pp->nr_maps];
	memset(m, 0, sizeof(*m));
	m->dso = dso;
	m->kernel = kernel;
	m->start = start;
	m->end = end;
	m->pgoff = pgoff;
	m->lo = UINT64_MAX;
	hmap_add(&pp->map_idx, h, (uint32_t)pp->nr_maps);
	return (uint32_t)pp->nr_maps++;
}

/* ---- locations ---- */

static uint64_t loc_key_hash(uint32_t map, uint64_t ip)
{
	return hash_combine(hash_u64(ip), map);
}

/* @sb's text, kept once for the life of @pp; releases @sb */
static const char *intern(struct out_stacks_pprof *pp, struct strbuf *sb)
{
	const char *s = strset_intern(&pp->paths, sb->buf ? sb->buf : "");

	strbuf_release(sb);
	return s;
}

/* @dir/@file, kept for the life of @pp */
static const char *join_path(struct out_stacks_pprof *pp, const char *dir,
			     const char *file)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
		    file);
	return intern(pp, &sb);
}

/*
 * The innermost function DWARF nests at dso address @addr, demangled as
 * the other levels are; *@sys gets the name as the object spells it.
 * NULL when DWARF has none.
 */
static const char *innermost_function(struct out_stacks_pprof *pp,
				      struct sym_dso *dso, uint64_t addr,
				      const char **sys)
{
	Dwarf *dw = sym_dso_dwarf(dso);
	Dwarf_Die cu, *scopes = NULL;
	const char *name = NULL;
	int n;

	if (!dw || !dwarf_addrdie(dw, addr, &cu))
		return NULL;
	n = dwarf_getscopes(&cu, addr, &scopes);
	for (int i = 0; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);
		Dwarf_Attribute a;
		const char *ln;

		if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
			continue;
		/* the innermost function only: an outer name would be wrong */
		ln = dwarf_formstring(dwarf_attr_integrate(&scopes[i], DW_AT_linkage_name, &a));
		if (!ln)
			ln = dwarf_formstring(dwarf_attr_integrate(&scopes[i],
								   DW_AT_MIPS_linkage_name, &a));
		if (ln) {
			struct strbuf sb = STRBUF_INIT;
			char *dem = sym_demangle(ln);

			strbuf_addstr(&sb, dem ? dem : ln);
			free(dem);
			name = intern(pp, &sb);
			*sys = ln;
		} else {
			name = dwarf_diename(&scopes[i]);
			*sys = name;
		}
		break;
	}
	free(scopes);
	return name;
}

/*
 * The compilation directory of the unit holding dso address @addr, that
 * relative source names are relative to (DW_AT_comp_dir); NULL when none
 */
static const char *comp_dir(struct sym_dso *dso, uint64_t addr)
{
	Dwarf *dw = sym_dso_dwarf(dso);
	Dwarf_Die cu;
	Dwarf_Attribute a;

	if (!dw || !dwarf_addrdie(dw, addr, &cu))
		return NULL;
	return dwarf_formstring(dwarf_attr(&cu, DW_AT_comp_dir, &a));
}

static void add_line(struct out_stacks_pprof *pp, const char *name,
		     const char *sys_name, const char *file, int line,
		     int start_line)
{
	struct pp_line *l;

	ALLOC_GROW(pp->lines, pp->nr_lines + 1, pp->alloc_lines);
	l = &pp->lines[pp->nr_lines++];
	l->name = name;
	/*
	 * Without the object's spelling, a plain name is its own; a demangled
	 * one gets none, which also keeps pprof from shortening it as a name
	 * that looks demangled and equals its system name
	 */
	if (!sys_name)
		sys_name = strpbrk(name, ":<( ") ? "" : name;
	l->sys_name = sys_name;
	l->file = file;
	l->line = line > 0 ? line : 0;
	l->start_line = start_line > 0 ? start_line : 0;
}

/*
 * The lines of @fr: its DWARF inline levels, innermost first (only the
 * outermost with OUT_STACKS_NO_INLINE), a level DWARF does not name
 * taking the ELF symbol's name; without DWARF, the symbol alone.
 */
static void frame_lines(struct out_stacks_pprof *pp,
			const struct session_frame *fr, struct pp_map *m)
{
	const struct sym_inline *lv = NULL;
	const struct sym *sym = fr->sym;
	const char *sym_name = fr->sym_name;
	int k = 0;

	if (fr->dso && !fr->kernel) {
		if (fr->inlined || !sym) {
			/* an inline frame names its level: look the symbol up */
			sym = sym_dso_find(fr->dso, fr->addr);
			sym_name = sym ? sym->name : NULL;
		}
		k = sym_dso_inlines(fr->dso, fr->addr, &lv);
	}
	if (k > 0) {
		int first = (pp->flags & OUT_STACKS_NO_INLINE) ? k - 1 : 0;
		size_t before = pp->nr_lines;
		const char *dir = NULL;
		bool dir_done = false;

		for (int i = first; i < k; i++) {
			const char *name = lv[i].name, *sys = lv[i].sys_name;
			const char *file = lv[i].file, *decl = lv[i].decl_file;

			/*
			 * The out-of-line function is the ELF symbol perf
			 * reports, whatever alias DWARF or addr2line's symbol
			 * table fallback names it by ("__libc_malloc" for
			 * malloc); its spelling stays when the names agree
			 */
			if (i == k - 1 && sym_name) {
				if (!name || strcmp(name, sym_name))
					sys = NULL;
				name = sym_name;
			} else if (!name) {
				name = sym_name;
				sys = NULL;
			}
			/*
			 * addr2line names an innermost inlined function that
			 * has no linkage name after the symbol it sits in
			 * ("main" for std::__sort inlined into main): pprof
			 * would file that "main" under the callee's source
			 */
			if (i == 0 && k > 1 && name &&
			    ((lv[k - 1].name && !strcmp(name, lv[k - 1].name)) ||
			     (sym_name && !strcmp(name, sym_name)))) {
				const char *dsys = NULL;
				const char *dname = innermost_function(pp, fr->dso, fr->addr, &dsys);

				if (dname) {
					name = dname;
					sys = dsys;
				}
			}
			if (!name)
				continue;
			if ((file && file[0] != '/') || (decl && decl[0] != '/')) {
				if (!dir_done)
					dir = comp_dir(fr->dso, fr->addr);
				dir_done = true;
			}
			if (dir && file && file[0] != '/')
				file = join_path(pp, dir, file);
			add_line(pp, name, sys, file, lv[i].line, lv[i].decl_line);
			if (file)
				m->flags |= OUT_PPROF_HAS_FILENAMES | OUT_PPROF_HAS_LINE_NUMBERS;
		}
		if (pp->nr_lines - before > 1)
			m->flags |= OUT_PPROF_HAS_INLINE_FRAMES;
		if (pp->nr_lines > before) {
			m->flags |= OUT_PPROF_HAS_FUNCTIONS;
			return;
		}
	}
	if (sym_name) {
		add_line(pp, sym_name, NULL, NULL, 0, 0);
		m->flags |= OUT_PPROF_HAS_FUNCTIONS;
	}
}

static uint32_t loc_lookup(struct out_stacks_pprof *pp,
			   const struct session_frame *fr)
{
	uint32_t map, id;
	uint64_t h;
	size_t pos;
	struct pp_loc *l;
	struct pp_map *m;

	if (fr->map_end)
		map = map_index(pp, fr->dso, fr->kernel, fr->map_start, fr->map_end,
				fr->map_pgoff);
	else
		map = map_index(pp, fr->dso, fr->kernel, 0, 0, 0);
	h = loc_key_hash(map, fr->ip);
	hmap_for_each_hash(&pp->loc_idx, h, pos, id) {
		l = &pp->locs[id];
		if (l->ip == fr->ip && l->map == map)
			return id;
	}
	m = &pp->maps[map];
	if (fr->ip < m->lo)
		m->lo = fr->ip;
	if (fr->ip >= m->hi)
		m->hi = fr->ip + 1;
	ALLOC_GROW(pp->locs, pp->nr_locs + 1, pp->alloc_locs);
	l = &pp->locs[pp->nr_locs];
	l->map = map;
	l->ip = fr->ip;
	l->first_line = (uint32_t)pp->nr_lines;
	frame_lines(pp, fr, m);
	l->nr_lines = (uint32_t)(pp->nr_lines - l->first_line);
	hmap_add(&pp->loc_idx, h, (uint32_t)pp->nr_locs);
	return (uint32_t)pp->nr_locs++;
}

/* the location of @fr, through a small cache: stacks repeat their frames */
static uint32_t loc_index(struct out_stacks_pprof *pp,
			  const struct session_frame *fr)
{
	uint64_t h = hash_u64(fr->ip ^ (uintptr_t)fr->dso ^ fr->map_start);
	struct frame_cache *c = &pp->fcache[h >> (64 - FRAME_CACHE_BITS)];

	if (c->idx && c->ip == fr->ip && c->dso == fr->dso &&
	    c->start == fr->map_start && c->end == fr->map_end &&
	    c->pgoff == fr->map_pgoff && c->kernel == fr->kernel)
		return c->idx - 1;
	c->idx = loc_lookup(pp, fr) + 1;
	c->ip = fr->ip;
	c->dso = fr->dso;
	c->start = fr->map_start;
	c->end = fr->map_end;
	c->pgoff = fr->map_pgoff;
	c->kernel = fr->kernel;
	return c->idx - 1;
}

/*
 * Whether @b continues the expansion of one address that @a is part of:
 * the session expands an unwound address into consecutive frames, one
 * per DWARF level (sym_dso_inlines()), the next level after the other.
 */
static bool same_address(const struct session_frame *a,
			 const struct session_frame *b)
{
	return a->level && b->level == a->level + 1 && a->ip == b->ip &&
	       a->dso == b->dso;
}

/* ---- samples ---- */

/* the hash of a sample's labels (@comm by its pointer) and locations */
static uint64_t sample_hash(const char *comm, int32_t pid, int32_t tid,
			    int32_t cpu, const uint32_t *locs, uint32_t n)
{
	uint64_t h = hash_combine(hash_ptr(comm), (uint32_t)pid);

	h = hash_combine(h, (uint64_t)(uint32_t)tid << 32 | (uint32_t)cpu);
	for (uint32_t k = 0; k < n; k++)
		h = hash_combine(h, locs[k]);
	return h;
}

static void count_pid(struct out_stacks_pprof *pp, int32_t pid, const char *comm)
{
	uint64_t h = hash_u64((uint32_t)pid);
	struct pid_count *pc;
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&pp->pid_idx, h, pos, id)
		if (pp->pids[id].pid == pid)
			break;
	if (id != HMAP_NONE) {
		pc = &pp->pids[id];
	} else {
		ALLOC_GROW(pp->pids, pp->nr_pids + 1, pp->alloc_pids);
		pc = &pp->pids[pp->nr_pids];
		*pc = (struct pid_count){ .pid = pid };
		hmap_add(&pp->pid_idx, h, (uint32_t)pp->nr_pids++);
	}
	pc->n++;
	pc->comm = comm;
}

void out_stacks_pprof_add(struct out_stacks_pprof *pp,
			  const struct session_sample *ss)
{
	int ev = ss->attr_idx;
	uint32_t n = 0;
	const char *comm = NULL;
	int32_t pid = -1, tid = -1, cpu = -1;
	uint64_t h;
	size_t pos;
	uint32_t id;
	struct pp_sample *ps;

	if (ev < 0 || (size_t)ev >= pp->nr_events)
		return;
	if (!ss->nr_frames && ss->ip_frame) {
		/*
		 * a chain perf discards (an unknown context marker) leaves
		 * the sample its own address, where perf report counts it;
		 * pprof readers skip a sample without locations
		 */
		ALLOC_GROW(pp->stack, n + 1, pp->alloc_stack);
		pp->stack[n++] = loc_index(pp, ss->ip_frame);
	}
	for (unsigned int k = 0; k < ss->nr_frames; k++) {
		const struct session_frame *fr;
		struct session_frame call;

		/* one location per address: skip to its outermost level */
		while (k + 1 < ss->nr_frames && same_address(&ss->frames[k], &ss->frames[k + 1]))
			k++;
		fr = &ss->frames[k];
		if (k && !ss->unwound && !fr->kernel && fr->dso) {
			/*
			 * A frame-pointer callchain holds return addresses, the
			 * instruction after the call; the unwinder already steps
			 * back into the call, and so do these, so that the
			 * lines are those of the calls
			 */
			call = *fr;
			call.ip--;
			call.addr--;
			call.sym = NULL;
			call.sym_name = NULL;
			fr = &call;
		}
		ALLOC_GROW(pp->stack, n + 1, pp->alloc_stack);
		pp->stack[n++] = loc_index(pp, fr);
	}
	if (pp->flags & OUT_STACKS_LABEL_COMM)
		comm = ss->comm ? ss->comm : "";
	if (pp->flags & OUT_STACKS_LABEL_PID)
		pid = ss->pid;
	if (pp->flags & OUT_STACKS_LABEL_TID)
		tid = ss->tid;
	if ((pp->flags & OUT_STACKS_LABEL_CPU) && (ss->s->type & PERF_SAMPLE_CPU))
		cpu = (int32_t)ss->cpu;
	h = sample_hash(comm, pid, tid, cpu, pp->stack, n);
	hmap_for_each_hash(&pp->sample_idx, h, pos, id) {
		ps = &pp->samples[id];
		if (ps->nr == n && ps->comm == comm &&
		    ps->pid == pid && ps->tid == tid && ps->cpu == cpu &&
		    !memcmp(ps->locs, pp->stack, n * sizeof(*pp->stack)))
			goto found;
	}
	ALLOC_GROW(pp->samples, pp->nr_samples + 1, pp->alloc_samples);
	ps = &pp->samples[pp->nr_samples];
	ps->locs = xmalloc((n ? n : 1) * sizeof(*ps->locs));
	memcpy(ps->locs, pp->stack, n * sizeof(*ps->locs));
	ps->nr = n;
	ps->comm = comm;
	ps->pid = pid;
	ps->tid = tid;
	ps->cpu = cpu;
	ps->values = xcalloc(1 + pp->nr_events, sizeof(*ps->values));
	hmap_add(&pp->sample_idx, h, (uint32_t)pp->nr_samples++);
found:
	ps->values[0]++;
	ps->values[1 + ev] += ss->period;
	pp->ev_samples[ev]++;
	if (ss->offcpu)
		pp->offcpu_idx = ev;
	if (ss->pid > 0)
		count_pid(pp, ss->pid, ss->comm);
	if (ss->time != (uint64_t)-1) {
		if (ss->time < pp->first_time)
			pp->first_time = ss->time;
		if (ss->time > pp->last_time)
			pp->last_time = ss->time;
	}
}

/* ---- writing ---- */

static bool is_time_event(const struct perf_event_attr *a)
{
	return a->type == PERF_TYPE_SOFTWARE &&
	       (a->config == PERF_COUNT_SW_CPU_CLOCK ||
		a->config == PERF_COUNT_SW_TASK_CLOCK);
}

static void hex_build_id(struct sym_dso *dso, char *out, size_t sz)
{
	size_t len = 0;
	const uint8_t *bid = dso ? sym_dso_build_id(dso, &len) : NULL;

	out[0] = '\0';
	for (size_t i = 0; bid && i < len && 2 * i + 2 < sz; i++)
		snprintf(out + 2 * i, 3, "%02x", bid[i]);
}

/* pprof's test for a shared library: ".so" at the end or before a version */
static bool lib_like(const char *path)
{
	for (const char *p = strstr(path, ".so"); p; p = strstr(p + 1, ".so")) {
		char c = p[3];

		if (!c || ((c == '.' || c == '_') && p[4] >= '0' && p[4] <= '9'))
			return true;
	}
	return false;
}

static bool exe_like(struct sym_dso *dso)
{
	const char *path;

	if (!dso || sym_dso_kind(dso) != SYM_DSO_ELF)
		return false;
	path = sym_dso_path(dso);
	return path && path[0] == '/' && !lib_like(path) && !strstr(path, "(deleted)");
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/*
 * The program process @pid runs: of its executable mappings of program
 * files, the one its command name is the start of (a process keeps the
 * mappings of the program it ran before exec until they are replaced),
 * else the lowest
 */
static const struct map *process_exe(struct session *s, int32_t pid, const char *comm)
{
	const struct maps *ms = pid > 0 ? session_maps(s, pid) : NULL;
	const struct map *first = NULL;
	size_t clen;

	comm = comm ? session_comm_last(comm) : "";
	clen = strlen(comm);
	for (size_t i = 0; ms && i < ms->nr; i++) {
		const struct map *m = &ms->v[i];

		if (!(m->prot & PROT_EXEC) || !exe_like(m->dso))
			continue;
		if (clen && !strncmp(base_name(sym_dso_path(m->dso)), comm, clen))
			return m;
		if (!first)
			first = m;
	}
	return first;
}

/* whether @exe is the workload of the recording's command line */
static bool is_workload(const struct pdata_info *info, const struct map *exe)
{
	const char *path = sym_dso_path(exe->dso);
	bool after_record = false;

	for (uint32_t i = 0; info && i < info->cmdline_nr; i++) {
		const char *w = info->cmdline[i];

		if (!after_record) {
			after_record = !strcmp(w, "record");
			continue;
		}
		if (w[0] != '-' && (!strcmp(w, path) ||
				    !strcmp(base_name(w), base_name(path))))
			return true;
	}
	return false;
}

/*
 * The main program, pprof's first mapping: the executable of the workload
 * the recording started (a process whose program its command line names),
 * else of the process with the most samples; without one, the first
 * sampled mapping of a program file. Returns an index in maps[], or -1
 * with *@extra set to a mapping nothing was sampled in, or -2 for none.
 */
static long main_map(const struct out_stacks_pprof *pp, struct pp_map *extra)
{
	const struct pdata_info *info = pdata_info(session_pdata(pp->s));
	const struct map *best = NULL;
	bool best_wl = false;
	uint64_t best_n = 0;

	for (size_t i = 0; i < pp->nr_pids; i++) {
		const struct pid_count *pc = &pp->pids[i];
		const struct map *exe;
		bool wl;

		exe = process_exe(pp->s, pc->pid, pc->comm);
		if (!exe)
			continue;
		wl = is_workload(info, exe);
		if ((wl && !best_wl) || (wl == best_wl && pc->n > best_n)) {
			best = exe;
			best_wl = wl;
			best_n = pc->n;
		}
	}
	if (best) {
		for (size_t k = 0; k < pp->nr_maps; k++)
			if (pp->maps[k].dso == best->dso && !pp->maps[k].kernel &&
			    pp->maps[k].start == best->start && pp->maps[k].end == best->end &&
			    pp->maps[k].pgoff == best->pgoff)
				return (long)k;
		memset(extra, 0, sizeof(*extra));
		extra->dso = best->dso;
		extra->start = best->start;
		extra->end = best->end;
		extra->pgoff = best->pgoff;
		extra->flags = OUT_PPROF_HAS_FUNCTIONS;
		return -1;
	}
	for (size_t k = 0; k < pp->nr_maps; k++)
		if (!pp->maps[k].kernel && exe_like(pp->maps[k].dso))
			return (long)k;
	return pp->nr_maps ? 0 : -2;
}

static uint64_t emit_map(struct out_pprof *p, const struct pp_map *m)
{
	char bid[2 * 64 + 1];
	const char *name;
	uint64_t start = m->start, end = m->end;

	if (!m->dso)
		return 0;
	if (!end) {
		/* no MMAP record covers it: the sampled range */
		start = m->lo;
		end = m->hi;
	}
	name = m->kernel ? sym_dso_name(m->dso) : sym_dso_path(m->dso);
	hex_build_id(m->dso, bid, sizeof(bid));
	/* functions: what ptool could not name stays an address */
	return out_pprof_mapping(p, start, end, m->pgoff, name,
				 bid[0] ? bid : NULL, m->flags | OUT_PPROF_HAS_FUNCTIONS);
}

/* the event's name as a pprof sample type: no modifiers ("cycles:u") */
static void type_name(const struct out_stacks_pprof *pp, size_t e, char *buf,
		      size_t sz)
{
	struct session *s = pp->s;
	const struct perf_event_attr *a = &pdata_attr(session_pdata(s), e)->attr;
	const char *name = session_event_name(s, e);
	const char *colon = strchr(name, ':');

	if ((int)e == pp->offcpu_idx)
		snprintf(buf, sz, "%s", OFFCPU_EVENT_NAME);
	else if (a->type == PERF_TYPE_TRACEPOINT || !colon)
		snprintf(buf, sz, "%s", name);
	else
		snprintf(buf, sz, "%.*s", (int)(colon - name), name);
}

/* the sampling period in the event's unit; 0 when sampled by frequency */
static int64_t period_of(const struct perf_event_attr *a)
{
	if (!a->freq)
		return (int64_t)a->sample_period;
	if (is_time_event(a) && a->sample_freq)
		return 1000000000 / (int64_t)a->sample_freq;
	return 0;
}

static void header(const struct out_stacks_pprof *pp, struct out_pprof *p,
		   bool *shown, size_t *nr_shown)
{
	struct pdata *pd = session_pdata(pp->s);
	const struct pdata_info *info = pdata_info(pd);
	int64_t first = -1, duration = 0, start_ns = 0;
	char name[256];
	struct stat st;

	*nr_shown = 0;
	for (size_t e = 0; e < pp->nr_events; e++) {
		shown[e] = pp->ev_samples[e] > 0;
		if (shown[e]) {
			if (first < 0)
				first = (int64_t)e;
			(*nr_shown)++;
		}
	}
	if (*nr_shown <= 1) {
		/* one event: its samples, and its periods */
		const struct perf_event_attr *a = first < 0 ? NULL :
						  &pdata_attr(pd, (size_t)first)->attr;

		out_pprof_sample_type(p, "samples", "count");
		if (a && first == pp->offcpu_idx) {
			/* off-CPU samples: the nanoseconds blocked */
			out_pprof_sample_type(p, OFFCPU_EVENT_NAME, "nanoseconds");
		} else if (a && is_time_event(a)) {
			out_pprof_sample_type(p, "cpu", "nanoseconds");
			out_pprof_period(p, "cpu", "nanoseconds", period_of(a));
		} else if (a) {
			type_name(pp, (size_t)first, name, sizeof(name));
			out_pprof_sample_type(p, name, "count");
			out_pprof_period(p, name, "count", period_of(a));
		}
	} else {
		/* one value per event, the sum of its periods */
		for (size_t e = 0; e < pp->nr_events; e++) {
			const struct perf_event_attr *a = &pdata_attr(pd, e)->attr;

			if (!shown[e])
				continue;
			bool ns = is_time_event(a) || (int)e == pp->offcpu_idx;

			type_name(pp, e, name, sizeof(name));
			out_pprof_sample_type(p, name, ns ? "nanoseconds" : "count");
			if ((int64_t)e == first) {
				out_pprof_default_type(p, name);
				out_pprof_period(p, name, ns ? "nanoseconds" : "count",
						 period_of(a));
			}
		}
	}
	if (pp->first_time != UINT64_MAX) {
		duration = (int64_t)(pp->last_time - pp->first_time);
		/*
		 * When the recording started: from perf record -k's clock
		 * reference, else the file's modification (the end) less the
		 * duration
		 */
		if (info && info->has_clock_data)
			start_ns = (int64_t)(info->clock_tod_ns + pp->first_time -
					     info->clock_clockid_ns);
		else if (strcmp(session_path(pp->s), "-") &&
			 !stat(session_path(pp->s), &st))
			start_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
				   st.st_mtim.tv_nsec - duration;
	}
	out_pprof_times(p, start_ns, duration);
	out_pprof_comment(p, "ptool " PTOOL_VERSION);
	if (info && info->cmdline_nr) {
		struct strbuf c = STRBUF_INIT;

		for (uint32_t i = 0; i < info->cmdline_nr; i++)
			strbuf_addf(&c, "%s%s", i ? " " : "", info->cmdline[i]);
		out_pprof_comment(p, c.buf);
		strbuf_release(&c);
	}
}

struct comm_canon {
	const char *comm;	/* a sample's comm pointer */
	const char *canon;	/* the first pointer with the same text */
};

static int cmp_canon_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct comm_canon *)a)->comm;
	uintptr_t y = (uintptr_t)((const struct comm_canon *)b)->comm;

	return x < y ? -1 : x > y;
}

static int cmp_canon_str(const void *a, const void *b)
{
	return strcmp(((const struct comm_canon *)a)->comm,
		      ((const struct comm_canon *)b)->comm);
}

static const char *canon_of(const struct comm_canon *v, size_t n, const char *comm)
{
	struct comm_canon key = { .comm = comm };
	const struct comm_canon *c;

	if (!comm)
		return NULL;
	c = bsearch(&key, v, n, sizeof(*v), cmp_canon_ptr);
	return c ? c->canon : comm;
}

/*
 * Whether two samples carry the same locations and labels once their
 * command names are compared as text: the samples were told apart by the
 * name's pointer (one per thread and program), and two names of one
 * thread may read the same (it ran the same program twice)
 */
static bool samples_collide(const struct out_stacks_pprof *pp)
{
	struct comm_canon *v = xmalloc((pp->nr_samples + 1) * sizeof(*v));
	size_t n = 0, u = 0;
	struct hmap tab = HMAP_INIT;
	bool dup = false;

	for (size_t i = 0; i < pp->nr_samples; i++)
		if (pp->samples[i].comm)
			v[n++].comm = pp->samples[i].comm;
	qsort(v, n, sizeof(*v), cmp_canon_ptr);
	for (size_t i = 0; i < n; i++)
		if (!u || v[u - 1].comm != v[i].comm)
			v[u++] = v[i];
	qsort(v, u, sizeof(*v), cmp_canon_str);
	for (size_t i = 0; i < u; i++)
		v[i].canon = i && !strcmp(v[i - 1].comm, v[i].comm) ? v[i - 1].canon : v[i].comm;
	for (size_t i = 1; i < u && !dup; i++)
		dup = v[i].canon != v[i].comm;
	if (!dup) {
		free(v);
		return false;
	}
	qsort(v, u, sizeof(*v), cmp_canon_ptr);
	hmap_reserve(&tab, pp->nr_samples);
	dup = false;
	for (size_t i = 0; i < pp->nr_samples && !dup; i++) {
		const struct pp_sample *a = &pp->samples[i];
		const char *ca = canon_of(v, u, a->comm);
		uint64_t h = sample_hash(ca, a->pid, a->tid, a->cpu, a->locs,
					 a->nr);
		size_t pos;
		uint32_t id;

		hmap_for_each_hash(&tab, h, pos, id) {
			const struct pp_sample *b = &pp->samples[id];

			if (b->nr == a->nr && b->pid == a->pid && b->tid == a->tid &&
			    b->cpu == a->cpu && canon_of(v, u, b->comm) == ca &&
			    !memcmp(b->locs, a->locs, a->nr * sizeof(*a->locs))) {
				dup = true;
				break;
			}
		}
		hmap_add(&tab, h, (uint32_t)i);
	}
	hmap_release(&tab);
	free(v);
	return dup;
}

int out_stacks_pprof_write(const struct out_stacks_pprof *pp, FILE *fp)
{
	struct out_pprof *p = out_pprof_new();
	uint64_t *map_ids = xcalloc(pp->nr_maps + 1, sizeof(*map_ids));
	uint64_t *loc_ids = xcalloc(pp->nr_locs + 1, sizeof(*loc_ids));
	bool *shown = xcalloc(pp->nr_events + 1, sizeof(*shown));
	int64_t *values = xcalloc(pp->nr_events + 1, sizeof(*values));
	struct out_pprof_line *lines = NULL;
	size_t lines_alloc = 0, nr_shown;
	uint64_t *stack = NULL;
	size_t stack_alloc = 0;
	struct pp_map extra;
	bool merge = samples_collide(pp);
	long main;
	int ret;

	header(pp, p, shown, &nr_shown);
	main = main_map(pp, &extra);
	if (main == -1)
		emit_map(p, &extra);
	else if (main >= 0)
		map_ids[main] = emit_map(p, &pp->maps[main]);
	for (size_t i = 0; i < pp->nr_maps; i++)
		if ((long)i != main)
			map_ids[i] = emit_map(p, &pp->maps[i]);
	for (size_t i = 0; i < pp->nr_locs; i++) {
		const struct pp_loc *l = &pp->locs[i];

		ALLOC_GROW(lines, l->nr_lines + 1, lines_alloc);
		for (uint32_t k = 0; k < l->nr_lines; k++) {
			const struct pp_line *ln = &pp->lines[l->first_line + k];

			lines[k].function_id = out_pprof_function(p, ln->name, ln->sys_name,
								  ln->file, ln->start_line);
			lines[k].line = ln->line;
		}
		loc_ids[i] = out_pprof_location(p, map_ids[l->map], l->ip, lines,
						l->nr_lines);
	}
	for (size_t k = 0; k < pp->nr_samples; k++) {
		const struct pp_sample *ps = &pp->samples[k];
		struct out_pprof_label lab[4];
		char num[3][16];
		size_t nl = 0, nv = 0;

		ALLOC_GROW(stack, ps->nr + 1, stack_alloc);
		for (uint32_t j = 0; j < ps->nr; j++)
			stack[j] = loc_ids[ps->locs[j]];
		if (nr_shown <= 1) {
			values[nv++] = (int64_t)ps->values[0];
			for (size_t e = 0; e < pp->nr_events; e++)
				if (shown[e])
					values[nv++] = (int64_t)ps->values[1 + e];
		} else {
			for (size_t e = 0; e < pp->nr_events; e++)
				if (shown[e])
					values[nv++] = (int64_t)ps->values[1 + e];
		}
		/* string labels: what Pyroscope and Parca filter on */
		if (ps->comm)
			lab[nl++] = (struct out_pprof_label){ .key = "comm", .str = ps->comm };
		if (ps->pid >= 0) {
			snprintf(num[0], sizeof(num[0]), "%" PRId32, ps->pid);
			lab[nl++] = (struct out_pprof_label){ .key = "pid", .str = num[0] };
		}
		if (ps->tid >= 0) {
			snprintf(num[1], sizeof(num[1]), "%" PRId32, ps->tid);
			lab[nl++] = (struct out_pprof_label){ .key = "tid", .str = num[1] };
		}
		if (ps->cpu >= 0) {
			snprintf(num[2], sizeof(num[2]), "%" PRId32, ps->cpu);
			lab[nl++] = (struct out_pprof_label){ .key = "cpu", .str = num[2] };
		}
		if (merge)
			out_pprof_sample(p, stack, ps->nr, values, lab, nl);
		else
			out_pprof_sample_distinct(p, stack, ps->nr, values, lab, nl);
	}
	ret = out_pprof_write(p, fp);
	out_pprof_free(p);
	free(map_ids);
	free(loc_ids);
	free(shown);
	free(values);
	free(lines);
	free(stack);
	return ret;
}
