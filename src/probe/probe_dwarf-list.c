// SPDX-License-Identifier: GPL-2.0
/*
 * The probe finder's listings: perf probe -L (lines), -V (variables), -F
 * (functions), -l (describing a probe) and the kallsyms functions.
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

#include "ptool/kallsyms.h"
#include "ptool/msg.h"
#include "ptool/parse.h"
#include "probe_dwarf-priv.h"

/* ---- -L ---- */

struct lines_set {
	const char *file;
	int start, end;
	Dwarf_Die cu;
	unsigned char *ok;	/* [line - start] */
	int max;
	char *path;		/* the full path of the file */
	Dwarf_Die path_cu;	/* the CU @path came from */
};

static int lines_set_cb(const char *file, int line, Dwarf_Addr addr,
			void *data)
{
	struct lines_set *l = data;
	const char *rf;
	int rl;

	if (!pdw_path_tail_eq(file, l->file) || line < l->start || line > l->end)
		return 0;
	if (pdw_addr_line(&l->cu, addr, &rf, &rl) == 0 &&
	    (rl != line || strcmp(rf, file)))
		return 0;
	l->ok[line - l->start] = 1;
	if (line > l->max)
		l->max = line;
	if (!l->path) {
		l->path = xstrdup(file);
		l->path_cu = l->cu;
	}
	return 0;
}

static int lines_set_cu(Dwarf_Die *cu, void *data)
{
	struct lines_set *l = data;

	l->cu = *cu;
	pdw_walk_lines(cu, NULL, lines_set_cb, l);
	return 0;
}

/* no source file is longer; larger numbers in a range are refused */
#define SHOW_MAX_LINE	(1 << 24)

int probe_show_lines(struct probe_bin *b, const char *range,
		     struct strbuf *out, struct strbuf *err)
{
	struct lines_set l = { 0 };
	char *spec = xstrdup(range), *colon, *name = spec;
	int rs = 0, re = -1, rel = 0, ret = 0;
	bool is_file, count = false;
	struct insts in = { 0 };
	FILE *fp = NULL;
	char *text = NULL;
	size_t cap = 0;

	if (!b->dw) {
		ret = pdw_fail(err, -ENODATA, "'%s' has no debug information: "
			   "rebuild with -g", b->path);
		goto out;
	}
	colon = strchr(spec, ':');
	if (colon) {
		char *p = colon + 1, *end;
		long lv;

		*colon = '\0';
		lv = strtol(p, &end, 10);
		if (end == p || lv < 0 || lv > SHOW_MAX_LINE)
			goto bad;
		rs = (int)lv;
		if (*end == '-' || *end == '+') {
			count = *end == '+';
			p = end + 1;
			lv = strtol(p, &end, 10);
			if (end == p || lv < 0 || lv > SHOW_MAX_LINE)
				goto bad;
			re = (int)lv;
			if (count)
				re = rs + re;
		}
		if (*end)
			goto bad;
	}
	is_file = strchr(name, '.') || strchr(name, '/');
	if (!is_file && !probe_name_valid(name))
		goto bad;
	if (!is_file) {
		int decl;

		pdw_find_instances(b, name, NULL, &in);
		if (!in.nr) {
			ret = pdw_fail(err, -ENOENT, "no function '%s' in '%s'",
				   name, b->path);
			goto out;
		}
		for (int i = 0; i < in.nr; i++)
			if (!in.v[i].inlined) {
				in.v[0] = in.v[i];
				break;
			}
		if (pdw_die_decl_line(&in.v[0].die, &decl) || decl < 0 ||
		    decl > SHOW_MAX_LINE) {	/* broken DWARF */
			ret = pdw_fail(err, -ENOENT, "no source line for '%s' in '%s'",
				   name, b->path);
			goto out;
		}
		rel = decl;
		l.file = pdw_die_decl_file(&in.v[0].die);
		if (!l.file) {	/* a broken line table */
			ret = pdw_fail(err, -ENOENT, "no source file for '%s' in '%s'",
				   name, b->path);
			goto out;
		}
		l.start = decl + rs;
		l.end = re == -1 ? 1 << 30 : decl + re;
		l.cu = in.v[0].cu;
		l.ok = xcalloc(1, (l.end == 1 << 30 ? 100000 : l.end - l.start
				   + 1) + 1);
		if (l.end == 1 << 30)
			l.end = l.start + 99999;
		pdw_walk_lines(&l.cu, &in.v[0].die, lines_set_cb, &l);
		/* as perf: an open range ends 3 lines after the last one */
		if (re == -1)
			l.end = l.max + 3;
	} else {
		l.file = name;
		l.start = rs ? rs : 1;
		l.end = re >= 0 ? re : l.start + 99999;
		l.ok = xcalloc(1, l.end - l.start + 2);
		pdw_for_each_cu(b, lines_set_cu, &l);
		if (re < 0)
			l.end = l.max + 3;
		if (!l.path) {
			ret = pdw_fail(err, -ENOENT, "no code from '%s' in '%s'",
				   name, b->path);
			goto out;
		}
	}
	if (!l.path)
		l.path = xstrdup(l.file);
	if (l.path[0] != '/') {
		/* relative to the compilation directory */
		Dwarf_Attribute attr;
		const char *dir = dwarf_attr(&l.path_cu, DW_AT_comp_dir,
					     &attr) ?
			dwarf_formstring(&attr) : NULL;

		if (dir) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%s/%s", dir, l.path);
			free(l.path);
			l.path = strbuf_detach(&sb, NULL);
		}
	}
	{
		char *found = NULL;

		fp = pdw_open_source(b, l.path, &found);
		if (fp) {
			free(l.path);
			l.path = found;
		}
	}
	if (!fp) {
		ret = pdw_fail(err, -errno, "cannot open source file '%s'",
			   l.path);
		goto out;
	}
	if (is_file)
		strbuf_addf(out, "<%s:%d>\n", l.path, l.start);
	else
		strbuf_addf(out, "<%s@%s:%d>\n", name, l.path, rs);
	for (int ln = 1; getline(&text, &cap, fp) > 0 && ln <= l.end; ln++) {
		if (ln < l.start)
			continue;
		text[strcspn(text, "\n")] = '\0';
		if (l.ok[ln - l.start])
			strbuf_addf(out, "%7d  %s\n", ln - (is_file ? 0 : rel),
				    text);
		else
			strbuf_addf(out, "         %s\n", text);
	}
	goto out;
