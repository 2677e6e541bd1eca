// SPDX-License-Identifier: GPL-2.0
/*
 * The probe finder, fetch-args: DWARF variable locations and types to
 * uprobe/kprobe fetch-args ($params, $vars, VAR->member:TYPE).
 */
#include "ptool/probe_dwarf.h"

#include <ctype.h>
#include <stdarg.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/msg.h"
#include "ptool/parse.h"
#include "probe_dwarf-priv.h"

/* ---- locations ---- */

/* a value: in a register/immediate (base), or in memory at base+off */
struct fexpr {
	bool mem;
	char *base;	/* "%di", "\\5", "@+0x4010", or a nested fetch */
	long off;
};

static char *fexpr_str(const struct fexpr *e)
{
	struct strbuf sb = STRBUF_INIT;

	if (!e->mem)
		strbuf_addstr(&sb, e->base);
	else
		strbuf_addf(&sb, "%+ld(%s)", e->off, e->base);
	return strbuf_detach(&sb, NULL);
}

static void fexpr_set(struct fexpr *e, bool mem, const char *base, long off)
{
	free(e->base);
	e->mem = mem;
	e->base = xstrdup(base);
	e->off = off;
}

/* deref: the value of @e is an address; point at *(value + off) */
static void fexpr_deref(struct fexpr *e, long off)
{
	char *s = fexpr_str(e);

	free(e->base);
	e->base = s;
	e->mem = true;
	e->off = off;
}

/* register + offset from a one-op expression (DW_OP_bregN, bregx) */
static int breg_of(const Dwarf_Op *op, unsigned int *reg, long *off)
{
	if (op->atom >= DW_OP_breg0 && op->atom <= DW_OP_breg31) {
		*reg = op->atom - DW_OP_breg0;
		*off = (long)(Dwarf_Sword)op->number;
		return 0;
	}
	if (op->atom == DW_OP_bregx) {
		*reg = op->number;
		*off = (long)(Dwarf_Sword)op->number2;
		return 0;
	}
	return -EINVAL;
}

/* frame base of the real function around addr: register and offset */
static int frame_base(struct ctx *c, unsigned int *reg, long *off)
{
	Dwarf_Die *sp = NULL;
	Dwarf_Attribute attr;
	Dwarf_Op *ops;
	size_t nops;

	for (int i = 0; i < c->nscopes; i++)
		if (dwarf_tag(&c->scopes[i]) == DW_TAG_subprogram) {
			sp = &c->scopes[i];
			break;
		}
	if (!sp || !dwarf_attr(sp, DW_AT_frame_base, &attr) ||
	    dwarf_getlocation_addr(&attr, c->addr, &ops, &nops, 1) <= 0 ||
	    nops < 1)
		return -ENOENT;
	if (ops[0].atom == DW_OP_call_frame_cfa) {
		Dwarf_Frame *frame = NULL;
		Dwarf_Op *cops;
		size_t ncops;
		int ret = -ENOENT;

		if ((!c->b->cfi_eh ||
		     dwarf_cfi_addrframe(c->b->cfi_eh, c->addr, &frame)) &&
		    (!c->b->cfi_dbg ||
		     dwarf_cfi_addrframe(c->b->cfi_dbg, c->addr, &frame)))
			return -ENOENT;
		if (dwarf_frame_cfa(frame, &cops, &ncops) == 0 && ncops == 1)
			ret = breg_of(&cops[0], reg, off);
		free(frame);
		return ret;
	}
	if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31) {
		*reg = ops[0].atom - DW_OP_reg0;
		*off = 0;
		return 0;
	}
	return breg_of(&ops[0], reg, off);
}

/* the location of variable @var at c->addr as a fetch expression */
static int var_location(struct ctx *c, Dwarf_Die *var, const char *name,
			struct fexpr *e)
{
	Dwarf_Attribute attr;
	Dwarf_Op *ops;
	size_t nops;
	unsigned int reg;
	long off;
	char buf[64];

