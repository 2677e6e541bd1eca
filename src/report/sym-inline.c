// SPDX-License-Identifier: GPL-2.0
#include "sym-priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>

#include "ptool/obj.h"
#include "ptool/strbuf.h"
#include "ptool/strset.h"
#include "ptool/u64map.h"

/*
 * One node per function instance with code: an out-of-line function
 * (DW_TAG_subprogram, a root) or an inlined copy (DW_TAG_inlined_subroutine,
 * whose parent is the function it was inlined into). Names and call sites
 * are read from the DIE on first use only.
 */
struct node {
	Dwarf_Off off;		/* the DIE */
	int32_t parent;		/* enclosing node, -1 for a root */
	bool inlined;
	bool resolved;		/* name, call_file and call_line are set */
	bool linkage;		/* @name is a linkage name (or from C) */
	uint64_t first_lo;	/* its first range, as DWARF lists them */
	const char *name;	/* interned; NULL when DWARF names none */
	const char *sys_name;	/* interned, as DWARF spells it */
	const char *decl_file;	/* interned */
	int decl_line;
	const char *call_file;	/* interned; where an inlined copy is called */
	int call_line;
};

/* one address range of a node; sorted by lo, outer before inner */
struct rng {
	uint64_t lo, hi;
	int32_t node;
	int32_t up;		/* nearest earlier range that contains this one */
};

struct span {
	uint64_t lo, hi;
};

struct cu {
	Dwarf_Off off;		/* the CU DIE */
	bool broken;
	bool mangles;		/* a language whose DW_AT_name is no linkage name */
	bool v5;		/* a DWARF 5 line table (see row_file()) */
	bool dflt_done;		/* @dflt is filled */
	Dwarf_Files *files;
	size_t nr_files;
	struct span *dflt;	/* rows in their sequence's first file, sorted */
	size_t nr_dflt, alloc_dflt;
	struct node *nodes;
	size_t nr_nodes, alloc_nodes;
	struct rng *rngs;
	size_t nr_rngs, alloc_rngs;
};

/* results never move: blocks of levels, a new block when one is full */
struct lv_block {
	struct lv_block *next;
	size_t used, size;
	struct sym_inline lv[];
};

struct sym_inl {
	Dwarf *dw;
	bool no_demangle;
	sym_inl_symtab_fn symtab;
	void *symtab_arg;
	struct u64map cus;	/* CU DIE offset -> struct cu * */
	struct u64map addrs;	/* address -> index in results */
	struct sym_inl_res *results;
	size_t nr_results, alloc_results;
	struct u64map raws;	/* DWARF string (stable pointer) -> interned name */
	struct strset strs;	/* display names */
	struct lv_block *blocks;
	size_t nr_ranges;
	bool line_tried;	/* .debug_line looked up */
	const uint8_t *line_data;
	size_t line_size;
};

#define MAX_DEPTH 256		/* DIE nesting walked; deeper is not descended */
#define MAX_LEVELS 1024		/* function nesting reported per address */

struct sym_inl *sym_inl_new(Dwarf *dw, bool no_demangle,
			    sym_inl_symtab_fn symtab, void *arg)
{
	struct sym_inl *x = xcalloc(1, sizeof(*x));

	x->dw = dw;
	x->no_demangle = no_demangle;
	x->symtab = symtab;
	x->symtab_arg = arg;
	return x;
}

static void free_cu(uint64_t key, uint64_t val, void *arg)
{
	struct cu *c = (struct cu *)(uintptr_t)val;

	free(c->nodes);
	free(c->rngs);
	free(c->dflt);
	free(c);
}

void sym_inl_free(struct sym_inl *x)
{
	if (!x)
		return;
	u64map_for_each(&x->cus, free_cu, NULL);
	u64map_release(&x->cus);
	u64map_release(&x->addrs);
	free(x->results);
	u64map_release(&x->raws);
	strset_release(&x->strs);
	while (x->blocks) {
		struct lv_block *n = x->blocks->next;

		free(x->blocks);
		x->blocks = n;
	}
	free(x);
}

void sym_inl_stats(const struct sym_inl *x, size_t *cus, size_t *ranges,
		   size_t *addrs)
{
	*cus = x->cus.nr;
	*ranges = x->nr_ranges;
	*addrs = x->addrs.nr;
}

/* ---- interning ---- */

