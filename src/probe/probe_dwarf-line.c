// SPDX-License-Identifier: GPL-2.0
/*
 * The probe finder, line tables: the line an address maps back to, the
 * rows of a function or CU as perf's die_walk_lines(), and the probe
 * points of FUNC:RLINE, SRC:LINE and FUNC;PATTERN (lazy lines).
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

/* ---- line table ---- */

int pdw_entry_find_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct entry_find *f = data;
	Dwarf_Addr a;

	if (dwarf_tag(die) != DW_TAG_subprogram)
		return 0;
	if (dwarf_entrypc(die, &a) == 0 && a == f->addr) {
		f->die = *die;
		f->found = true;
		return -1;
	}
	return 1;	/* no need to look inside a subprogram */
}

/* the first is_stmt row at exactly @addr (rows are sorted by address) */
static Dwarf_Line *first_stmt_row(Dwarf_Die *cu, Dwarf_Addr addr)
{
	Dwarf_Lines *lines;
	size_t n, lo = 0, hi;

	if (dwarf_getsrclines(cu, &lines, &n) || !n)
		return NULL;
	hi = n;
	while (lo < hi) {	/* first row with address >= addr */
		size_t mid = lo + (hi - lo) / 2;
		Dwarf_Line *l = dwarf_onesrcline(lines, mid);
		Dwarf_Addr a;

		if (!l || dwarf_lineaddr(l, &a))
			return NULL;
		if (a < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n; lo++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, lo);
		Dwarf_Addr a;
		bool flag;

		if (!l || dwarf_lineaddr(l, &a) || a != addr ||
		    dwarf_linebeginstatement(l, &flag))
			return NULL;
		if (flag)
			return l;
	}
	return NULL;
}

int pdw_addr_line(Dwarf_Die *cu, Dwarf_Addr addr, const char **file,
		  int *line)
{
	struct entry_find f = { .addr = addr };
	Dwarf_Line *l;

	pdw_walk_tree(cu, cu, pdw_entry_find_cb, &f);
	if (f.found) {
		*file = pdw_die_decl_file(&f.die);
		return pdw_die_decl_line(&f.die, line);
	}
	l = first_stmt_row(cu, addr);
	if (!l)
		return -ENOENT;
	*file = dwarf_linesrc(l, NULL, NULL);
	if (!*file)
		return -ENOENT;
	return dwarf_lineno(l, line);
}

/* innermost function DIE (subprogram or inlined) containing @addr */
struct scope_find {
	Dwarf_Addr addr;
	const char *name;	/* wanted name, or NULL: innermost */
	int line;		/* without a name: nearest decl line <= line */
	Dwarf_Die die;
	int diff;
	bool found;
};

static int scope_find_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct scope_find *f = data;
	int tag = dwarf_tag(die);

	if (tag == DW_TAG_compile_unit || tag == DW_TAG_partial_unit)
		return 0;
	if (!pdw_is_func_tag(tag) && tag != DW_TAG_lexical_block)
		return 1;
	if (dwarf_haspc(die, f->addr) <= 0)
		return 1;
	if (pdw_is_func_tag(tag)) {
		const char *n = dwarf_diename(die);
		int dl = 0;

		if (f->name) {
			if (n && !strcmp(n, f->name)) {
				f->die = *die;
				f->found = true;
			}
		} else if (pdw_die_decl_line(die, &dl) == 0 && dl <= f->line &&
			   f->line - dl < f->diff) {
			f->diff = f->line - dl;
			f->die = *die;
			f->found = true;
		}
	}
	return 0;
}

bool pdw_find_scope(Dwarf_Die *cu, Dwarf_Addr addr, const char *name,
		    int line, Dwarf_Die *out)
{
	struct scope_find f = { .addr = addr, .name = name, .line = line,
				.diff = 1 << 30 };

	pdw_walk_tree(cu, cu, scope_find_cb, &f);
	if (f.found)
		*out = f.die;
	return f.found;
}

/* the innermost inlined_subroutine inside @fn containing @addr */
struct inl_find {
	Dwarf_Addr addr;
	Dwarf_Die die;
	bool found;
};

static int inl_find_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct inl_find *f = data;
	int tag = dwarf_tag(die);

	if (tag == DW_TAG_inlined_subroutine) {
		if (dwarf_haspc(die, f->addr) > 0) {
			f->die = *die;
			f->found = true;
			return -1;	/* the outermost one is what we need */
		}
		return 1;
	}
	return 0;
}

