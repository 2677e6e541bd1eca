// SPDX-License-Identifier: GPL-2.0
/*
 * x86 disassembly in objdump's words. capstone decodes; this file only
 * reprints capstone's AT&T text the way GNU objdump -d does: no ", "
 * between operands, hexadecimal immediates masked to the operand size,
 * a size suffix only where no general register gives the size, an
 * explicit scale and an explicit 0x0 displacement when they are encoded,
 * "<sym+off>" after jump and call targets and "# addr <sym+off>" after
 * rip-relative operands.
 */
#include "ptool/disasm.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PTOOL_NO_CAPSTONE
#include <capstone/capstone.h>
#endif

struct disasm {
	struct disasm_opts o;
#ifndef PTOOL_NO_CAPSTONE
	csh h;
	cs_insn *insn;
#endif
};

static void push_insn(struct disasm_insn **v, size_t *nr, size_t *alloc,
		      uint64_t addr, unsigned int len, char *text)
{
	if (*nr == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 64;
		*v = xrealloc(*v, *alloc * sizeof(**v));
	}
	(*v)[*nr].addr = addr;
	(*v)[*nr].len = len;
	(*v)[*nr].text = text;
	(*nr)++;
}

void disasm_insns_free(struct disasm_insn *insns, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(insns[i].text);
	free(insns);
}

void disasm_free(struct disasm *d)
{
	if (!d)
		return;
#ifndef PTOOL_NO_CAPSTONE
	if (d->insn)
		cs_free(d->insn, 1);
	cs_close(&d->h);
#endif
	free(d);
}

