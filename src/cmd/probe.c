// SPDX-License-Identifier: GPL-2.0
/*
 * ptool probe: add, list and delete uprobes and kprobes through tracefs,
 * with perf probe's syntax, event names and messages.
 */
#include "ptool/cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptool/msg.h"
#include "ptool/opt.h"
#include "ptool/pager.h"
#include "ptool/probe.h"
#include "ptool/probe_dwarf.h"
#include "ptool/strbuf.h"
#include "ptool/tfs.h"

static const char *const probe_usage[] = {
	"ptool probe [<options>] 'PROBEDEF' ['PROBEDEF' ...]",
	"ptool probe [<options>] --add 'PROBEDEF' [--add 'PROBEDEF' ...]",
	"ptool probe [<options>] --del '[GROUP:]EVENT' ...",
	"ptool probe --list [GROUP:]EVENT ...",
	"ptool probe [<options>] --line 'LINEDESC'",
	"ptool probe [<options>] --vars 'PROBEPOINT'",
	"ptool probe [<options>] --funcs",
	"ptool probe [<options>] --definition 'PROBEDEF' [--bootconfig]",
	NULL
};

struct probe_opts {
	const char *exec;
	const char *vmlinux;
	struct opt_strlist add;
	struct opt_strlist def;		/* -D: definitions to print */
	bool bootconfig;		/* --bootconfig: in bootconfig's form */
	struct opt_strlist del;
	bool list;
	const char *line;
	const char *vars;
	bool funcs;
	const char *filter;	/* --filter: for --vars (perf ignores it for -F) */
	const char *funcs_filter;	/* -F's own argument */
	bool dry_run;
	bool force;
	bool quiet;
	int verbose;
	bool no_inlines;
	bool externs;
	unsigned int max_probes;
	const char *source;
};

/* perf probe -F takes an optional filter */
static int funcs_cb(const struct opt *opt, const char *arg, bool unset)
{
	struct probe_opts *o = opt->value;

	o->funcs = !unset;
	if (arg)
		o->funcs_filter = arg;
	return 0;
}

/*
 * where separate debug files are looked up by build-id: $PTOOL_DEBUG_DIR
 * (a test seam), else the default /usr/lib/debug
 */
static const char *debug_root(void)
{
	return getenv("PTOOL_DEBUG_DIR");
}

/* -x BIN: an absolute path; a bare name is looked up in $PATH */
static char *find_binary(const char *name)
{
	char buf[PATH_MAX];
	const char *path;

	if (strchr(name, '/') || !access(name, F_OK))
		return realpath(name, buf) ? xstrdup(buf) : NULL;
	path = getenv("PATH");
	while (path && *path) {
		size_t n = strcspn(path, ":");
		struct strbuf sb = STRBUF_INIT;

		strbuf_add(&sb, path, n);
		strbuf_addf(&sb, "/%s", name);
		if (!access(sb.buf, X_OK) && realpath(sb.buf, buf)) {
			strbuf_release(&sb);
			return xstrdup(buf);
		}
		strbuf_release(&sb);
		path += n;
		if (*path)
			path++;
	}
	errno = ENOENT;
	return NULL;
}

/* split positional words into specs: "main:4 main:20" is two, "work n" one */
static void split_specs(int argc, const char **argv, struct strbuf **out,
			int *nr)
{
	int n = 0;
	struct strbuf *v = NULL;

	for (int i = 0; i < argc; i++) {
		if (i == 0 || probe_spec_starts_point(argv[i])) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			strbuf_init(&v[n], 0);
			strbuf_addstr(&v[n], argv[i]);
			n++;
		} else {
			strbuf_addf(&v[n - 1], " %s", argv[i]);
		}
	}
	*out = v;
	*nr = n;
}

struct adder {
	struct probe_opts *o;
	struct tfs *tfs;
	struct probe_events existing;	/* in tracefs, plus what we add */
	struct probe_trace *tr;
	int ntr;
	const char *path;	/* binary, NULL for kprobes */
	struct probe_bin *bin;
};

