// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_flamegraph.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/hash.h"

#include "out_folded-priv.h"

/* Geometry, in pixels */
#define FRAME_H		16
#define FONT_SIZE	12
#define FONT_W		0.59	/* average glyph width per font size unit */
#define XPAD		10
#define YPAD_TOP	(FONT_SIZE * 3)
#define YPAD_BOTTOM	(FONT_SIZE * 2 + 10)
#define MIN_W		0.1	/* narrower frames are left out */

void out_svg_escape(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len; ) {
		unsigned char c = p[i];
		size_t n = 0;

		switch (c) {
		case '&': strbuf_addstr(out, "&amp;"); i++; continue;
		case '<': strbuf_addstr(out, "&lt;"); i++; continue;
		case '>': strbuf_addstr(out, "&gt;"); i++; continue;
		case '"': strbuf_addstr(out, "&quot;"); i++; continue;
		case '\'': strbuf_addstr(out, "&apos;"); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			strbuf_addch(out, '?');
			i++;
			continue;
		}
		if (c < 0x80) {
			strbuf_addch(out, (char)c);
			i++;
			continue;
		}
		/* a valid UTF-8 sequence passes; anything else becomes '?' */
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		if (n) {
			size_t k;

			for (k = 1; k <= n; k++)
				if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
					break;
			if (k > n) {
				strbuf_add(out, s + i, n + 1);
				i += n + 1;
				continue;
			}
		}
		strbuf_addch(out, '?');
		i++;
	}
}

enum kind { K_USER, K_KERNEL, K_JIT, K_INLINE, K_UNKNOWN, K_ROOT, K_OFFCPU };

static enum kind frame_kind(const char *name, size_t *shown_len)
{
	size_t len = strlen(name);

	*shown_len = len;
	if (len >= 4 && name[len - 4] == '_' && name[len - 3] == '[' &&
	    name[len - 1] == ']') {
		*shown_len = len - 4;
		switch (name[len - 2]) {
		case 'k': return K_KERNEL;
		case 'j': return K_JIT;
		case 'i': return K_INLINE;
		default: *shown_len = len; break;
		}
	}
	if (!strcmp(name, "[unknown]"))
		return K_UNKNOWN;
	return K_USER;
}

/* a stable pseudo-random triple from the name, so colours survive reruns */
static void name_rand(const char *s, size_t len, double v[3])
{
	uint64_t h = hash_fnv1a(s, len);

	for (int i = 0; i < 3; i++) {
		h ^= h >> 33;
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 29;
		v[i] = (double)(h & 0xffff) / 65536.0;
	}
}

static void frame_colour(char *buf, size_t sz, enum kind k, const char *name,
			 size_t len)
{
	double v[3];
	int r, g, b;

	name_rand(name, len, v);
	switch (k) {
	case K_KERNEL:
		r = 70 + (int)(50 * v[0]);
		g = 130 + (int)(60 * v[1]);
		b = 210 + (int)(45 * v[2]);
		break;
	case K_JIT:
		r = 50 + (int)(60 * v[0]);
		g = 190 + (int)(60 * v[1]);
		b = 50 + (int)(60 * v[2]);
		break;
	case K_INLINE:
		r = 80 + (int)(60 * v[0]);
		g = 200 + (int)(55 * v[1]);
		b = 200 + (int)(55 * v[1]);
		break;
	case K_OFFCPU:
		/* flamegraph.pl's "io" palette: off-CPU flame graphs are blue */
		r = 80 + (int)(60 * v[0]);
		g = r;
		b = 190 + (int)(55 * v[1]);
		break;
	case K_UNKNOWN:
	case K_ROOT:
		r = g = b = 170 + (int)(40 * v[0]);
		break;
	default:	/* user: flamegraph.pl's "hot" range, red to yellow */
		r = 205 + (int)(50 * v[2]);
		g = (int)(230 * v[0]);
		b = (int)(55 * v[1]);
		break;
	}
	snprintf(buf, sz, "rgb(%d,%d,%d)", r, g, b);
}

static void diff_colour(char *buf, size_t sz, double delta, double maxdelta)
{
	int fade;

	if (maxdelta <= 0 || fabs(delta) < 1e-12) {
		snprintf(buf, sz, "rgb(250,250,250)");
		return;
	}
	fade = (int)(210 * (1 - fabs(delta) / maxdelta));
	if (delta > 0)
		snprintf(buf, sz, "rgb(255,%d,%d)", fade + 40, fade + 40);
	else
		snprintf(buf, sz, "rgb(%d,%d,255)", fade + 40, fade + 40);
}

