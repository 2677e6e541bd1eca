// SPDX-License-Identifier: GPL-2.0
#include "ptool/tracing.h"

#include <byteswap.h>
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/msg.h"

#define TRACING_VERSION "0.6"

static const char magic[10] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i',
				'n', 'g' };

static bool host_big_endian(void)
{
	return __BYTE_ORDER == __BIG_ENDIAN;
}

static void add_u32(struct strbuf *sb, uint32_t v)
{
	strbuf_add(sb, &v, sizeof(v));
}

static void add_u64(struct strbuf *sb, uint64_t v)
{
	strbuf_add(sb, &v, sizeof(v));
}

/* "<name>\0" u64 size, contents */
static int add_file(const struct tfs *t, const char *rel, struct strbuf *sb,
		    int size_bytes)
{
	struct strbuf f = STRBUF_INIT;
	long n = tfs_read(t, rel, &f);

	if (n < 0) {
		pr_debug("tracing: cannot read %s/%s", tfs_root(t), rel);
		strbuf_release(&f);
		return (int)n;
	}
	if (size_bytes == 8)
		add_u64(sb, f.len);
	else
		add_u32(sb, (uint32_t)f.len);
	strbuf_add(sb, f.buf, f.len);
	strbuf_release(&f);
	return 0;
}

/* an optional file: its size and contents, or a zero size when absent */
static void add_optional(const struct tfs *t, const char *rel,
			 struct strbuf *sb, int size_bytes)
{
	if (add_file(t, rel, sb, size_bytes) < 0) {
		if (size_bytes == 8)
			add_u64(sb, 0);
		else
			add_u32(sb, 0);
	}
}

/*
 * saved_cmdlines, the last section, padded with newlines (which readers
 * skip) so that the blob is a whole number of u64 words: perf's pipe
 * format reader checks the bytes it parsed, rounded up to 8, against the
 * size in the HEADER_TRACING_DATA record.
 */
static int add_cmdlines(const struct tfs *t, struct strbuf *sb)
{
	struct strbuf f = STRBUF_INIT;
	size_t pad;

	if (tfs_read(t, "saved_cmdlines", &f) < 0)
		strbuf_reset(&f);
	pad = (8 - (sb->len + 8 + f.len) % 8) % 8;
	while (pad--)
		strbuf_addch(&f, '\n');
	add_u64(sb, f.len);
	strbuf_add(sb, f.buf, f.len);
	strbuf_release(&f);
	return 0;
}

static bool seen_before(const struct tracing_tp *tps, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(tps[j].system, tps[i].system) &&
		    !strcmp(tps[j].name, tps[i].name))
			return true;
	return false;
}

static bool system_before(const struct tracing_tp *tps, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(tps[j].system, tps[i].system))
			return true;
	return false;
}

/* the formats of every tracepoint of @system, with the count in front */
static int add_system(const struct tfs *t, const struct tracing_tp *tps,
		      size_t nr, const char *system, struct strbuf *sb)
{
	size_t count_at = sb->len;
	uint32_t count = 0;

	add_u32(sb, 0);
	for (size_t i = 0; i < nr; i++) {
		char rel[512];
		int err;

		if (strcmp(tps[i].system, system) || seen_before(tps, i))
			continue;
		if (snprintf(rel, sizeof(rel), "events/%s/%s/format", system,
			     tps[i].name) >= (int)sizeof(rel))
			return -ENAMETOOLONG;
		err = add_file(t, rel, sb, 8);
		if (err)
			return err;
		count++;
	}
	memcpy(sb->buf + count_at, &count, sizeof(count));
	return 0;
}

