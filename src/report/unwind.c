// SPDX-License-Identifier: GPL-2.0
#include "ptool/unwind.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>

#include "ptool/maps.h"
#include "ptool/msg.h"
#include "ptool/strbuf.h"
#include "ptool/sym.h"

#if defined(__x86_64__)
#define UNW_REMOTE_ONLY
#include <libunwind.h>

/* libunwind exports this without declaring it in its public header */
extern int UNW_OBJ(dwarf_search_unwind_table)(unw_addr_space_t as, unw_word_t ip,
					       unw_dyn_info_t *di,
					       unw_proc_info_t *pi,
					       int need_unwind_info, void *arg);
#define search_unwind_table UNW_OBJ(dwarf_search_unwind_table)

/* x86_64 perf_regs indexes (arch/x86/include/uapi/asm/perf_regs.h) */
enum {
	PREG_AX, PREG_BX, PREG_CX, PREG_DX, PREG_SI, PREG_DI, PREG_BP, PREG_SP,
	PREG_IP, PREG_FLAGS, PREG_CS, PREG_SS, PREG_DS, PREG_ES, PREG_FS,
	PREG_GS, PREG_R8, PREG_R9, PREG_R10, PREG_R11, PREG_R12, PREG_R13,
	PREG_R14, PREG_R15,
};

/* per-object unwind table: where .eh_frame_hdr's binary search table is */
struct uw_table {
	struct sym_dso *dso;
	bool valid;
	uint64_t hdr_vaddr;	/* .eh_frame_hdr address (dso vaddr) */
	uint64_t table_vaddr;	/* its search table */
	uint64_t fde_count;
	uint64_t lo, hi;	/* dso vaddr span of the PT_LOADs */
	struct uw_table *next;
};

/* an object touched by the current sample, with its load bias */
struct uw_obj {
	struct sym_dso *dso;
	int64_t bias;
	uint64_t lo, hi;	/* run-time span */
};

struct unwind {
	unw_addr_space_t as;
	struct uw_table *tables[64];
	const struct maps *last_maps;
	uint64_t last_gen;

	/* the sample being unwound */
	const struct maps *maps;
	const struct sample_regs *regs;
	const uint8_t *stack;
	uint64_t stack_len;
	uint64_t sp;
	struct uw_obj objs[16];
	int nr_objs;
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

static int unw_to_preg(int regnum)
{
	switch (regnum) {
	case UNW_X86_64_RAX: return PREG_AX;
	case UNW_X86_64_RDX: return PREG_DX;
	case UNW_X86_64_RCX: return PREG_CX;
	case UNW_X86_64_RBX: return PREG_BX;
	case UNW_X86_64_RSI: return PREG_SI;
	case UNW_X86_64_RDI: return PREG_DI;
	case UNW_X86_64_RBP: return PREG_BP;
	case UNW_X86_64_RSP: return PREG_SP;
	case UNW_X86_64_R8: return PREG_R8;
	case UNW_X86_64_R9: return PREG_R9;
	case UNW_X86_64_R10: return PREG_R10;
	case UNW_X86_64_R11: return PREG_R11;
	case UNW_X86_64_R12: return PREG_R12;
	case UNW_X86_64_R13: return PREG_R13;
	case UNW_X86_64_R14: return PREG_R14;
	case UNW_X86_64_R15: return PREG_R15;
	case UNW_X86_64_RIP: return PREG_IP;
	default: return -1;
	}
}


/* read a DW_EH_PE-encoded value from .eh_frame_hdr (the encodings it uses) */
static int read_enc(const uint8_t *p, const uint8_t *end, uint8_t enc,
		    uint64_t pc, uint64_t *out, const uint8_t **next)
{
	uint64_t v;
	size_t n;

	switch (enc & 0x0f) {
	case 0x03: n = 4; { uint32_t x; if (p + n > end) return -1; memcpy(&x, p, 4); v = x; } break;	/* udata4 */
	case 0x0b: n = 4; { int32_t x; if (p + n > end) return -1; memcpy(&x, p, 4); v = (uint64_t)(int64_t)x; } break; /* sdata4 */
	case 0x04: case 0x0c: n = 8; if (p + n > end) return -1; memcpy(&v, p, 8); break;
	case 0x00: n = 8; if (p + n > end) return -1; memcpy(&v, p, 8); break;	/* absptr */
	default: return -1;
	}
	if ((enc & 0x70) == 0x10)	/* pcrel */
		v += pc;
	*out = v;
	*next = p + n;
	return 0;
}

static struct uw_table *get_table(struct unwind *u, struct sym_dso *dso)
{
	size_t h = ((uintptr_t)dso >> 4) & 63;
	struct uw_table *t;
	Elf *e;
	GElf_Shdr sh;
	Elf_Scn *scn;
	Elf_Data *d;
	size_t nph;

