// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_stacks.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "out_folded-priv.h"
#include "ptool/out_pprof.h"
#include "ptool/out_script.h"
#include "ptool/pdata.h"
#include "ptool/sym.h"

/* cache of the folded names of a (symbol, dso) pair */
struct name_ent {
	const void *sym;	/* sym_name pointer, NULL when unresolved */
	const void *dso;	/* struct sym_dso *, NULL without a map */
	uint32_t kernel;
	uint32_t used;
	uint32_t first, nr;	/* ids in names_ids[]; nr 0: frame skipped */
	bool odd;		/* a dso with " (" in its name: not cacheable */
	uint32_t memo_parent;	/* the last trie step made with a one-name entry: */
	uint32_t memo_child;	/* consecutive samples mostly repeat their stacks */
};

/* a pprof location: (dso, ip) with its lines, innermost first */
struct loc_ent {
	const void *dso;
	uint64_t ip;
	uint32_t used;
	uint32_t idx;		/* in locs[] */
};

struct loc {
	struct sym_dso *dso;
	const char *dso_name;
	bool kernel;
	uint64_t ip;
	uint32_t first_fn, nr_fn;	/* function names in fn_names[] */
};

struct pmap {
	struct sym_dso *dso;
	const char *name;
	uint64_t lo, hi;
};

struct psample {
	uint32_t *locs;
	uint32_t nr;
	uint32_t comm;		/* index in the comm names */
	uint64_t *values;	/* 1 + nr events */
	uint32_t used;
	uint64_t hash;
};

struct out_stacks {
	struct session *s;
	unsigned int flags;
	struct out_script *sc;
	bool own_sc;
	struct out_fold *fold;
	uint64_t nr_samples;

	/* the collapser's event filter */
	char *event_filter;
	signed char *ev_fast;	/* per event: the sample line has the usual shape */
	bool last_comm;		/* the previous sample's comm is known: */
	uint32_t last_comm_node;	/* its trie node (whose name is the comm) */

	struct strbuf line, tmp;
	struct name_ent *names;
	size_t names_size, names_nr;
	uint32_t *names_ids;
	size_t names_ids_nr, names_ids_alloc;

	/* pprof */
	size_t nr_events;
	struct loc_ent *loc_hash;
	size_t loc_size, loc_nr;
	struct loc *locs;
	size_t nr_locs, alloc_locs;
	const char **fn_names;
	uint32_t *fn_lines;		/* source line per fn_names[] entry, 0 unknown */
	uint32_t *fn_files;		/* offset in src_files + 1, 0 unknown */
	struct strbuf src_files;	/* NUL-separated source file names */
	size_t nr_fn, alloc_fn;
	struct pmap *maps;
	size_t nr_maps, alloc_maps;
	const char **comms;
	size_t nr_comms, alloc_comms;
	struct psample *samples;
	size_t samples_size, samples_nr;
	uint32_t *stack;
	size_t stack_alloc;
	uint64_t first_time, last_time;
};

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

struct out_stacks *out_stacks_new(struct session *s, unsigned int flags,
				  struct out_script *sc)
{
	struct out_stacks *st = xcalloc(1, sizeof(*st));

	st->s = s;
	st->flags = flags;
	st->sc = sc;
	if (!sc) {
		struct out_script_opts o = { 0 };
		char err[256];

		st->sc = out_script_new(s, &o, NULL, err, sizeof(err));
		if (!st->sc) {
			free(st);
			errno = EINVAL;
			return NULL;
		}
		st->own_sc = true;
	}
	st->fold = out_fold_new();
	strbuf_init(&st->src_files, 0);
	strbuf_init(&st->line, 256);
	strbuf_init(&st->tmp, 256);
	st->names_size = 1024;
	st->names = xcalloc(st->names_size, sizeof(*st->names));
	st->nr_events = pdata_nr_attrs(session_pdata(s));
	st->loc_size = 1024;
	st->loc_hash = xcalloc(st->loc_size, sizeof(*st->loc_hash));
	st->samples_size = 1024;
	st->samples = xcalloc(st->samples_size, sizeof(*st->samples));
	st->first_time = UINT64_MAX;
	st->ev_fast = xcalloc(st->nr_events + 1, 1);
	return st;
}

