// SPDX-License-Identifier: GPL-2.0
/*
 * Annotation: samples folded per symbol and instruction, printed in perf
 * annotate --stdio's layout with the disassembly of disasm.c and the
 * source lines objdump -S would show.
 */
#include "ptool/annotate.h"
#include "annotate-priv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>
#include <dwarf.h>
#include <elfutils/libdw.h>

#include "ptool/buildid.h"
#include "ptool/disasm.h"
#include "ptool/hash.h"
#include "ptool/hmap.h"
#include "ptool/readall.h"
#include "ptool/session.h"
#include "ptool/sym.h"

/* objdump -S shows this many lines before the first line of a file */
#define SRC_CONTEXT	5
/* a function larger than this is refused rather than read whole */
#define MAX_SYM_BYTES	(64u << 20)
/* perf marks lines and instructions above this share with their source */
#define LINE_MIN_PCT	0.5

struct hit {
	uint64_t addr;
	uint64_t period;
	uint64_t nr;
};

struct entry {
	int event;
	struct sym_dso *dso;
	const struct sym *sym;
	uint64_t period, nr;
	struct hit *hits;
	size_t nr_hits, alloc_hits;
	struct hmap hit_idx;	/* hash_u64(addr) -> index into hits */
};

struct srcfile {
	char *path;
	char *buf;		/* the file, NULL when it cannot be read */
	char **lines;
	int nr_lines;
	int max_printed;
	int last_line;		/* objdump -S prints a file's line once in a row */
	struct srcfile *next;
};

/* the objdump names of one object */
struct names_cache {
	struct sym_dso *dso;
	struct annotate_names *names;
	struct names_cache *next;
};

struct annotate {
	struct annotate_opts o;
	struct entry **entries;
	size_t nr, alloc;
	struct hmap idx;	/* entry_hash() -> index into entries */
	uint64_t *ev_period, *ev_nr;
	int nr_ev;
	struct srcfile *files;
	struct names_cache *names;
	size_t nr_no_image;	/* kernel and JIT symbols left out */
	uint64_t nr_kernel;	/* kernel samples without a symbol */
	struct sym_dso **nosym;	/* objects of samples without a symbol */
	size_t nr_nosym;
};

struct annotate *annotate_new(const struct annotate_opts *o)
{
	struct annotate *a = xcalloc(1, sizeof(*a));

	a->o = *o;
	return a;
}

void annotate_free(struct annotate *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nr; i++) {
		free(a->entries[i]->hits);
		hmap_release(&a->entries[i]->hit_idx);
		free(a->entries[i]);
	}
	free(a->entries);
	hmap_release(&a->idx);
	free(a->ev_period);
	free(a->ev_nr);
	free(a->nosym);
	while (a->files) {
		struct srcfile *f = a->files;

		a->files = f->next;
		free(f->path);
		free(f->buf);
		free(f->lines);
		free(f);
	}
	while (a->names) {
		struct names_cache *c = a->names;

		a->names = c->next;
		annotate_names_free(c->names);
		free(c);
	}
	free(a);
}

static uint64_t entry_hash(int event, const void *dso, const void *sym)
{
	return hash_combine(hash_combine(hash_ptr(sym), (uintptr_t)dso),
			    (uint32_t)event);
}

static struct entry *find_entry(struct annotate *a, int event,
				struct sym_dso *dso, const struct sym *sym)
{
	uint64_t h = entry_hash(event, dso, sym);
	struct entry *e;
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&a->idx, h, pos, id) {
		e = a->entries[id];
		if (e->event == event && e->dso == dso && e->sym == sym)
			return e;
	}
	e = xcalloc(1, sizeof(*e));
	e->event = event;
	e->dso = dso;
	e->sym = sym;
	if (a->nr == a->alloc) {
		a->alloc = a->alloc ? 2 * a->alloc : 64;
		a->entries = xrealloc(a->entries, a->alloc * sizeof(*a->entries));
	}
	hmap_add(&a->idx, h, (uint32_t)a->nr);
	a->entries[a->nr++] = e;
	return e;
}

