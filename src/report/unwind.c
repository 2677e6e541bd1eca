// SPDX-License-Identifier: GPL-2.0
#include "ptool/unwind.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>
#include <dwarf.h>
#include <elfutils/libdw.h>

#include "ptool/maps.h"
#include "ptool/msg.h"
#include "ptool/strbuf.h"
#include "ptool/sym.h"
#include "ptool/u64map.h"

#if defined(__x86_64__)

/*
 * DWARF CFI unwinding with libdw: for each frame the CFI row of its pc
 * (.eh_frame, else .debug_frame) gives the caller's CFA and registers as
 * DWARF expressions over this frame's registers and memory; memory is the
 * sample's stack copy or the mapped files. The rows are cached per object
 * and address, so a pc seen before costs one hash lookup. Semantics follow
 * libdwfl's unwinder, which perf uses: a frame's pc is looked up as pc - 1
 * unless it is the first frame or its callee was a signal frame.
 */

/* x86_64 perf_regs indexes (arch/x86/include/uapi/asm/perf_regs.h) */
enum {
	PREG_AX, PREG_BX, PREG_CX, PREG_DX, PREG_SI, PREG_DI, PREG_BP, PREG_SP,
	PREG_IP, PREG_FLAGS, PREG_CS, PREG_SS, PREG_DS, PREG_ES, PREG_FS,
	PREG_GS, PREG_R8, PREG_R9, PREG_R10, PREG_R11, PREG_R12, PREG_R13,
	PREG_R14, PREG_R15,
};

#define NR_DWREGS 17		/* DWARF x86_64: rax..r15, then the return address */
#define DW_SP 7
#define DW_RA 16

/* the perf_regs index of each DWARF register (System V psABI numbering) */
static const int dw_to_preg[NR_DWREGS] = {
	PREG_AX, PREG_DX, PREG_CX, PREG_BX, PREG_SI, PREG_DI, PREG_BP, PREG_SP,
	PREG_R8, PREG_R9, PREG_R10, PREG_R11, PREG_R12, PREG_R13, PREG_R14,
	PREG_R15, PREG_IP,
};

/* one object's CFI and its rows, cached by address */
struct uw_cfi {
	struct sym_dso *dso;
	Dwarf_CFI *eh;		/* dwarf_getcfi_elf(): ours to end */
	Dwarf_CFI *dbg;		/* dwarf_getcfi(): the Dwarf's */
	struct u64map rows;	/* dso address -> Dwarf_Frame * (0: no FDE) */
	struct uw_cfi *next;
};

/* an object touched by the current sample, with its load bias */
struct uw_obj {
	struct sym_dso *dso;
	int64_t bias;
	uint64_t lo, hi;	/* run-time span of the map */
};

struct unwind {
	struct uw_cfi *cfis[64];

	/* the sample being unwound */
	const struct maps *maps;
	const uint8_t *stack;
	uint64_t stack_len;
	uint64_t sp;
	struct uw_obj objs[16];
	int nr_objs;
};

struct regs {
	uint64_t v[NR_DWREGS];
	uint32_t valid;
};

static int reg_value(const struct sample_regs *r, int preg, uint64_t *out)
{
	int pos = 0;

	if (!(r->mask & (1ull << preg)))
		return -ENOENT;
	for (int i = 0; i < preg; i++)
		if (r->mask & (1ull << i))
			pos++;
	if ((unsigned int)pos >= r->nr)
		return -ENOENT;
	*out = r->regs[pos];
	return 0;
}

static struct uw_cfi *get_cfi(struct unwind *u, struct sym_dso *dso)
{
	size_t h = ((uintptr_t)dso >> 4) & 63;
	struct uw_cfi *c;
	Elf *e;

	for (c = u->cfis[h]; c; c = c->next)
		if (c->dso == dso)
			return c;
	c = xcalloc(1, sizeof(*c));
	c->dso = dso;
	c->next = u->cfis[h];
	u->cfis[h] = c;
	e = sym_dso_elf(dso);
	if (e)
		c->eh = dwarf_getcfi_elf(e);
	return c;
}

/* the CFI row for dso address @addr, NULL when no FDE covers it */
static Dwarf_Frame *get_row(struct uw_cfi *c, uint64_t addr)
{
	bool fresh;
	uint64_t *v = u64map_put(&c->rows, addr, &fresh);
	Dwarf_Frame *f = NULL;
	Dwarf *dw;

	if (!fresh)
		return (Dwarf_Frame *)(uintptr_t)*v;
	if (!c->eh || dwarf_cfi_addrframe(c->eh, addr, &f) != 0) {
		f = NULL;
		if (!c->dbg && (dw = sym_dso_dwarf(c->dso)))
			c->dbg = dwarf_getcfi(dw);
		if (c->dbg && dwarf_cfi_addrframe(c->dbg, addr, &f) != 0)
			f = NULL;
	}
	*v = (uintptr_t)f;
	return f;
}