static char *default_event(const struct probe_spec *s,
			   const struct probe_loc *loc)
{
	struct strbuf sb = STRBUF_INIT;

	if (s->func) {
		strbuf_addstr(&sb, s->func);
		/* "foo.isra.0" is not an event name */
		for (char *p = sb.buf; *p; p++)
			if (*p == '.')
				*p = '_';
		if (s->line >= 0)
			strbuf_addf(&sb, "_L%d", s->line);
		if (s->ret)
			strbuf_addstr(&sb, "__return");
	} else {
		strbuf_addstr(&sb, loc->func);
		for (char *p = sb.buf; *p; p++)
			if (*p == '.')
				*p = '_';
	}
	return strbuf_detach(&sb, NULL);
}

/* @text parsed and resolved to its addresses; 0, or 1 after a message */
static int resolve_spec(struct adder *ad, const char *text,
			struct probe_spec *s, struct probe_locs *locs)
{
	struct strbuf err = STRBUF_INIT;
	int ret;

	ret = probe_spec_parse(text, s, &err);
	if (ret) {
		char *shown = probe_printable(text);

		ret = cmd_fail(0, "bad probe '%s': %s", shown, err.buf);
		free(shown);
		goto out;
	}
	if (!ad->path && !ad->bin) {
		/* kprobe without vmlinux: function[+off] from kallsyms */
		const char *ks = getenv("PTOOL_KALLSYMS");

		ret = probe_resolve_kallsyms(ks ? ks : "/proc/kallsyms", s,
					     locs, &err);
	} else {
		ret = probe_resolve(ad->bin, s, locs, &err);
	}
	if (ret) {
		ret = cmd_fail(0, "%s", err.buf);
		goto out;
	}
	if (locs->nr > (int)ad->o->max_probes) {
		ret = cmd_fail(0, "'%s' resolves to %d addresses, more than "
			       "--max-probes=%u", text, locs->nr,
			       ad->o->max_probes);
		goto out;
	}
	if (locs->warn.len) {
		strbuf_rtrim(&locs->warn);
		pr_warn("%s", locs->warn.buf);
	}
	for (int i = 0; i < locs->nr; i++)
		if (locs->v[i].skipped_prologue && !ad->o->quiet)
			pr_info("Target program is compiled without "
				"optimization. Skipping prologue.\n"
				"Probe on address 0x%" PRIx64 " to force "
				"probing at the function entry.\n",
				locs->v[i].entry ? locs->v[i].entry :
						   locs->v[i].vaddr);
out:
	strbuf_release(&err);
	return ret;
}

/*
 * The group and event name of @s (@group and @event, for free()), unique
 * among the existing events with -f; 0, or 1 after a message
 */
static int name_event(struct adder *ad, const struct probe_spec *s,
		      const struct probe_loc *first, char **group,
		      char **event)
{
	char *base = s->event ? xstrdup(s->event) : default_event(s, first);
	char *g = s->group ? xstrdup(s->group) : probe_group_for(ad->path);
	int ret = PTOOL_EXIT_FAIL;

	*group = g;
	/* the kernel's MAX_EVENT_NAME_LEN is 64 with the NUL */
	if (!s->event && strlen(base) > 60)
		base[60] = '\0';	/* room for a _N suffix */
	if (!s->group && strlen(g) > 63)
		g[63] = '\0';
	if (strlen(base) > 63 || strlen(g) > 63) {
		cmd_fail(0, "event name '%s:%s' is longer than 63 characters",
			 g, base);
	} else if (!probe_name_valid(g) || !probe_name_valid(base)) {
		cmd_fail(0, "'%s:%s' is not a valid event name", g, base);
	} else if (!probe_events_has(&ad->existing, g, base)) {
		*event = xstrdup(base);
		ret = 0;
	} else if (ad->o->force) {
		*event = probe_unique_event(&ad->existing, g, base);
		ret = 0;
	} else {
		/*
		 * perf's message; its status, 239 (-EEXIST), would read as a
		 * death by signal: 1
		 */
		fprintf(stderr, "Error: event \"%s\" already exists.\n"
			" Hint: Remove existing event by 'ptool probe -d'\n"
			"       or force duplicates by 'ptool probe -f'\n"
			"  Error: Failed to add events.\n", base);
	}
	free(base);
	return ret;
}