int tracing_data_write(const struct tfs *t, const struct tracing_tp *tps,
		       size_t nr, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t nr_sys = 0;
	size_t count_at;
	int err;

	strbuf_add(&sb, magic, sizeof(magic));
	strbuf_add(&sb, TRACING_VERSION, sizeof(TRACING_VERSION));
	strbuf_addch(&sb, host_big_endian());
	strbuf_addch(&sb, sizeof(long));
	add_u32(&sb, (uint32_t)sysconf(_SC_PAGESIZE));

	strbuf_add(&sb, "header_page", 12);
	err = add_file(t, "events/header_page", &sb, 8);
	if (err)
		goto out;
	strbuf_add(&sb, "header_event", 13);
	err = add_file(t, "events/header_event", &sb, 8);
	if (err)
		goto out;

	err = add_system(t, tps, nr, "ftrace", &sb);
	if (err)
		goto out;

	count_at = sb.len;
	add_u32(&sb, 0);
	for (size_t i = 0; i < nr; i++) {
		if (!strcmp(tps[i].system, "ftrace") || system_before(tps, i))
			continue;
		strbuf_add(&sb, tps[i].system, strlen(tps[i].system) + 1);
		err = add_system(t, tps, nr, tps[i].system, &sb);
		if (err)
			goto out;
		nr_sys++;
	}
	memcpy(sb.buf + count_at, &nr_sys, sizeof(nr_sys));

	/* kallsyms: empty, readers resolve kernel symbols themselves */
	add_u32(&sb, 0);
	add_optional(t, "printk_formats", &sb, 4);
	err = add_cmdlines(t, &sb);
	if (err)
		goto out;
	strbuf_add(out, sb.buf, sb.len);
out:
	strbuf_release(&sb);
	return err;
}

/* ---- parsing ---- */

struct cursor {
	const unsigned char *p;
	size_t left;
	bool swap;
	bool bad;
};

static const void *take(struct cursor *c, size_t n)
{
	const void *r;

	if (c->bad || n > c->left) {
		c->bad = true;
		return NULL;
	}
	r = c->p;
	c->p += n;
	c->left -= n;
	return r;
}

static uint64_t get_num(struct cursor *c, size_t n)
{
	const void *p = take(c, n);
	uint32_t v32;
	uint64_t v64;

	if (!p)
		return 0;
	if (n == 4) {
		memcpy(&v32, p, 4);
		return c->swap ? bswap_32(v32) : v32;
	}
	memcpy(&v64, p, 8);
	return c->swap ? bswap_64(v64) : v64;
}

static const char *get_str(struct cursor *c)
{
	const unsigned char *nul;

	if (c->bad)
		return NULL;
	nul = memchr(c->p, '\0', c->left);
	if (!nul) {
		c->bad = true;
		return NULL;
	}
	return take(c, (size_t)(nul - c->p) + 1);
}

/* pieces are first gathered as offsets into an arena, then made pointers */
struct piece {
	size_t off;
	size_t len;
};

static struct piece arena_add(struct strbuf *arena, const void *p, size_t len)
{
	struct piece pc = { arena->len, len };

	strbuf_add(arena, p, len);
	strbuf_addch(arena, '\0');
	return pc;
}

static struct piece get_blob(struct cursor *c, size_t size_bytes,
			     struct strbuf *arena)
{
	uint64_t n = get_num(c, size_bytes);
	const void *p = take(c, n);

	if (!p)
		return (struct piece){ 0, 0 };
	return arena_add(arena, p, n);
}

struct ev_piece {
	struct piece system, format, name;
};

static void get_formats(struct cursor *c, struct piece system,
			struct strbuf *arena, struct ev_piece **evs,
			size_t *nr, size_t *alloc)
{
	uint64_t count = get_num(c, 4);

	for (uint64_t i = 0; i < count && !c->bad; i++) {
		struct piece f = get_blob(c, 8, arena);

		if (c->bad)
			return;
		ALLOC_GROW(*evs, *nr + 1, *alloc);
		(*evs)[*nr].system = system;
		(*evs)[(*nr)++].format = f;
	}
}

/* the value of "<key>: value" at the start of a line, up to the newline */
static char *line_value(const char *text, size_t len, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > klen && !strncmp(p, key, klen)) {
			const char *v = p + klen;

			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			return xstrndup(v, (size_t)(eol - v));
		}
		p = eol + 1;
	}
	return NULL;
}

struct tracing_data *tracing_data_parse(const void *blob, size_t len)
{
	struct cursor c = { blob, len, false, false };
	struct strbuf arena = STRBUF_INIT;
	struct tracing_data *td = NULL;
	struct ev_piece *evs = NULL;
	size_t nr = 0, alloc = 0;
	struct piece hp, he, ks, pk, cl = { 0, 0 }, ftrace_sys;
	const unsigned char *mg, *b;
	const char *ver, *s;
	uint64_t nr_sys;
	int *ids = NULL;
	double vnum;

