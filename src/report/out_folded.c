// SPDX-License-Identifier: GPL-2.0
#include "ptool/out_folded.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/hash.h"

#include "out_folded-priv.h"

static uint64_t hash_edge(uint32_t parent, uint32_t id)
{
	return hash_u64((uint64_t)parent << 32 | id);
}

struct out_fold *out_fold_new(void)
{
	struct out_fold *f = xcalloc(1, sizeof(*f));

	f->alloc_nodes = 1024;
	f->nodes = xcalloc(f->alloc_nodes, sizeof(*f->nodes));
	f->nr_nodes = 1;	/* the root */
	hmap_reserve(&f->names, 512);
	hmap_reserve(&f->edges, 1024);
	return f;
}

void out_fold_free(struct out_fold *f)
{
	if (!f)
		return;
	free(f->nodes);
	free(f->arena);
	free(f->name_off);
	free(f->name_len);
	hmap_release(&f->names);
	hmap_release(&f->edges);
	free(f);
}

const char *out_fold_name(const struct out_fold *f, uint32_t id)
{
	return f->arena + f->name_off[id];
}

/* the id of name @name (@len bytes, hashing to @h), or HMAP_NONE */
static uint32_t name_find(const struct out_fold *f, const char *name,
			  size_t len, uint64_t h)
{
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&f->names, h, pos, id)
		if (f->name_len[id] == len &&
		    !memcmp(f->arena + f->name_off[id], name, len))
			break;
	return id;
}

uint32_t out_fold_intern(struct out_fold *f, const char *name, size_t len)
{
	uint64_t h = hash_bytes(name, len);
	uint32_t id = name_find(f, name, len, h);

	if (id != HMAP_NONE)
		return id;
	id = f->nr_names++;
	ALLOC_GROW(f->name_off, f->nr_names, f->alloc_names);
	f->name_len = xrealloc(f->name_len, f->alloc_names * sizeof(*f->name_len));
	if (f->arena_len + len + 1 > f->arena_alloc) {
		f->arena_alloc = (f->arena_len + len + 1) * 2 + 4096;
		f->arena = xrealloc(f->arena, f->arena_alloc);
	}
	memcpy(f->arena + f->arena_len, name, len);
	f->arena[f->arena_len + len] = '\0';
	f->name_off[id] = (uint32_t)f->arena_len;
	f->name_len[id] = (uint32_t)len;
	f->arena_len += len + 1;
	hmap_add(&f->names, h, id);
	return id;
}

int64_t out_fold_lookup(const struct out_fold *f, const char *name, size_t len)
{
	uint32_t id = name_find(f, name, len, hash_bytes(name, len));

	return id == HMAP_NONE ? -1 : (int64_t)id;
}

int64_t out_fold_find_child(const struct out_fold *f, uint32_t parent,
			    uint32_t id)
{
	size_t pos;
	uint32_t n;

	hmap_for_each_hash(&f->edges, hash_edge(parent, id), pos, n)
		if (f->nodes[n].parent == parent && f->nodes[n].name == id)
			return n;
	return -1;
}

uint32_t out_fold_child(struct out_fold *f, uint32_t parent, uint32_t id)
{
	uint64_t h = hash_edge(parent, id);
	struct fold_node *node;
	size_t pos;
	uint32_t n;

	hmap_for_each_hash(&f->edges, h, pos, n)
		if (f->nodes[n].parent == parent && f->nodes[n].name == id)
			return n;
	n = f->nr_nodes++;
	ALLOC_GROW(f->nodes, f->nr_nodes, f->alloc_nodes);
	node = &f->nodes[n];
	node->parent = parent;
	node->name = id;
	node->first_child = 0;
	node->self = 0;
	node->off = 0;
	node->next_sibling = f->nodes[parent].first_child;
	f->nodes[parent].first_child = n;
	hmap_add(&f->edges, h, n);
	return n;
}

void out_fold_count(struct out_fold *f, uint32_t node, uint64_t count)
{
	f->nodes[node].self += count;
	f->total += count;
}

void out_fold_count_off(struct out_fold *f, uint32_t node, uint64_t count)
{
	f->nodes[node].self += count;
	f->nodes[node].off += count;
	f->total += count;
	f->total_off += count;
}

uint64_t out_fold_total_off(const struct out_fold *f)
{
	return f->total_off;
}

void out_fold_add(struct out_fold *f, const char *const *frames, size_t n,
		  uint64_t count)
{
	uint32_t node = OUT_FOLD_ROOT;

	for (size_t i = 0; i < n; i++)
		node = out_fold_child(f, node,
				      out_fold_intern(f, frames[i], strlen(frames[i])));
	out_fold_count(f, node, count);
}

uint64_t out_fold_total(const struct out_fold *f)
{
	return f->total;
}

size_t out_fold_nr_stacks(const struct out_fold *f)
{
	size_t n = 0;

	for (uint32_t i = 1; i < f->nr_nodes; i++)
		n += f->nodes[i].self != 0;
	return n;
}