static void hit_add(struct entry *e, uint64_t addr, uint64_t period)
{
	uint64_t h = hash_u64(addr);
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&e->hit_idx, h, pos, id)
		if (e->hits[id].addr == addr)
			break;
	if (id == HMAP_NONE) {
		ALLOC_GROW(e->hits, e->nr_hits + 1, e->alloc_hits);
		e->hits[e->nr_hits] = (struct hit){ .addr = addr };
		id = (uint32_t)e->nr_hits++;
		hmap_add(&e->hit_idx, h, id);
	}
	e->hits[id].period += period;
	e->hits[id].nr++;
}

void annotate_note(struct annotate *a, const struct session_frame *f)
{
	size_t i;

	if (!f || !f->dso || f->sym || sym_dso_kind(f->dso) != SYM_DSO_ELF)
		return;
	for (i = 0; i < a->nr_nosym && a->nosym[i] != f->dso; i++)
		;
	if (i == a->nr_nosym && a->nr_nosym < 64) {
		a->nosym = xrealloc(a->nosym, (a->nr_nosym + 1) * sizeof(*a->nosym));
		a->nosym[a->nr_nosym++] = f->dso;
	}
}

void annotate_add(struct annotate *a, int event, const struct session_frame *f,
		  uint64_t period)
{
	struct entry *e;

	if (event < 0)
		event = 0;
	if (event >= a->nr_ev) {
		int n = event + 1;

		a->ev_period = xrealloc(a->ev_period, (size_t)n * sizeof(*a->ev_period));
		a->ev_nr = xrealloc(a->ev_nr, (size_t)n * sizeof(*a->ev_nr));
		for (int i = a->nr_ev; i < n; i++)
			a->ev_period[i] = a->ev_nr[i] = 0;
		a->nr_ev = n;
	}
	a->ev_period[event] += period;
	a->ev_nr[event]++;
	if (f && f->dso && !f->sym && sym_dso_is_kernel(f->dso))
		a->nr_kernel++;
	if (!f || !f->sym || !f->dso)
		return;
	e = find_entry(a, event, f->dso, f->sym);
	e->period += period;
	e->nr++;
	hit_add(e, f->addr, period);
}

size_t annotate_nr_syms(const struct annotate *a)
{
	return a->nr;
}

int annotate_check_objects(struct annotate *a, struct strbuf *err)
{
	int n = 0;

	for (size_t i = 0; i < a->nr_nosym; i++) {
		size_t len;
		const uint8_t *bid = sym_dso_build_id(a->nosym[i], &len);

		n += annotate_dso_mismatch(sym_dso_path(a->nosym[i]), bid, len, err);
	}
	return n;
}

bool annotate_dso_mismatch(const char *path, const uint8_t *recorded,
			   size_t len, struct strbuf *err)
{
	struct buildid bid;
	char have[2 * sizeof(bid.data) + 1], want[2 * sizeof(bid.data) + 1];

	if (!recorded || !len || buildid_read(path, &bid))
		return false;
	if (bid.size == len && !memcmp(bid.data, recorded, len))
		return false;
	buildid_hex(&bid, have, sizeof(have));
	for (size_t i = 0; i < len && 2 * i + 2 < sizeof(want); i++)
		snprintf(want + 2 * i, 3, "%02x", recorded[i]);
	strbuf_addf(err, "cannot annotate '%s': it changed since the recording (build-id %s, recorded %s)\n",
		    path, have, want);
	return true;
}

struct namer {
	struct annotate *a;
	struct sym_dso *dso;
};

/* objdump's names, one table per object, made on first use */
static struct annotate_names *names_of(struct namer *n)
{
	struct names_cache *c;

	for (c = n->a->names; c; c = c->next)
		if (c->dso == n->dso)
			return c->names;
	c = xcalloc(1, sizeof(*c));
	c->dso = n->dso;
	c->names = annotate_names_new(n->dso);
	c->next = n->a->names;
	n->a->names = c;
	return c->names;
}

static int name_addr(void *arg, uint64_t addr, struct strbuf *out)
{
	return annotate_names_lookup(names_of(arg), addr, out);
}

/* ---- source files ---- */

static struct srcfile *srcfile_get(struct annotate *a, const char *path)
{
	struct srcfile *f;
	struct strbuf sb = STRBUF_INIT;
	int alloc = 0;
	char *p;