	mg = take(&c, sizeof(magic));
	if (!mg || memcmp(mg, magic, sizeof(magic)))
		goto bad;
	ver = get_str(&c);
	b = take(&c, 2);
	if (!ver || !b || strlen(ver) >= sizeof(td->version))
		goto bad;
	td = xcalloc(1, sizeof(*td));
	strcpy(td->version, ver);
	td->big_endian = b[0];
	td->long_size = b[1];
	c.swap = td->big_endian != host_big_endian();
	td->page_size = (unsigned int)get_num(&c, 4);

	s = take(&c, 12);
	if (!s || memcmp(s, "header_page", 12))
		goto bad;
	hp = get_blob(&c, 8, &arena);
	s = take(&c, 13);
	if (!s || memcmp(s, "header_event", 13))
		goto bad;
	he = get_blob(&c, 8, &arena);

	ftrace_sys = arena_add(&arena, "ftrace", 6);
	get_formats(&c, ftrace_sys, &arena, &evs, &nr, &alloc);
	nr_sys = get_num(&c, 4);
	for (uint64_t i = 0; i < nr_sys && !c.bad; i++) {
		const char *sys = get_str(&c);

		if (!sys)
			goto bad;
		get_formats(&c, arena_add(&arena, sys, strlen(sys)), &arena,
			    &evs, &nr, &alloc);
	}
	ks = get_blob(&c, 4, &arena);
	pk = get_blob(&c, 4, &arena);
	vnum = strtod(td->version, NULL);
	if (vnum >= 0.6)
		cl = get_blob(&c, 8, &arena);
	if (c.bad)
		goto bad;

	/* event names and ids come from the format text itself */
	ids = xcalloc(nr ? nr : 1, sizeof(*ids));
	for (size_t i = 0; i < nr; i++) {
		char *name = line_value(arena.buf + evs[i].format.off,
					evs[i].format.len, "name:");
		char *id = line_value(arena.buf + evs[i].format.off,
				      evs[i].format.len, "ID:");

		evs[i].name = arena_add(&arena, name ? name : "",
					name ? strlen(name) : 0);
		ids[i] = id ? atoi(id) : -1;
		free(name);
		free(id);
	}

	td->len = arena.len;
	td->buf = (unsigned char *)strbuf_detach(&arena, NULL);
#define PTR(pc) ((const char *)td->buf + (pc).off)
	td->header_page = PTR(hp);
	td->header_page_len = hp.len;
	td->header_event = PTR(he);
	td->header_event_len = he.len;
	td->kallsyms = PTR(ks);
	td->kallsyms_len = ks.len;
	td->printk = PTR(pk);
	td->printk_len = pk.len;
	td->cmdlines = cl.len ? PTR(cl) : "";
	td->cmdlines_len = cl.len;
	td->events = xcalloc(nr ? nr : 1, sizeof(*td->events));
	td->nr_events = nr;
	for (size_t i = 0; i < nr; i++) {
		struct tracing_event *e = &td->events[i];

		e->system = PTR(evs[i].system);
		e->name = PTR(evs[i].name);
		e->id = ids[i];
		e->format = PTR(evs[i].format);
		e->format_len = evs[i].format.len;
	}
#undef PTR
	free(ids);
	free(evs);
	return td;
bad:
	free(evs);
	strbuf_release(&arena);
	free(td);
	errno = EINVAL;
	return NULL;
}

void tracing_data_free(struct tracing_data *td)
{
	if (!td)
		return;
	free(td->events);
	free(td->buf);
	free(td);
}

const struct tracing_event *tracing_data_find(const struct tracing_data *td,
					       const char *system,
					       const char *name)
{
	for (size_t i = 0; i < td->nr_events; i++) {
		const struct tracing_event *e = &td->events[i];

		if ((!system || !strcmp(e->system, system)) &&
		    !strcmp(e->name, name))
			return e;
	}
	return NULL;
}

const struct tracing_event *tracing_data_find_id(const struct tracing_data *td,
						  int id)
{
	for (size_t i = 0; i < td->nr_events; i++)
		if (td->events[i].id == id)
			return &td->events[i];
	return NULL;
}
