// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol demangling, the way perf prints names.
 *
 * perf (6.1, built without libbfd) demangles every ELF symbol name and
 * every function name addr2line reports with libiberty's
 * cplus_demangle(name, DMGL_NO_OPTS), and falls back to OCaml's scheme
 * when that fails. Without DMGL_PARAMS libiberty leaves out a function's
 * parameters, cv-qualifiers and a template's return type, ignores clone
 * suffixes (".isra.0", ".cold", ".part.0" ...) and anything else after
 * the encoding ("@@GLIBCXX_3.4"), yet keeps the parameters of an
 * enclosing function ("f(int)::{lambda(long)#1}::operator()") and the
 * full form of special names ("non-virtual thunk to A::f(long) const").
 * It demangles Rust names too, legacy ones without their hash.
 * Calling the same library is the only way to print the same text.
 */
#include "ptool/sym.h"

#include <stdlib.h>
#include <string.h>

#include <libiberty/demangle.h>

/*
 * libiberty keeps its work arrays on the stack, sized by the name's
 * length (about 60 bytes a character, on top of a recursion it bounds
 * itself); longer names stay mangled rather than risk the stack.
 */
#define DEMANGLE_MAX_LEN	16384

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * OCaml: "caml" and a capital letter start a mangled name; the prefix
 * goes, "__" separates modules and becomes ".", "$XX" is a hex-escaped
 * character. "camlStdlib__list__map_123" is "Stdlib.list.map_123".
 */
static char *ocaml_demangle(const char *name)
{
	size_t len = strlen(name);
	char *out, *o;

	if (len < 5 || strncmp(name, "caml", 4) || name[4] < 'A' ||
	    name[4] > 'Z')
		return NULL;
	out = malloc(len + 1);
	if (!out)
		return NULL;
	o = out;
	for (const char *p = name + 4; *p;) {
		if (p[0] == '_' && p[1] == '_') {
			*o++ = '.';
			p += 2;
		} else if (p[0] == '$' && hexval(p[1]) >= 0 &&
			   hexval(p[2]) >= 0) {
			*o++ = (char)(hexval(p[1]) << 4 | hexval(p[2]));
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	return out;
}

char *sym_demangle(const char *name)
{
	char *r;

	if (!name || !*name || strlen(name) > DEMANGLE_MAX_LEN)
		return NULL;
	r = cplus_demangle(name, DMGL_NO_OPTS);
	if (r)
		return r;
	return ocaml_demangle(name);
}