	if (dwarf_attr(var, DW_AT_const_value, &attr)) {
		Dwarf_Sword v;
		Dwarf_Word u;

		if (dwarf_formsdata(&attr, &v) == 0)
			snprintf(buf, sizeof(buf), "\\%" PRId64, (int64_t)v);
		else if (dwarf_formudata(&attr, &u) == 0)
			snprintf(buf, sizeof(buf), "\\%" PRIu64, (uint64_t)u);
		else
			goto cannot;
		fexpr_set(e, false, buf, 0);
		return 0;
	}
	if (!dwarf_attr(var, DW_AT_location, &attr))
		goto optimized;
	if (dwarf_getlocation_addr(&attr, c->addr, &ops, &nops, 1) <= 0 ||
	    nops == 0)
		goto optimized;
	if (nops == 2 && ops[1].atom == DW_OP_stack_value) {
		if (ops[0].atom >= DW_OP_lit0 && ops[0].atom <= DW_OP_lit31) {
			snprintf(buf, sizeof(buf), "\\%d",
				 ops[0].atom - DW_OP_lit0);
		} else if (ops[0].atom == DW_OP_constu ||
			   ops[0].atom == DW_OP_const1u ||
			   ops[0].atom == DW_OP_const2u ||
			   ops[0].atom == DW_OP_const4u ||
			   ops[0].atom == DW_OP_const8u) {
			snprintf(buf, sizeof(buf), "\\%" PRIu64,
				 (uint64_t)ops[0].number);
		} else if (ops[0].atom == DW_OP_consts ||
			   ops[0].atom == DW_OP_const1s ||
			   ops[0].atom == DW_OP_const2s ||
			   ops[0].atom == DW_OP_const4s ||
			   ops[0].atom == DW_OP_const8s) {
			snprintf(buf, sizeof(buf), "\\%" PRId64,
				 (int64_t)ops[0].number);
		} else {
			goto cannot;
		}
		fexpr_set(e, false, buf, 0);
		return 0;
	}
	if (nops != 1)
		goto cannot;
	if (ops[0].atom == DW_OP_fbreg) {
		if (frame_base(c, &reg, &off) || !pdw_regname(reg))
			goto cannot;
		fexpr_set(e, true, pdw_regname(reg),
			  off + (long)(Dwarf_Sword)ops[0].number);
		return 0;
	}
	if (!breg_of(&ops[0], &reg, &off)) {
		if (!pdw_regname(reg))
			goto cannot;
		fexpr_set(e, true, pdw_regname(reg), off);
		return 0;
	}
	if ((ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31) ||
	    ops[0].atom == DW_OP_regx) {
		reg = ops[0].atom == DW_OP_regx ? (unsigned int)ops[0].number :
			(unsigned int)(ops[0].atom - DW_OP_reg0);
		if (!pdw_regname(reg))
			goto cannot;
		fexpr_set(e, false, pdw_regname(reg), 0);
		return 0;
	}
	if (ops[0].atom == DW_OP_addr && !c->b->kernel) {
		uint64_t fo;

		/*
		 * @+OFFSET: the kernel adds OFFSET to the probe's address
		 * minus the probe's file offset (trace_uprobe.c,
		 * translate_user_vaddr), so OFFSET is the variable's address
		 * relative to the mapping of the probed code.
		 */
		if (probe_bin_file_offset(c->b, c->addr, &fo))
			goto cannot;
		snprintf(buf, sizeof(buf), "@+0x%" PRIx64,
			 (uint64_t)ops[0].number - (uint64_t)c->addr + fo);
		fexpr_set(e, true, buf, 0);
		e->mem = false;	/* "@+off" already reads memory */
		return 0;
	}
cannot:
	strbuf_addf(c->err, "the location of '%s' at this address is a DWARF "
		    "expression ptool cannot turn into a fetch-arg", name);
	return -EINVAL;
optimized:
	strbuf_addf(c->err, "'%s' is not available at this address "
		    "(optimized out)", name);
	return -ENOENT;
}

static bool peel(Dwarf_Die *t)
{
	return dwarf_peel_type(t, t) == 0;
}

static bool die_type(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute attr;

	return dwarf_attr_integrate(die, DW_AT_type, &attr) &&
	       dwarf_formref_die(&attr, type);
}

/*
 * perf's type names: "int", "char**", "struct pt", "int*" for arrays,
 * without const/volatile
 */
void pdw_type_name(Dwarf_Die *die, struct strbuf *out)
{
	Dwarf_Die t;
	const char *n;

	if (!die_type(die, &t)) {
		strbuf_addstr(out, "void");
		return;
	}
	switch (dwarf_tag(&t)) {
	case DW_TAG_pointer_type:
		pdw_type_name(&t, out);
		strbuf_addch(out, '*');
		return;
	case DW_TAG_array_type:
		pdw_type_name(&t, out);
		strbuf_addch(out, '*');
		return;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
		/* perf prints types without qualifiers ("char*") */
		pdw_type_name(&t, out);
		return;
	case DW_TAG_structure_type:
		strbuf_addstr(out, "struct ");
		break;
	case DW_TAG_union_type:
		strbuf_addstr(out, "union ");
		break;
	case DW_TAG_enumeration_type:
		strbuf_addstr(out, "enum ");
		break;
	case DW_TAG_subroutine_type:
		strbuf_addstr(out, "(function_type)");
		return;
	default:
		break;
	}
	n = dwarf_diename(&t);
	strbuf_addstr(out, n ? n : "");
}

