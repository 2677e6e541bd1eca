// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_stacks.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/hash.h"
#include "ptool/hmap.h"

#include "out_folded-priv.h"
#include "out_stacks-priv.h"
#include "ptool/out_script.h"
#include "ptool/pdata.h"
#include "ptool/sym.h"

/* cache of the folded names of a (symbol, dso) pair */
struct name_ent {
	const void *sym;	/* sym_name pointer, NULL when unresolved */
	const void *dso;	/* struct sym_dso *, NULL without a map */
	uint32_t kernel;
	uint32_t first, nr;	/* ids in names_ids[]; nr 0: frame skipped */
	bool odd;		/* a dso with " (" in its name: not cacheable */
	uint32_t memo_parent;	/* the last trie step made with a one-name entry: */
	uint32_t memo_child;	/* consecutive samples mostly repeat their stacks */
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
	size_t names_nr, names_alloc;
	struct hmap names_idx;	/* name_hash() -> index into names */
	uint32_t *names_ids;
	size_t names_ids_nr, names_ids_alloc;

	size_t nr_events;
	struct out_stacks_pprof *pp;	/* NULL without OUT_STACKS_PPROF */
	bool wall;		/* count by period (out_stacks_wall()) */
};

struct out_stacks *out_stacks_new(struct session *s, unsigned int flags,
				  struct out_script *sc)
{
	struct out_stacks *st = xcalloc(1, sizeof(*st));

	st->s = s;
	st->flags = flags;
	st->sc = sc;
	if (!sc) {
		struct out_script_opts o = { 0 };

		st->sc = out_script_new(s, &o, NULL, NULL);
		if (!st->sc) {
			free(st);
			errno = EINVAL;
			return NULL;
		}
		st->own_sc = true;
	}
	st->fold = out_fold_new();
	strbuf_init(&st->line, 256);
	strbuf_init(&st->tmp, 256);
	st->nr_events = pdata_nr_attrs(session_pdata(s));
	if (flags & OUT_STACKS_PPROF)
		st->pp = out_stacks_pprof_new(s, flags);
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
	hmap_release(&st->names_idx);
	free(st->names_ids);
	out_stacks_pprof_free(st->pp);
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
	hmap_reset(&st->names_idx);
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

/* per frame of every sample: one mix (@kernel < 8, @dso is aligned) */
static uint64_t name_hash(const void *sym, const void *dso, uint32_t kernel)
{
	return hash_pair((uintptr_t)sym, (uintptr_t)dso | kernel);
}

static struct name_ent *name_lookup(struct out_stacks *st,
				    const struct session_frame *fr, bool java)
{
	const void *sym = fr->sym_name, *dso = fr->dso;
	uint32_t kernel = fr->kernel | (fr->inlined << 1) | ((uint32_t)java << 2);
	uint64_t h = name_hash(sym, dso, kernel);
	struct name_ent *e;
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&st->names_idx, h, pos, id) {
		e = &st->names[id];
		if (e->sym == sym && e->dso == dso && e->kernel == kernel)
			return e;
	}
	ALLOC_GROW(st->names, st->names_nr + 1, st->names_alloc);
	e = &st->names[st->names_nr];
	memset(e, 0, sizeof(*e));
	e->sym = sym;
	e->dso = dso;
	e->kernel = kernel;
	{
		const char *d = frame_dso_text(fr);

		e->odd = d && strstr(d, " (") && !fr->inlined;
	}
	frame_names(st, fr, java, &e->first, &e->nr);
	hmap_add(&st->names_idx, h, (uint32_t)st->names_nr++);
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

static uint32_t fold_frames(struct out_stacks *st, const struct session_sample *ss,
			    uint32_t node, bool callchain);

static void fold_sample(struct out_stacks *st, const struct session_sample *ss)
{
	struct strbuf *line = &st->line;
	uint64_t period = 1, p = 0;
	const char *ev;
	size_t evlen;
	uint32_t node;
	bool matched, callchain = out_script_shows_callchain(st->sc, ss->attr_idx);
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
	if (st->wall)
		period = ss->period ? ss->period : 1;
	node = fold_frames(st, ss, node, callchain);
	out_fold_count(st->fold, node, period);
	st->nr_samples++;
}

/*
 * an off-CPU sample: comm (or comm-PID[/TID]) then its stack, counted
 * by the nanoseconds blocked, whatever the collapser would make of it
 */
static void fold_offcpu(struct out_stacks *st, const struct session_sample *ss)
{
	uint32_t node;

	strbuf_reset(&st->tmp);
	for (const char *c = ss->comm ? ss->comm : ""; *c; c++)
		strbuf_addch(&st->tmp, *c == ' ' ? '_' : *c);
	if (st->flags & (OUT_STACKS_PID | OUT_STACKS_TID))
		strbuf_addf(&st->tmp, "-%d", ss->pid);
	if (st->flags & OUT_STACKS_TID)
		strbuf_addf(&st->tmp, "/%d", ss->tid);
	node = out_fold_child(st->fold, OUT_FOLD_ROOT,
			      out_fold_intern(st->fold, st->tmp.buf, st->tmp.len));
	node = fold_frames(st, ss, node, true);
	out_fold_count_off(st->fold, node, ss->period);
	st->nr_samples++;
}

/* the frames of @ss, root first, below trie node @node: the leaf node */
static uint32_t fold_frames(struct out_stacks *st, const struct session_sample *ss,
			    uint32_t node, bool callchain)
{
	bool java;

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
	return node;
}

void out_stacks_wall(struct out_stacks *st, bool wall)
{
	st->wall = wall;
}

void out_stacks_add(struct out_stacks *st, const struct session_sample *ss)
{
	if ((st->flags & OUT_STACKS_FOLD) && ss->offcpu)
		fold_offcpu(st, ss);
	else if (st->flags & OUT_STACKS_FOLD)
		fold_sample(st, ss);
	if (st->pp)
		out_stacks_pprof_add(st->pp, ss);
}

int out_stacks_write_pprof(const struct out_stacks *st, FILE *fp)
{
	if (!st->pp)
		return -EINVAL;
	return out_stacks_pprof_write(st->pp, fp);
}

int out_stacks_parse_labels(const char *list, unsigned int *flags)
{
	static const struct {
		const char *name;
		unsigned int flag;
	} labels[] = {
		{ "comm", OUT_STACKS_LABEL_COMM }, { "pid", OUT_STACKS_LABEL_PID },
		{ "tid", OUT_STACKS_LABEL_TID }, { "cpu", OUT_STACKS_LABEL_CPU },
	};
	unsigned int f = 0;

	if (!*list)
		return -EINVAL;
	if (strcmp(list, "none")) {
		for (const char *p = list; *p; ) {
			size_t n = strcspn(p, ",");
			size_t i;

			for (i = 0; i < ARRAY_SIZE(labels); i++)
				if (strlen(labels[i].name) == n && !strncmp(p, labels[i].name, n))
					break;
			if (i == ARRAY_SIZE(labels) || !n)
				return -EINVAL;
			f |= labels[i].flag;
			p += n;
			if (*p)
				p++;
		}
	}
	*flags = (*flags & ~OUT_STACKS_LABELS) | f;
	return 0;
}