/* a tracefs definition per address of @s, taking the locations' args */
static void add_traces(struct adder *ad, const struct probe_spec *s,
		       struct probe_locs *locs, const char *group,
		       const char *event)
{
	struct strbuf where = STRBUF_INIT, with = STRBUF_INIT;

	probe_spec_where(s, &where);
	probe_spec_with(s, &with);
	for (int i = 0; i < locs->nr; i++) {
		struct probe_loc *l = &locs->v[i];
		struct probe_trace *t;
		struct probe_event *e;

		ad->tr = xrealloc(ad->tr, (ad->ntr + 1) * sizeof(*ad->tr));
		t = &ad->tr[ad->ntr++];
		memset(t, 0, sizeof(*t));
		t->type = s->ret ? 'r' : 'p';
		t->group = xstrdup(group);
		t->event = xstrdup(event);
		t->path = ad->path ? xstrdup(ad->path) : NULL;
		t->symbol = l->symbol ? xstrdup(l->symbol) : NULL;
		t->offset = l->offset;
		t->args = l->args;
		t->nargs = l->nargs;
		l->args = NULL;
		l->nargs = 0;
		t->where = xstrdup(where.buf);
		t->with = with.len ? xstrdup(with.buf) : NULL;
		/* later specs in this call see this name as taken */
		ALLOC_GROW(ad->existing.v, ad->existing.nr + 1,
			   ad->existing.alloc);
		e = &ad->existing.v[ad->existing.nr++];
		memset(e, 0, sizeof(*e));
		e->group = xstrdup(group);
		e->event = xstrdup(event);
		e->kprobe = !ad->path;
		e->target = xstrdup("");
		e->args = xstrdup("");
	}
	strbuf_release(&where);
	strbuf_release(&with);
}

static int add_spec(struct adder *ad, const char *text)
{
	struct probe_spec s;
	struct probe_locs locs = { .warn = STRBUF_INIT };
	char *group = NULL, *event = NULL;
	int ret;

	ret = resolve_spec(ad, text, &s, &locs);
	if (!ret)
		ret = name_event(ad, &s, &locs.v[0], &group, &event);
	if (!ret)
		add_traces(ad, &s, &locs, group, event);
	probe_spec_release(&s);
	probe_locs_release(&locs);
	free(group);
	free(event);
	return ret;
}

/* remove what this call added (every distinct event among tr[0..n-1]) */
static void undo(struct adder *ad, int n)
{
	for (int i = 0; i < n; i++) {
		struct probe_event ev = { 0 };
		bool seen = false;

		for (int j = 0; j < i; j++)
			if (!strcmp(ad->tr[j].group, ad->tr[i].group) &&
			    !strcmp(ad->tr[j].event, ad->tr[i].event))
				seen = true;
		if (seen)
			continue;
		ev.group = ad->tr[i].group;
		ev.event = ad->tr[i].event;
		ev.kprobe = !ad->tr[i].path;
		probe_del(ad->tfs, &ev, NULL);
	}
}

static int open_tracefs(struct tfs **out)
{
	*out = tfs_open_mount();
	if (!*out && geteuid() != 0)
		return cmd_fail(0, "reading probe events needs root (tracefs "
				"is not mounted or not readable)");
	if (!*out)
		return cmd_fail(-errno, "cannot find or mount tracefs");
	return 0;
}

static int check_kind(struct tfs *t, bool kprobe)
{
	if (kprobe && !probe_kprobes_available(t))
		return cmd_fail(0, "this kernel has no kprobe events "
				"(CONFIG_KPROBE_EVENTS is not set)");
	if (!kprobe && !tfs_exists(t, "uprobe_events"))
		return cmd_fail(0, "this kernel has no uprobe events "
				"(CONFIG_UPROBE_EVENTS is not set)");
	return 0;
}