	for (f = a->files; f; f = f->next)
		if (!strcmp(f->path, path))
			return f;
	f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->next = a->files;
	a->files = f;
	if (strbuf_read_regular(&sb, path, 0) < 0) {
		strbuf_release(&sb);
		return f;
	}
	f->buf = strbuf_detach(&sb, NULL);
	for (p = f->buf; *p; ) {
		char *nl = strchr(p, '\n');

		if (f->nr_lines == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			f->lines = xrealloc(f->lines, (size_t)alloc * sizeof(*f->lines));
		}
		f->lines[f->nr_lines++] = p;
		if (!nl)
			break;
		*nl = 0;
		p = nl + 1;
	}
	return f;
}

struct printer {
	FILE *out;
	int addr_width;		/* hex digits of the symbol's addresses */
	int row;		/* perf's number of the next row, see span_header() */
};

/* a row without instruction: " %8s: NR   text", perf's source row */
static void src_row(struct printer *pr, int nr, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *t;

	/* perf strips the indentation, then expands tabs from there */
	while (*text == ' ' || *text == '\t')
		text++;
	for (const char *c = text; *c; c++) {
		if (*c == '\t') {
			do
				strbuf_addch(&sb, ' ');
			while (sb.len % 8);
		} else if (*c != '\r' || c[1]) {
			strbuf_addch(&sb, *c);
		}
	}
	t = sb.buf ? sb.buf : "";
	while (*t == ' ')
		t++;
	pr->row++;
	if (!*t)
		fprintf(pr->out, " %8s:\n", "");
	else if (nr > 0)
		fprintf(pr->out, " %8s: %-*d %s\n", "", pr->addr_width, nr, t);
	else
		fprintf(pr->out, " %8s: %-*s %s\n", "", pr->addr_width, "", t);
	strbuf_release(&sb);
}

/* a relative file name of the line table is relative to its CU's comp_dir */
static struct srcfile *srcfile_at(struct annotate *a, struct sym_dso *d,
				  uint64_t addr, const char *path)
{
	Dwarf *dbg = path[0] == '/' ? NULL : sym_dso_dwarf(d);
	Dwarf_Die cu;
	Dwarf_Attribute at;
	const char *dir;
	struct strbuf sb = STRBUF_INIT;
	struct srcfile *f;

	if (!dbg || !dwarf_addrdie(dbg, addr, &cu) ||
	    !(dir = dwarf_formstring(dwarf_attr(&cu, DW_AT_comp_dir, &at))))
		return srcfile_get(a, path);
	strbuf_addf(&sb, "%s/%s", dir, path);
	f = srcfile_get(a, sb.buf);
	strbuf_release(&sb);
	return f;
}

/* what objdump -S prints when the line changes to @line of @path */
static void show_source(struct annotate *a, struct printer *pr,
			struct sym_dso *d, uint64_t addr, const char *path, int line)
{
	struct srcfile *f = srcfile_at(a, d, addr, path);
	int from;

	if (line == f->last_line)
		return;
	f->last_line = line;

	if (!f->buf || line < 1 || line > f->nr_lines) {
		char loc[4096];

		snprintf(loc, sizeof(loc), "%s:%d", path, line);
		src_row(pr, line, loc);
		return;
	}
	from = line - SRC_CONTEXT;
	if (f->max_printed >= from - 1)
		from = f->max_printed < line ? f->max_printed + 1 : line;
	if (from < 1)
		from = 1;
	for (int l = from; l <= line; l++)
		src_row(pr, l, f->lines[l - 1]);
	if (f->max_printed < line)
		f->max_printed = line;
}

/* ---- printing one symbol ---- */

static double share(const struct annotate *a, const struct entry *e,
		    uint64_t period, uint64_t nr)
{
	double num, den;

	switch (a->o.percent) {
	case ANNOTATE_GLOBAL_PERIOD:
		num = (double)period;
		den = (double)a->ev_period[e->event];
		break;
	case ANNOTATE_LOCAL_HITS:
		num = (double)nr;
		den = (double)e->nr;
		break;
	case ANNOTATE_GLOBAL_HITS:
		num = (double)nr;
		den = (double)a->ev_nr[e->event];
		break;
	default:
		num = (double)period;
		den = (double)e->period;
		break;
	}
	return den > 0 ? 100.0 * num / den : 0.0;
}