static bool find_inlined_in(Dwarf_Die *fn, Dwarf_Addr addr, Dwarf_Die *out)
{
	struct inl_find f = { .addr = addr };
	Dwarf_Die child;

	if (dwarf_child(fn, &child) != 0)
		return false;
	do {
		if (pdw_walk_tree(&child, NULL, inl_find_cb, &f) < 0 || f.found)
			break;
	} while (dwarf_siblingof(&child, &child) == 0);
	if (f.found)
		*out = f.die;
	return f.found;
}

/*
 * Walk the line rows of @cu, or of function @fn within it, as perf's
 * die_walk_lines(): is_stmt rows only; inside a function, rows of an
 * inlined callee count only as its call line. Then the decl line of
 * @fn (or of every function of @cu) at its entry.
 */

struct funclines {
	line_cb cb;
	void *data;
	bool recursive;
	int ret;
};

static const char *call_file(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	Dwarf_Word idx;
	Dwarf_Files *files;
	Dwarf_Die cu;
	size_t n;

	if (!dwarf_attr(die, DW_AT_call_file, &attr) ||
	    dwarf_formudata(&attr, &idx) || !dwarf_diecu(die, &cu, NULL, NULL) ||
	    dwarf_getsrcfiles(&cu, &files, &n) || idx >= n)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

/* as perf's __die_walk_funclines_cb(): call sites of inlined functions */
static int funclines_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct funclines *w = data;
	Dwarf_Attribute attr;
	Dwarf_Word cl;
	Dwarf_Addr a;
	const char *f;
	int line;

	if (dwarf_tag(die) != DW_TAG_inlined_subroutine)
		return 0;
	if (pdw_die_entry(die, &a))
		return w->recursive ? 0 : 1;
	f = call_file(die);
	if (f && dwarf_attr(die, DW_AT_call_line, &attr) &&
	    !dwarf_formudata(&attr, &cl) && cl > 0) {
		w->ret = w->cb(f, (int)cl, a, w->data);
		if (w->ret)
			return -1;
	}
	f = pdw_die_decl_file(die);
	if (f && pdw_die_decl_line(die, &line) == 0) {
		w->ret = w->cb(f, line, a, w->data);
		if (w->ret)
			return -1;
	}
	return w->recursive ? 0 : 1;
}

/* the decl line of @sp at its entry, then its inlined call sites */
static int funclines(Dwarf_Die *sp, bool recursive, line_cb cb, void *data)
{
	struct funclines w = { cb, data, recursive, 0 };
	const char *f = pdw_die_decl_file(sp);
	Dwarf_Die child;
	Dwarf_Addr a;
	int line;

	if (f && pdw_die_decl_line(sp, &line) == 0 && pdw_die_entry(sp, &a) == 0) {
		w.ret = cb(f, line, a, data);
		if (w.ret)
			return w.ret;
	}
	if (dwarf_child(sp, &child) != 0)
		return 0;
	do {
		if (pdw_walk_tree(&child, NULL, funclines_cb, &w) < 0 || w.ret)
			break;
	} while (dwarf_siblingof(&child, &child) == 0);
	return w.ret;
}

struct decl_walk {
	line_cb cb;
	void *data;
	int ret;
};

static int decl_walk_cb(Dwarf_Die *die, Dwarf_Die *cu, void *data)
{
	struct decl_walk *w = data;

	if (dwarf_tag(die) != DW_TAG_subprogram)
		return 0;
	if (pdw_die_has_code(die)) {
		w->ret = funclines(die, true, w->cb, w->data);
		if (w->ret)
			return -1;
	}
	return 1;
}