/* -D or --bootconfig: print the definitions, add nothing */
static bool show_only(const struct probe_opts *o)
{
	return o->def.nr || o->bootconfig;
}

/*
 * -D prints each tracefs line; --bootconfig perf's
 * "ftrace.event.kprobes.EVENT.probe = 'DEF'[, 'DEF'...]" (the line without
 * its "p:GROUP/EVENT " head), one line per event
 */
static void show_definition(const struct probe_opts *o,
			    const struct probe_trace *t,
			    const struct probe_trace *prev, const char *line)
{
	const char *def = strchr(line, ' ');

	if (!o->bootconfig) {
		printf("%s\n", line);
		return;
	}
	def = def ? def + 1 : line;
	if (!prev || strcmp(prev->event, t->event))
		printf("%sftrace.event.kprobes.%s.probe = ", prev ? "\n" : "",
		       t->event);
	else
		printf(", ");
	printf("'%s'", def);
}

/*
 * What adding needs: the binary (-x), tracefs and its events, the ELF and
 * DWARF of the binary or -k vmlinux; 0, or 1 after a message
 */
static int adder_open(struct adder *ad, struct probe_opts *o, char **path)
{
	if (o->exec) {
		*path = find_binary(o->exec);
		if (!*path) {
			char *shown = probe_printable(o->exec);
			int ret = cmd_fail(0, "binary '%s' not found", shown);

			free(shown);
			return ret;
		}
		ad->path = *path;
	}
	if (show_only(o) && o->bootconfig && o->exec)
		return cmd_fail(0, "--bootconfig doesn't support uprobes.");
	if (show_only(o)) {
		/* -D: resolve and print, as perf; no tracefs needed */
		o->dry_run = true;
		o->quiet = true;
	}
	if (!o->dry_run && geteuid() != 0)
		return cmd_fail(0, "adding probes needs root (write access to "
				"tracefs)");
	ad->tfs = tfs_open_mount();
	if (!ad->tfs && !o->dry_run)
		return cmd_fail(-errno, "cannot find or mount tracefs");
	if (ad->tfs) {
		/* a dry run writes nothing: it may show kprobe lines anyway */
		int ret = o->dry_run ? 0 : check_kind(ad->tfs, !o->exec);

		if (ret)
			return ret;
		/* perf -D names events without looking at the existing ones */
		if (!show_only(o))
			probe_events_read(ad->tfs, &ad->existing);
	} else if (!o->exec && !o->dry_run) {
		return cmd_fail(0, "this kernel has no kprobe events "
				"(CONFIG_KPROBE_EVENTS is not set)");
	}
	if (o->exec || o->vmlinux) {
		const char *p = o->exec ? *path : o->vmlinux;

		ad->bin = probe_bin_open(p, !o->exec, debug_root());
		if (!ad->bin)
			return errno == ENOEXEC ?
				cmd_fail(0, "'%s' is not an ELF file", p) :
				cmd_fail(-errno, "cannot open '%s'", p);
		probe_bin_set_no_inlines(ad->bin, o->no_inlines);
		probe_bin_set_source_dir(ad->bin, o->source);
	}
	return 0;
}

/* every definition as a tracefs line: shown (-D) or, with -v, logged */
static int format_traces(const struct adder *ad)
{
	const struct probe_opts *o = ad->o;
	struct strbuf line = STRBUF_INIT;
	int ret = 0;

	for (int i = 0; i < ad->ntr && !ret; i++) {
		strbuf_reset(&line);
		if (probe_trace_format(&ad->tr[i], &line))
			ret = cmd_fail(0, "cannot express probe '%s:%s' as a "
				       "tracefs line", ad->tr[i].group,
				       ad->tr[i].event);
		else if (show_only(o))
			show_definition(o, &ad->tr[i], i ? &ad->tr[i - 1] : NULL,
					line.buf);
		else if (o->verbose || msg_verbose())
			fprintf(stderr, "Writing event: %s\n", line.buf);
	}
	strbuf_release(&line);
	return ret;
}