/* the display name of a raw DWARF name, demangled once per string */
static const char *display_name(struct sym_inl *x, const char *raw)
{
	bool fresh;
	uint64_t *v = u64map_put(&x->raws, (uintptr_t)raw, &fresh);
	char *dem;

	if (fresh) {
		dem = x->no_demangle ? NULL : sym_demangle(raw);
		*v = (uintptr_t)strset_intern(&x->strs, dem ? dem : raw);
		free(dem);
	}
	return (const char *)(uintptr_t)*v;
}

/*
 * The name addr2line gives a function: its linkage name, else its
 * DW_AT_name, following DW_AT_abstract_origin and DW_AT_specification
 * (dwarf_attr_integrate() follows both, with a bound on the chain).
 */
static const char *die_name(struct sym_inl *x, Dwarf_Die *die, bool *linkage,
			    const char **raw)
{
	Dwarf_Attribute a;
	const char *n = NULL;

	*linkage = false;
	*raw = NULL;
	if (dwarf_attr_integrate(die, DW_AT_linkage_name, &a) ||
	    dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &a))
		*linkage = (n = dwarf_formstring(&a)) != NULL;
	if (!n && dwarf_attr_integrate(die, DW_AT_name, &a))
		n = dwarf_formstring(&a);
	if (!n)
		return NULL;
	*raw = strset_intern(&x->strs, n);
	return display_name(x, n);
}

/*
 * Languages whose names are mangled: there a bare DW_AT_name ("sort<int>",
 * "operator()") is not what the symbol table calls the function, and
 * addr2line names the innermost level by the symbol table instead.
 */
static bool lang_mangles(Dwarf_Die *cudie)
{
	switch (dwarf_srclang(cudie)) {
	case DW_LANG_C_plus_plus:
	case DW_LANG_C_plus_plus_03:
	case DW_LANG_C_plus_plus_11:
	case DW_LANG_C_plus_plus_14:
	case DW_LANG_Ada83:
	case DW_LANG_Ada95:
	case DW_LANG_Java:
	case DW_LANG_D:
	case DW_LANG_Rust:
		return true;
	default:
		return false;
	}
}

/* ---- per-CU index ---- */

static int rng_cmp(const void *a, const void *b)
{
	const struct rng *p = a, *q = b;

	if (p->lo != q->lo)
		return p->lo < q->lo ? -1 : 1;
	if (p->hi != q->hi)
		return p->hi > q->hi ? -1 : 1;
	return p->node < q->node ? -1 : p->node > q->node;
}

static int32_t add_node(struct cu *c, Dwarf_Die *die, int32_t parent,
			bool inlined)
{
	struct node *n;

	if (c->nr_nodes >= INT32_MAX)
		return -1;
	ALLOC_GROW(c->nodes, c->nr_nodes + 1, c->alloc_nodes);
	n = &c->nodes[c->nr_nodes];
	memset(n, 0, sizeof(*n));
	n->off = dwarf_dieoffset(die);
	n->parent = parent;
	n->inlined = inlined;
	return (int32_t)c->nr_nodes++;
}

/* the ranges of @die as nodes of @c; returns how many, -1 when malformed */
static int add_ranges(struct sym_inl *x, struct cu *c, Dwarf_Die *die,
		      int32_t *node, int32_t parent, bool inlined)
{
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	int n = 0;

	*node = -1;
	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		if (lo >= hi)
			continue;
		if (*node < 0) {
			if ((*node = add_node(c, die, parent, inlined)) < 0)
				return -1;
			c->nodes[*node].first_lo = lo;
		}
		ALLOC_GROW(c->rngs, c->nr_rngs + 1, c->alloc_rngs);
		c->rngs[c->nr_rngs++] = (struct rng){ .lo = lo, .hi = hi,
						      .node = *node };
		x->nr_ranges++;
		n++;
	}
	return off < 0 && !n ? -1 : n;
}

static bool is_scope(int tag)
{
	switch (tag) {
	case DW_TAG_lexical_block:
	case DW_TAG_try_block:
	case DW_TAG_catch_block:
	case DW_TAG_namespace:
	case DW_TAG_module:
	case DW_TAG_class_type:
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
		return true;
	default:
		return false;
	}
}

/*
 * One walk of the CU's DIE tree, without recursion. Function instances
 * with code become nodes; scopes that may hold them (blocks, namespaces,
 * classes) are descended; everything else (types, variables) is skipped.
 * A subprogram with code inside another function (a nested function) is a
 * root of its own: it was not inlined there.
 */