static void add_count(struct strbuf *sb, uint64_t n)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)n);

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, tmp[i]);
	}
}

struct layout {
	const struct out_fold *f;
	uint64_t *total;	/* per node: self + descendants */
	uint64_t *off;		/* per node: the off-CPU part of total */
	uint32_t *depth;
	uint32_t **kids;	/* children sorted by name */
	uint32_t *nkids;
	double *x;		/* left edge, pixels from XPAD */
	int64_t *base_node;	/* diff: the same path in the base, or -1 */
	double *delta;		/* diff: share now - share before */
};

static int kid_cmp(const void *a, const void *b, void *arg)
{
	const struct out_fold *f = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return strcmp(out_fold_name(f, f->nodes[x].name),
		      out_fold_name(f, f->nodes[y].name));
}

static void layout_build(struct layout *L, const struct out_fold *f,
			 double scale)
{
	uint32_t n = f->nr_nodes;
	uint32_t *stack, sp = 0;

	L->f = f;
	L->total = xcalloc(n, sizeof(*L->total));
	L->depth = xcalloc(n, sizeof(*L->depth));
	L->kids = xcalloc(n, sizeof(*L->kids));
	L->nkids = xcalloc(n, sizeof(*L->nkids));
	L->x = xcalloc(n, sizeof(*L->x));
	L->off = xcalloc(n, sizeof(*L->off));
	for (uint32_t i = 0; i < n; i++) {
		L->total[i] = f->nodes[i].self;
		L->off[i] = f->nodes[i].off;
	}
	/* a child always has a larger index than its parent */
	for (uint32_t i = n - 1; i > 0; i--) {
		L->total[f->nodes[i].parent] += L->total[i];
		L->off[f->nodes[i].parent] += L->off[i];
		L->nkids[f->nodes[i].parent]++;
	}
	for (uint32_t i = 1; i < n; i++)
		L->depth[i] = L->depth[f->nodes[i].parent] + 1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = 0;

		if (!L->nkids[i])
			continue;
		L->kids[i] = xmalloc(L->nkids[i] * sizeof(uint32_t));
		for (uint32_t c = f->nodes[i].first_child; c; c = f->nodes[c].next_sibling)
			L->kids[i][k++] = c;
		qsort_r(L->kids[i], k, sizeof(uint32_t), kid_cmp, (void *)f);
	}
	/* x positions: children packed from their parent's left edge */
	stack = xmalloc(n * sizeof(*stack));
	stack[sp++] = OUT_FOLD_ROOT;
	while (sp) {
		uint32_t p = stack[--sp];
		double x = L->x[p];

		for (uint32_t k = 0; k < L->nkids[p]; k++) {
			uint32_t c = L->kids[p][k];

			L->x[c] = x;
			x += L->total[c] * scale;
			stack[sp++] = c;
		}
	}
	free(stack);
}

static void layout_diff(struct layout *L, const struct out_fold *base,
			double *maxdelta)
{
	const struct out_fold *f = L->f;
	uint32_t n = f->nr_nodes;
	uint64_t *btotal = xcalloc(base->nr_nodes, sizeof(*btotal));
	double now_all = L->total[0] ? (double)L->total[0] : 1;
	double base_all;

	for (uint32_t i = 0; i < base->nr_nodes; i++)
		btotal[i] = base->nodes[i].self;
	for (uint32_t i = base->nr_nodes - 1; i > 0; i--)
		btotal[base->nodes[i].parent] += btotal[i];
	base_all = btotal[0] ? (double)btotal[0] : 1;

	L->base_node = xcalloc(n, sizeof(*L->base_node));
	L->delta = xcalloc(n, sizeof(*L->delta));
	*maxdelta = 0;
	for (uint32_t i = 1; i < n; i++) {
		int64_t bp = L->base_node[f->nodes[i].parent];
		const char *name = out_fold_name(f, f->nodes[i].name);
		int64_t id;
		double before = 0;

		L->base_node[i] = -1;
		if (bp >= 0) {
			id = out_fold_lookup(base, name, strlen(name));
			if (id >= 0)
				L->base_node[i] = out_fold_find_child(base, (uint32_t)bp,
								      (uint32_t)id);
		}
		if (L->base_node[i] >= 0)
			before = btotal[L->base_node[i]] / base_all;
		L->delta[i] = L->total[i] / now_all - before;
		if (fabs(L->delta[i]) > *maxdelta)
			*maxdelta = fabs(L->delta[i]);
	}
	free(btotal);
}