/* every definition into tracefs, or none: the ones written are undone */
static int write_traces(struct adder *ad)
{
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	for (int i = 0; i < ad->ntr; i++) {
		strbuf_reset(&err);
		ret = probe_add(ad->tfs, &ad->tr[i], &err);
		if (ret) {
			undo(ad, i);
			ret = err.len ?
				cmd_fail(0, "the kernel refused probe "
					 "'%s:%s': %s", ad->tr[i].group,
					 ad->tr[i].event, err.buf) :
				cmd_fail(ret, "cannot add probe '%s:%s'",
					 ad->tr[i].group, ad->tr[i].event);
			break;
		}
	}
	strbuf_release(&err);
	return ret;
}

/* perf's "Added new events:" list and its hint */
static void print_added(const struct adder *ad)
{
	const struct probe_trace *last = &ad->tr[ad->ntr - 1];

	fprintf(stderr, "Added new event%s:\n", ad->ntr > 1 ? "s" : "");
	for (int i = 0; i < ad->ntr; i++) {
		const struct probe_trace *t = &ad->tr[i];
		struct strbuf name = STRBUF_INIT;

		strbuf_addf(&name, "%s:%s", t->group, t->event);
		fprintf(stderr, "  %-20s (on %s%s%s%s%s)\n", name.buf,
			t->where, t->path ? " in " : "",
			t->path ? t->path : "",
			t->with ? " with " : "",
			t->with ? t->with : "");
		strbuf_release(&name);
	}
	fprintf(stderr, "\nYou can now use it in all ptool tools, "
		"such as:\n\n\tptool record -e %s:%s -aR sleep 1\n\n",
		last->group, last->event);
}

static int do_add(struct probe_opts *o, const char **specs, int nspecs)
{
	struct adder ad = { .o = o };
	char *path = NULL;
	int ret;

	ret = adder_open(&ad, o, &path);
	/* resolve everything before writing anything */
	for (int i = 0; i < nspecs && !ret; i++)
		ret = add_spec(&ad, specs[i]);
	if (!ret)
		ret = format_traces(&ad);
	if (ret)
		goto out;
	if (show_only(o) && o->bootconfig && ad.ntr)
		putchar('\n');
	if (!o->dry_run)
		ret = write_traces(&ad);
	if (!ret && !o->quiet && ad.ntr)
		print_added(&ad);
out:
	for (int i = 0; i < ad.ntr; i++)
		probe_trace_release(&ad.tr[i]);
	free(ad.tr);
	probe_events_release(&ad.existing);
	probe_bin_free(ad.bin);
	tfs_free(ad.tfs);
	free(path);
	return ret;
}

/*
 * perf -l's order: kprobe_events before uprobe_events, each sorted by its
 * raw line ("p:grp/ev ..." before "r:grp/ev ...", then "grp/ev", then
 * the place and arguments)
 */
static int cmp_event(const void *a, const void *b)
{
	const struct probe_event *x = a, *y = b;
	struct strbuf sx = STRBUF_INIT, sy = STRBUF_INIT;
	int c;

	if (x->kprobe != y->kprobe)
		return x->kprobe ? -1 : 1;
	strbuf_addf(&sx, "%c:%s/%s %s %s", x->type, x->group, x->event,
		    x->target ? x->target : "", x->args ? x->args : "");
	strbuf_addf(&sy, "%c:%s/%s %s %s", y->type, y->group, y->event,
		    y->target ? y->target : "", y->args ? y->args : "");
	c = strcmp(sx.buf, sy.buf);
	strbuf_release(&sx);
	strbuf_release(&sy);
	return c;
}