struct line {
	const char *key;
	uint64_t count;
};

static int line_cmp(const void *a, const void *b)
{
	return strcmp(((const struct line *)a)->key, ((const struct line *)b)->key);
}

int out_fold_write(const struct out_fold *f, FILE *fp)
{
	size_t nr = out_fold_nr_stacks(f), k = 0;
	struct line *lines = xcalloc(nr ? nr : 1, sizeof(*lines));
	struct strbuf keys = STRBUF_INIT;
	size_t *offs = xcalloc(nr ? nr : 1, sizeof(*offs));
	uint32_t *path = NULL;
	size_t path_alloc = 0;

	/* build each key "a;b;c" by walking up to the root */
	for (uint32_t n = 1; n < f->nr_nodes; n++) {
		size_t depth = 0;

		if (!f->nodes[n].self)
			continue;
		for (uint32_t p = n; p != OUT_FOLD_ROOT; p = f->nodes[p].parent) {
			ALLOC_GROW(path, depth + 1, path_alloc);
			path[depth++] = p;
		}
		offs[k] = keys.len;
		while (depth--) {
			uint32_t id = f->nodes[path[depth]].name;

			strbuf_add(&keys, f->arena + f->name_off[id], f->name_len[id]);
			if (depth)
				strbuf_addch(&keys, ';');
		}
		strbuf_addch(&keys, '\0');
		lines[k++].count = f->nodes[n].self;
	}
	for (size_t i = 0; i < k; i++)
		lines[i].key = keys.buf + offs[i];
	qsort(lines, k, sizeof(*lines), line_cmp);
	for (size_t i = 0; i < k; i++)
		fprintf(fp, "%s %llu\n", lines[i].key,
			(unsigned long long)lines[i].count);
	free(path);
	free(offs);
	free(lines);
	strbuf_release(&keys);
	return ferror(fp) ? -EIO : 0;
}

/*
 * getline() for text: -1 at the end, -2 on a NUL byte, which no folded
 * file holds (binary input, /dev/zero, must not be read to its end)
 */
static ssize_t text_line(char **line, size_t *cap, FILE *fp)
{
	size_t len = 0;
	int c;

	while ((c = getc_unlocked(fp)) != EOF) {
		if (!c)
			return -2;
		if (len + 2 > *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*line = xrealloc(*line, *cap);
		}
		(*line)[len++] = (char)c;
		if (c == '\n')
			break;
	}
	if (c == EOF && !len)
		return -1;
	(*line)[len] = '\0';
	return (ssize_t)len;
}

long out_fold_read(struct out_fold *f, FILE *fp, unsigned long *lineno)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long no = 0;
	long added = 0;

	while ((len = text_line(&line, &cap, fp)) != -1) {
		char *sp, *end, *s, *semi;
		uint32_t node = OUT_FOLD_ROOT;
		double count;

		no++;
		if (len < 0)
			goto bad;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		sp = strrchr(line, ' ');
		if (!sp || sp == line)
			goto bad;
		errno = 0;
		count = strtod(sp + 1, &end);
		if (errno || end == sp + 1 || *end || !isfinite(count) || count < 0)
			goto bad;
		*sp = '\0';
		for (s = line; ; s = semi + 1) {
			semi = strchr(s, ';');
			node = out_fold_child(f, node, out_fold_intern(f, s,
						semi ? (size_t)(semi - s) : strlen(s)));
			if (!semi)
				break;
		}
		out_fold_count(f, node, (uint64_t)llround(count));
		added++;
	}
	free(line);
	return added;
bad:
	free(line);
	if (lineno)
		*lineno = no;
	return -EINVAL;
}

/*
 * Tidy one name as the collapser does: ';' -> ':', cut at the first '('
 * (keeping "(anonymous namespace)") unless it looks like a Go method
 * "pkg.(*T).M", drop quotes, strip a Java 'L' prefix.
 */
static void tidy_name(struct strbuf *out, const char *s, size_t len, bool java)
{
	size_t start = out->len, cut = len;
	bool go = false;

	/* Go method: ".(" ... ")." somewhere */
	for (size_t i = 0; i + 1 < len && !go; i++) {
		if (s[i] == '.' && s[i + 1] == '(') {
			for (size_t j = i + 2; j + 1 < len; j++)
				if (s[j] == ')' && s[j + 1] == '.') {
					go = true;
					break;
				}
		}
	}
	if (!go) {
		static const char anon[] = "anonymous namespace)";

		for (size_t i = 0; i < len; i++) {
			if (s[i] != '(')
				continue;
			if (len - i - 1 >= sizeof(anon) - 1 &&
			    !memcmp(s + i + 1, anon, sizeof(anon) - 1))
				continue;
			cut = i;
			break;
		}
	}
	for (size_t i = 0; i < cut; i++) {
		char c = s[i];

		if (c == '"' || c == '\'')
			continue;
		strbuf_addch(out, c == ';' ? ':' : c);
	}
	if (java && memchr(out->buf + start, '/', out->len - start) &&
	    out->len > start && out->buf[start] == 'L') {
		memmove(out->buf + start, out->buf + start + 1, out->len - start - 1);
		strbuf_setlen(out, out->len - 1);
	}
}