static void layout_release(struct layout *L)
{
	for (uint32_t i = 0; i < L->f->nr_nodes; i++)
		free(L->kids[i]);
	free(L->kids);
	free(L->nkids);
	free(L->total);
	free(L->off);
	free(L->depth);
	free(L->x);
	free(L->base_node);
	free(L->delta);
}

static const char script_js[] =
"\"use strict\";\n"
"var svg, frames, details, matched, unzoombtn, searchbtn;\n"
"var xpad, fullw, fontw, inverted, searching = null;\n"
"function frameOf(e) {\n"
"\twhile (e && e !== svg) {\n"
"\t\tif (e.classList && e.classList.contains(\"f\")) return e;\n"
"\t\te = e.parentNode;\n"
"\t}\n"
"\treturn null;\n"
"}\n"
"function init(evt) {\n"
"\tsvg = document.documentElement;\n"
"\txpad = +svg.getAttribute(\"data-xpad\");\n"
"\tfullw = +svg.getAttribute(\"data-fullw\");\n"
"\tfontw = +svg.getAttribute(\"data-fontw\");\n"
"\tinverted = svg.getAttribute(\"data-inverted\") === \"1\";\n"
"\tdetails = document.getElementById(\"details\").firstChild;\n"
"\tmatched = document.getElementById(\"matched\");\n"
"\tunzoombtn = document.getElementById(\"unzoom\");\n"
"\tsearchbtn = document.getElementById(\"search\");\n"
"\tframes = Array.prototype.slice.call(document.querySelectorAll(\"g.f\"));\n"
"\tframes.forEach(function (g) {\n"
"\t\tvar r = g.querySelector(\"rect\"), t = g.querySelector(\"title\").textContent;\n"
"\t\tg._x = +r.getAttribute(\"x\");\n"
"\t\tg._w = +r.getAttribute(\"width\");\n"
"\t\tg._y = +r.getAttribute(\"y\");\n"
"\t\tg._fill = r.getAttribute(\"fill\");\n"
"\t\tg._info = t;\n"
"\t\tg._name = t.substring(0, t.lastIndexOf(\" (\"));\n"
"\t});\n"
"\tvar fr = document.getElementById(\"frames\");\n"
"\tfr.addEventListener(\"click\", function (e) {\n"
"\t\tvar g = frameOf(e.target);\n"
"\t\tif (g) zoom(g);\n"
"\t});\n"
"\tfr.addEventListener(\"mouseover\", function (e) {\n"
"\t\tvar g = frameOf(e.target);\n"
"\t\tif (g) details.nodeValue = (svg.getAttribute(\"data-what\") || \"Function\") + \": \" + g._info;\n"
"\t});\n"
"\tfr.addEventListener(\"mouseout\", function (e) {\n"
"\t\tdetails.nodeValue = \" \";\n"
"\t});\n"
"\tunzoombtn.addEventListener(\"click\", unzoom);\n"
"\tsearchbtn.addEventListener(\"click\", function () {\n"
"\t\tif (searching) resetSearch(); else searchPrompt();\n"
"\t});\n"
"\twindow.addEventListener(\"keydown\", function (e) {\n"
"\t\tif (e.key === \"F3\" || ((e.ctrlKey || e.metaKey) && (e.key === \"f\" || e.key === \"F\"))) {\n"
"\t\t\te.preventDefault();\n"
"\t\t\tsearchPrompt();\n"
"\t\t} else if (e.key === \"Escape\") {\n"
"\t\t\tresetSearch();\n"
"\t\t}\n"
"\t});\n"
"\t/* deep links: ?f=<frame name> zooms, ?s=<regexp> searches */\n"
"\tvar q = {};\n"
"\tdocument.location.search.replace(/^\\?/, \"\").split(\"&\").forEach(function (kv) {\n"
"\t\tvar i = kv.indexOf(\"=\");\n"
"\t\tif (i > 0) q[kv.substring(0, i)] = decodeURIComponent(kv.substring(i + 1).replace(/\\+/g, \" \"));\n"
"\t});\n"
"\tif (q.f) {\n"
"\t\t/* of several frames with that name, the widest */\n"
"\t\tvar hit = null;\n"
"\t\tframes.forEach(function (g) {\n"
"\t\t\tif (g._name === q.f && (!hit || g._w > hit._w)) hit = g;\n"
"\t\t});\n"
"\t\tif (hit) zoom(hit);\n"
"\t}\n"
"\tif (q.s) search(q.s);\n"
"}\n"
"function place(g, x, w) {\n"
"\tvar r = g.querySelector(\"rect\"), t = g.querySelector(\"text\");\n"
"\tr.setAttribute(\"x\", x.toFixed(2));\n"
"\tr.setAttribute(\"width\", w.toFixed(2));\n"
"\tt.setAttribute(\"x\", (x + 3).toFixed(2));\n"
"\tvar n = Math.floor((w - 3) / fontw), s = g._name;\n"
"\tif (n < 3) s = \"\";\n"
"\telse if (s.length > n) s = s.substring(0, n - 2) + \"..\";\n"
"\tt.textContent = s;\n"
"}\n"
"function zoom(target) {\n"
"\tvar tx = target._x, tw = target._w, ty = target._y, scale = fullw / tw;\n"
"\t/* x and width are written rounded to 0.01: ends can be 0.02 apart */\n"
"\tvar eps = 0.025;\n"
"\tframes.forEach(function (g) {\n"
"\t\tvar below = inverted ? g._y < ty : g._y > ty;\n"
"\t\tg.classList.remove(\"hide\");\n"
"\t\tg.classList.remove(\"parent\");\n"
"\t\tif (below) {\n"
"\t\t\tif (g._x <= tx + eps && g._x + g._w >= tx + tw - eps) {\n"
"\t\t\t\tg.classList.add(\"parent\");\n"
"\t\t\t\tplace(g, xpad, fullw);\n"
"\t\t\t} else {\n"
"\t\t\t\tg.classList.add(\"hide\");\n"
"\t\t\t}\n"
"\t\t} else if (g._x >= tx - eps && g._x + g._w <= tx + tw + eps) {\n"
"\t\t\tplace(g, xpad + (g._x - tx) * scale, g._w * scale);\n"
"\t\t} else {\n"
"\t\t\tg.classList.add(\"hide\");\n"
"\t\t}\n"
"\t});\n"
"\tunzoombtn.classList.remove(\"hide\");\n"
"\tif (searching) search(searching);\n"
"}\n"
"function unzoom() {\n"
"\tframes.forEach(function (g) {\n"
"\t\tg.classList.remove(\"hide\");\n"
"\t\tg.classList.remove(\"parent\");\n"
"\t\tplace(g, g._x, g._w);\n"
"\t});\n"
"\tunzoombtn.classList.add(\"hide\");\n"
"\tif (searching) search(searching);\n"
"}\n"
"function searchPrompt() {\n"
"\tvar term = prompt(\"Search for (regular expression):\", searching || \"\");\n"
"\tif (term === null) return;\n"
"\tif (term === \"\") { resetSearch(); return; }\n"
"\tsearch(term);\n"
"}\n"
"function search(term) {\n"
"\tvar re;\n"
"\ttry { re = new RegExp(term); } catch (err) { alert(\"bad regular expression: \" + err.message); return; }\n"
"\tsearching = term;\n"
"\tvar hits = [];\n"
"\tframes.forEach(function (g) {\n"
"\t\tvar r = g.querySelector(\"rect\");\n"
"\t\tif (g.id !== \"root\" && re.test(g._name)) {\n"
"\t\t\tr.setAttribute(\"fill\", \"rgb(230,0,230)\");\n"
"\t\t\tg.classList.add(\"match\");\n"
"\t\t\thits.push(g);\n"
"\t\t} else {\n"
"\t\t\tr.setAttribute(\"fill\", g._fill);\n"
"\t\t\tg.classList.remove(\"match\");\n"
"\t\t}\n"
"\t});\n"
"\t/* share of all samples: matched frames not nested in another match */\n"
"\thits.sort(function (a, b) { return a._x - b._x || b._w - a._w; });\n"
"\tvar sum = 0, end = -1;\n"
"\thits.forEach(function (g) {\n"
"\t\tif (g._x + g._w <= end + 1e-6) return;\n"
"\t\tsum += g._w;\n"
"\t\tend = g._x + g._w;\n"
"\t});\n"
"\tmatched.textContent = \"Matched: \" + (100 * sum / fullw).toFixed(1) + \"%\";\n"
"\tmatched.classList.remove(\"hide\");\n"
"\tsearchbtn.textContent = \"Reset Search\";\n"
"}\n"
"function resetSearch() {\n"
"\tsearching = null;\n"
"\tframes.forEach(function (g) {\n"
"\t\tg.querySelector(\"rect\").setAttribute(\"fill\", g._fill);\n"
"\t\tg.classList.remove(\"match\");\n"
"\t});\n"
"\tmatched.classList.add(\"hide\");\n"
"\tsearchbtn.textContent = \"Search\";\n"
"}\n";