static int do_list(struct probe_opts *o, const char **filters, int nf)
{
	struct probe_events l = { 0 };
	struct probe_bin *bin = NULL;
	char *bin_path = NULL;
	struct tfs *t;
	int ret;

	ret = open_tracefs(&t);
	if (ret)
		return ret;
	ret = probe_events_read(t, &l);
	if (ret) {
		tfs_free(t);
		return cmd_fail(ret, "cannot read uprobe_events");
	}
	if (l.nr)
		qsort(l.v, l.nr, sizeof(*l.v), cmp_event);
	for (int i = 0; i < l.nr; i++) {
		struct probe_event *e = &l.v[i];
		struct strbuf name = STRBUF_INIT, on = STRBUF_INIT,
			      with = STRBUF_INIT;
		bool match = nf == 0;

		/* perf's filter: on the event name, then on "group:event" */
		strbuf_addf(&name, "%s:%s", e->group, e->event);
		for (int j = 0; j < nf; j++)
			if (probe_strfilter_match(filters[j], e->event) ||
			    probe_strfilter_match(filters[j], name.buf))
				match = true;
		/* as perf: one line per address, several for one event */
		if (!match) {
			strbuf_release(&name);
			continue;
		}
		if (e->path) {
			/* the list is sorted: keep the binary open for the next */
			if (!bin_path || strcmp(bin_path, e->path)) {
				probe_bin_free(bin);
				free(bin_path);
				bin_path = xstrdup(e->path);
				bin = probe_bin_open(e->path, false, debug_root());
			}
			if (bin)
				probe_describe(bin, e->offset, e->type == 'r',
					       &on);
			else
				strbuf_addf(&on, "0x%" PRIx64, e->offset);
		} else {
			strbuf_addstr(&on, e->target);
			if (e->type == 'r')
				strbuf_addstr(&on, "%return");
		}
		probe_event_arg_names(e->args, &with);
		printf("  %-20s (on %s%s%s%s%s)\n", name.buf, on.buf,
		       e->path ? " in " : "", e->path ? e->path : "",
		       with.len ? " with " : "", with.buf);
		strbuf_release(&name);
		strbuf_release(&on);
		strbuf_release(&with);
	}
	probe_bin_free(bin);
	free(bin_path);
	probe_events_release(&l);
	tfs_free(t);
	return 0;
}

static int do_del(struct probe_opts *o)
{
	struct probe_events l = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct tfs *t = NULL;
	int ret, removed = 0;

	for (int j = 0; j < o->del.nr; j++) {
		const char *p = o->del.v[j];

		for (; *p; p++)
			if (*p == '\n' || *p == ' ' || *p == ';')
			{
				char *shown = probe_printable(o->del.v[j]);

				cmd_fail(0, "bad event pattern '%s'", shown);
				free(shown);
				return PTOOL_EXIT_FAIL;
			}
	}
	if (geteuid() != 0)
		return cmd_fail(0, "deleting probes needs root (write access "
				"to tracefs)");
	ret = open_tracefs(&t);
	if (ret)
		return ret;
	ret = probe_events_read(t, &l);
	if (ret) {
		ret = cmd_fail(ret, "cannot read uprobe_events");
		goto out;
	}
	for (int i = 0; i < l.nr; i++) {
		struct probe_event *e = &l.v[i];
		bool match = false, seen = false;

		for (int j = 0; j < o->del.nr; j++)
			if (probe_glob_match(o->del.v[j], e->group, e->event))
				match = true;
		for (int k = 0; k < i; k++)
			if (!strcmp(l.v[k].group, e->group) &&
			    !strcmp(l.v[k].event, e->event))
				seen = true;
		if (!match || seen)
			continue;
		if (o->dry_run) {
			removed++;
		} else {
			strbuf_reset(&err);
			ret = probe_del(t, e, &err);
			if (ret) {
				ret = err.len ?
					cmd_fail(0, "cannot delete '%s:%s': %s",
						 e->group, e->event, err.buf) :
					cmd_fail(ret, "cannot delete '%s:%s'%s",
						 e->group, e->event,
						 ret == -EBUSY ?
						 " (in use by a running tool)" :
						 "");
				goto out;
			}
			removed++;
		}
		if (!o->quiet)
			fprintf(stderr, "Removed event: %s:%s\n", e->group,
				e->event);
	}
	if (!removed) {
		ret = cmd_fail(0, "no event matches '%s'", o->del.v[0]);
		goto out;
	}
	ret = 0;
out:
	probe_events_release(&l);
	strbuf_release(&err);
	tfs_free(t);
	return ret;
}