/* objdump -d over [addr, addr + len) of @path, as perf runs it */
static int objdump_range(const struct disasm *d, uint64_t addr, size_t len,
			 const char *path, struct disasm_insn **insns, size_t *nr)
{
	char start[32], stop[32];
	const char *argv[12];
	struct disasm_insn *v = NULL;
	size_t n = 0, alloc = 0;
	int fds[2], status, argc = 0;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	pid_t pid;

	*insns = NULL;
	*nr = 0;
	if (!path)
		return -ENOENT;
	snprintf(start, sizeof(start), "--start-address=0x%" PRIx64, addr);
	snprintf(stop, sizeof(stop), "--stop-address=0x%" PRIx64, addr + len);
	argv[argc++] = d->o.objdump ? d->o.objdump : "objdump";
	argv[argc++] = "-d";
	argv[argc++] = "-w";
	argv[argc++] = "-C";
	argv[argc++] = "--no-show-raw-insn";
	if (d->o.intel)
		argv[argc++] = "-Mintel";
	argv[argc++] = start;
	argv[argc++] = stop;
	argv[argc++] = path;
	argv[argc] = NULL;
	if (pipe(fds))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fds[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (!f) {
		close(fds[0]);
		waitpid(pid, &status, 0);
		return -ENOMEM;
	}
	while (getline(&line, &cap, f) > 0) {
		char *p = line, *end;
		uint64_t a;
		size_t l;

		while (*p == ' ')
			p++;
		a = strtoull(p, &end, 16);
		if (end == p || end[0] != ':' || end[1] != '\t')
			continue;
		p = end + 2;
		l = strlen(p);
		while (l && (p[l - 1] == '\n' || p[l - 1] == ' '))
			p[--l] = 0;
		if (n)
			v[n - 1].len = (unsigned int)(a - v[n - 1].addr);
		push_insn(&v, &n, &alloc, a, 1, xstrdup(p));
	}
	if (n)
		v[n - 1].len = (unsigned int)(addr + len - v[n - 1].addr);
	free(line);
	fclose(f);
	waitpid(pid, &status, 0);
	if (!n && (!WIFEXITED(status) || WEXITSTATUS(status))) {
		free(v);
		return -ENOEXEC;
	}
	*insns = v;
	*nr = n;
	return 0;
}


#ifndef PTOOL_NO_CAPSTONE

const char *disasm_backend(void)
{
	return "capstone";
}

struct disasm *disasm_new(const struct disasm_opts *o)
{
	struct disasm *d;

	if (o->bits != 64 && o->bits != 32) {
		errno = ENOTSUP;
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->o = *o;
	if (cs_open(CS_ARCH_X86, o->bits == 64 ? CS_MODE_64 : CS_MODE_32, &d->h) != CS_ERR_OK) {
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	cs_option(d->h, CS_OPT_SYNTAX, o->intel ? CS_OPT_SYNTAX_INTEL : CS_OPT_SYNTAX_ATT);
	cs_option(d->h, CS_OPT_DETAIL, CS_OPT_ON);
	d->insn = cs_malloc(d->h);
	if (!d->insn) {
		cs_close(&d->h);
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	return d;
}

/* general registers: they give an instruction its operand size */
static bool is_gpr(const char *r)
{
	static const char *const legacy[] = {
		"al", "ah", "bl", "bh", "cl", "ch", "dl", "dh", "sil", "dil",
		"spl", "bpl", "ax", "bx", "cx", "dx", "si", "di", "sp", "bp",
	};
	size_t n = strlen(r);

	if (*r == '%')
		r++, n--;
	for (size_t i = 0; i < ARRAY_SIZE(legacy); i++)
		if (!strcmp(r, legacy[i]))
			return true;
	if ((r[0] == 'e' || r[0] == 'r') && n == 3 &&
	    strchr("abcdsi", r[1]) && strchr("xipl", r[2]) && strcmp(r + 1, "ip"))
		return true;
	if (r[0] == 'r' && r[1] >= '0' && r[1] <= '9') {
		char *end;
		long k = strtol(r + 1, &end, 10);

		return k >= 8 && k <= 15 &&
		       (!*end || !strcmp(end, "d") || !strcmp(end, "w") || !strcmp(end, "b"));
	}
	return false;
}

static bool parse_num(const char *s, size_t n, int64_t *v)
{
	char tmp[40], *end;

	if (!n || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	errno = 0;
	if (tmp[0] == '-')
		*v = -(int64_t)strtoull(tmp + 1, &end, 0);
	else
		*v = (int64_t)strtoull(tmp, &end, 0);
	return !errno && !*end && end != tmp;
}

static uint64_t mask_size(uint64_t v, unsigned int size)
{
	if (size >= 1 && size < 8)
		v &= (1ull << (8 * size)) - 1;
	return v;
}

static void add_target(struct disasm *d, struct strbuf *sb, uint64_t a)
{
	size_t mark;

	strbuf_addf(sb, "%" PRIx64 " <", a);
	mark = sb->len;
	if (!d->o.name || d->o.name(d->o.arg, a, sb)) {
		strbuf_setlen(sb, mark - 2);
		return;
	}
	strbuf_addch(sb, '>');
}

/* reprint one memory operand: "%fs:-8(%rax, %rbx)" -> "%fs:-0x8(%rax,%rbx,1)" */
static void mem_operand(struct disasm *d, const cs_insn *in, const char *t,
			size_t n, struct strbuf *sb, uint64_t *riprel, bool *has_rip)
{
	const cs_x86 *x = &in->detail->x86;
	const char *paren = memchr(t, '(', n);
	const char *disp = t, *colon;
	size_t dn;
	int64_t v;

	/* segment override */
	colon = memchr(t, ':', paren ? (size_t)(paren - t) : n);
	if (colon && t[0] == '%') {
		strbuf_add(sb, t, (size_t)(colon - t) + 1);
		disp = colon + 1;
	}
	dn = paren ? (size_t)(paren - disp) : (size_t)(t + n - disp);
	if (dn && parse_num(disp, dn, &v)) {
		if (v < 0 && paren)
			strbuf_addf(sb, "-0x%" PRIx64, (uint64_t)-v);
		else
			strbuf_addf(sb, "0x%" PRIx64, mask_size((uint64_t)v, d->o.bits == 64 ? 8 : 4));
	} else if (dn) {
		strbuf_add(sb, disp, dn);
		v = 0;
	} else {
		v = 0;
		if (x->encoding.disp_size)
			strbuf_addstr(sb, "0x0");
	}
	if (!paren)
		return;
	{
		const char *p = paren, *e = t + n;
		int commas = 0;

		for (; p < e; p++) {
			if (*p == ' ')
				continue;
			if (*p == ',')
				commas++;
			if (*p == ')' && commas == 1)
				strbuf_addstr(sb, ",1");
			strbuf_addch(sb, *p);
		}
		if (!strncmp(paren, "(%rip)", 6) || !strncmp(paren, "(%eip)", 6)) {
			*riprel = in->address + in->size + (uint64_t)v;
			*has_rip = true;
		}
	}
}

static unsigned int imm_size(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;

	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_IMM && x->operands[i].size)
			return x->operands[i].size;
	return 8;
}

static bool in_group(const cs_insn *in, int grp)
{
	for (int i = 0; i < in->detail->groups_count; i++)
		if (in->detail->groups[i] == grp)
			return true;
	return false;
}

/* string instructions, whose implicit %ds:/%es: operands objdump spells out */
static bool is_string(const char *base)
{
	static const char *const names[] = {
		"stos", "scas", "lods", "cmps", "movs", "ins", "outs",
	};
	size_t n = strlen(base);

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		size_t l = strlen(names[i]);

		if (n == l + 1 && !strncmp(base, names[i], l) && strchr("bwdq", base[l]))
			return true;
	}
	return false;
}

/*
 * x87 register forms: objdump spells out the %st operand capstone leaves
 * implicit, "%st(1),%st" (d8, da, db, df) or "%st,%st(1)" (dc, de)
 */
static void x87_operands(const cs_insn *in, struct strbuf *ops, bool intel)
{
	const cs_x86 *x = &in->detail->x86;
	uint8_t op = x->opcode[0];
	const char *st0 = intel ? "st(0)" : "%st(0)";
	const char *st = intel ? "st" : "%st";
	struct strbuf t = STRBUF_INIT;
	char *other = NULL, *tok, *save = NULL;

	if (op < 0xd8 || op > 0xdf || op == 0xd9 || op == 0xdd || x->modrm < 0xc0 ||
	    (op == 0xdf && (x->modrm < 0xe8 || x->modrm > 0xf7)) ||
	    !ops->len || !strstr(ops->buf, "st"))
		return;
	/* the st(i) operand: the one that is not st(0), if any */
	for (tok = strtok_r(ops->buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!other || !strcmp(other, st0))
			other = tok;
	/* AT&T: "%st(i),%st" (d8, da, db, df), "%st,%st(i)" (dc, de); Intel reversed */
	if ((op == 0xdc || op == 0xde) != intel)
		strbuf_addf(&t, "%s,%s", st, other);
	else
		strbuf_addf(&t, "%s,%s", other, st);
	strbuf_reset(ops);
	strbuf_add(ops, t.buf, t.len);
	strbuf_release(&t);
}

/* xchg with the accumulator (90+r): objdump names the accumulator last */
static void swap_xchg(const cs_insn *in, struct strbuf *ops)
{
	uint8_t op = in->detail->x86.opcode[0];
	char *comma;
	struct strbuf t = STRBUF_INIT;

	if (op < 0x91 || op > 0x97 || !ops->len || !(comma = strchr(ops->buf, ',')) ||
	    strchr(comma + 1, ','))
		return;
	strbuf_addstr(&t, comma + 1);
	strbuf_addch(&t, ',');
	strbuf_add(&t, ops->buf, (size_t)(comma - ops->buf));
	strbuf_reset(ops);
	strbuf_add(ops, t.buf, t.len);
	strbuf_release(&t);
}

static char *format_att(struct disasm *d, const cs_insn *in)
{
	struct strbuf sb = STRBUF_INIT, ops = STRBUF_INIT;
	const char *mn = in->mnemonic, *last;
	const char *base = cs_insn_name(d->h, in->id);
	bool branch = in_group(in, CS_GRP_JUMP) || in_group(in, CS_GRP_CALL) ||
		      in_group(in, CS_GRP_RET);
	bool gpr = false, has_rip = false, indirect;
	uint64_t rip = 0;
	const char *p = in->op_str;
	const cs_x86 *x = &in->detail->x86;
	bool string = base && is_string(base) && !strstr(in->op_str, "%xmm");
	const char *seg_prefix = NULL;
	size_t mlen;

	/* 66 90 is objdump's "xchg %ax,%ax", not a nop */
	if (in->size == 2 && in->bytes[0] == 0x66 && in->bytes[1] == 0x90)
		return xstrdup("xchg   %ax,%ax");
	/* a cs/ds/es/ss override means nothing in 64-bit mode: a prefix name */
	if (d->o.bits == 64 && x->prefix[1] && x->prefix[1] != X86_PREFIX_FS &&
	    x->prefix[1] != X86_PREFIX_GS && !string) {
		static const char *const segs[] = { "%cs:", "%ds:", "%es:", "%ss:" };

		for (size_t i = 0; i < ARRAY_SIZE(segs); i++)
			if (strstr(in->op_str, segs[i]))
				seg_prefix = segs[i];
	}

	/* operands, split at the commas outside parentheses */
	while (*p) {
		const char *s = p;
		int depth = 0;
		size_t n;

		while (*p && (depth || *p != ',')) {
			if (*p == '(')
				depth++;
			else if (*p == ')')
				depth--;
			p++;
		}
		n = (size_t)(p - s);
		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
		if (ops.len)
			strbuf_addch(&ops, ',');
		indirect = *s == '*';
		if (indirect) {
			strbuf_addch(&ops, '*');
			s++;
			n--;
		}
		if (seg_prefix && n > 4 && !strncmp(s, seg_prefix, 4)) {
			s += 4;
			n -= 4;
		}
		if (string && n == 6 && (!strncmp(s, "(%rdi)", 6) || !strncmp(s, "(%rsi)", 6))) {
			strbuf_addstr(&ops, s[3] == 'd' ? "%es:" : "%ds:");
		} else if (string && n == 6 && (!strncmp(s, "(%edi)", 6) || !strncmp(s, "(%esi)", 6))) {
			strbuf_addstr(&ops, s[3] == 'd' ? "%es:" : "%ds:");
		}
		if (*s == '$' && !x->encoding.imm_size && (x->opcode[0] == 0xd0 || x->opcode[0] == 0xd1)) {
			/* shift by one: objdump prints no count */
			if (ops.len && ops.buf[ops.len - 1] == ',')
				strbuf_setlen(&ops, ops.len - 1);
			continue;
		}
		if (*s == '$') {
			int64_t v;

			if (parse_num(s + 1, n - 1, &v))
				strbuf_addf(&ops, "$0x%" PRIx64, mask_size((uint64_t)v, imm_size(in)));
			else
				strbuf_add(&ops, s, n);
		} else if (*s == '%' && (!memchr(s, ':', n) || !strncmp(s, "%st", 3)) &&
			   !memchr(s, '(', n > 3 && !strncmp(s, "%st", 3) ? 0 : n)) {
			char reg[16];

			strbuf_add(&ops, s, n);
			if (n < sizeof(reg)) {
				memcpy(reg, s, n);
				reg[n] = 0;
				/* a shift count in %cl does not size the operation */
				if (!(ops.len == n && !strcmp(reg, "%cl") && *p &&
				      (base[0] == 's' || base[0] == 'r')))
					gpr |= is_gpr(reg);
			}
		} else if (branch && !indirect && !memchr(s, '(', n)) {
			int64_t v;

			if (parse_num(s, n, &v))
				add_target(d, &ops, mask_size((uint64_t)v, d->o.bits == 64 ? 8 : 4));
			else
				strbuf_add(&ops, s, n);
		} else {
			mem_operand(d, in, s, n, &ops, &rip, &has_rip);
		}
	}

	swap_xchg(in, &ops);
	x87_operands(in, &ops, false);
	/* prefixes capstone puts into the mnemonic ("rep stosq", "lock xaddl") */
	last = strrchr(mn, ' ');
	if (last) {
		const char *q = mn;

		while (q < last) {
			const char *e = strchr(q, ' ');
			size_t pn = (size_t)(e - q);

			if (pn == 4 && !strncmp(q, "repe", 4))
				strbuf_addstr(&sb, "repz ");
			else if (pn == 5 && !strncmp(q, "repne", 5))
				strbuf_addstr(&sb, "repnz ");
			else {
				strbuf_add(&sb, q, pn);
				strbuf_addch(&sb, ' ');
			}
			q = e + 1;
		}
		mn = last + 1;
	}
	/* 66 66 ... nopw: objdump names each extra operand-size prefix */
	for (unsigned int i = 1; i < in->size && in->bytes[i] == 0x66 && in->bytes[0] == 0x66; i++)
		strbuf_addstr(&sb, "data16 ");
	if (seg_prefix) {
		strbuf_add(&sb, seg_prefix + 1, 2);
		strbuf_addch(&sb, ' ');
	}
	/* objdump's notrack: a 3e (ds) prefix on an indirect jump or call */
	if (branch && in->detail->x86.prefix[1] == X86_PREFIX_DS && strchr(in->op_str, '*'))
		strbuf_addstr(&sb, "notrack ");
	if (in->detail->x86.prefix[0] == 0xf2 && branch && !last)
		strbuf_addstr(&sb, "bnd ");
	mlen = strlen(mn);
	if (base && strlen(base) + 1 == mlen && !strncmp(mn, base, mlen - 1) &&
	    strchr("bwlq", mn[mlen - 1]) && (gpr || branch ||
	    in->id == X86_INS_PUSH || in->id == X86_INS_POP || in->id == X86_INS_LEAVE))
		mlen--;
	else if (string && gpr)
		mlen--;
	/* 66 REX.W 0f 6e/7e moves 64 bits: objdump's movq */
	if (mlen == 4 && !strncmp(mn, "movd", 4) && (x->rex & 8))
		mn = "movq";
	strbuf_add(&sb, mn, mlen);
	if (ops.len) {
		while (sb.len < 6)
			strbuf_addch(&sb, ' ');
		strbuf_addch(&sb, ' ');
		strbuf_add(&sb, ops.buf, ops.len);
	}
	if (has_rip) {
		strbuf_addstr(&sb, "        # ");
		add_target(d, &sb, rip);
	}
	strbuf_release(&ops);
	return strbuf_detach(&sb, NULL);
}

/* an Intel memory operand as objdump prints it: "QWORD PTR fs:[rax+rbx*1+0x8]" */
static void intel_mem(struct disasm *d, const cs_insn *in, const cs_x86_op *op,
		      const char *t, size_t n, struct strbuf *sb, bool drop_seg,
		      bool string)
{
	const char *br = memchr(t, '[', n);
	const x86_op_mem *m = &op->mem;
	bool any = false;

	bool seg = false;

	/* the size name before the bracket: "qword ptr " -> "QWORD PTR " */
	for (const char *c = t; c < br; c++) {
		if (c + 3 <= br && !strncmp(c, "cs:", 3) + !strncmp(c, "ds:", 3) +
		    !strncmp(c, "es:", 3) + !strncmp(c, "ss:", 3) +
		    !strncmp(c, "fs:", 3) + !strncmp(c, "gs:", 3)) {
			if (!drop_seg) {
				strbuf_add(sb, c, 3);
				seg = true;
			}
			c += 2;
			continue;
		}
		strbuf_addch(sb, *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c);
	}
	/* objdump's names for the 80-bit x87 operand and fnstsw's 16 bits */
	if (strstr(sb->buf, "XWORD PTR ") && !strstr(sb->buf, "XMMWORD PTR ")) {
		size_t at = (size_t)(strstr(sb->buf, "XWORD PTR ") - sb->buf);

		strbuf_setlen(sb, at);
		strbuf_addstr(sb, "TBYTE PTR ");
	}
	if (in->id == X86_INS_FNSTSW && strstr(sb->buf, "DWORD PTR ")) {
		size_t at = (size_t)(strstr(sb->buf, "DWORD PTR ") - sb->buf);

		strbuf_setlen(sb, at);
		strbuf_addstr(sb, "WORD PTR ");
	}
	/* capstone 4 sizes the memory operand of (u)comisd/(u)comiss as xmm */
	if (strstr(sb->buf, "XMMWORD PTR ") && (in->id == X86_INS_COMISD || in->id == X86_INS_UCOMISD ||
						 in->id == X86_INS_VCOMISD || in->id == X86_INS_VUCOMISD ||
						 in->id == X86_INS_VCOMISS || in->id == X86_INS_VUCOMISS ||
						 in->id == X86_INS_COMISS || in->id == X86_INS_UCOMISS)) {
		char *w = strstr(sb->buf, "XMMWORD PTR ");
		bool dbl = in->id == X86_INS_COMISD || in->id == X86_INS_UCOMISD ||
			   in->id == X86_INS_VCOMISD || in->id == X86_INS_VUCOMISD;
		size_t at = (size_t)(w - sb->buf);

		strbuf_setlen(sb, at);
		strbuf_addstr(sb, dbl ? "QWORD PTR " : "DWORD PTR ");
	}
	/* an absolute address: objdump prints "fs:0x28", "ds:0x601040" */
	if (m->base == X86_REG_INVALID && m->index == X86_REG_INVALID) {
		strbuf_addf(sb, "%s0x%" PRIx64, seg ? "" : "ds:",
			    mask_size((uint64_t)m->disp, d->o.bits == 64 ? 8 : 4));
		return;
	}
	if (string && !memchr(t, ':', n) && m->base != X86_REG_INVALID) {
		const char *r = cs_reg_name(d->h, m->base);

		if (!strcmp(r, "rdi") || !strcmp(r, "edi"))
			strbuf_addstr(sb, "es:");
		else if (!strcmp(r, "rsi") || !strcmp(r, "esi"))
			strbuf_addstr(sb, "ds:");
	}
	strbuf_addch(sb, '[');
	if (m->base != X86_REG_INVALID) {
		strbuf_addstr(sb, cs_reg_name(d->h, m->base));
		any = true;
	}
	if (m->index != X86_REG_INVALID) {
		strbuf_addf(sb, "%s%s*%d", any ? "+" : "", cs_reg_name(d->h, m->index), m->scale);
		any = true;
	}
	if (m->disp || in->detail->x86.encoding.disp_size) {
		if (m->base == X86_REG_RIP || m->base == X86_REG_EIP)
			strbuf_addf(sb, "+0x%" PRIx64, mask_size((uint64_t)m->disp, d->o.bits == 64 ? 8 : 4));
		else if (m->disp < 0)
			strbuf_addf(sb, "-0x%" PRIx64, (uint64_t)-m->disp);
		else
			strbuf_addf(sb, "+0x%" PRIx64, (uint64_t)m->disp);
	}
	strbuf_addch(sb, ']');
}

/* Intel syntax (-M intel): objdump's spacing, names and numbers */
static char *format_intel(struct disasm *d, const cs_insn *in)
{
	struct strbuf sb = STRBUF_INIT, ops = STRBUF_INIT;
	const char *p = in->op_str;
	const cs_x86 *x = &in->detail->x86;
	const char *base = cs_insn_name(d->h, in->id);
	bool string = base && is_string(base) && !strstr(in->op_str, "xmm");
	bool drop_seg = false;
	int nmem = 0, rip = -1;
	int64_t v;

	if (in->size == 2 && in->bytes[0] == 0x66 && in->bytes[1] == 0x90)
		return xstrdup("xchg   ax,ax");
	if ((in_group(in, CS_GRP_JUMP) || in_group(in, CS_GRP_CALL)) &&
	    parse_num(p, strlen(p), &v)) {
		strbuf_addf(&sb, "%-6s ", in->mnemonic);
		add_target(d, &sb, mask_size((uint64_t)v, d->o.bits == 64 ? 8 : 4));
		return strbuf_detach(&sb, NULL);
	}
	if (d->o.bits == 64 && x->prefix[1] && x->prefix[1] != X86_PREFIX_FS &&
	    x->prefix[1] != X86_PREFIX_GS && !string)
		drop_seg = true;
	while (*p) {
		const char *s = p;
		int depth = 0;
		size_t n;

		while (*p && (depth || *p != ',')) {
			if (*p == '[')
				depth++;
			else if (*p == ']')
				depth--;
			p++;
		}
		n = (size_t)(p - s);
		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
		if (ops.len)
			strbuf_addch(&ops, ',');
		if (memchr(s, '[', n)) {
			int k, seen = 0;

			for (k = 0; k < x->op_count; k++)
				if (x->operands[k].type == X86_OP_MEM && seen++ == nmem)
					break;
			nmem++;
			if (k < x->op_count) {
				intel_mem(d, in, &x->operands[k], s, n, &ops, drop_seg, string);
				if (x->operands[k].mem.base == X86_REG_RIP ||
				    x->operands[k].mem.base == X86_REG_EIP)
					rip = k;
			} else {
				strbuf_add(&ops, s, n);
			}
		} else if (parse_num(s, n, &v)) {
			if (!x->encoding.imm_size && (x->opcode[0] == 0xd0 || x->opcode[0] == 0xd1))
				strbuf_add(&ops, s, n);
			else
				strbuf_addf(&ops, "0x%" PRIx64, mask_size((uint64_t)v, imm_size(in)));
		} else {
			strbuf_add(&ops, s, n);
		}
	}
	swap_xchg(in, &ops);
	x87_operands(in, &ops, true);
	for (unsigned int i = 1; i < in->size && in->bytes[i] == 0x66 && in->bytes[0] == 0x66; i++)
		strbuf_addstr(&sb, "data16 ");
	if (drop_seg && x->prefix[1] == X86_PREFIX_DS && in_group(in, CS_GRP_JUMP) + in_group(in, CS_GRP_CALL))
		strbuf_addstr(&sb, "notrack ");
	else if (drop_seg) {
		static const struct { int pfx; const char *name; } segs[] = {
			{ X86_PREFIX_CS, "cs " }, { X86_PREFIX_DS, "ds " },
			{ X86_PREFIX_ES, "es " }, { X86_PREFIX_SS, "ss " },
		};

		for (size_t i = 0; i < ARRAY_SIZE(segs); i++)
			if (x->prefix[1] == segs[i].pfx)
				strbuf_addstr(&sb, segs[i].name);
	}
	if (!strncmp(in->mnemonic, "repe ", 5))
		strbuf_addf(&sb, "repz %s", in->mnemonic + 5);
	else if (!strncmp(in->mnemonic, "repne ", 6))
		strbuf_addf(&sb, "repnz %s", in->mnemonic + 6);
	else
		strbuf_addstr(&sb, in->mnemonic);
	/* string instructions drop the size letter: their operands say it */
	if (string && ops.len && sb.len && strchr("bwdq", sb.buf[sb.len - 1]))
		strbuf_setlen(&sb, sb.len - 1);
	if (ops.len) {
		while (sb.len < 6)
			strbuf_addch(&sb, ' ');
		strbuf_addch(&sb, ' ');
		strbuf_add(&sb, ops.buf, ops.len);
	}
	if (rip >= 0) {
		strbuf_addstr(&sb, "        # ");
		add_target(d, &sb, in->address + in->size + (uint64_t)x->operands[rip].mem.disp);
	}
	strbuf_release(&ops);
	return strbuf_detach(&sb, NULL);
}

/*
 * 9b (wait) before an fn* control instruction is objdump's one "fstcw"
 * (fnstcw with the wait), and alone its "fwait"
 */
static void merge_wait(struct disasm_insn *v, size_t *nr)
{
	size_t out = 0;

	for (size_t i = 0; i < *nr; i++) {
		if (strcmp(v[i].text, "wait")) {
			v[out++] = v[i];
			continue;
		}
		if (i + 1 < *nr && v[i + 1].addr == v[i].addr + 1 && !strncmp(v[i + 1].text, "fn", 2) &&
		    strcmp(v[i + 1].text, "fnop")) {
			struct strbuf sb = STRBUF_INIT;
			const char *t = v[i + 1].text + 2, *sp = strchr(t, ' ');
			size_t ml = sp ? (size_t)(sp - t) : strlen(t);

			strbuf_addch(&sb, 'f');
			strbuf_add(&sb, t, ml);
			if (sp) {
				while (*sp == ' ')
					sp++;
				while (sb.len < 6)
					strbuf_addch(&sb, ' ');
				strbuf_addch(&sb, ' ');
				strbuf_addstr(&sb, sp);
			}
			free(v[i].text);
			free(v[i + 1].text);
			v[out].addr = v[i].addr;
			v[out].len = 1 + v[i + 1].len;
			v[out].text = strbuf_detach(&sb, NULL);
			out++;
			i++;
			continue;
		}
		free(v[i].text);
		v[i].text = xstrdup("fwait");
		v[out++] = v[i];
	}
	*nr = out;
}

int disasm_range(struct disasm *d, const uint8_t *buf, size_t len,
		 uint64_t addr, const char *path,
		 struct disasm_insn **insns, size_t *nr)
{
	struct disasm_insn *v = NULL;
	size_t n = 0, alloc = 0;
	const uint8_t *code = buf;
	size_t left = len;
	uint64_t a = addr;

	bool bad = false;

	while (left) {
		if (!cs_disasm_iter(d->h, &code, &left, &a, d->insn)) {
			bad = true;
			push_insn(&v, &n, &alloc, a, 1, xstrdup("(bad)"));
			code++;
			left--;
			a++;
			continue;
		}
		push_insn(&v, &n, &alloc, d->insn->address, d->insn->size,
			  d->o.intel ? format_intel(d, d->insn) : format_att(d, d->insn));
	}
	merge_wait(v, &n);
	/*
	 * capstone 4 knows no AVX-512: where it gives up, objdump (when
	 * installed) decodes the function, and prints "(bad)" itself for
	 * bytes that are no instruction
	 */
	if (bad && path) {
		struct disasm_insn *ov;
		size_t on;

		if (!objdump_range(d, addr, len, path, &ov, &on) && on) {
			disasm_insns_free(v, n);
			v = ov;
			n = on;
		}
	}
	*insns = v;
	*nr = n;
	return 0;
}
#else	/* PTOOL_NO_CAPSTONE: run objdump, as perf does */


const char *disasm_backend(void)
{
	return "objdump";
}

struct disasm *disasm_new(const struct disasm_opts *o)
{
	struct disasm *d;

	if (o->bits != 64 && o->bits != 32) {
		errno = ENOTSUP;
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->o = *o;
	return d;
}

int disasm_range(struct disasm *d, const uint8_t *buf, size_t len,
		 uint64_t addr, const char *path,
		 struct disasm_insn **insns, size_t *nr)
{
	return objdump_range(d, addr, len, path, insns, nr);
}

#endif