static void build_cu(struct sym_inl *x, struct cu *c, Dwarf_Die *cudie)
{
	struct {
		Dwarf_Die die;
		int32_t parent;
	} *st = xmalloc(MAX_DEPTH * sizeof(*st));
	int sp = 0;

	if (dwarf_child(cudie, &st[0].die) == 0) {
		st[0].parent = -1;
		sp = 1;
	}
	while (sp > 0) {
		Dwarf_Die *die = &st[sp - 1].die;
		int32_t parent = st[sp - 1].parent, node = parent;
		int tag = dwarf_tag(die);
		bool descend = false;

		if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine) {
			bool inl = tag == DW_TAG_inlined_subroutine;
			int32_t me;
			int k = add_ranges(x, c, die, &me, inl ? parent : -1, inl);

			if (k < 0) {
				c->broken = true;
				break;
			}
			if (me >= 0)
				node = me;
			/* a declaration or an abstract instance holds no code */
			descend = me >= 0 || inl;
		} else if (tag == DW_TAG_invalid) {
			c->broken = true;
			break;
		} else {
			descend = is_scope(tag);
		}
		if (descend && sp < MAX_DEPTH && dwarf_child(die, &st[sp].die) == 0) {
			st[sp].parent = node;
			sp++;
			continue;
		}
		while (sp > 0) {
			Dwarf_Die next;
			int r = dwarf_siblingof(&st[sp - 1].die, &next);

			if (r == 0) {
				st[sp - 1].die = next;
				break;
			}
			if (r < 0) {
				c->broken = true;
				sp = 0;
				break;
			}
			sp--;
		}
	}
	free(st);
	if (c->broken) {
		x->nr_ranges -= c->nr_rngs;
		c->nr_rngs = c->nr_nodes = 0;
		return;
	}
	if (c->nr_rngs > 1)
		qsort(c->rngs, c->nr_rngs, sizeof(*c->rngs), rng_cmp);
	/* up: the nearest earlier range containing this one (a stack walk) */
	{
		int32_t *stack = xmalloc((c->nr_rngs + 1) * sizeof(*stack));
		size_t top = 0;

		for (size_t i = 0; i < c->nr_rngs; i++) {
			struct rng *r = &c->rngs[i];

			while (top && c->rngs[stack[top - 1]].hi < r->hi)
				top--;
			r->up = top ? stack[top - 1] : -1;
			stack[top++] = (int32_t)i;
		}
		free(stack);
	}
}

static struct cu *cu_get(struct sym_inl *x, Dwarf_Die *cudie)
{
	Dwarf_Off off = dwarf_dieoffset(cudie);
	bool fresh;
	uint64_t *v = u64map_put(&x->cus, off, &fresh);
	struct cu *c;

	if (!fresh)
		return (struct cu *)(uintptr_t)*v;
	c = xcalloc(1, sizeof(*c));
	*v = (uintptr_t)c;
	c->off = off;
	c->mangles = lang_mangles(cudie);
	if (dwarf_getsrcfiles(cudie, &c->files, &c->nr_files) != 0) {
		c->files = NULL;
		c->nr_files = 0;
	}
	build_cu(x, c, cudie);
	return c;
}