static int open_bin(struct probe_opts *o, struct probe_bin **b, char **path)
{
	const char *p = o->exec ? o->exec : o->vmlinux;

	*b = NULL;
	*path = NULL;
	if (!p)
		return cmd_fail(0, "-L, -V and -F need a binary: -x BIN (or -k "
				"vmlinux for the kernel)");
	*path = o->exec ? find_binary(p) : xstrdup(p);
	if (!*path) {
		char *shown = probe_printable(p);
		int ret = cmd_fail(0, "binary '%s' not found", shown);

		free(shown);
		return ret;
	}
	*b = probe_bin_open(*path, !o->exec, debug_root());
	if (!*b)
		return errno == ENOEXEC ?
			cmd_fail(0, "'%s' is not an ELF file", *path) :
			cmd_fail(-errno, "cannot open '%s'", *path);
	probe_bin_set_no_inlines(*b, o->no_inlines);
	probe_bin_set_source_dir(*b, o->source);
	return 0;
}

static int do_show(struct probe_opts *o)
{
	struct probe_bin *b;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *path;
	int ret;

	if (o->funcs && !o->exec && !o->vmlinux) {
		/* kernel functions, as perf probe -F without -x */
		const char *ks = getenv("PTOOL_KALLSYMS");

		b = NULL;
		path = NULL;
		ret = probe_kallsyms_funcs(ks ? ks : "/proc/kallsyms", o->funcs_filter,
					   &out);
		if (ret) {
			ret = cmd_fail(ret, "cannot read kernel symbols");
			goto out;
		}
		fputs(out.buf, stdout);
		goto out;
	}
	ret = open_bin(o, &b, &path);
	if (ret)
		goto out;
	if (o->funcs) {
		probe_list_funcs(b, o->funcs_filter, &out);
	} else if (o->line) {
		if (probe_show_lines(b, o->line, &out, &err)) {
			ret = cmd_fail(0, "%s", err.buf);
			goto out;
		}
	} else {
		struct probe_spec s;

		if (probe_spec_parse(o->vars, &s, &err)) {
			ret = cmd_fail(0, "bad probe point '%s': %s", o->vars,
				       err.buf);
			goto out;
		}
		if (s.nargs) {
			probe_spec_release(&s);
			ret = cmd_fail(0, "--vars takes a probe point without "
				       "arguments");
			goto out;
		}
		if (probe_show_vars(b, &s, o->externs, o->filter, &out, &err))
			ret = cmd_fail(0, "%s", err.buf);
		probe_spec_release(&s);
		if (ret)
			goto out;
	}
	fputs(out.buf, stdout);
out:
	probe_bin_free(b);
	free(path);
	strbuf_release(&out);
	strbuf_release(&err);
	return ret;
}

/* the probes of -a, -D and the operands (split into specs), added */
static int add_all(struct probe_opts *o, int argc, const char **argv)
{
	struct strbuf *split = NULL;
	const char **specs;
	int nsplit = 0, nspecs = 0, ret;

	split_specs(argc, argv, &split, &nsplit);
	specs = xcalloc(o->add.nr + o->def.nr + nsplit + 1, sizeof(*specs));
	for (int i = 0; i < o->add.nr; i++)
		specs[nspecs++] = o->add.v[i];
	for (int i = 0; i < o->def.nr; i++)
		specs[nspecs++] = o->def.v[i];
	for (int i = 0; i < nsplit; i++)
		specs[nspecs++] = split[i].buf;
	ret = do_add(o, specs, nspecs);
	for (int i = 0; i < nsplit; i++)
		strbuf_release(&split[i]);
	free(split);
	free(specs);
	return ret;
}