static struct uw_obj *note_obj(struct unwind *u, const struct map *m)
{
	int64_t bias;

	for (int i = 0; i < u->nr_objs; i++)
		if (u->objs[i].dso == m->dso && m->start >= u->objs[i].lo &&
		    m->start < u->objs[i].hi)
			return &u->objs[i];
	bias = (int64_t)(m->start - sym_dso_off_to_addr(m->dso, m->pgoff));
	if (u->nr_objs == (int)ARRAY_SIZE(u->objs))
		u->nr_objs = 0;
	u->objs[u->nr_objs] = (struct uw_obj){ .dso = m->dso, .bias = bias,
					       .lo = m->start, .hi = m->end };
	return &u->objs[u->nr_objs++];
}

/* 8 bytes at @addr: from the stack copy, else from a mapped file */
static int read_mem(struct unwind *u, uint64_t addr, uint64_t *val)
{
	const struct map *m;
	struct uw_obj *o;

	if (addr >= u->sp && addr - u->sp + 8 <= u->stack_len) {
		memcpy(val, u->stack + (addr - u->sp), 8);
		return 0;
	}
	if (addr >= u->sp && addr - u->sp < u->stack_len + 65536) {
		/*
		 * above the copy: the contents are unknown, and perf reads
		 * them as zero (its chain then ends on a frame 0 - 1)
		 */
		*val = 0;
		return 0;
	}
	m = maps_find(u->maps, addr);
	if (!m || m->identity)
		return -EFAULT;
	o = note_obj(u, m);
	if (sym_dso_read(o->dso, addr - o->bias, val, 8) != 8)
		return -EFAULT;
	return 0;
}

/*
 * Evaluate a CFI expression. @cfa is the frame's CFA (for
 * DW_OP_call_frame_cfa); *is_value tells whether the result is a value
 * (DW_OP_stack_value, or a register named by DW_OP_regN) rather than an
 * address to read.
 */
static int eval(struct unwind *u, const Dwarf_Op *ops, size_t nops,
		const struct regs *r, uint64_t cfa, bool have_cfa,
		uint64_t *out, bool *is_value)
{
	uint64_t st[16];
	int sp = 0;

	*is_value = false;
#define PUSH(x) do { if (sp >= 16) return -EINVAL; st[sp++] = (x); } while (0)
#define NEED(k) do { if (sp < (k)) return -EINVAL; } while (0)
	for (size_t i = 0; i < nops; i++) {
		const Dwarf_Op *op = &ops[i];
		uint8_t a = op->atom;
		uint64_t x;

		if (a >= DW_OP_lit0 && a <= DW_OP_lit31) {
			PUSH(a - DW_OP_lit0);
		} else if (a >= DW_OP_breg0 && a <= DW_OP_breg31) {
			int reg = a - DW_OP_breg0;

			if (reg >= NR_DWREGS || !(r->valid & (1u << reg)))
				return -ENOENT;
			PUSH(r->v[reg] + (int64_t)op->number);
		} else if (a >= DW_OP_reg0 && a <= DW_OP_reg31) {
			int reg = a - DW_OP_reg0;

			if (reg >= NR_DWREGS || !(r->valid & (1u << reg)))
				return -ENOENT;
			*out = r->v[reg];
			*is_value = true;
			return 0;
		} else {
			switch (a) {
			case DW_OP_bregx:
				if (op->number >= NR_DWREGS || !(r->valid & (1u << op->number)))
					return -ENOENT;
				PUSH(r->v[op->number] + (int64_t)op->number2);
				break;
			case DW_OP_regx:
				if (op->number >= NR_DWREGS || !(r->valid & (1u << op->number)))
					return -ENOENT;
				*out = r->v[op->number];
				*is_value = true;
				return 0;
			case DW_OP_const1u: case DW_OP_const1s: case DW_OP_const2u:
			case DW_OP_const2s: case DW_OP_const4u: case DW_OP_const4s:
			case DW_OP_const8u: case DW_OP_const8s: case DW_OP_constu:
			case DW_OP_consts:
				PUSH(op->number);
				break;
			case DW_OP_call_frame_cfa:
				if (!have_cfa)
					return -EINVAL;
				PUSH(cfa);
				break;
			case DW_OP_plus_uconst:
				NEED(1);
				st[sp - 1] += op->number;
				break;
			case DW_OP_deref:
				NEED(1);
				if (read_mem(u, st[sp - 1], &x))
					return -EFAULT;
				st[sp - 1] = x;
				break;
			case DW_OP_dup:
				NEED(1);
				x = st[sp - 1];
				PUSH(x);
				break;
			case DW_OP_drop:
				NEED(1);
				sp--;
				break;
			case DW_OP_over:
				NEED(2);
				x = st[sp - 2];
				PUSH(x);
				break;
			case DW_OP_swap:
				NEED(2);
				x = st[sp - 1];
				st[sp - 1] = st[sp - 2];
				st[sp - 2] = x;
				break;
			case DW_OP_neg:
				NEED(1);
				st[sp - 1] = -st[sp - 1];
				break;
			case DW_OP_not:
				NEED(1);
				st[sp - 1] = ~st[sp - 1];
				break;
			case DW_OP_plus: case DW_OP_minus: case DW_OP_mul:
			case DW_OP_and: case DW_OP_or: case DW_OP_xor:
			case DW_OP_shl: case DW_OP_shr: case DW_OP_shra:
			case DW_OP_ge: case DW_OP_gt: case DW_OP_le: case DW_OP_lt:
			case DW_OP_eq: case DW_OP_ne: {
				uint64_t b, c;

				NEED(2);
				b = st[--sp];
				c = st[sp - 1];
				switch (a) {
				case DW_OP_plus: c += b; break;
				case DW_OP_minus: c -= b; break;
				case DW_OP_mul: c *= b; break;
				case DW_OP_and: c &= b; break;
				case DW_OP_or: c |= b; break;
				case DW_OP_xor: c ^= b; break;
				case DW_OP_shl: c = b < 64 ? c << b : 0; break;
				case DW_OP_shr: c = b < 64 ? c >> b : 0; break;
				case DW_OP_shra: c = (uint64_t)((int64_t)c >> (b < 63 ? b : 63)); break;
				case DW_OP_ge: c = (int64_t)c >= (int64_t)b; break;
				case DW_OP_gt: c = (int64_t)c > (int64_t)b; break;
				case DW_OP_le: c = (int64_t)c <= (int64_t)b; break;
				case DW_OP_lt: c = (int64_t)c < (int64_t)b; break;
				case DW_OP_eq: c = c == b; break;
				case DW_OP_ne: c = c != b; break;
				}
				st[sp - 1] = c;
				break;
			}
			case DW_OP_nop:
				break;
			case DW_OP_stack_value:
				NEED(1);
				*out = st[sp - 1];
				*is_value = true;
				return 0;
			default:
				return -EINVAL;
			}
		}
	}
#undef PUSH
#undef NEED
	if (!sp)
		return -EINVAL;
	*out = st[sp - 1];
	return 0;
}