void out_stacks_free(struct out_stacks *st)
{
	if (!st)
		return;
	if (st->own_sc)
		out_script_free(st->sc);
	out_fold_free(st->fold);
	free(st->event_filter);
	free(st->ev_fast);
	strbuf_release(&st->line);
	strbuf_release(&st->tmp);
	free(st->names);
	free(st->names_ids);
	free(st->loc_hash);
	free(st->locs);
	free(st->fn_names);
	free(st->fn_lines);
	free(st->fn_files);
	strbuf_release(&st->src_files);
	free(st->maps);
	free(st->comms);
	for (size_t i = 0; i < st->samples_size; i++) {
		free(st->samples[i].locs);
		free(st->samples[i].values);
	}
	free(st->samples);
	free(st->stack);
	free(st);
}

const struct out_fold *out_stacks_fold(const struct out_stacks *st)
{
	return st->fold;
}

struct out_fold *out_stacks_detach_fold(struct out_stacks *st)
{
	struct out_fold *f = st->fold;

	/* the name cache holds ids of the old aggregate */
	memset(st->names, 0, st->names_size * sizeof(*st->names));
	st->names_nr = 0;
	st->names_ids_nr = 0;
	st->last_comm = false;
	st->fold = out_fold_new();
	return f;
}

uint64_t out_stacks_nr_samples(const struct out_stacks *st)
{
	return st->nr_samples;
}

/*
 * The collapser's test of a sample line: ":\s*(\d+)*\s+(\S+):\s*$".
 * Returns whether it matches, with the period (0 when absent) and the
 * event token.
 */
static bool match_event(const char *line, size_t len, uint64_t *period,
			const char **ev, size_t *evlen)
{
	size_t end = len, tok, i;

	while (end && isspace((unsigned char)line[end - 1]))
		end--;
	if (end < 2 || line[end - 1] != ':')
		return false;
	tok = end - 1;
	while (tok && !isspace((unsigned char)line[tok - 1]))
		tok--;
	if (tok == end - 1 || !tok)
		return false;	/* empty token, or no blank before it */
	*ev = line + tok;
	*evlen = end - 1 - tok;
	i = tok;
	while (i && isspace((unsigned char)line[i - 1]))
		i--;
	*period = 0;
	if (i && isdigit((unsigned char)line[i - 1])) {
		size_t d = i;
		uint64_t v = 0;

		while (d && isdigit((unsigned char)line[d - 1]))
			d--;
		/* the digits count only when ':' and blanks come before them */
		{
			size_t c = d;

			while (c && isspace((unsigned char)line[c - 1]))
				c--;
			if (c && line[c - 1] == ':') {
				for (size_t k = d; k < i; k++)
					v = v * 10 + (uint64_t)(line[k] - '0');
				*period = v;
				return true;
			}
		}
		return false;
	}
	while (i && isspace((unsigned char)line[i - 1]))
		i--;
	return i && line[i - 1] == ':';
}

static const char *frame_dso_text(const struct session_frame *fr)
{
	if (!fr->dso)
		return NULL;
	if (fr->kernel)
		return fr->dso_name;
	return fr->dso_path ? fr->dso_path : fr->dso_name;
}

/*
 * Split the callchain line "sym (dso)" as the collapser's
 * "(.+) \((.*)\)" does: at the last " (" that a ')' follows.
 */
static void split_frame(const char *text, size_t len, struct strbuf *sym,
			struct strbuf *mod)
{
	const char *close = NULL;

	for (size_t i = len; i > 0; i--)
		if (text[i - 1] == ')') {
			close = text + i - 1;
			break;
		}
	for (const char *p = close; p && p > text + 1; p--) {
		if (p[-1] == '(' && p[-2] == ' ' && p - 2 > text) {
			strbuf_add(sym, text, (size_t)(p - 2 - text));
			strbuf_add(mod, p, (size_t)(close - p));
			return;
		}
	}
	strbuf_add(sym, text, len);
}

