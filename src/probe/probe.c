// SPDX-License-Identifier: GPL-2.0
/*
 * The registrar: formats uprobe_events/kprobe_events lines
 * (Documentation/trace/uprobetracer.rst, kprobetrace.rst), appends them,
 * lists and removes events, and reads error_log to explain a refusal.
 */
#include "ptool/probe.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/msg.h"
#include "ptool/parse.h"

#define UPROBE_EVENTS "uprobe_events"
#define KPROBE_EVENTS "kprobe_events"

void probe_trace_release(struct probe_trace *t)
{
	for (int i = 0; i < t->nargs; i++)
		free(t->args[i]);
	free(t->args);
	free(t->group);
	free(t->event);
	free(t->path);
	free(t->symbol);
	free(t->where);
	free(t->with);
	memset(t, 0, sizeof(*t));
}

/* a fetch-arg as written: NAME=FETCH[:TYPE] or FETCH[:TYPE]; no blanks */
static bool fetch_arg_valid(const char *a)
{
	if (!*a)
		return false;
	for (; *a; a++) {
		unsigned char c = *a;

		if (c <= ' ' || c >= 0x7f || c == ';' || c == '"' || c == '\'')
			return false;
	}
	return true;
}

static bool path_valid(const char *p)
{
	if (!p || p[0] != '/')
		return false;
	for (; *p; p++) {
		unsigned char c = *p;

		/* the kernel splits the line on blanks and PATH:OFFSET on ':' */
		if (c <= ' ' || c == 0x7f || c == ':' || c == ';')
			return false;
	}
	return true;
}

int probe_trace_format(const struct probe_trace *t, struct strbuf *out)
{
	if (t->type != 'p' && t->type != 'r')
		return -EINVAL;
	if (!probe_name_valid(t->group) || !probe_name_valid(t->event))
		return -EINVAL;
	strbuf_addf(out, "%c:%s/%s ", t->type, t->group, t->event);
	if (t->path) {
		if (!path_valid(t->path))
			return -EINVAL;
		strbuf_addf(out, "%s:0x%" PRIx64, t->path, t->offset);
	} else {
		if (!t->symbol)
			return -EINVAL;
		for (const char *s = t->symbol; *s; s++)
			if (!isalnum((unsigned char)*s) && *s != '_' &&
			    *s != '.')
				return -EINVAL;
		strbuf_addstr(out, t->symbol);
		if (t->offset)
			strbuf_addf(out, "+%" PRIu64, t->offset);
	}
	for (int i = 0; i < t->nargs; i++) {
		if (!fetch_arg_valid(t->args[i]))
			return -EINVAL;
		strbuf_addf(out, " %s", t->args[i]);
	}
	return 0;
}

static void event_release(struct probe_event *e)
{
	free(e->group);
	free(e->event);
	free(e->target);
	free(e->path);
	free(e->symbol);
	free(e->args);
}

void probe_events_release(struct probe_events *l)
{
	for (int i = 0; i < l->nr; i++)
		event_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* "p:grp/ev target args...", "r4:grp/ev ..." */
static int parse_line(const char *line, bool kprobe, struct probe_event *e)
{
	const char *p = line, *slash, *sp;

	memset(e, 0, sizeof(*e));
	if (*p != 'p' && *p != 'r')
		return -EINVAL;
	e->type = *p++;
	e->kprobe = kprobe;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p++ != ':')
		return -EINVAL;
	slash = strchr(p, '/');
	sp = strchr(p, ' ');
	if (!slash || !sp || slash > sp)
		return -EINVAL;
	e->group = xstrndup(p, slash - p);
	e->event = xstrndup(slash + 1, sp - slash - 1);
	p = sp + 1;
	sp = strchr(p, ' ');
	e->target = sp ? xstrndup(p, sp - p) : xstrdup(p);
	e->args = xstrdup(sp ? sp + 1 : "");
	if (!kprobe) {
		const char *colon = strrchr(e->target, ':');
		char *off;

		if (!colon)
			return -EINVAL;
		e->path = xstrndup(e->target, colon - e->target);
		off = xstrdup(colon + 1);
		/* "0x1149" or "0x1149(0x3c)" with a ref_ctr_offset */
		off[strcspn(off, "(%")] = '\0';
		if (parse_u64(off, &e->offset))
			e->offset = 0;
		free(off);
	} else {
		const char *plus = strchr(e->target, '+');

		if (plus) {
			e->symbol = xstrndup(e->target, plus - e->target);
			if (parse_u64(plus + 1, &e->offset))
				e->offset = 0;
		} else {
			e->symbol = xstrdup(e->target);
		}
	}
	return 0;
}