/*
 * The fetch type of a value of type @t, by perf's convert_variable_type():
 * 's' for a signed integer or char encoding, 'x' for everything else
 * (unsigned, bool, float, enum, pointer, struct), unless @cast is "s", "u"
 * or "x"; the type's size in bits, at most 64. NULL (the kernel's default
 * type) when the type has no size, as an array.
 */
static const char *fetch_type(Dwarf_Die *t, const char *cast, char buf[32])
{
	Dwarf_Attribute attr;
	Dwarf_Word enc = 0;
	char prefix;
	int size;

	if (!peel(t))
		return NULL;
	if (dwarf_attr(t, DW_AT_encoding, &attr))
		dwarf_formudata(&attr, &enc);
	if (cast && (!strcmp(cast, "u") || !strcmp(cast, "s") ||
		     !strcmp(cast, "x")))
		prefix = cast[0];
	else
		prefix = enc == DW_ATE_signed || enc == DW_ATE_signed_char ||
			 enc == DW_ATE_signed_fixed ? 's' : 'x';
	size = dwarf_bytesize(t);
	if (size <= 0)
		return NULL;
	snprintf(buf, 32, "%c%d", prefix, size * 8 > 64 ? 64 : size * 8);
	return buf;
}

/* a bitfield member @m: perf's "b<bits>@<offset>/<container bits>" */
static const char *bitfield_type(Dwarf_Die *m, char buf[32])
{
	int bits = dwarf_bitsize(m), offs, total;

	if (bits <= 0)
		return NULL;
	offs = dwarf_bitoffset(m);
	total = dwarf_bytesize(m);
	if (offs < 0 || total < 0)
		return NULL;
	snprintf(buf, 32, "b%d@%d/%d", bits, offs, total * 8);
	return buf;
}

/* a data member of struct/union type @st named @name */
static bool find_member(Dwarf_Die *st, const char *name, Dwarf_Die *out,
			long *off)
{
	Dwarf_Die child;

	if (dwarf_child(st, &child) != 0)
		return false;
	do {
		const char *n = dwarf_diename(&child);
		Dwarf_Attribute attr;
		Dwarf_Word w = 0;

		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		if (dwarf_attr(&child, DW_AT_data_member_location, &attr))
			dwarf_formudata(&attr, &w);
		if (n && !strcmp(n, name)) {
			*out = child;
			*off = (long)w;
			return true;
		}
		if (!n) {	/* anonymous struct/union member */
			Dwarf_Die t;
			long sub;

			if (die_type(&child, &t) && peel(&t) &&
			    find_member(&t, name, out, &sub)) {
				*off = (long)w + sub;
				return true;
			}
		}
	} while (dwarf_siblingof(&child, &child) == 0);
	return false;
}

/* find a variable or parameter visible at c->addr */
static bool find_var(struct ctx *c, const char *name, Dwarf_Die *out)
{
	for (int i = 0; i < c->nscopes; i++) {
		Dwarf_Die *s = &c->scopes[i], child;
		int tag = dwarf_tag(s);

		if (dwarf_child(s, &child) == 0) {
			do {
				int t = dwarf_tag(&child);
				const char *n;

				if (t != DW_TAG_variable &&
				    t != DW_TAG_formal_parameter)
					continue;
				n = dwarf_diename(&child);
				if (n && !strcmp(n, name)) {
					*out = child;
					return true;
				}
			} while (dwarf_siblingof(&child, &child) == 0);
		}
		if (pdw_is_func_tag(tag)) {
			/* then globals of the CU */
			s = &c->scopes[c->nscopes - 1];
			if (i == c->nscopes - 1 || dwarf_child(s, &child))
				return false;
			do {
				const char *n;

				if (dwarf_tag(&child) != DW_TAG_variable)
					continue;
				n = dwarf_diename(&child);
				if (n && !strcmp(n, name)) {
					*out = child;
					return true;
				}
			} while (dwarf_siblingof(&child, &child) == 0);
			return false;
		}
	}
	return false;
}