static void frame_names(struct out_stacks *st, const struct session_frame *fr,
			bool java, uint32_t *first, uint32_t *nr)
{
	unsigned int ann = (st->flags & OUT_STACKS_PLAIN) ? 0 : OUT_FOLD_ANN_ALL;
	const char *dso = frame_dso_text(fr);
	struct strbuf *t = &st->tmp;
	bool odd = dso && strstr(dso, " (");
	bool kept;

	strbuf_reset(t);
	if (odd || (fr->inlined && fr->sym_name)) {
		/* rebuild the printed line and split it as the collapser does */
		struct strbuf line = STRBUF_INIT, sym = STRBUF_INIT, mod = STRBUF_INIT;

		strbuf_addstr(&line, fr->sym_name ? fr->sym_name : "[unknown]");
		if (fr->sym_name && !fr->inlined)
			strbuf_addf(&line, "+0x%llx", (unsigned long long)fr->sym_off);
		if (fr->inlined)
			strbuf_addstr(&line, " (inlined)");
		else
			strbuf_addf(&line, " (%s)", dso ? dso : "[unknown]");
		split_frame(line.buf, line.len, &sym, &mod);
		kept = out_fold_frame(t, strcmp(sym.buf, "[unknown]") ? sym.buf : NULL,
				      strcmp(mod.buf, "[unknown]") ? mod.buf : NULL,
				      java, ann);
		strbuf_release(&line);
		strbuf_release(&sym);
		strbuf_release(&mod);
	} else {
		kept = out_fold_frame(t, fr->sym_name, dso, java, ann);
	}
	*first = (uint32_t)st->names_ids_nr;
	*nr = 0;
	if (!kept)
		return;
	for (const char *p = t->buf; ; ) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);

		ALLOC_GROW(st->names_ids, st->names_ids_nr + 1, st->names_ids_alloc);
		st->names_ids[st->names_ids_nr++] = out_fold_intern(st->fold, p, n);
		(*nr)++;
		if (!semi)
			break;
		p = semi + 1;
	}
}

static struct name_ent *name_lookup(struct out_stacks *st,
				    const struct session_frame *fr, bool java)
{
	const void *sym = fr->sym_name, *dso = fr->dso;
	uint32_t kernel = fr->kernel | (fr->inlined << 1) | ((uint32_t)java << 2);
	uint64_t h = mix((uint64_t)(uintptr_t)sym * 31 + (uint64_t)(uintptr_t)dso + kernel);
	size_t mask = st->names_size - 1, i = h & mask;
	struct name_ent *e;
	while (st->names[i].used) {
		e = &st->names[i];
		if (e->sym == sym && e->dso == dso && e->kernel == kernel)
			return e;
		i = (i + 1) & mask;
	}
	e = &st->names[i];
	e->used = 1;
	e->sym = sym;
	e->dso = dso;
	e->kernel = kernel;
	{
		const char *d = frame_dso_text(fr);

		e->odd = d && strstr(d, " (") && !fr->inlined;
	}
	frame_names(st, fr, java, &e->first, &e->nr);
	if (++st->names_nr * 2 > st->names_size) {
		size_t size = st->names_size * 2;
		struct name_ent *n = xcalloc(size, sizeof(*n)), *ret = NULL;

		for (size_t k = 0; k < st->names_size; k++) {
			struct name_ent *o = &st->names[k];
			size_t j;

			if (!o->used)
				continue;
			j = mix((uint64_t)(uintptr_t)o->sym * 31 +
				(uint64_t)(uintptr_t)o->dso + o->kernel) & (size - 1);
			while (n[j].used)
				j = (j + 1) & (size - 1);
			n[j] = *o;
			if (o == e)
				ret = &n[j];
		}
		free(st->names);
		st->names = n;
		st->names_size = size;
		return ret;
	}
	return e;
}