int pdw_walk_lines(Dwarf_Die *cu, Dwarf_Die *fn, line_cb cb, void *data)
{
	Dwarf_Lines *lines;
	size_t n;
	int decl = 0;
	const char *decf = NULL;

	if (dwarf_getsrclines(cu, &lines, &n))
		return -ENOENT;
	if (fn) {
		pdw_die_decl_line(fn, &decl);
		decf = pdw_die_decl_file(fn);
	}
	for (size_t i = 0; i < n; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		Dwarf_Addr addr;
		bool flag;
		int lineno, ret;
		const char *file;

		if (!l || dwarf_lineno(l, &lineno) || dwarf_lineaddr(l, &addr))
			continue;
		if (dwarf_lineendsequence(l, &flag) || flag)
			continue;
		if (dwarf_linebeginstatement(l, &flag) || !flag)
			continue;
		if (fn) {
			Dwarf_Die inl;

			if (dwarf_haspc(fn, addr) <= 0)
				continue;
			if (find_inlined_in(fn, addr, &inl)) {
				Dwarf_Attribute at;
				Dwarf_Word cl = 0;
				int il = 0;

				if (dwarf_attr(&inl, DW_AT_call_line, &at) &&
				    !dwarf_formudata(&at, &cl) &&
				    (int)cl == lineno)
					goto found;
				pdw_die_decl_line(&inl, &il);
				if (il != decl || !decf || !pdw_die_decl_file(&inl) ||
				    strcmp(decf, pdw_die_decl_file(&inl)))
					continue;
			}
		}
found:
		file = dwarf_linesrc(l, NULL, NULL);
		if (!file)
			continue;
		ret = cb(file, lineno, addr, data);
		if (ret)
			return ret;
	}
	if (fn) {
		return funclines(fn, false, cb, data);
	} else {
		struct decl_walk w = { cb, data, 0 };

		pdw_walk_tree(cu, cu, decl_walk_cb, &w);
		return w.ret;
	}
}

static int line_find_cb(const char *file, int line, Dwarf_Addr addr,
			void *data)
{
	struct line_find *f = data;
	const char *rfile;
	int rline, ret;
	Dwarf_Die sc;

	if (line != f->line || !pdw_path_tail_eq(file, f->file))
		return 0;
	if (pdw_addr_line(&f->cu, addr, &rfile, &rline) == 0 &&
	    (rline != line || strcmp(rfile, file))) {
		return f->ret = pdw_fail(f->err, -ENOENT, "line %d of '%s' shares "
				     "its address with line %d: probe that "
				     "line instead", line, f->file, rline);
	}
	if (!pdw_find_scope(&f->cu, addr, f->func, line, &sc))
		return f->ret = pdw_fail(f->err, -ENOENT, "no function around line "
				     "%d of '%s'", line, f->file);
	ret = pdw_add_loc(f->b, f->out, &f->cu, &sc, addr, f->s, line, false,
		      f->err);
	if (ret)
		return f->ret = ret;
	return 0;
}

int pdw_line_find_cu(Dwarf_Die *cu, void *data)
{
	struct line_find *f = data;

	f->cu = *cu;
	pdw_walk_lines(cu, NULL, line_find_cb, f);
	return f->ret;
}

/*
 * Open a source file, looking under the --source directory too, as perf
 * does: DIR/PATH, then with PATH's leading components dropped one by one
 * (DIR//b/c.c, DIR//c.c). @found, when not NULL, gets the path opened.
 */
FILE *pdw_open_source(const struct probe_bin *b, const char *path,
		      char **found)
{
	FILE *fp = fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;

	if (fp || !b->srcdir) {
		if (fp && found)
			*found = xstrdup(path);
		return fp;
	}
	for (const char *p = path; p && !fp; p = strchr(p + 1, '/')) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", b->srcdir, p);
		fp = fopen(sb.buf, "r");
	}
	if (fp && found)
		*found = strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	if (!fp)
		errno = ENOENT;
	return fp;
}

/* perf's lazy match: a glob against the line with its blanks removed */
static bool lazy_match(const char *line, const char *pat)
{
	char *dup = xmalloc(strlen(line) + 1), *d = dup;
	bool ok;

	for (const char *p = line; *p; p++)
		if (!isspace((unsigned char)*p))
			*d++ = *p;
	*d = '\0';
	ok = !fnmatch(pat, dup, 0);
	free(dup);
	return ok;
}

/* the lines of @path matching @pat: a new array of flags, [1..*n] */
static unsigned char *lazy_lines(const struct probe_bin *b, const char *path,
				 const char *pat, int *n)
{
	FILE *fp = pdw_open_source(b, path, NULL);
	unsigned char *ok = NULL;
	char *text = NULL;
	size_t cap = 0;
	int ln = 0, alloc = 0;

	if (!fp)
		return NULL;
	while (getline(&text, &cap, fp) > 0) {
		ln++;
		ALLOC_GROW(ok, ln + 1, alloc);
		text[strcspn(text, "\n")] = '\0';
		ok[ln] = lazy_match(text, pat);
	}
	fclose(fp);
	free(text);
	*n = ln;
	if (!ok)
		ok = xcalloc(1, 1);
	return ok;
}