	for (t = u->tables[h]; t; t = t->next)
		if (t->dso == dso)
			return t;
	t = xcalloc(1, sizeof(*t));
	t->dso = dso;
	t->next = u->tables[h];
	u->tables[h] = t;
	e = sym_dso_elf(dso);
	if (!e)
		return t;
	t->lo = UINT64_MAX;
	if (!elf_getphdrnum(e, &nph)) {
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;

			if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
				continue;
			if (ph.p_vaddr < t->lo)
				t->lo = ph.p_vaddr;
			if (ph.p_vaddr + ph.p_memsz > t->hi)
				t->hi = ph.p_vaddr + ph.p_memsz;
		}
	}
	scn = sym_elf_section(e, ".eh_frame_hdr", &sh);
	if (!scn || !(d = elf_getdata(scn, NULL)) || d->d_size < 12)
		return t;
	{
		const uint8_t *p = d->d_buf, *end = p + d->d_size, *q;
		uint64_t eh_frame, count;

		if (p[0] != 1 || p[3] != 0x3b)	/* version 1, datarel sdata4 table */
			return t;
		if (read_enc(p + 4, end, p[1], sh.sh_addr + 4, &eh_frame, &q))
			return t;
		if (read_enc(q, end, p[2], sh.sh_addr + (q - p), &count, &q))
			return t;
		t->hdr_vaddr = sh.sh_addr;
		t->table_vaddr = sh.sh_addr + (q - p);
		t->fde_count = count;
		if ((uint64_t)(end - q) / 8 < count)
			return t;
		t->valid = count > 0;
	}
	return t;
}

static struct uw_obj *note_obj(struct unwind *u, const struct map *m)
{
	int64_t bias;
	struct uw_table *t;

	for (int i = 0; i < u->nr_objs; i++)
		if (u->objs[i].dso == m->dso &&
		    m->start >= u->objs[i].lo && m->start < u->objs[i].hi)
			return &u->objs[i];
	bias = (int64_t)(m->start - sym_dso_off_to_addr(m->dso, m->pgoff));
	if (u->nr_objs == (int)ARRAY_SIZE(u->objs))
		u->nr_objs = 0;
	t = get_table(u, m->dso);
	u->objs[u->nr_objs].dso = m->dso;
	u->objs[u->nr_objs].bias = bias;
	u->objs[u->nr_objs].lo = t->lo + bias;
	u->objs[u->nr_objs].hi = t->hi + bias;
	if (u->objs[u->nr_objs].hi <= u->objs[u->nr_objs].lo) {
		u->objs[u->nr_objs].lo = m->start;
		u->objs[u->nr_objs].hi = m->end;
	}
	return &u->objs[u->nr_objs++];
}

static int find_proc_info(unw_addr_space_t as, unw_word_t ip,
			  unw_proc_info_t *pi, int need_unwind_info, void *arg)
{
	struct unwind *u = arg;
	const struct map *m = maps_find(u->maps, ip);
	struct uw_obj *o;
	struct uw_table *t;
	unw_dyn_info_t di;

	if (!m || m->identity)
		return -UNW_ENOINFO;
	o = note_obj(u, m);
	t = get_table(u, m->dso);
	if (!t->valid)
		return -UNW_ENOINFO;
	memset(&di, 0, sizeof(di));
	di.format = UNW_INFO_FORMAT_REMOTE_TABLE;
	di.start_ip = o->lo;
	di.end_ip = o->hi;
	di.gp = 0;
	di.u.rti.name_ptr = 0;
	di.u.rti.segbase = t->hdr_vaddr + o->bias;
	di.u.rti.table_data = t->table_vaddr + o->bias;
	di.u.rti.table_len = t->fde_count * 8 / sizeof(unw_word_t);
	return search_unwind_table(as, ip, &di, pi, need_unwind_info, arg);
}

static void put_unwind_info(unw_addr_space_t as, unw_proc_info_t *pi, void *arg)
{
	(void)as;
	(void)pi;
	(void)arg;
}

static int get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *dilap,
				  void *arg)
{
	(void)as;
	(void)dilap;
	(void)arg;
	return -UNW_ENOINFO;
}

static int read_obj(struct unwind *u, uint64_t addr, unw_word_t *valp)
{
	const struct map *m = maps_find(u->maps, addr);
	struct uw_obj *o = NULL;
	uint64_t v = 0;

	if (m && !m->identity)
		o = note_obj(u, m);
	if (!o) {
		for (int i = 0; i < u->nr_objs; i++)
			if (addr >= u->objs[i].lo && addr + 8 <= u->objs[i].hi) {
				o = &u->objs[i];
				break;
			}
	}
	if (!o)
		return -UNW_EINVAL;
	if (sym_dso_read(o->dso, addr - o->bias, &v, 8) != 8)
		return -UNW_EINVAL;
	*valp = v;
	return 0;
}