int pdw_fail(struct strbuf *err, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return ret;
}

/*
 * Translate VAR[->F|.F|[N]]...[:TYPE] at c->addr into "name=fetch:type".
 * @display gets perf's "x=p.x" form.
 */
int pdw_convert_var(struct ctx *c, Dwarf_Die *var, const char *expr,
		    const char *argname, const char *cast,
		    struct strbuf *out)
{
	struct fexpr e = { 0 };
	Dwarf_Die type;
	char *buf = xstrdup(expr), *p = buf, *lastname;
	const char *ft = NULL;
	char tbuf[32];
	bool have_type, member = false;
	Dwarf_Die mem_die;
	int ret;

	p += strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_");
	lastname = xstrndup(buf, p - buf);
	ret = var_location(c, var, lastname, &e);
	if (ret)
		goto out;
	have_type = die_type(var, &type);
	while (*p) {
		bool arrow = p[0] == '-' && p[1] == '>';

		if (!have_type || !peel(&type)) {
			ret = pdw_fail(c->err, -EINVAL, "'%s': no type information "
				   "to follow '%s'", expr, p);
			goto out;
		}
		if (*p == '[') {
			long idx = strtol(p + 1, &p, 10), size;
			Dwarf_Die elem;
			int tag = dwarf_tag(&type);

			p++;	/* ']' */
			if ((tag != DW_TAG_array_type &&
			     tag != DW_TAG_pointer_type) ||
			    !die_type(&type, &elem)) {
				ret = pdw_fail(c->err, -EINVAL, "'%s' is not an "
					   "array or a pointer in '%s'",
					   lastname, expr);
				goto out;
			}
			{
				Dwarf_Word sz;

				if (dwarf_aggregate_size(&elem, &sz)) {
					ret = pdw_fail(c->err, -EINVAL, "unknown "
						   "element size in '%s'", expr);
					goto out;
				}
				size = (long)sz;
			}
			if (tag == DW_TAG_pointer_type) {
				fexpr_deref(&e, idx * size);
			} else {
				if (!e.mem) {
					ret = pdw_fail(c->err, -EINVAL, "array '%s' "
						   "is not in memory", lastname);
					goto out;
				}
				e.off += idx * size;
			}
			type = elem;
			continue;
		}
		/* member access */
		{
			Dwarf_Die st = type, mem;
			const char *f = p + (arrow ? 2 : 1);
			char *field;
			long moff;
			int tag = dwarf_tag(&st);

			p = (char *)f + strspn(f, "abcdefghijklmnopqrstuvwxyz"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			field = xstrndup(f, p - f);
			if (arrow) {
				if (tag != DW_TAG_pointer_type ||
				    !die_type(&st, &st) || !peel(&st)) {
					ret = pdw_fail(c->err, -EINVAL, "'%s' is not "
						   "a pointer to a struct (use "
						   "'.' for '%s')", lastname,
						   field);
					free(field);
					goto out;
				}
				tag = dwarf_tag(&st);
			} else if (tag == DW_TAG_pointer_type) {
				ret = pdw_fail(c->err, -EINVAL, "'%s' is a pointer:"
					   " use '->%s'", lastname, field);
				free(field);
				goto out;
			}
			if ((tag != DW_TAG_structure_type &&
			     tag != DW_TAG_union_type) ||
			    !find_member(&st, field, &mem, &moff)) {
				ret = pdw_fail(c->err, -ENOENT, "'%s' has no member "
					   "'%s'", lastname, field);
				free(field);
				goto out;
			}
			if (arrow) {
				fexpr_deref(&e, moff);
			} else {
				if (!e.mem) {
					ret = pdw_fail(c->err, -EINVAL, "'%s' is "
						   "held in a register: cannot "
						   "take its member '%s'",
						   lastname, field);
					free(field);
					goto out;
				}
				e.off += moff;
			}
			free(lastname);
			lastname = field;
			have_type = die_type(&mem, &type);
			mem_die = mem;
			member = true;
		}
	}
	if (cast && (!strcmp(cast, "string") || !strcmp(cast, "ustring"))) {
		Dwarf_Die t = type;

		/* a char * holds the string's address: read through it */
		if (have_type && peel(&t) && dwarf_tag(&t) == DW_TAG_pointer_type)
			fexpr_deref(&e, 0);
		ft = cast;
	} else if (cast && strcmp(cast, "u") && strcmp(cast, "s") &&
		   strcmp(cast, "x")) {
		ft = cast;
	} else if (member && dwarf_bitsize(&mem_die) > 0) {
		/* perf reads DW_AT_bit_offset only (DWARF 5 has none) */
		ft = bitfield_type(&mem_die, tbuf);
		if (!ft) {
			ret = pdw_fail(c->err, -ENOENT, "cannot get the offset of "
				   "bitfield '%s'", lastname);
			goto out;
		}
	} else if (have_type) {
		Dwarf_Die t = type;

		ft = fetch_type(&t, cast, tbuf);
	}
	{
		char *s = fexpr_str(&e);

		if (argname)
			strbuf_addf(out, "%s=%s", argname, s);
		else if (cast && !strcmp(lastname, expr))
			/* perf names a cast plain variable "n_u32" */
			strbuf_addf(out, "%s_%s=%s", lastname, cast, s);
		else
			strbuf_addf(out, "%s=%s", lastname, s);
		if (ft)
			strbuf_addf(out, ":%s", ft);
		free(s);
	}
	ret = 0;
out:
	free(e.base);
	free(lastname);
	free(buf);
	return ret;
}

/* the function DIE whose variables $params lists */
static Dwarf_Die *ctx_func(struct ctx *c)
{
	for (int i = 0; i < c->nscopes; i++)
		if (pdw_is_func_tag(dwarf_tag(&c->scopes[i])))
			return &c->scopes[i];
	return NULL;
}

/* parameters (and with @locals, locals in scope) of the probed function */
void pdw_for_each_var(struct ctx *c, bool locals, var_cb cb, void *data)
{
	int last = -1;

	for (int i = 0; i < c->nscopes; i++)
		if (pdw_is_func_tag(dwarf_tag(&c->scopes[i]))) {
			last = i;
			break;
		}
	if (last < 0)
		return;
	/* outermost (the function) first, as perf lists them */
	for (int i = last; i >= 0; i--) {
		Dwarf_Die child;

		if (!locals && i != last)
			break;
		if (dwarf_child(&c->scopes[i], &child))
			continue;
		do {
			int t = dwarf_tag(&child);

			if (t == DW_TAG_formal_parameter ||
			    (locals && t == DW_TAG_variable))
				cb(c, &child, data);
		} while (dwarf_siblingof(&child, &child) == 0);
	}
}

struct multi {
	struct strbuf *out;
	int n;
	bool params_only;
};

static int multi_cb(struct ctx *c, Dwarf_Die *var, void *data)
{
	struct multi *m = data;
	struct strbuf err = STRBUF_INIT, one = STRBUF_INIT;
	struct strbuf *saved = c->err;
	const char *name = dwarf_diename(var);

	if (m->params_only && dwarf_tag(var) != DW_TAG_formal_parameter)
		return 0;
	if (!name)
		return 0;
	c->err = &err;
	/* $vars and $params silently skip what is not available here */
	if (!pdw_convert_var(c, var, name, NULL, NULL, &one)) {
		if (m->out->len)
			strbuf_addch(m->out, '\n');
		strbuf_add(m->out, one.buf, one.len);
		m->n++;
	}
	c->err = saved;
	strbuf_release(&err);
	strbuf_release(&one);
	return 0;
}

void pdw_add_arg(struct probe_loc *loc, const char *s)
{
	loc->args = xrealloc(loc->args, (loc->nargs + 1) * sizeof(char *));
	loc->args[loc->nargs++] = xstrdup(s);
}

void pdw_add_spec_args(struct probe_loc *loc, const struct probe_spec *s)
{
	for (int j = 0; j < s->nargs; j++) {
		struct strbuf sb = STRBUF_INIT;

		if (s->args[j].name)
			strbuf_addf(&sb, "%s=", s->args[j].name);
		strbuf_addstr(&sb, s->args[j].var);
		if (s->args[j].type)
			strbuf_addf(&sb, ":%s", s->args[j].type);
		pdw_add_arg(loc, sb.buf);
		strbuf_release(&sb);
	}
}

int pdw_convert_args(struct ctx *c, const struct probe_spec *s,
		     struct probe_loc *loc)
{
	for (int i = 0; i < s->nargs; i++) {
		const struct probe_arg *a = &s->args[i];
		struct strbuf sb = STRBUF_INIT;
		const char *v = a->var;
		Dwarf_Die var;
		int ret;

		if (!strcmp(v, "$params") || !strcmp(v, "$vars")) {
			struct multi m = { &sb, 0, v[1] == 'p' };

			pdw_for_each_var(c, v[1] == 'v', multi_cb, &m);
			for (char *p = sb.buf, *nl; *p; p = nl + 1) {
				nl = strchr(p, '\n');
				if (nl)
					*nl = '\0';
				pdw_add_arg(loc, p);
				if (!nl)
					break;
			}
			strbuf_release(&sb);
			continue;
		}
		if (v[0] == '$' || v[0] == '%' || v[0] == '@' || v[0] == '+' ||
		    v[0] == '-') {
			/* already a fetch-arg: pass it through */
			if (a->name)
				strbuf_addf(&sb, "%s=", a->name);
			strbuf_addstr(&sb, v);
			if (a->type)
				strbuf_addf(&sb, ":%s", a->type);
			pdw_add_arg(loc, sb.buf);
			strbuf_release(&sb);
			continue;
		}
		{
			char *base = xstrndup(v, strspn(v,
				"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"0123456789_"));
			bool found = find_var(c, base, &var);

			if (!found) {
				const char *fn = ctx_func(c) ?
					dwarf_diename(ctx_func(c)) : NULL;

				strbuf_addf(c->err, "no variable '%s' at this "
					    "address in '%s'", base,
					    fn ? fn : "?");
				free(base);
				return -ENOENT;
			}
			free(base);
		}
		ret = pdw_convert_var(c, &var, v, a->name, a->type, &sb);
		if (ret) {
			strbuf_release(&sb);
			return ret;
		}
		pdw_add_arg(loc, sb.buf);
		strbuf_release(&sb);
	}
	return 0;
}

/*
 * The concrete scopes containing @addr, innermost first, the CU last. Not
 * dwarf_getscopes(): past an inlined subroutine it continues with the
 * scopes of the abstract definition, while a probe needs the caller's
 * frame (its locals, its frame base), as perf's die_get_scopes().
 */
static void scopes_rec(Dwarf_Die *die, Dwarf_Addr addr, Dwarf_Die **v,
		       int *n, int *alloc)
{
	Dwarf_Die child;

	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = *die;
	if (dwarf_child(die, &child) != 0)
		return;
	do {
		int tag = dwarf_tag(&child);

		if ((pdw_is_func_tag(tag) || tag == DW_TAG_lexical_block ||
		     tag == DW_TAG_try_block || tag == DW_TAG_catch_block) &&
		    dwarf_haspc(&child, addr) > 0) {
			scopes_rec(&child, addr, v, n, alloc);
			return;
		}
	} while (dwarf_siblingof(&child, &child) == 0);
}

int pdw_concrete_scopes(Dwarf_Die *cu, Dwarf_Addr addr, Dwarf_Die **out)
{
	Dwarf_Die *v = NULL;
	int n = 0, alloc = 0;

	scopes_rec(cu, addr, &v, &n, &alloc);
	for (int i = 0; i < n / 2; i++) {
		Dwarf_Die t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	*out = v;
	return n;
}

int pdw_ctx_init(struct ctx *c, struct probe_bin *b, Dwarf_Die *cu,
		 Dwarf_Die *fn, Dwarf_Addr addr, struct strbuf *err)
{
	memset(c, 0, sizeof(*c));
	c->b = b;
	c->cu = *cu;
	c->fn = *fn;
	c->addr = addr;
	c->err = err;
	c->nscopes = pdw_concrete_scopes(cu, addr, &c->scopes);
	if (c->nscopes <= 1) {
		c->nscopes = 0;
		return pdw_fail(err, -ENOENT, "no scope at 0x%" PRIx64,
			    (uint64_t)addr);
	}
	/*
	 * The probe belongs to @fn: a call line of main is probed where an
	 * inlined callee starts, but its variables are main's. Drop the
	 * scopes of functions inlined into @fn (and their blocks).
	 */
	for (int i = 0; i < c->nscopes; i++) {
		if (dwarf_dieoffset(&c->scopes[i]) != dwarf_dieoffset(fn))
			continue;
		for (int k = i - 1; k >= 0; k--) {
			if (!pdw_is_func_tag(dwarf_tag(&c->scopes[k])))
				continue;
			memmove(c->scopes, c->scopes + k + 1,
				(c->nscopes - k - 1) * sizeof(*c->scopes));
			c->nscopes -= k + 1;
			break;
		}
		break;
	}
	return 0;
}

void pdw_ctx_release(struct ctx *c)
{
	free(c->scopes);
}