/* the caller's registers from @f; returns 0, or -errno when lost */
static int step(struct unwind *u, Dwarf_Frame *f, const struct regs *r,
		struct regs *nr, int ra)
{
	Dwarf_Op *ops, mem[3];
	size_t nops;
	uint64_t cfa, v;
	bool value;

	/* the expression yields the CFA's value (libdw.h) */
	if (dwarf_frame_cfa(f, &ops, &nops) || !nops ||
	    eval(u, ops, nops, r, 0, false, &cfa, &value))
		return -ENOENT;
	nr->valid = 0;
	for (int reg = 0; reg < NR_DWREGS; reg++) {
		if (dwarf_frame_register(f, reg, mem, &ops, &nops) != 0)
			continue;
		if (!nops) {
			if (!ops && (r->valid & (1u << reg))) {	/* same value */
				nr->v[reg] = r->v[reg];
				nr->valid |= 1u << reg;
			}
			continue;	/* undefined */
		}
		if (eval(u, ops, nops, r, cfa, true, &v, &value))
			continue;
		if (!value && read_mem(u, v, &v))
			continue;
		nr->v[reg] = v;
		nr->valid |= 1u << reg;
	}
	/* the CFA is the caller's stack pointer unless a rule says otherwise */
	if (!(nr->valid & (1u << DW_SP))) {
		nr->v[DW_SP] = cfa;
		nr->valid |= 1u << DW_SP;
	}
	if (ra != DW_RA) {
		if (ra < 0 || ra >= NR_DWREGS || !(nr->valid & (1u << ra)))
			return -ENOENT;
		nr->v[DW_RA] = nr->v[ra];
		nr->valid |= 1u << DW_RA;
	}
	return nr->valid & (1u << DW_RA) ? 0 : -ENOENT;
}

/*
 * The caller by the frame pointer: rbp points at the saved rbp, the
 * return address above it; only rbp, rsp and the pc are known then
 */