/*
 * Whether samples of event @idx print "comm tid ... time: [period] event: "
 * before their callchain, the shape whose collapsing needs no text: the
 * event regex matches with the printed period and the comm is the pname
 * (when it has no blanks).
 */
static bool usual_shape(struct out_stacks *st, int idx)
{
	unsigned int f;
	const char *name;

	if (idx < 0 || (size_t)idx >= st->nr_events)
		return false;
	if (st->ev_fast[idx])
		return st->ev_fast[idx] > 0;
	f = out_script_fields(st->sc, idx);
	name = session_event_name(st->s, (size_t)idx);
	st->ev_fast[idx] = (out_script_shows_callchain(st->sc, idx) &&
			    (f & OUT_SF(TIME)) && (f & OUT_SF(EVENT)) &&
			    (f & (OUT_SF(TID) | OUT_SF(PID))) &&
			    !(f & (OUT_SF(TRACE) | OUT_SF(ADDR))) && *name &&
			    !strpbrk(name, " \t")) ? 1 : -1;
	return st->ev_fast[idx] > 0;
}

static bool plain_comm(const char *comm)
{
	return comm && comm[0] && comm[1] && !strpbrk(comm, " \t\n\v\f\r");
}

static void fold_sample(struct out_stacks *st, const struct session_sample *ss)
{
	struct strbuf *line = &st->line;
	uint64_t period = 1, p = 0;
	const char *ev;
	size_t evlen;
	uint32_t node;
	bool java, matched, callchain = out_script_shows_callchain(st->sc, ss->attr_idx);
	bool fast = usual_shape(st, ss->attr_idx) && plain_comm(ss->comm);

	if (fast) {
		matched = true;
		ev = session_event_name(st->s, (size_t)ss->attr_idx);
		evlen = strlen(ev);
		if (out_script_fields(st->sc, ss->attr_idx) & OUT_SF(PERIOD))
			p = ss->period;
	} else {
		strbuf_reset(line);
		out_script_header_line(st->sc, ss, line);
		matched = callchain && match_event(line->buf, line->len, &p, &ev, &evlen);
	}
	if (matched) {
		if (!st->event_filter) {
			st->event_filter = xstrndup(ev, evlen);
		} else if (strlen(st->event_filter) != evlen ||
			   memcmp(st->event_filter, ev, evlen)) {
			return;
		}
		if (p)
			period = p;
	} else if (!callchain) {
		/* no stack lines: fold the sample as comm;leaf with its period */
		period = ss->period ? ss->period : 1;
	}
	if (st->flags & (OUT_STACKS_PID | OUT_STACKS_TID)) {
		/* the collapser's --pid/--tid: comm-PID[/TID], blanks as '_' */
		strbuf_reset(&st->tmp);
		if (!fast && callchain && !out_fold_pname(&st->tmp, line->buf))
			return;
		if (fast || !callchain) {
			strbuf_reset(&st->tmp);
			for (const char *c = ss->comm ? ss->comm : ""; *c; c++)
				strbuf_addch(&st->tmp, *c == ' ' ? '_' : *c);
		}
		strbuf_addf(&st->tmp, "-%d", ss->pid);
		if (st->flags & OUT_STACKS_TID)
			strbuf_addf(&st->tmp, "/%d", ss->tid);
		node = out_fold_child(st->fold, OUT_FOLD_ROOT,
				      out_fold_intern(st->fold, st->tmp.buf, st->tmp.len));
	} else if (fast && st->last_comm &&
		   !strcmp(ss->comm, out_fold_name(st->fold,
						   st->fold->nodes[st->last_comm_node].name))) {
		/*
		 * the name is looked up each time: interning more names
		 * moves the fold's strings
		 */
		/* the comm buffer of a thread may be rewritten: compare the text */
		node = st->last_comm_node;
	} else {
		strbuf_reset(&st->tmp);
		if (fast) {
			strbuf_addstr(&st->tmp, ss->comm);
		} else if (!callchain) {
			/* not the collapser's case: the comm itself */
			for (const char *c = ss->comm ? ss->comm : ""; *c; c++)
				strbuf_addch(&st->tmp, *c == ' ' ? '_' : *c);
		} else if (!out_fold_pname(&st->tmp, line->buf)) {
			return;
		}
		node = out_fold_child(st->fold, OUT_FOLD_ROOT,
				      out_fold_intern(st->fold, st->tmp.buf, st->tmp.len));
		st->last_comm = fast;
		st->last_comm_node = node;
	}
	java = !strncmp(out_fold_name(st->fold, st->fold->nodes[node].name), "java", 4);
	for (unsigned int i = ss->nr_frames; i-- > 0; ) {
		const struct session_frame *fr = &ss->frames[i];
		struct name_ent *e;

		if (!callchain && i > 0)
			continue;
		e = name_lookup(st, fr, java);
		if (e->nr == 1 && e->memo_child && e->memo_parent == node) {
			node = e->memo_child;
			continue;
		}
		if (e->odd) {
			uint32_t first, nr;

			/* offset-dependent: not cached */
			frame_names(st, fr, java, &first, &nr);
			for (uint32_t k = 0; k < nr; k++)
				node = out_fold_child(st->fold, node, st->names_ids[first + k]);
			st->names_ids_nr = first;
			continue;
		}
		if (e->nr == 1) {
			e->memo_parent = node;
			node = out_fold_child(st->fold, node, st->names_ids[e->first]);
			e->memo_child = node;
			continue;
		}
		for (uint32_t k = 0; k < e->nr; k++)
			node = out_fold_child(st->fold, node, st->names_ids[e->first + k]);
	}
	out_fold_count(st->fold, node, period);
	st->nr_samples++;
}