/* a relative source path as the compiler saw it: join DW_AT_comp_dir */
static char *source_path(Dwarf_Die *cu, const char *file)
{
	Dwarf_Attribute attr;
	const char *dir;
	struct strbuf sb = STRBUF_INIT;

	if (file[0] == '/')
		return xstrdup(file);
	dir = dwarf_attr(cu, DW_AT_comp_dir, &attr) ? dwarf_formstring(&attr) :
		NULL;
	if (dir)
		strbuf_addf(&sb, "%s/", dir);
	strbuf_addstr(&sb, file);
	return strbuf_detach(&sb, NULL);
}

struct lazy_find {
	struct probe_bin *b;
	const struct probe_spec *s;
	Dwarf_Die cu;
	Dwarf_Die *fn;		/* FUNC;PTN: the instance, else NULL */
	const char *file;	/* the file the flags are about */
	unsigned char *ok;
	int nlines;
	struct probe_locs *out;
	struct strbuf *err;
	int ret;
};

static int lazy_find_cb(const char *file, int line, Dwarf_Addr addr,
			void *data)
{
	struct lazy_find *f = data;
	Dwarf_Die sc;

	if (line < 1 || line > f->nlines || !f->ok[line] ||
	    !pdw_path_tail_eq(file, f->file))
		return 0;
	if (f->fn)
		sc = *f->fn;
	else if (!pdw_find_scope(&f->cu, addr, NULL, line, &sc))
		return 0;
	f->ret = pdw_add_loc(f->b, f->out, &f->cu, &sc, addr, f->s, line, false,
			 f->err);
	return f->ret;
}

static int lazy_find_cu(Dwarf_Die *cu, void *data)
{
	struct lazy_find *f = data;
	Dwarf_Files *files;
	size_t nf;

	/* only CUs that use the file */
	if (dwarf_getsrcfiles(cu, &files, &nf))
		return 0;
	for (size_t i = 0; i < nf; i++) {
		const char *name = dwarf_filesrc(files, i, NULL, NULL);

		if (name && pdw_path_tail_eq(name, f->s->file)) {
			if (!f->ok) {
				char *path = source_path(cu, name);

				f->ok = lazy_lines(f->b, path, f->s->lazy,
						   &f->nlines);
				free(path);
				if (!f->ok) {
					f->ret = pdw_fail(f->err, -ENOENT, "cannot "
						      "open source file '%s' "
						      "for the line pattern",
						      name);
					return f->ret;
				}
			}
			f->cu = *cu;
			f->fn = NULL;
			pdw_walk_lines(cu, NULL, lazy_find_cb, f);
			break;
		}
	}
	return f->ret;
}

/* FUNC;PATTERN and SRC;PATTERN, as perf's lazy lines */
int pdw_resolve_lazy(struct probe_bin *b, const struct probe_spec *s,
		     struct insts *in, struct probe_locs *out,
		     struct strbuf *err)
{
	struct lazy_find f = { .b = b, .s = s, .out = out, .err = err };

	if (!s->func) {
		f.file = s->file;
		pdw_for_each_cu(b, lazy_find_cu, &f);
	} else {
		for (int i = 0; i < in->nr && !f.ret; i++) {
			const char *decf = pdw_die_decl_file(&in->v[i].die);
			char *path;

			if (!decf)
				continue;
			free(f.ok);
			path = source_path(&in->v[i].cu, decf);
			f.ok = lazy_lines(b, path, s->lazy, &f.nlines);
			free(path);
			if (!f.ok)
				return pdw_fail(err, -ENOENT, "cannot open source "
					    "file '%s' for the line pattern",
					    decf);
			f.cu = in->v[i].cu;
			f.fn = &in->v[i].die;
			f.file = decf;
			pdw_walk_lines(&f.cu, f.fn, lazy_find_cb, &f);
		}
	}
	free(f.ok);
	if (f.ret)
		return f.ret;
	if (!out->nr)
		return pdw_fail(err, -ENOENT, "no line of '%s' matches '%s'",
			    s->func ? s->func : s->file, s->lazy);
	return 0;
}

/* 0xADDR: a virtual address; variables through DWARF when it has some */