static int fp_step(struct unwind *u, const struct regs *r, struct regs *nr)
{
	uint64_t fp, prev = 0, ret;

	if (!(r->valid & (1u << 6)) || !(fp = r->v[6]))
		return -ENOENT;
	if (read_mem(u, fp, &prev))
		prev = 0;
	if (read_mem(u, fp + 8, &ret) || !ret || fp + 16 < fp ||
	    ((r->valid & (1u << DW_SP)) && fp + 16 < r->v[DW_SP]))
		return -ENOENT;
	nr->valid = 1u << 6 | 1u << DW_SP | 1u << DW_RA;
	nr->v[6] = prev;
	nr->v[DW_SP] = fp + 16;
	nr->v[DW_RA] = ret;
	return 0;
}

struct unwind *unwind_new(void)
{
	return xcalloc(1, sizeof(struct unwind));
}

static void free_row(uint64_t key, uint64_t val, void *arg)
{
	free((Dwarf_Frame *)(uintptr_t)val);
}

void unwind_free(struct unwind *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(u->cfis); i++) {
		struct uw_cfi *c = u->cfis[i], *n;

		for (; c; c = n) {
			n = c->next;
			u64map_for_each(&c->rows, free_row, NULL);
			u64map_release(&c->rows);
			if (c->eh)
				dwarf_cfi_end(c->eh);
			free(c);
		}
	}
	free(u);
}

int unwind_sample(struct unwind *u, const struct maps *maps,
		  const struct sample_regs *regs, const void *stack,
		  uint64_t stack_len, uint64_t *ips, int max)
{
	struct regs r = { 0 }, nr;
	uint64_t pc;
	bool activation = true;
	int n = 0;

	if (!regs || regs->abi == PERF_SAMPLE_REGS_ABI_NONE)
		return -ENOENT;
	for (int reg = 0; reg < NR_DWREGS; reg++)
		if (!reg_value(regs, dw_to_preg[reg], &r.v[reg]))
			r.valid |= 1u << reg;
	if (!(r.valid & (1u << DW_RA)) || !(r.valid & (1u << DW_SP)))
		return -ENOENT;
	if (max <= 0)
		return 0;
	u->maps = maps;
	u->stack = stack;
	u->stack_len = stack_len;
	u->sp = r.v[DW_SP];
	u->nr_objs = 0;
	pc = r.v[DW_RA];
	ips[n++] = pc;
	while (n < max && maps) {
		uint64_t look = activation ? pc : pc - 1;
		const struct map *m = maps_find(maps, look);
		struct uw_obj *o;
		Dwarf_Frame *f;
		bool signal = false;
		int ra;

		f = NULL;
		if (m && !m->identity) {
			o = note_obj(u, m);
			f = get_row(get_cfi(u, m->dso), look - o->bias);
		}
		if (!f || (ra = dwarf_frame_info(f, NULL, NULL, &signal)) < 0 ||
		    step(u, f, &r, &nr, ra)) {
			/* no usable CFI: the frame-pointer chain, as libdwfl */
			signal = false;
			if (fp_step(u, &r, &nr))
				break;
		}
		/*
		 * a zero return address still makes a frame, 0 - 1, as in
		 * perf; nothing maps it, so the walk ends there
		 */
		if (nr.v[DW_SP] <= r.v[DW_SP] && nr.v[DW_RA] == pc && !signal)
			break;		/* no progress */
		/* a return address points after the call: name the call */
		activation = signal;
		pc = nr.v[DW_RA];
		ips[n++] = activation ? pc : pc - 1;
		r = nr;
	}
	return n;
}

#else /* !__x86_64__ */

struct unwind {
	int unused;
};

/*
 * The caller by the frame pointer: rbp points at the saved rbp, the
 * return address above it; only rbp, rsp and the pc are known then
 */
static int fp_step(struct unwind *u, const struct regs *r, struct regs *nr)
{
	uint64_t fp, prev = 0, ret;

	if (!(r->valid & (1u << 6)) || !(fp = r->v[6]))
		return -ENOENT;
	if (read_mem(u, fp, &prev))
		prev = 0;
	if (read_mem(u, fp + 8, &ret) || !ret || fp + 16 < fp ||
	    ((r->valid & (1u << DW_SP)) && fp + 16 < r->v[DW_SP]))
		return -ENOENT;
	nr->valid = 1u << 6 | 1u << DW_SP | 1u << DW_RA;
	nr->v[6] = prev;
	nr->v[DW_SP] = fp + 16;
	nr->v[DW_RA] = ret;
	return 0;
}

struct unwind *unwind_new(void)
{
	return xcalloc(1, sizeof(struct unwind));
}

static void free_row(uint64_t key, uint64_t val, void *arg)
{
	free((Dwarf_Frame *)(uintptr_t)val);
}

void unwind_free(struct unwind *u)
{
	free(u);
}

int unwind_sample(struct unwind *u, const struct maps *maps,
		  const struct sample_regs *regs, const void *stack,
		  uint64_t stack_len, uint64_t *ips, int max)
{
	return -ENOTSUP;
}
#endif