/* ---- pprof ---- */

static uint32_t add_map(struct out_stacks *st, const struct session_frame *fr)
{
	for (size_t i = 0; i < st->nr_maps; i++)
		if (st->maps[i].dso == fr->dso) {
			if (fr->ip < st->maps[i].lo)
				st->maps[i].lo = fr->ip;
			if (fr->ip + 1 > st->maps[i].hi)
				st->maps[i].hi = fr->ip + 1;
			return (uint32_t)i;
		}
	ALLOC_GROW(st->maps, st->nr_maps + 1, st->alloc_maps);
	st->maps[st->nr_maps].dso = fr->dso;
	st->maps[st->nr_maps].name = fr->kernel ? fr->dso_name :
				     (fr->dso_path ? fr->dso_path : fr->dso_name);
	st->maps[st->nr_maps].lo = fr->ip;
	st->maps[st->nr_maps].hi = fr->ip + 1;
	return (uint32_t)st->nr_maps++;
}

/* the source file and line of frame @f ("file.c:12"), when known */
static void src_line(struct out_stacks *st, const struct session_frame *f,
		     size_t idx)
{
	struct strbuf *t = &st->tmp;
	char *colon, *end;
	unsigned long line;

	if (!f->dso || !f->sym_name)
		return;
	strbuf_reset(t);
	if (session_srcline(st->s, f, t) < 0)
		return;
	colon = strrchr(t->buf, ':');
	if (!colon || colon == t->buf)
		return;
	line = strtoul(colon + 1, &end, 10);
	if (*end || !line || line > UINT32_MAX)
		return;
	st->fn_lines[idx] = (uint32_t)line;
	st->fn_files[idx] = (uint32_t)st->src_files.len + 1;
	strbuf_add(&st->src_files, t->buf, (size_t)(colon - t->buf));
	strbuf_addch(&st->src_files, '\0');
}