int cmd_probe(int argc, const char **argv)
{
	struct probe_opts o = { .max_probes = 128 };
	const struct opt options[] = {
		OPT_STR('x', "exec", &o.exec, "EXEC",
			"target executable or library for uprobes"),
		OPT_STR('k', "vmlinux", &o.vmlinux, "FILE",
			"vmlinux with debug information for kprobes"),
		OPT_STRLIST('D', "definition", &o.def, "PROBEDEF",
			    "show the tracefs definition of a probe, add nothing"),
		OPT_BOOL(0, "bootconfig", &o.bootconfig,
			 "-D in bootconfig's form (kprobes only)"),
		OPT_STRLIST('a', "add", &o.add, "PROBEDEF",
			    "probe point definition"),
		OPT_STRLIST('d', "del", &o.del, "[GROUP:]EVENT",
			    "delete probe events (globs allowed)"),
		OPT_BOOL('l', "list", &o.list,
			 "list probe events ([GROUP:]EVENT globs as arguments)"),
		OPT_STR('L', "line", &o.line, "LINEDESC",
			"show the source lines that can be probed"),
		OPT_STR('V', "vars", &o.vars, "PROBEPOINT",
			"show the variables available at a probe point"),
		OPT_BOOL(0, "externs", &o.externs,
			 "--vars: show global variables too"),
		OPT_CALLBACK_OPTARG('F', "funcs", &o, "FILTER",
				    "show the functions of the binary", funcs_cb),
		OPT_STR(0, "filter", &o.filter, "[!]FILTER",
			"variable filter for --vars (as perf, not for --funcs)"),
		OPT_BOOL('n', "dry-run", &o.dry_run,
			 "resolve and show, but do not write tracefs"),
		OPT_BOOL('f', "force", &o.force,
			 "add with a _N suffix when the event name is taken"),
		OPT_BOOL(0, "no-inlines", &o.no_inlines,
			 "probe real functions only, not inlined copies"),
		OPT_STR('s', "source", &o.source, "DIR",
			"where to look for source files as well"),
		OPT_UINT(0, "max-probes", &o.max_probes, "N",
			 "most probe points per event (default 128)"),
		OPT_BOOL('q', "quiet", &o.quiet, "print only errors"),
		OPT_INCR('v', "verbose", &o.verbose,
			 "show the tracefs lines written"),
		OPT_END(),
	};
	int modes, ret;

	argc = opt_parse(argc, argv, options, probe_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (o.verbose > msg_verbose())
		msg_set_verbose(o.verbose);
	if (o.add.nr && o.def.nr) {
		ret = cmd_usage_fail("give either -a or -D");
		goto out;
	}
	modes = (o.add.nr || o.def.nr ||
		 (argc && !o.list && !o.del.nr && !o.funcs)) +
		o.list +
		!!o.del.nr + !!o.line + !!o.vars + o.funcs;
	if (modes == 0) {
		opt_usage(probe_usage, options);
		ret = cmd_usage_fail("nothing to do: give a probe, or one of "
				     "-a, -d, -l, -L, -V, -F");
		goto out;
	}
	if (modes > 1) {
		ret = cmd_usage_fail("give only one of: probes to add, -d, -l, "
				     "-L, -V, -F");
		goto out;
	}
	if (o.exec && o.vmlinux) {
		ret = cmd_usage_fail("-x and -k cannot be combined");
		goto out;
	}
	if (o.list) {
		ret = do_list(&o, argv, argc);
	} else if (o.del.nr) {
		if (argc) {
			ret = cmd_usage_fail("unexpected argument '%s'", argv[0]);
			goto out;
		}
		ret = do_del(&o);
	} else if (o.line || o.vars || o.funcs) {
		if (o.funcs && argc == 1 && !o.funcs_filter)
			o.funcs_filter = argv[0];
		else if (argc) {
			ret = cmd_usage_fail("unexpected argument '%s'", argv[0]);
			goto out;
		}
		pager_start();	/* -L, -V and -F print pages, as perf's do */
		ret = do_show(&o);
	} else {
		ret = add_all(&o, argc, argv);
	}
out:
	opt_strlist_release(&o.add);
	opt_strlist_release(&o.def);
	opt_strlist_release(&o.del);
	return ret;
}