static const char *percent_name(enum annotate_percent p)
{
	switch (p) {
	case ANNOTATE_GLOBAL_PERIOD:
		return "global period";
	case ANNOTATE_LOCAL_HITS:
		return "local hits";
	case ANNOTATE_GLOBAL_HITS:
		return "global hits";
	default:
		return "local period";
	}
}

static int hit_cmp(const void *x, const void *y)
{
	const struct hit *a = x, *b = y;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/*
 * the share of each instruction: the samples inside [addr, addr + len),
 * as perf adds up a whole instruction's; one pass over the sorted hits
 */
static void insn_shares(struct annotate *a, const struct entry *e,
			const struct disasm_insn *v, size_t n, double *pct)
{
	struct hit *h = xcalloc(e->nr_hits + 1, sizeof(*h));
	size_t nh = 0, k = 0;

	if (e->nr_hits)
		memcpy(h, e->hits, e->nr_hits * sizeof(*h));
	nh = e->nr_hits;
	qsort(h, nh, sizeof(*h), hit_cmp);
	for (size_t i = 0; i < n; i++) {
		uint64_t p = 0, c = 0;

		while (k < nh && h[k].addr < v[i].addr)
			k++;
		for (; k < nh && h[k].addr < v[i].addr + v[i].len; k++) {
			p += h[k].period;
			c += h[k].nr;
		}
		pct[i] = share(a, e, p, c);
	}
	free(h);
}

/* the part of a symbol in one executable section, as objdump shows it */
struct code_span {
	uint64_t lo, hi;
	uint64_t sec_lo, sec_hi;	/* the whole section */
	const char *section;
	size_t first;		/* its first instruction */
};

/*
 * The executable sections [@lo, @hi) lies in: a symbol of unknown size ends
 * at the next symbol, maybe in a later section, and objdump disassembles
 * each section on its own, skipping the padding between them.
 */
static size_t code_spans(Elf *e, uint64_t lo, uint64_t hi, struct code_span **out)
{
	struct code_span *v = NULL;
	Elf_Scn *scn = NULL;
	size_t n = 0, shstr;

	if (e && !elf_getshdrstrndx(e, &shstr)) {
		while ((scn = elf_nextscn(e, scn))) {
			GElf_Shdr sh;
			uint64_t a, b;

			if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_EXECINSTR) ||
			    sh.sh_type == SHT_NOBITS || !(sh.sh_flags & SHF_ALLOC))
				continue;
			a = sh.sh_addr > lo ? sh.sh_addr : lo;
			b = sh.sh_addr + sh.sh_size < hi ? sh.sh_addr + sh.sh_size : hi;
			if (a >= b)
				continue;
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n].lo = a;
			v[n].hi = b;
			v[n].sec_lo = sh.sh_addr;
			v[n].sec_hi = sh.sh_addr + sh.sh_size;
			v[n].section = elf_strptr(e, shstr, sh.sh_name);
			if (!v[n].section)
				v[n].section = ".text";
			n++;
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && v[j].lo < v[j - 1].lo; j--) {
			struct code_span t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	if (!n || v[0].lo != lo) {
		/* no section holds the start: the whole range, as one */
		free(v);
		v = xmalloc(sizeof(*v));
		v[0].lo = lo;
		v[0].hi = hi;
		v[0].sec_lo = lo;
		v[0].sec_hi = hi;
		v[0].section = ".text";
		n = 1;
	}
	*out = v;
	return n;
}

struct srcsum {
	char *loc;
	double pct;
};

static int srcsum_cmp(const void *x, const void *y)
{
	const struct srcsum *a = x, *b = y;

	return a->pct < b->pct ? 1 : a->pct > b->pct ? -1 : strcmp(a->loc, b->loc);
}