/* the location of frames[*i...] (inline frames first), advancing *i */
static uint32_t add_loc(struct out_stacks *st, const struct session_sample *ss,
			unsigned int *i)
{
	unsigned int start = *i, end = start;
	const struct session_frame *fr;
	uint64_t h;
	size_t mask = st->loc_size - 1, k;
	struct loc *l;

	while (end + 1 < ss->nr_frames && ss->frames[end].inlined)
		end++;
	*i = end + 1;
	fr = &ss->frames[end];
	h = mix(fr->ip * 0x9e3779b97f4a7c15ull + (uint64_t)(uintptr_t)fr->dso);
	k = h & mask;
	while (st->loc_hash[k].used) {
		if (st->loc_hash[k].ip == fr->ip && st->loc_hash[k].dso == fr->dso)
			return st->loc_hash[k].idx;
		k = (k + 1) & mask;
	}
	ALLOC_GROW(st->locs, st->nr_locs + 1, st->alloc_locs);
	l = &st->locs[st->nr_locs];
	memset(l, 0, sizeof(*l));
	l->dso = fr->dso;
	l->kernel = fr->kernel;
	l->ip = fr->ip;
	l->first_fn = (uint32_t)st->nr_fn;
	for (unsigned int j = start; j <= end; j++) {
		const struct session_frame *f = &ss->frames[j];

		size_t old = st->alloc_fn;

		ALLOC_GROW(st->fn_names, st->nr_fn + 1, st->alloc_fn);
		if (st->alloc_fn != old) {
			st->fn_lines = xrealloc(st->fn_lines, st->alloc_fn * sizeof(*st->fn_lines));
			st->fn_files = xrealloc(st->fn_files, st->alloc_fn * sizeof(*st->fn_files));
		}
		st->fn_lines[st->nr_fn] = 0;
		st->fn_files[st->nr_fn] = 0;
		src_line(st, f, st->nr_fn);
		st->fn_names[st->nr_fn++] = f->sym_name;	/* NULL: unknown */
		l->nr_fn++;
	}
	if (fr->dso) {
		uint32_t m = add_map(st, fr);	/* may move st->maps */

		l->dso_name = st->maps[m].name;
	}
	st->loc_hash[k].used = 1;
	st->loc_hash[k].ip = fr->ip;
	st->loc_hash[k].dso = fr->dso;
	st->loc_hash[k].idx = (uint32_t)st->nr_locs;
	if (++st->loc_nr * 2 > st->loc_size) {
		size_t size = st->loc_size * 2;
		struct loc_ent *n = xcalloc(size, sizeof(*n));

		for (size_t m = 0; m < st->loc_size; m++) {
			size_t j;

			if (!st->loc_hash[m].used)
				continue;
			j = mix(st->loc_hash[m].ip * 0x9e3779b97f4a7c15ull +
				(uint64_t)(uintptr_t)st->loc_hash[m].dso) & (size - 1);
			while (n[j].used)
				j = (j + 1) & (size - 1);
			n[j] = st->loc_hash[m];
		}
		free(st->loc_hash);
		st->loc_hash = n;
		st->loc_size = size;
	}
	return (uint32_t)st->nr_locs++;
}

static uint32_t comm_index(struct out_stacks *st, const char *comm)
{
	if (!comm)
		comm = "";
	for (size_t i = st->nr_comms; i-- > 0; )
		if (!strcmp(st->comms[i], comm))
			return (uint32_t)i;
	ALLOC_GROW(st->comms, st->nr_comms + 1, st->alloc_comms);
	st->comms[st->nr_comms] = comm;	/* session comms live as long as it */
	return (uint32_t)st->nr_comms++;
}