static bool is_kernel_dso(const char *dso, size_t len)
{
	if (strstr(dso, "unknown"))
		return false;
	return dso[0] == '[' ||
	       (len >= 7 && !strcmp(dso + len - 7, "vmlinux"));
}

static bool is_jit_dso(const char *dso)
{
	const char *p = strstr(dso, "/tmp/perf-");

	while (p) {
		const char *q = p + 10;

		if (isdigit((unsigned char)*q)) {
			while (isdigit((unsigned char)*q))
				q++;
			if (!strncmp(q, ".map", 4))
				return true;
		}
		p = strstr(p + 1, "/tmp/perf-");
	}
	return false;
}

bool out_fold_frame(struct strbuf *out, const char *sym, const char *dso,
		    bool java, unsigned int ann)
{
	const char *mod = dso ? dso : "[unknown]";
	size_t modlen = strlen(mod);
	const char *raw = sym ? sym : "[unknown]";
	size_t rawlen = strlen(raw);
	bool kernel = (ann & OUT_FOLD_ANN_KERNEL) && is_kernel_dso(mod, modlen);
	bool jit = (ann & OUT_FOLD_ANN_JIT) && is_jit_dso(mod);
	int piece = 0;

	/* a trailing "+0x<hex>" is an offset, not part of the name */
	for (size_t i = rawlen; i > 0; i--) {
		char c = raw[i - 1];

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
			continue;
		if (i < rawlen && i >= 3 && !memcmp(raw + i - 3, "+0x", 3))
			rawlen = i - 3;
		break;
	}
	if (rawlen && raw[0] == '(')
		return false;

	/* split on "->" (inlined chains); Perl's split drops trailing empties */
	while (rawlen >= 2 && !memcmp(raw + rawlen - 2, "->", 2))
		rawlen -= 2;
	if (!rawlen)
		return false;
	for (size_t pos = 0; pos <= rawlen; ) {
		const char *arrow = NULL;
		size_t plen;
		size_t nstart;

		for (size_t i = pos; i + 1 < rawlen; i++)
			if (raw[i] == '-' && raw[i + 1] == '>') {
				arrow = raw + i;
				break;
			}
		plen = arrow ? (size_t)(arrow - (raw + pos)) : rawlen - pos;
		if (piece)
			strbuf_addch(out, ';');
		nstart = out->len;
		if (plen == 9 && !memcmp(raw + pos, "[unknown]", 9)) {
			struct strbuf tmp = STRBUF_INIT;

			if (strcmp(mod, "[unknown]")) {
				const char *base = strrchr(mod, '/');

				strbuf_addch(&tmp, '[');
				strbuf_addstr(&tmp, base ? base + 1 : mod);
				strbuf_addch(&tmp, ']');
			} else {
				strbuf_addstr(&tmp, "[unknown]");
			}
			tidy_name(out, tmp.buf, tmp.len, java);
			strbuf_release(&tmp);
		} else {
			tidy_name(out, raw + pos, plen, java);
		}
		if (piece > 0) {
			if (!memmem(out->buf + nstart, out->len - nstart, "_[i]", 4))
				strbuf_addstr(out, "_[i]");
		} else if (kernel) {
			strbuf_addstr(out, "_[k]");
		} else if (jit) {
			if (!memmem(out->buf + nstart, out->len - nstart, "_[j]", 4))
				strbuf_addstr(out, "_[j]");
		}
		piece++;
		if (!arrow)
			break;
		pos = (size_t)(arrow - raw) + 2;
	}
	return true;
}

bool out_fold_pname(struct strbuf *out, const char *line)
{
	size_t len = strlen(line);

	if (!len || isspace((unsigned char)line[0]) || line[0] == '\n')
		return false;
	/* the shortest comm followed by blanks, a pid or pid/tid and a blank */
	for (size_t e = 2; e < len; e++) {
		size_t i = e, tok;

		if (!isspace((unsigned char)line[i]))
			continue;
		while (i < len && isspace((unsigned char)line[i]))
			i++;
		tok = i;
		while (i < len && isdigit((unsigned char)line[i]))
			i++;
		if (i == tok)
			continue;
		while (i < len && line[i] == '/')
			i++;
		while (i < len && isdigit((unsigned char)line[i]))
			i++;
		if (i >= len || !isspace((unsigned char)line[i]))
			continue;
		for (size_t k = 0; k < e; k++)
			strbuf_addch(out, line[k] == ' ' ? '_' : line[k]);
		return true;
	}
	return false;
}