/* -l: "file.c:17" of each instruction, and the summary perf prints first */
static char **insn_locs(struct annotate *a, struct entry *e,
			const struct disasm_insn *v, size_t n, const double *pct,
			FILE *out)
{
	char **locs = xcalloc(n ? n : 1, sizeof(*locs));
	struct srcsum *sum = xcalloc(n ? n : 1, sizeof(*sum));
	size_t nr_sum = 0;

	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		size_t k;

		/* perf looks up the lines of hot instructions only */
		if (pct[i] <= LINE_MIN_PCT || sym_dso_srcline(e->dso, v[i].addr, &sb)) {
			strbuf_release(&sb);
			continue;
		}
		locs[i] = strbuf_detach(&sb, NULL);
		for (k = 0; k < nr_sum; k++)
			if (!strcmp(sum[k].loc, locs[i]))
				break;
		if (k == nr_sum)
			sum[nr_sum++].loc = locs[i];
		sum[k].pct += pct[i];
	}
	qsort(sum, nr_sum, sizeof(*sum), srcsum_cmp);
	fprintf(out, "\nSorted summary for file %s\n", sym_dso_path(e->dso));
	fputs("----------------------------------------------\n\n", out);
	for (size_t k = 0; k < nr_sum; k++)
		fprintf(out, " %7.2f %s\n", sum[k].pct, sum[k].loc);
	free(sum);
	(void)a;
	return locs;
}

static void print_raw(FILE *out, const uint8_t *bytes, unsigned int len)
{
	int col = 0;

	for (unsigned int i = 0; i < len && i < 7; i++)
		col += fprintf(out, "%02x ", bytes[i]);
	fprintf(out, "%*s", 24 - col, "");
}

/*
 * objdump's rows where a symbol runs on into the next section. perf numbers
 * them by their place in objdump's output, counted from the last
 * "path:line" row of objdump -l.
 */
static void span_header(struct printer *pr, struct annotate_names *names,
			const struct code_span *sp)
{
	struct strbuf sb = STRBUF_INIT;

	src_row(pr, 0, "");
	strbuf_addf(&sb, "Disassembly of section %s:", sp->section);
	src_row(pr, pr->row, sb.buf);
	src_row(pr, 0, "");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%016" PRIx64 " <", sp->lo);
	annotate_names_label(names, sp->lo, sp->sec_lo, sp->sec_hi, sp->section, &sb);
	strbuf_addstr(&sb, ">:");
	src_row(pr, pr->row, sb.buf);
	strbuf_release(&sb);
}