static void pprof_sample(struct out_stacks *st, const struct session_sample *ss)
{
	unsigned int i = 0;
	uint32_t n = 0, comm;
	uint64_t h;
	size_t mask, k;
	struct psample *ps;
	int ev = ss->attr_idx;

	if (ev < 0 || (size_t)ev >= st->nr_events)
		return;
	while (i < ss->nr_frames) {
		ALLOC_GROW(st->stack, n + 1, st->stack_alloc);
		st->stack[n++] = add_loc(st, ss, &i);
	}
	comm = comm_index(st, ss->comm);
	h = mix(comm + 1);
	for (uint32_t j = 0; j < n; j++)
		h = mix(h ^ (st->stack[j] + 0x9e3779b97f4a7c15ull));
	mask = st->samples_size - 1;
	k = h & mask;
	while (st->samples[k].used) {
		ps = &st->samples[k];
		if (ps->hash == h && ps->nr == n && ps->comm == comm &&
		    !memcmp(ps->locs, st->stack, n * sizeof(*st->stack)))
			goto found;
		k = (k + 1) & mask;
	}
	ps = &st->samples[k];
	ps->used = 1;
	ps->hash = h;
	ps->nr = n;
	ps->comm = comm;
	ps->locs = xmalloc((n ? n : 1) * sizeof(*ps->locs));
	memcpy(ps->locs, st->stack, n * sizeof(*ps->locs));
	ps->values = xcalloc(1 + st->nr_events, sizeof(*ps->values));
	if (++st->samples_nr * 2 > st->samples_size) {
		size_t size = st->samples_size * 2;
		struct psample *nt = xcalloc(size, sizeof(*nt)), *moved = NULL;

		for (size_t m = 0; m < st->samples_size; m++) {
			size_t j;

			if (!st->samples[m].used)
				continue;
			j = st->samples[m].hash & (size - 1);
			while (nt[j].used)
				j = (j + 1) & (size - 1);
			nt[j] = st->samples[m];
			if (&st->samples[m] == ps)
				moved = &nt[j];
		}
		free(st->samples);
		st->samples = nt;
		st->samples_size = size;
		ps = moved;
	}
found:
	ps->values[0]++;
	ps->values[1 + ev] += ss->period;
	if (ss->time != (uint64_t)-1) {
		if (ss->time < st->first_time)
			st->first_time = ss->time;
		if (ss->time > st->last_time)
			st->last_time = ss->time;
	}
}

void out_stacks_add(struct out_stacks *st, const struct session_sample *ss)
{
	if (st->flags & OUT_STACKS_FOLD)
		fold_sample(st, ss);
	if (st->flags & OUT_STACKS_PPROF)
		pprof_sample(st, ss);
}