/* the deepest node whose range holds @addr, or -1 */
static int32_t find_node(const struct cu *c, uint64_t addr)
{
	size_t lo = 0, hi = c->nr_rngs;
	int32_t i;

	/* the last range starting at or before addr */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->rngs[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	i = (int32_t)lo - 1;
	/* ranges nest: only an enclosing range can still hold addr */
	for (int guard = 0; i >= 0 && addr >= c->rngs[i].hi && guard < MAX_LEVELS; guard++)
		i = c->rngs[i].up;
	return i >= 0 && addr < c->rngs[i].hi ? c->rngs[i].node : -1;
}

static void resolve_node(struct sym_inl *x, struct cu *c, struct node *n)
{
	Dwarf_Die die;
	Dwarf_Attribute a;
	Dwarf_Word w;

	n->resolved = true;
	if (!dwarf_offdie(x->dw, n->off, &die))
		return;
	n->name = die_name(x, &die, &n->linkage, &n->sys_name);
	{
		const char *df = dwarf_decl_file(&die);
		int dl = 0;

		if (df)
			n->decl_file = strset_intern(&x->strs, df);
		if (dwarf_decl_line(&die, &dl) == 0)
			n->decl_line = dl;
	}
	if (!c->mangles)
		n->linkage = true;
	if (!n->inlined)
		return;
	if (dwarf_attr(&die, DW_AT_call_file, &a) && dwarf_formudata(&a, &w) == 0 &&
	    c->files && w < c->nr_files) {
		const char *f = dwarf_filesrc(c->files, w, NULL, NULL);

		if (f)
			n->call_file = strset_intern(&x->strs, f);
	}
	if (dwarf_attr(&die, DW_AT_call_line, &a) && dwarf_formudata(&a, &w) == 0 &&
	    w <= INT32_MAX)
		n->call_line = (int)w;
}

static struct sym_inline *alloc_levels(struct sym_inl *x, size_t nr)
{
	struct lv_block *b = x->blocks;
	struct sym_inline *lv;

	if (!b || b->size - b->used < nr) {
		size_t size = nr > 4096 ? nr : 4096;

		b = xmalloc(sizeof(*b) + size * sizeof(b->lv[0]));
		b->size = size;
		b->used = 0;
		b->next = x->blocks;
		x->blocks = b;
	}
	lv = &b->lv[b->used];
	b->used += nr;
	return lv;
}

/* addr2line's symbol-table name for @addr, interned; NULL for none */
static const char *symtab_name(struct sym_inl *x, uint64_t addr, uint64_t *start,
			       const char **raw, const char **file)
{
	struct sym_inl_sym sm = { 0 };

	if (!x->symtab || !x->symtab(x->symtab_arg, addr, &sm) || !sm.name)
		return NULL;
	*start = sm.start;
	if (file)
		*file = sm.file ? strset_intern(&x->strs, sm.file) : NULL;
	*raw = strset_intern(&x->strs, sm.raw ? sm.raw : sm.name);
	return strset_intern(&x->strs, sm.name);
}

/*
 * The name GNU addr2line gives the innermost function @n of @addr (see
 * sym_inl_lookup()): bfd names a function without a linkage name by the
 * symbol table the first time it is the innermost one of a lookup, and
 * keeps that name for good only when the symbol starts where the
 * function's first range does.
 */
static const char *innermost_name(struct sym_inl *x, struct node *n,
				  uint64_t addr, const char **raw)
{
	const char *sn, *sraw = NULL;
	uint64_t start = 0;

	*raw = n->sys_name;
	if (n->linkage)
		return n->name;
	n->linkage = true;
	sn = symtab_name(x, addr, &start, &sraw, NULL);
	if (!sn)
		return n->name;
	if (start == n->first_lo) {
		n->name = sn;
		n->sys_name = sraw;
	}
	*raw = sraw;
	return sn;
}

/*
 * Which addresses GNU addr2line places in entry 0 of a DWARF 5 line
 * table. bfd (binutils 2.40, dwarf2.c) starts each sequence in the file
 * it numbers 1, and that is the first entry it read: in DWARF 5, entry 0
 * (the CU's primary file). DW_LNS_set_file n then names entry n, as
 * DWARF 5 does. GCC usually makes entries 0 and 1 the same file, but not
 * when a CU's first code comes from an included file: glibc's
 * dl-error-minimal.c includes dl-error-skeleton.c (entry 1), and addr2line
 * names dl-error-minimal.c for every row a sequence has before its first
 * DW_LNS_set_file. libdw keeps rows, not opcodes, so the CU's line
 * program is walked once for the address ranges of those rows.
 */
struct lp {
	const uint8_t *p, *end;
	bool bad;
};

static uint64_t lp_u(struct lp *r, int n)
{
	uint64_t v = 0;

	if (r->end - r->p < n) {
		r->bad = true;
		r->p = r->end;
		return 0;
	}
	for (int i = 0; i < n; i++)	/* little-endian */
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	return v;
}

static uint64_t lp_uleb(struct lp *r)
{
	uint64_t v = 0;
	int sh = 0;

	while (r->p < r->end) {
		uint8_t b = *r->p++;

		if (sh < 64)
			v |= (uint64_t)(b & 0x7f) << sh;
		sh += 7;
		if (!(b & 0x80))
			return v;
	}
	r->bad = true;
	return v;
}

static void add_dflt(struct cu *c, uint64_t lo, uint64_t hi)
{
	if (lo >= hi)
		return;
	if (c->nr_dflt && c->dflt[c->nr_dflt - 1].hi == lo) {
		c->dflt[c->nr_dflt - 1].hi = hi;
		return;
	}
	ALLOC_GROW(c->dflt, c->nr_dflt + 1, c->alloc_dflt);
	c->dflt[c->nr_dflt++] = (struct span){ .lo = lo, .hi = hi };
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *p = a, *q = b;

	return p->lo < q->lo ? -1 : p->lo > q->lo;
}

/* the opcodes of one line program, from its header at @r */
static void scan_program(struct cu *c, struct lp *r)
{
	uint64_t len = lp_u(r, 4), addr = 0, prev = 0;
	unsigned int osz = 4, ver, min_inst, range, base;
	const uint8_t *lens;
	bool set = false, have = false, prev_dflt = false;

	if (len == 0xffffffff) {
		len = lp_u(r, 8);
		osz = 8;
	}
	if (r->bad || len > (uint64_t)(r->end - r->p))
		return;
	r->end = r->p + len;
	ver = (unsigned int)lp_u(r, 2);
	if (ver != 5)
		return;
	lp_u(r, 2);			/* address_size, segment_selector_size */
	len = lp_u(r, (int)osz);	/* header_length */
	if (r->bad || len > (uint64_t)(r->end - r->p))
		return;
	{
		const uint8_t *prog = r->p + len;

		min_inst = (unsigned int)lp_u(r, 1);
		if (lp_u(r, 1) != 1)	/* maximum_operations_per_instruction */
			return;
		lp_u(r, 1);		/* default_is_stmt */
		lp_u(r, 1);		/* line_base */
		range = (unsigned int)lp_u(r, 1);
		base = (unsigned int)lp_u(r, 1);
		lens = r->p;
		if (r->bad || !range || !base || r->end - r->p < (ptrdiff_t)base - 1 ||
		    prog > r->end)
			return;
		r->p = prog;
	}
	c->v5 = true;
	while (r->p < r->end && !r->bad) {
		unsigned int op = (unsigned int)lp_u(r, 1);
		bool row = false, end = false;

		if (op >= base) {
			addr += (uint64_t)((op - base) / range) * min_inst;
			row = true;
		} else if (op == 0) {
			uint64_t n = lp_uleb(r);
			const uint8_t *next = r->p + (n < (uint64_t)(r->end - r->p) ?
						      n : (uint64_t)(r->end - r->p));
			unsigned int sub = n ? (unsigned int)lp_u(r, 1) : 0;

			if (sub == DW_LNE_end_sequence) {
				row = end = true;
			} else if (sub == DW_LNE_set_address && n >= 2 && n <= 9) {
				addr = lp_u(r, (int)n - 1);
			}
			r->p = next;
		} else if (op == DW_LNS_copy) {
			row = true;
		} else if (op == DW_LNS_advance_pc) {
			addr += lp_uleb(r) * min_inst;
		} else if (op == DW_LNS_set_file) {
			lp_uleb(r);
			set = true;
		} else if (op == DW_LNS_const_add_pc) {
			addr += (uint64_t)((255 - base) / range) * min_inst;
		} else if (op == DW_LNS_fixed_advance_pc) {
			addr += lp_u(r, 2);
		} else {
			/* operands of the other standard opcodes: LEB128s */
			for (unsigned int k = 0; k < lens[op - 1]; k++)
				lp_uleb(r);
		}
		if (!row)
			continue;
		if (have && prev_dflt)
			add_dflt(c, prev, addr);
		have = !end;
		prev = addr;
		prev_dflt = !set;
		if (end) {
			addr = 0;
			set = false;
		}
	}
}

static void scan_default_rows(struct sym_inl *x, struct cu *c, Dwarf_Die *cudie)
{
	Dwarf_Attribute at;
	Dwarf_Word off;
	struct lp r;

	c->dflt_done = true;
	if (!x->line_tried) {
		Elf *e = dwarf_getelf(x->dw);
		GElf_Shdr sh;
		Elf_Scn *scn = e ? obj_section(e, ".debug_line", &sh) : NULL;
		Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
		const char *id = e ? elf_getident(e, NULL) : NULL;

		x->line_tried = true;
		/*
		 * lp_u() reads little-endian; a compressed section was
		 * decompressed in place when libdw read it
		 */
		if (id && id[EI_DATA] == ELFDATA2LSB && d && d->d_buf &&
		    !(sh.sh_flags & SHF_COMPRESSED)) {
			x->line_data = d->d_buf;
			x->line_size = d->d_size;
		}
	}
	if (!x->line_data || !dwarf_attr(cudie, DW_AT_stmt_list, &at) ||
	    dwarf_formudata(&at, &off) != 0 || off >= x->line_size)
		return;
	r = (struct lp){ .p = x->line_data + off,
			 .end = x->line_data + x->line_size };
	scan_program(c, &r);
	if (c->nr_dflt > 1)
		qsort(c->dflt, c->nr_dflt, sizeof(*c->dflt), span_cmp);
}

/* the file of row @line at @addr as addr2line names it (see above) */
static const char *row_file(struct sym_inl *x, struct cu *c, Dwarf_Die *cudie,
			    Dwarf_Line *line, uint64_t addr)
{
	const char *f = dwarf_linesrc(line, NULL, NULL), *f0;
	size_t lo = 0, hi;

	if (!f || !c->files || c->nr_files < 2 ||
	    f != dwarf_filesrc(c->files, 1, NULL, NULL))
		return f;
	if (!c->dflt_done)
		scan_default_rows(x, c, cudie);
	if (!c->v5)
		return f;
	hi = c->nr_dflt;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->dflt[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr >= c->dflt[lo - 1].hi)
		return f;
	f0 = dwarf_filesrc(c->files, 0, NULL, NULL);
	return f0 ? f0 : f;
}

static void fill(struct sym_inl *x, uint64_t addr, struct sym_inl_res *res,
		 int *err)
{
	Dwarf_Die cudie;
	Dwarf_Line *line;
	struct cu *c = NULL;
	int32_t chain[MAX_LEVELS];
	int nr = 0;

	memset(res, 0, sizeof(*res));
	if (!dwarf_addrdie(x->dw, addr, &cudie)) {
		*err = -ENOENT;
	} else {
		c = cu_get(x, &cudie);
		line = dwarf_getsrc_die(&cudie, addr);
		if (line) {
			const char *f = row_file(x, c, &cudie, line, addr);
			int l = 0;

			if (f && dwarf_lineno(line, &l) == 0) {
				Dwarf_Attribute at;
				const char *dir = f[0] == '/' ? NULL :
					dwarf_formstring(dwarf_attr(&cudie, DW_AT_comp_dir, &at));
				struct strbuf full = STRBUF_INIT;

				/* relative to the compilation directory, as addr2line */
				if (dir && *dir)
					strbuf_addf(&full, "%s/%s", dir, f);
				res->file = strset_intern(&x->strs, full.len ? full.buf : f);
				res->line = l;
				strbuf_release(&full);
			}
		}
		if (c->broken)
			*err = -EINVAL;
		if (!c->broken)
			for (int32_t n = find_node(c, addr); n >= 0 && nr < MAX_LEVELS;
			     n = c->nodes[n].parent)
				chain[nr++] = n;
	}
	if (!nr) {
		/* no function in DWARF: addr2line names the symbol */
		uint64_t start;
		const char *raw = NULL;
		const char *sf = NULL;
		const char *sn = symtab_name(x, addr, &start, &raw, &sf);

		/* nothing in DWARF: bfd's file is the symbol table's */
		if (sn && !res->file)
			res->sym_file = sf;

		if (sn) {
			struct sym_inline *lv = alloc_levels(x, 1);

			memset(lv, 0, sizeof(*lv));
			lv->name = sn;
			lv->sys_name = raw;
			lv->file = res->file;
			lv->line = res->line;
			res->lv = lv;
			res->nr = 1;
		}
		return;
	}
	{
		struct sym_inline *lv = alloc_levels(x, (size_t)nr);

		for (int i = 0; i < nr; i++) {
			struct node *n = &c->nodes[chain[i]];

			if (!n->resolved)
				resolve_node(x, c, n);
			if (i) {
				lv[i].name = n->name;
				lv[i].sys_name = n->sys_name;
			} else {
				lv[i].name = innermost_name(x, n, addr, &lv[i].sys_name);
			}
			lv[i].decl_file = n->decl_file;
			lv[i].decl_line = n->decl_line;
			if (i == 0) {
				lv[i].file = res->file;
				lv[i].line = res->line;
			} else {
				/* called from where the inner copy sits */
				const struct node *in = &c->nodes[chain[i - 1]];

				lv[i].file = in->call_file;
				lv[i].line = in->call_line;
			}
		}
		res->lv = lv;
		res->nr = nr;
	}
}

int sym_inl_lookup(struct sym_inl *x, uint64_t addr, struct sym_inl_res *res)
{
	bool fresh;
	uint64_t *v = u64map_put(&x->addrs, addr, &fresh);
	int err = 0;

	if (!fresh) {
		*res = x->results[*v];
		return res->nr || res->file ? 0 : -ENOENT;
	}
	*v = x->nr_results;
	ALLOC_GROW(x->results, x->nr_results + 1, x->alloc_results);
	fill(x, addr, &x->results[x->nr_results], &err);
	*res = x->results[x->nr_results++];
	return err;
}