bad:
	ret = pdw_fail(err, -EINVAL, "bad line range '%s' (FUNC[:RLN[+NUM|-RLN2]]"
		   " or SRC[:ALN[+NUM|-ALN2]])", range);
out:
	if (fp)
		fclose(fp);
	free(text);
	free(l.ok);
	free(l.path);
	free(in.v);
	free(spec);
	return ret;
}

/* ---- -V ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sort @v, append each distinct name after @indent, free the names */
static void emit_sorted(char **v, int nr, const char *indent,
			struct strbuf *out)
{
	if (nr)
		qsort(v, nr, sizeof(char *), cmp_str);
	for (int i = 0; i < nr; i++)
		if (!i || strcmp(v[i], v[i - 1]))
			strbuf_addf(out, "%s%s\n", indent, v[i]);
	for (int i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

struct vars_show {
	char **v;
	int nr, alloc;
	const char *filter;	/* perf's strfilter, or NULL */
};

/*
 * perf's strfilter: globs joined by '&' and '|' ('&' first), each may be
 * negated with '!', grouped with parentheses; *@p moves past what was read
 */
static bool sf_or(const char **p, const char *name);

static bool sf_factor(const char **p, const char *name)
{
	char glob[256];
	size_t n;

	while (**p == ' ')
		(*p)++;
	if (**p == '!') {
		(*p)++;
		return !sf_factor(p, name);
	}
	if (**p == '(') {
		bool r;

		(*p)++;
		r = sf_or(p, name);
		while (**p == ' ')
			(*p)++;
		if (**p == ')')
			(*p)++;
		return r;
	}
	n = strcspn(*p, "&|()");
	snprintf(glob, sizeof(glob), "%.*s", (int)n, *p);
	*p += n;
	while (n && glob[n - 1] == ' ')
		glob[--n] = '\0';
	return !fnmatch(glob, name, 0);
}

static bool sf_and(const char **p, const char *name)
{
	bool r = sf_factor(p, name);

	while (**p == ' ')
		(*p)++;
	while (**p == '&') {
		(*p)++;
		r = sf_factor(p, name) && r;
		while (**p == ' ')
			(*p)++;
	}
	return r;
}

static bool sf_or(const char **p, const char *name)
{
	bool r = sf_and(p, name);

	while (**p == '|') {
		(*p)++;
		r = sf_and(p, name) || r;
		while (**p == ' ')
			(*p)++;
	}
	return r;
}

bool probe_strfilter_match(const char *filter, const char *name)
{
	const char *p = filter;

	return !filter || sf_or(&p, name);
}

static int vars_show_cb(struct ctx *c, Dwarf_Die *var, void *data)
{
	struct vars_show *vs = data;
	struct strbuf err = STRBUF_INIT, one = STRBUF_INIT, sb = STRBUF_INIT;
	struct strbuf *saved = c->err;
	const char *name = dwarf_diename(var);

	if (!name || !probe_strfilter_match(vs->filter, name))
		return 0;
	c->err = &err;
	if (!pdw_convert_var(c, var, name, NULL, NULL, &one)) {
		pdw_type_name(var, &sb);
		strbuf_addf(&sb, "\t%s", name);
		ALLOC_GROW(vs->v, vs->nr + 1, vs->alloc);
		vs->v[vs->nr++] = strbuf_detach(&sb, NULL);
	}
	c->err = saved;
	strbuf_release(&err);
	strbuf_release(&one);
	strbuf_release(&sb);
	return 0;
}

int probe_show_vars(struct probe_bin *b, const struct probe_spec *s,
		    bool externs, const char *filter, struct strbuf *out,
		    struct strbuf *err)
{
	struct probe_locs locs = { .warn = STRBUF_INIT };
	struct probe_spec nos = *s;
	int ret;

	if (!b->dw)
		return pdw_fail(err, -ENODATA, "'%s' has no debug information: "
			    "rebuild with -g", b->path);
	nos.nargs = 0;
	ret = probe_resolve(b, &nos, &locs, err);
	if (ret)
		return ret;
	strbuf_addf(out, "Available variables at %s\n", s->text);
	for (int i = 0; i < locs.nr; i++) {
		struct probe_loc *loc = &locs.v[i];
		struct vars_show vs = { .filter = filter };
		Dwarf_Die cu, fn;
		struct ctx c;
		uint64_t start = 0;
		char *sym = pdw_symbol_at(b, loc->vaddr, &start);

		strbuf_addf(out, "\t@<%s+%" PRIu64 ">\n", sym ? sym : "?",
			    loc->vaddr - start);
		free(sym);
		/* the function instance the address was resolved in */
		if (!loc->die_off || !dwarf_offdie(b->dw, loc->die_off, &fn) ||
		    !dwarf_diecu(&fn, &cu, NULL, NULL))
			continue;
		if (pdw_ctx_init(&c, b, &cu, &fn, loc->vaddr, err))
			continue;
		pdw_for_each_var(&c, true, vars_show_cb, &vs);
		if (externs) {
			/* --externs: the CU's global and static variables */
			Dwarf_Die child;

			if (dwarf_child(&cu, &child) == 0) {
				do {
					if (dwarf_tag(&child) == DW_TAG_variable)
						vars_show_cb(&c, &child, &vs);
				} while (dwarf_siblingof(&child, &child) == 0);
			}
		}
		pdw_ctx_release(&c);
		if (!vs.nr)
			strbuf_addstr(out, "\t\t(No matched variables)\n");
		emit_sorted(vs.v, vs.nr, "\t\t", out);
	}
	probe_locs_release(&locs);
	strbuf_reset(err);
	return 0;
}

/* ---- -F ---- */

struct funcs {
	const char *filter;
	char **v;
	int nr, alloc;
};

static int funcs_cb(void *data, const GElf_Sym *sym, const char *name,
		    size_t idx)
{
	struct funcs *f = data;
	int type = GELF_ST_TYPE(sym->st_info);
	char *n;

	if (!name || !*name)
		return 0;
	if (type == STT_SECTION || type == STT_FILE || type == STT_TLS ||
	    sym->st_shndx == SHN_UNDEF || sym->st_shndx == SHN_ABS)
		return 0;
	n = xstrndup(name, strcspn(name, "@"));
	if (f->filter ? fnmatch(f->filter, n, 0) : n[0] == '_') {
		free(n);
		return 0;
	}
	ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	f->v[f->nr++] = n;
	return 0;
}

int probe_list_funcs(struct probe_bin *b, const char *filter,
		     struct strbuf *out)
{
	struct funcs f = { .filter = filter };

	pdw_for_each_sym(b, funcs_cb, &f);
	emit_sorted(f.v, f.nr, "", out);
	return 0;
}

/* ---- -l ---- */

void probe_describe(struct probe_bin *b, uint64_t offset, bool ret,
		    struct strbuf *out)
{
	uint64_t vaddr, start = 0;
	Dwarf_Die cu, fn;
	char *sym;

	if (obj_segs_off_to_vaddr(&b->segs, offset, &vaddr)) {
		strbuf_addf(out, "0x%" PRIx64, offset);
		return;
	}
	if (b->dw && dwarf_addrdie(b->dw, vaddr, &cu) &&
	    pdw_find_scope(&cu, vaddr, NULL, 1 << 30, &fn)) {
		Dwarf_Die real = fn;
		const char *file;
		int line, decl;
		Dwarf_Addr entry;

		/* name the real function, as perf does */
		if (dwarf_tag(&fn) == DW_TAG_inlined_subroutine) {
			Dwarf_Die *scopes;
			int n = pdw_concrete_scopes(&cu, vaddr, &scopes);

			for (int i = 0; i < n; i++)
				if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
					real = scopes[i];
					break;
				}
			free(scopes);
		}
		if (pdw_die_entry(&real, &entry) == 0 && entry == vaddr &&
		    (file = pdw_die_decl_file(&real))) {
			strbuf_addf(out, "%s%s@%s", dwarf_diename(&real),
				    ret ? "%return" : "", file);
			return;
		}
		if (!ret && pdw_addr_line(&cu, vaddr, &file, &line) == 0 &&
		    pdw_die_decl_line(&real, &decl) == 0 && line >= decl) {
			strbuf_addf(out, "%s:%d@%s", dwarf_diename(&real),
				    line - decl, file);
			return;
		}
	}
	sym = pdw_symbol_at(b, vaddr, &start);
	if (sym) {
		strbuf_addstr(out, sym);
		if (vaddr != start)
			strbuf_addf(out, "+%" PRIu64, vaddr - start);
		if (ret)
			strbuf_addstr(out, "%return");
		free(sym);
		return;
	}
	strbuf_addf(out, "0x%" PRIx64, offset);
}

static int kallsyms_has_cb(void *arg, const struct kallsyms_sym *s)
{
	return (s->type == 't' || s->type == 'T') && !strcmp(s->name, arg);
}

int probe_kallsyms_has(const char *kallsyms, const char *sym)
{
	return kallsyms_read(kallsyms, kallsyms_has_cb, (void *)sym);
}

static int kallsyms_funcs_cb(void *arg, const struct kallsyms_sym *s)
{
	struct funcs *f = arg;

	if (s->type != 't' && s->type != 'T')
		return 0;
	if (f->filter ? fnmatch(f->filter, s->name, 0) : s->name[0] == '_')
		return 0;
	ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	f->v[f->nr++] = xstrdup(s->name);
	return 0;
}

int probe_kallsyms_funcs(const char *kallsyms, const char *filter,
			 struct strbuf *out)
{
	struct funcs f = { .filter = filter };
	int err = kallsyms_read(kallsyms, kallsyms_funcs_cb, &f);