static int print_entry(struct annotate *a, struct entry *e, FILE *out,
		       const char *event_name, struct strbuf *err)
{
	const struct sym *s = e->sym;
	uint64_t len = s->end > s->start ? s->end - s->start : 0;
	struct disasm_opts dopts = { .intel = a->o.intel, .objdump = a->o.objdump };
	struct namer nm = { .a = a, .dso = e->dso };
	struct printer pr = { .out = out };
	struct disasm_insn *v = NULL;
	struct disasm *d = NULL;
	const char *last_path = NULL, *prev_file = NULL, *cur_fn = NULL;
	char **locs = NULL;
	double *pct = NULL;
	uint8_t *buf = NULL;
	struct code_span *sp = NULL;
	size_t n = 0, nsp = 0, done = 0, next_sp = 1;
	int prev_line = -1, hdr, ret = -ENOENT;
	GElf_Ehdr eh;
	Elf *elf;
	long r;

	if (sym_dso_kind(e->dso) != SYM_DSO_ELF && sym_dso_kind(e->dso) != SYM_DSO_VDSO) {
		a->nr_no_image++;
		return 0;
	}
	elf = sym_dso_elf(e->dso);
	if (!elf || !gelf_getehdr(elf, &eh)) {
		size_t bl;
		const uint8_t *bid = sym_dso_build_id(e->dso, &bl);

		if (!annotate_dso_mismatch(sym_dso_path(e->dso), bid, bl, err) &&
		    !a->o.skip_missing)
			strbuf_addf(err, "cannot annotate '%s': cannot read '%s'\n",
				    s->name, sym_dso_path(e->dso));
		return 0;
	}
	if (eh.e_machine != EM_X86_64 && eh.e_machine != EM_386) {
		strbuf_addf(err, "cannot annotate '%s': '%s' is not x86 code\n",
			    s->name, sym_dso_path(e->dso));
		return 0;
	}
	if (!len || len > MAX_SYM_BYTES) {
		strbuf_addf(err, "cannot annotate '%s': its size (%" PRIu64 " bytes) is %s\n",
			    s->name, len, len ? "over 64 MiB" : "unknown");
		return 0;
	}
	dopts.bits = eh.e_ident[EI_CLASS] == ELFCLASS32 ? 32 : 64;
	dopts.name = name_addr;
	dopts.arg = &nm;
	buf = xmalloc(len);
	r = sym_dso_read(e->dso, s->start, buf, len);
	if (r < (long)len) {
		strbuf_addf(err, "cannot annotate '%s': cannot read its %" PRIu64 " bytes from '%s'\n",
			    s->name, len, sym_dso_path(e->dso));
		ret = 0;
		goto out;
	}
	d = disasm_new(&dopts);
	nsp = code_spans(elf, s->start, s->end, &sp);
	for (size_t k = 0; d && k < nsp; k++) {
		struct disasm_insn *cv = NULL;
		size_t cn = 0;

		if (disasm_range(d, buf + (sp[k].lo - s->start), sp[k].hi - sp[k].lo, sp[k].lo,
				 sym_dso_kind(e->dso) == SYM_DSO_ELF ? sym_dso_path(e->dso) : NULL,
				 &cv, &cn))
			break;
		sp[k].first = n;
		v = xrealloc(v, (n + cn ? n + cn : 1) * sizeof(*v));
		memcpy(v + n, cv, cn * sizeof(*v));
		n += cn;
		free(cv);
		done++;
	}
	if (!d || done < nsp) {
		strbuf_addf(err, "cannot annotate '%s': cannot disassemble it%s\n", s->name,
			    strcmp(disasm_backend(), "objdump") ? "" : " (is objdump installed?)");
		ret = 0;
		goto out;
	}
	pr.addr_width = snprintf(NULL, 0, "%" PRIx64, s->end - 1);
	/* objdump -S runs once per symbol: what it printed before is forgotten */
	for (struct srcfile *f = a->files; f; f = f->next)
		f->max_printed = f->last_line = 0;
	pct = xcalloc(n ? n : 1, sizeof(*pct));
	insn_shares(a, e, v, n, pct);
	if (a->o.print_line)
		locs = insn_locs(a, e, v, n, pct, out);

	hdr = fprintf(out, " %-8.8s|\tSource code & Disassembly of %s for %s (%" PRIu64
		      " samples, percent: %s)\n", "Percent", sym_dso_name(e->dso),
		      event_name, e->nr, percent_name(a->o.percent));
	for (int i = 0; i < hdr + 4; i++)
		fputc('-', out);
	fputc('\n', out);
	for (int i = 0; i < 3; i++)
		src_row(&pr, 0, "");
	/* perf numbers these rows by their place in objdump's output */
	fprintf(out, " %8s: %-*d Disassembly of section %s:\n", "", pr.addr_width, 3,
		sp[0].section);
	src_row(&pr, 0, "");
	/* objdump's label of the function: its name as objdump -C shows it */
	{
		struct strbuf label = STRBUF_INIT;

		if (name_addr(&nm, s->start, &label) || strchr(label.buf, '+')) {
			strbuf_reset(&label);
			strbuf_addstr(&label, s->name);
		}
		fprintf(out, " %8s: %-*d %016" PRIx64 " <%s>:\n", "", pr.addr_width, 5,
			s->start, label.buf);
		strbuf_release(&label);
	}
	pr.row = 6;

	for (size_t i = 0; i < n; i++) {
		const struct disasm_insn *in = &v[i];
		char addr[32];
		int w;

		for (; next_sp < nsp && sp[next_sp].first == i; next_sp++)
			span_header(&pr, names_of(&nm), &sp[next_sp]);

		{
			const struct sym_inline *lv;
			const char *file;
			int line;
			int nl = sym_dso_inlines(e->dso, in->addr, &lv);

			/* objdump -l's rows, which perf shows with or without source */
			if (nl > 0 && lv[0].name && lv[0].name != cur_fn) {
				struct strbuf fn = STRBUF_INIT;

				/* objdump -l -C: the demangled linkage name, parameters too */
				annotate_demangle(&fn, lv[0].sys_name ? lv[0].sys_name : lv[0].name);
				/* a demangled name with its parameters gets no "()" */
				strbuf_addstr(&fn, strchr(fn.buf, '(') ? ":" : "():");
				src_row(&pr, pr.row, fn.buf);
				strbuf_release(&fn);
				cur_fn = lv[0].name;
			}
			if (!sym_dso_line(e->dso, in->addr, &file, &line) &&
			    (file != prev_file || line != prev_line)) {
				/* perf restarts its row count at objdump -l's "path:line" */
				pr.row = line;
				if (a->o.source)
					show_source(a, &pr, e->dso, in->addr, file, line);
				prev_file = file;
				prev_line = line;
			}
		}
		pr.row++;
		w = snprintf(addr, sizeof(addr), "%" PRIx64 ":", in->addr);
		/* perf right-aligns the address to the widest one of the symbol */
		fprintf(out, " %7.2f :   %*s%s%*s", pct[i], w <= pr.addr_width ? pr.addr_width + 1 - w : 0, "", addr,
			8 - w % 8, "");
		if (a->o.asm_raw)
			print_raw(out, buf + (in->addr - s->start), in->len);
		fputs(in->text, out);
		if (locs && locs[i] &&
		    (!last_path || strcmp(last_path, locs[i]))) {
			fprintf(out, " // %s", locs[i]);
			last_path = locs[i];
		}
		fputc('\n', out);
		/* objdump's continuation rows for bytes past the seventh */
		for (unsigned int k = 7; a->o.asm_raw && k < in->len; k += 7) {
			pr.row++;
			w = snprintf(addr, sizeof(addr), "%" PRIx64 ":", in->addr + k);
			fprintf(out, " %7.2f :   %*s%s%*s", 0.0, w <= pr.addr_width ? pr.addr_width + 1 - w : 0, "", addr,
				8 - w % 8, "");
			for (unsigned int j = k; j < in->len && j < k + 7; j++)
				fprintf(out, "%02x%s", buf[in->addr - s->start + j],
					j + 1 < in->len && j + 1 < k + 7 ? " " : "");
			fputc('\n', out);
		}
	}
	ret = ferror(out) ? -EIO : 1;
out:
	if (locs)
		for (size_t i = 0; i < n; i++)
			free(locs[i]);
	free(locs);
	free(pct);
	disasm_insns_free(v, n);
	disasm_free(d);
	free(sp);
	free(buf);
	return ret;
}