static int access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *valp,
		      int write, void *arg)
{
	struct unwind *u = arg;

	(void)as;
	if (write)
		return -UNW_EINVAL;
	if (addr >= u->sp && addr + sizeof(*valp) <= u->sp + u->stack_len) {
		memcpy(valp, u->stack + (addr - u->sp), sizeof(*valp));
		return 0;
	}
	if (addr >= u->sp && addr < u->sp + u->stack_len + 65536) {
		/* above the copy: unknown stack contents */
		*valp = 0;
		return -UNW_EINVAL;
	}
	return read_obj(u, addr, valp);
}

static int access_reg(unw_addr_space_t as, unw_regnum_t regnum,
		      unw_word_t *valp, int write, void *arg)
{
	struct unwind *u = arg;
	int preg = unw_to_preg(regnum);
	uint64_t v;

	(void)as;
	if (write)
		return -UNW_EREADONLYREG;
	if (preg < 0 || reg_value(u->regs, preg, &v))
		return -UNW_EBADREG;
	*valp = v;
	return 0;
}

static int access_fpreg(unw_addr_space_t as, unw_regnum_t num,
			unw_fpreg_t *val, int write, void *arg)
{
	(void)as;
	(void)num;
	(void)val;
	(void)write;
	(void)arg;
	return -UNW_EINVAL;
}

static int resume(unw_addr_space_t as, unw_cursor_t *cu, void *arg)
{
	(void)as;
	(void)cu;
	(void)arg;
	return -UNW_EINVAL;
}

static int get_proc_name(unw_addr_space_t as, unw_word_t addr, char *bufp,
			 size_t buf_len, unw_word_t *offp, void *arg)
{
	(void)as;
	(void)addr;
	(void)bufp;
	(void)buf_len;
	(void)offp;
	(void)arg;
	return -UNW_EINVAL;
}

static unw_accessors_t accessors = {
	.find_proc_info = find_proc_info,
	.put_unwind_info = put_unwind_info,
	.get_dyn_info_list_addr = get_dyn_info_list_addr,
	.access_mem = access_mem,
	.access_reg = access_reg,
	.access_fpreg = access_fpreg,
	.resume = resume,
	.get_proc_name = get_proc_name,
};

struct unwind *unwind_new(void)
{
	struct unwind *u = xcalloc(1, sizeof(*u));

	u->as = unw_create_addr_space(&accessors, 0);
	if (u->as)
		unw_set_caching_policy(u->as, UNW_CACHE_GLOBAL);
	return u;
}

void unwind_free(struct unwind *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(u->tables); i++) {
		struct uw_table *t = u->tables[i], *n;

		for (; t; t = n) {
			n = t->next;
			free(t);
		}
	}
	if (u->as)
		unw_destroy_addr_space(u->as);
	free(u);
}

int unwind_sample(struct unwind *u, const struct maps *maps,
		  const struct sample_regs *regs, const void *stack,
		  uint64_t stack_len, uint64_t *ips, int max)
{
	unw_cursor_t c;
	uint64_t ip, sp;
	int n = 0;

	if (!u->as)
		return -ENOMEM;
	if (!regs || regs->abi == PERF_SAMPLE_REGS_ABI_NONE ||
	    reg_value(regs, PREG_IP, &ip) || reg_value(regs, PREG_SP, &sp))
		return -ENOENT;
	if (max <= 0)
		return 0;
	if (maps != u->last_maps || (maps && maps->gen != u->last_gen)) {
		unw_flush_cache(u->as, 0, 0);
		u->last_maps = maps;
		u->last_gen = maps ? maps->gen : 0;
	}
	u->maps = maps;
	u->regs = regs;
	u->stack = stack;
	u->stack_len = stack_len;
	u->sp = sp;
	u->nr_objs = 0;
	ips[n++] = ip;
	if (!maps || unw_init_remote(&c, u->as, u))
		return n;
	while (n < max && unw_step(&c) > 0) {
		unw_word_t w;

		if (unw_get_reg(&c, UNW_REG_IP, &w) || !w)
			break;
		/* a return address points after the call: name the call */
		if (unw_is_signal_frame(&c) <= 0)
			w--;
		ips[n++] = w;
	}
	return n;
}

#else /* !__x86_64__ */

struct unwind {
	int unused;
};

struct unwind *unwind_new(void)
{
	return xcalloc(1, sizeof(struct unwind));
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