	if (err < 0)	/* it cannot be opened: nothing was read */
		return err;
	emit_sorted(f.v, f.nr, "", out);
	return 0;
}

int probe_resolve_kallsyms(const char *kallsyms, const struct probe_spec *s,
			   struct probe_locs *out, struct strbuf *err)
{
	struct probe_loc loc = { .line = -1 };
	int has;

	if (s->has_addr)
		return pdw_fail(err, -EINVAL, "absolute addresses are for uprobes "
			    "(-x BIN)");
	if (s->line >= 0 || s->file)
		return pdw_fail(err, -ENODATA, "'%s' needs the kernel's debug "
			    "information: pass it with -k vmlinux", s->text);
	for (int i = 0; i < s->nargs; i++) {
		const char *v = s->args[i].var;

		if (v[0] != '$' && v[0] != '%' && v[0] != '+' && v[0] != '-' &&
		    v[0] != '@')
			return pdw_fail(err, -ENODATA, "argument '%s' needs the "
				    "kernel's debug information: pass it with "
				    "-k vmlinux", v);
		if (!strcmp(v, "$params") || !strcmp(v, "$vars"))
			return pdw_fail(err, -ENODATA, "'%s' needs the kernel's "
				    "debug information: pass it with -k "
				    "vmlinux", v);
	}
	has = probe_kallsyms_has(kallsyms, s->func);
	if (has < 0)
		return pdw_fail(err, has, "cannot read kernel symbols from '%s'",
			    kallsyms);
	if (!has)
		return pdw_fail(err, -ENOENT, "no kernel function '%s'", s->func);
	loc.symbol = xstrdup(s->func);
	loc.func = xstrdup(s->func);
	loc.offset = s->offset;
	pdw_add_spec_args(&loc, s);
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr++] = loc;
	return 0;
}