int out_flamegraph_write(const struct out_fold *f,
			 const struct out_flame_opts *opts, FILE *fp)
{
	static const struct out_flame_opts defaults;
	const struct out_flame_opts *o = opts ? opts : &defaults;
	const char *title = o->title ? o->title : "Flame Graph";
	const char *what = o->count_name ? o->count_name : "samples";
	unsigned int width = o->width ? o->width : 1200;
	double fullw = width - 2.0 * XPAD;
	uint64_t all = f->total;
	double scale = all ? fullw / (double)all : 0;
	struct layout L = { 0 };
	double maxdelta = 0;
	uint32_t maxdepth = 0;
	int height, ypad_top = YPAD_TOP + (o->subtitle ? FONT_SIZE * 2 : 0);
	struct strbuf sb = STRBUF_INIT;

	layout_build(&L, f, scale);
	if (o->base)
		layout_diff(&L, o->base, &maxdelta);
	for (uint32_t i = 1; i < f->nr_nodes; i++)
		if (L.total[i] * scale >= MIN_W && L.depth[i] > maxdepth)
			maxdepth = L.depth[i];
	height = (int)(maxdepth + 1) * FRAME_H + ypad_top + YPAD_BOTTOM;

	strbuf_addf(&sb,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%u\" height=\"%d\" viewBox=\"0 0 %u %d\" "
		"xmlns=\"http://www.w3.org/2000/svg\" onload=\"init(evt)\" "
		"data-xpad=\"%d\" data-fullw=\"%.2f\" data-fontw=\"%.2f\" "
		"data-inverted=\"%d\" data-total=\"%llu\">\n",
		width, height, width, height, XPAD, fullw, FONT_SIZE * FONT_W,
		o->inverted ? 1 : 0, (unsigned long long)all);
	strbuf_addstr(&sb,
		"<defs><linearGradient id=\"background\" y1=\"0\" y2=\"1\" x1=\"0\" x2=\"0\">"
		"<stop stop-color=\"#eeeeee\" offset=\"5%\"/>"
		"<stop stop-color=\"#eeeeb0\" offset=\"95%\"/>"
		"</linearGradient></defs>\n"
		"<style type=\"text/css\">\n"
		"text { font-family: Verdana, sans-serif; font-size: 12px; fill: rgb(0,0,0); }\n"
		"#title { text-anchor: middle; font-size: 17px; }\n"
		"#subtitle { text-anchor: middle; fill: rgb(160,160,160); }\n"
		"#search, #matched { text-anchor: end; }\n"
		"#search, #unzoom { cursor: pointer; opacity: 0.7; }\n"
		"#search:hover, #unzoom:hover { opacity: 1; }\n"
		"g.f { cursor: pointer; }\n"
		"g.f:hover rect { stroke: black; stroke-width: 0.5; }\n"
		"g.f text { pointer-events: none; }\n"
		".hide { display: none; }\n"
		".parent { opacity: 0.5; }\n"
		".legend { font-size: 11px; }\n"
		"</style>\n"
		"<script type=\"text/ecmascript\"><![CDATA[\n");
	strbuf_addstr(&sb, script_js);
	strbuf_addstr(&sb, "]]></script>\n");
	strbuf_addf(&sb, "<rect x=\"0\" y=\"0\" width=\"%u\" height=\"%d\" fill=\"url(#background)\"/>\n",
		    width, height);
	strbuf_addf(&sb, "<text id=\"title\" x=\"%.2f\" y=\"24\">", width / 2.0);
	out_svg_escape(&sb, title, strlen(title));
	strbuf_addstr(&sb, "</text>\n");
	if (o->subtitle) {
		strbuf_addf(&sb, "<text id=\"subtitle\" x=\"%.2f\" y=\"48\">", width / 2.0);
		out_svg_escape(&sb, o->subtitle, strlen(o->subtitle));
		strbuf_addstr(&sb, "</text>\n");
	}
	strbuf_addf(&sb,
		"<text id=\"unzoom\" class=\"hide\" x=\"%d\" y=\"24\">Reset Zoom</text>\n"
		"<text id=\"search\" x=\"%.2f\" y=\"24\">Search</text>\n"
		"<text id=\"details\" x=\"%d\" y=\"%d\"> </text>\n"
		"<text id=\"matched\" class=\"hide\" x=\"%.2f\" y=\"%d\"> </text>\n",
		XPAD, width - (double)XPAD, XPAD, height - YPAD_BOTTOM / 2 + 4,
		width - (double)XPAD, height - YPAD_BOTTOM / 2 + 4);
	if (!o->base) {
		/* legend: the colours of the frame kinds */
		static const struct { const char *label; enum kind k; } legend[] = {
			{ "user", K_USER }, { "kernel", K_KERNEL },
			{ "inlined", K_INLINE }, { "jit", K_JIT },
			{ "off-CPU", K_OFFCPU },
		};
		size_t nl = ARRAY_SIZE(legend) - (f->total_off ? 0 : 1);
		double lx = width - XPAD - 72.0 * (double)nl - 112.0;

		for (size_t i = 0; i < nl; i++) {
			char col[40];

			frame_colour(col, sizeof(col), legend[i].k, "legend", 6);
			strbuf_addf(&sb,
				"<rect x=\"%.2f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
				"<text class=\"legend\" x=\"%.2f\" y=\"%d\">%s</text>\n",
				lx, 14, col, lx + 13, 23, legend[i].label);
			lx += 72;
		}
	}
	strbuf_addstr(&sb, "<g id=\"frames\">\n");

	for (uint32_t i = 0; i < f->nr_nodes; i++) {
		double w = L.total[i] * scale, x = XPAD + L.x[i];
		const char *name = i ? out_fold_name(f, f->nodes[i].name) : "all";
		size_t shown;
		enum kind k = i ? frame_kind(name, &shown) : K_ROOT;
		double y;
		char col[40];
		int nch;

		if (!i)
			shown = 3;
		if (w < MIN_W)
			continue;
		if (o->inverted)
			y = ypad_top + (double)L.depth[i] * FRAME_H;
		else
			y = height - YPAD_BOTTOM - (double)(L.depth[i] + 1) * FRAME_H;
		/* a frame whose whole time is off-CPU time */
		if (i && L.off[i] && L.off[i] == L.total[i])
			k = K_OFFCPU;
		if (o->base && i)
			diff_colour(col, sizeof(col), L.delta[i], maxdelta);
		else
			frame_colour(col, sizeof(col), k, name, shown);
		strbuf_addstr(&sb, i ? "<g class=\"f\"><title>" : "<g class=\"f\" id=\"root\"><title>");
		out_svg_escape(&sb, name, shown);
		strbuf_addstr(&sb, " (");
		add_count(&sb, L.total[i]);
		strbuf_addf(&sb, " %s, %.2f%%", what,
			    all ? 100.0 * L.total[i] / all : 0.0);
		if (o->base && i)
			strbuf_addf(&sb, "; %+.2f%%", 100.0 * L.delta[i]);
		if (L.off[i] && L.off[i] != L.total[i])
			strbuf_addf(&sb, "; off-CPU %.2f%%",
				    100.0 * (double)L.off[i] / (double)L.total[i]);
		strbuf_addf(&sb, ")</title><rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
			    "height=\"%d\" fill=\"%s\" rx=\"2\" ry=\"2\"/>"
			    "<text x=\"%.2f\" y=\"%.1f\">",
			    x, y, w, FRAME_H - 1, col, x + 3, y + FRAME_H - 5.5);
		nch = (int)((w - 3) / (FONT_SIZE * FONT_W));
		if (nch >= 3) {
			if ((size_t)nch >= shown) {
				out_svg_escape(&sb, name, shown);
			} else {
				/* do not cut a UTF-8 sequence in two */
				size_t cut = (size_t)nch - 2;

				while (cut && ((unsigned char)name[cut] & 0xc0) == 0x80)
					cut--;
				out_svg_escape(&sb, name, cut);
				strbuf_addstr(&sb, "..");
			}
		}
		strbuf_addstr(&sb, "</text></g>\n");
		if (sb.len > 1 << 16) {
			fwrite(sb.buf, 1, sb.len, fp);
			strbuf_reset(&sb);
		}
	}
	strbuf_addstr(&sb, "</g>\n</svg>\n");
	fwrite(sb.buf, 1, sb.len, fp);
	strbuf_release(&sb);
	layout_release(&L);
	return ferror(fp) ? -EIO : 0;
}