static int entry_cmp(const void *x, const void *y)
{
	const struct entry *a = *(const struct entry *const *)x;
	const struct entry *b = *(const struct entry *const *)y;

	if (a->period != b->period)
		return a->period < b->period ? 1 : -1;
	if (a->nr != b->nr)
		return a->nr < b->nr ? 1 : -1;
	if (a->dso != b->dso)
		return strcmp(sym_dso_name(a->dso), sym_dso_name(b->dso));
	return strcmp(a->sym->name, b->sym->name);
}

int annotate_print(struct annotate *a, FILE *out, int event,
		   const char *event_name, struct strbuf *err)
{
	struct entry **v = xcalloc(a->nr ? a->nr : 1, sizeof(*v));
	size_t nr = 0;
	int printed = 0;

	for (size_t i = 0; i < a->nr; i++)
		if (a->entries[i]->event == event)
			v[nr++] = a->entries[i];
	qsort(v, nr, sizeof(*v), entry_cmp);
	a->nr_no_image = 0;
	for (size_t i = 0; i < nr; i++) {
		int r;

		if (a->o.percent_limit > 0 && event < a->nr_ev && a->ev_period[event] &&
		    100.0 * (double)v[i]->period / (double)a->ev_period[event] < a->o.percent_limit)
			continue;
		r = print_entry(a, v[i], out, event_name, err);
		if (r < 0) {
			printed = r;
			break;
		}
		printed += r;
	}
	if (a->nr_no_image && !a->o.skip_missing)
		strbuf_addf(err, "%zu kernel or JIT symbol%s left out: ptool has no image of their code\n",
			    a->nr_no_image, a->nr_no_image == 1 ? "" : "s");
	else if (a->nr_kernel && !a->o.skip_missing && event == 0)
		strbuf_addf(err, "%" PRIu64 " kernel sample%s left out: ptool annotates user-space code\n",
			    a->nr_kernel, a->nr_kernel == 1 ? "" : "s");
	free(v);
	return printed;
}