static int fn_cmp(const void *a, const void *b, void *arg)
{
	const char *const *names = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uintptr_t px = (uintptr_t)names[x], py = (uintptr_t)names[y];

	if (px != py)
		return px < py ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * One source file per function: the file of its first location that has
 * one (a line inlined from a header would otherwise make a second one).
 */
static uint32_t *function_files(const struct out_stacks *st)
{
	uint32_t *idx = xmalloc((st->nr_fn + 1) * sizeof(*idx));
	uint32_t *file = xcalloc(st->nr_fn + 1, sizeof(*file));

	for (uint32_t i = 0; i < st->nr_fn; i++)
		idx[i] = i;
	qsort_r(idx, st->nr_fn, sizeof(*idx), fn_cmp, (void *)st->fn_names);
	for (size_t a = 0, b; a < st->nr_fn; a = b) {
		uint32_t f = 0;

		for (b = a; b < st->nr_fn && st->fn_names[idx[b]] == st->fn_names[idx[a]]; b++)
			if (!f)
				f = st->fn_files[idx[b]];
		for (size_t k = a; k < b; k++)
			file[idx[k]] = st->fn_names[idx[k]] ? f : st->fn_files[idx[k]];
	}
	free(idx);
	return file;
}

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

int out_stacks_write_pprof(const struct out_stacks *st, FILE *fp)
{
	struct pdata *pd = session_pdata(st->s);
	struct out_pprof *p = out_pprof_new();
	uint64_t *map_ids = xcalloc(st->nr_maps + 1, sizeof(*map_ids));
	uint64_t *loc_ids = xcalloc(st->nr_locs + 1, sizeof(*loc_ids));
	uint64_t *stack = NULL;
	size_t stack_alloc = 0;
	int64_t *values = xcalloc(1 + st->nr_events, sizeof(*values));
	struct out_pprof_line *lines = NULL;
	size_t lines_alloc = 0;
	uint32_t *fn_file = function_files(st);
	bool *shown = xcalloc(st->nr_events + 1, sizeof(*shown));
	size_t nv = 1;
	int ret;

	/* one value per event that has samples (a dummy event has none) */
	for (size_t k = 0; k < st->samples_size; k++)
		for (size_t e = 0; st->samples[k].used && e < st->nr_events; e++)
			if (st->samples[k].values[1 + e])
				shown[e] = true;
	out_pprof_sample_type(p, "samples", "count");
	for (size_t e = 0; e < st->nr_events; e++) {
		const struct perf_event_attr *a = &pdata_attr(pd, e)->attr;

		if (!shown[e])
			continue;
		if (is_time_event(a))
			out_pprof_sample_type(p, "cpu", "nanoseconds");
		else
			out_pprof_sample_type(p, session_event_name(st->s, e), "count");
	}
	if (st->nr_events) {
		const struct perf_event_attr *a = &pdata_attr(pd, 0)->attr;

		if (is_time_event(a))
			out_pprof_period(p, "cpu", "nanoseconds",
					 a->freq ? (a->sample_freq ? 1000000000 / (int64_t)a->sample_freq : 0)
						 : (int64_t)a->sample_period);
		else
			out_pprof_period(p, session_event_name(st->s, 0), "count",
					 a->freq ? 0 : (int64_t)a->sample_period);
	}
	if (st->first_time != UINT64_MAX)
		out_pprof_times(p, 0, (int64_t)(st->last_time - st->first_time));
	out_pprof_comment(p, "ptool " PTOOL_VERSION);
	for (size_t i = 0; i < st->nr_maps; i++) {
		char bid[64];

		hex_build_id(st->maps[i].dso, bid, sizeof(bid));
		map_ids[i] = out_pprof_mapping(p, st->maps[i].lo, st->maps[i].hi, 0,
					       st->maps[i].name, bid[0] ? bid : NULL);
	}
	for (size_t i = 0; i < st->nr_locs; i++) {
		const struct loc *l = &st->locs[i];
		uint64_t mid = 0;

		for (size_t m = 0; m < st->nr_maps; m++)
			if (st->maps[m].dso == l->dso && l->dso) {
				mid = map_ids[m];
				break;
			}
		ALLOC_GROW(lines, l->nr_fn, lines_alloc);
		for (uint32_t k = 0; k < l->nr_fn; k++) {
			const char *name = st->fn_names[l->first_fn + k];
			char unk[64];

			if (!name) {
				/* perf's "[unknown]", with the address to tell them apart */
				snprintf(unk, sizeof(unk), "[unknown] %#llx",
					 (unsigned long long)l->ip);
				name = unk;
			}
			{
				uint32_t fi = fn_file[l->first_fn + k];

				lines[k].function_id = out_pprof_function(p, name,
					fi ? st->src_files.buf + fi - 1 :
					(l->dso_name ? l->dso_name : ""), 0);
			}
			lines[k].line = st->fn_lines[l->first_fn + k];
		}
		loc_ids[i] = out_pprof_location(p, mid, l->ip, lines, l->nr_fn);
	}
	for (size_t k = 0; k < st->samples_size; k++) {
		const struct psample *ps = &st->samples[k];
		struct out_pprof_label lab = { .key = "comm" };

		if (!ps->used)
			continue;
		ALLOC_GROW(stack, ps->nr + 1, stack_alloc);
		for (uint32_t j = 0; j < ps->nr; j++)
			stack[j] = loc_ids[ps->locs[j]];
		values[0] = (int64_t)ps->values[0];
		nv = 1;
		for (size_t e = 0; e < st->nr_events; e++)
			if (shown[e])
				values[nv++] = (int64_t)ps->values[1 + e];
		lab.str = st->comms[ps->comm];
		out_pprof_sample(p, stack, ps->nr, values, &lab, 1);
	}
	ret = out_pprof_write(p, fp);
	out_pprof_free(p);
	free(map_ids);
	free(loc_ids);
	free(stack);
	free(values);
	free(lines);
	free(shown);
	free(fn_file);
	return ret;
}