void probe_events_parse(const char *text, bool kprobe,
			struct probe_events *l)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		struct probe_event e;

		if (!parse_line(line, kprobe, &e)) {
			ALLOC_GROW(l->v, l->nr + 1, l->alloc);
			l->v[l->nr++] = e;
		} else {
			event_release(&e);
		}
		free(line);
		p += len;
		if (*p)
			p++;
	}
}

bool probe_kprobes_available(const struct tfs *t)
{
	return tfs_exists(t, KPROBE_EVENTS);
}

int probe_events_read(const struct tfs *t, struct probe_events *l)
{
	struct strbuf sb = STRBUF_INIT;
	long n;

	n = tfs_read(t, UPROBE_EVENTS, &sb);
	if (n < 0 && n != -ENOENT) {
		strbuf_release(&sb);
		return (int)n;
	}
	probe_events_parse(sb.buf, false, l);
	strbuf_reset(&sb);
	if (probe_kprobes_available(t)) {
		n = tfs_read(t, KPROBE_EVENTS, &sb);
		if (n >= 0)
			probe_events_parse(sb.buf, true, l);
	}
	strbuf_release(&sb);
	return 0;
}

bool probe_events_has(const struct probe_events *l, const char *group,
		      const char *event)
{
	for (int i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].group, group) &&
		    !strcmp(l->v[i].event, event))
			return true;
	return false;
}

char *probe_unique_event(const struct probe_events *l, const char *group,
			 const char *base)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, base);
	for (int i = 1; probe_events_has(l, group, sb.buf); i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s_%d", base, i);
	}
	return strbuf_detach(&sb, NULL);
}

int probe_error_log(const struct tfs *t, const char *cmd, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *found = NULL;
	int ret = -ENOENT;

	if (tfs_read(t, "error_log", &sb) <= 0)
		goto out;
	/*
	 * Entries look like
	 *   [  12.345678] trace_uprobe: error: Invalid fetch argument
	 *     Command: p:g/e /bin/x:0x10 n=%zz
	 *                                  ^
	 * Take the last one, or the last one about @cmd: other tools may
	 * have left older entries.
	 */
	for (p = sb.buf; (p = strstr(p, "error: ")); p++) {
		const char *c = strstr(p, "Command: "), *next;
		size_t clen;

		next = strstr(p + 1, "error: ");
		if (c && next && c > next)
			c = NULL;
		if (cmd) {
			if (!c)
				continue;
			c += strlen("Command: ");
			clen = strcspn(c, "\n");
			while (clen && c[clen - 1] == ' ')
				clen--;
			if (clen != strlen(cmd) || strncmp(c, cmd, clen))
				continue;
		}
		found = p;
	}
	if (!found)
		goto out;
	p = found + strlen("error: ");
	strbuf_add(out, p, strcspn(p, "\n"));
	p = strstr(found, "Command: ");
	if (p && (!strstr(found + 1, "error: ") ||
		  p < strstr(found + 1, "error: "))) {
		p += strlen("Command: ");
		strbuf_addstr(out, " (in '");
		strbuf_add(out, p, strcspn(p, "\n"));
		strbuf_addstr(out, "')");
	}
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}

static int write_line(const struct tfs *t, const char *file, const char *line,
		      struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_addf(&sb, "%s\n", line);
	pr_debug("writing '%s' to %s", line, file);
	ret = tfs_write(t, file, sb.buf, true);
	if (ret && err)
		probe_error_log(t, line, err);
	strbuf_release(&sb);
	return ret;
}

int probe_add(const struct tfs *t, const struct probe_trace *tr,
	      struct strbuf *err)
{
	struct strbuf line = STRBUF_INIT;
	int ret;

	ret = probe_trace_format(tr, &line);
	if (!ret)
		ret = write_line(t, tr->path ? UPROBE_EVENTS : KPROBE_EVENTS,
				 line.buf, err);
	strbuf_release(&line);
	return ret;
}

int probe_del(const struct tfs *t, const struct probe_event *ev,
	      struct strbuf *err)
{
	struct strbuf line = STRBUF_INIT;
	int ret;

	if (!probe_name_valid(ev->group) || !probe_name_valid(ev->event))
		return -EINVAL;
	strbuf_addf(&line, "-:%s/%s", ev->group, ev->event);
	ret = write_line(t, ev->kprobe ? KPROBE_EVENTS : UPROBE_EVENTS,
			 line.buf, err);
	strbuf_release(&line);
	return ret;
}

void probe_event_arg_names(const char *args, struct strbuf *out)
{
	const char *p = args;

	while (*p) {
		size_t n = strcspn(p, " ");
		size_t eq = strcspn(p, "= ");

		if (out->len)
			strbuf_addch(out, ' ');
		strbuf_add(out, p, eq < n ? eq : n);
		p += n;
		while (*p == ' ')
			p++;
	}
}
