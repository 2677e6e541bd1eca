// SPDX-License-Identifier: GPL-2.0
/*
 * Argument and return value formatting of `ptool trace`, after perf's
 * tools/perf/builtin-trace.c and tools/perf/trace/beauty/: the same names,
 * the same order of flag bits, the same rule of leaving out zero arguments.
 */
#include "ptool/scargs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/syscalltbl.h"
#include "ptool/tfs.h"

enum fmt {
	F_LONG,		/* "%ld", perf's default */
	F_HEX,		/* "%#lx" */
	F_PTR,		/* a user pointer: "%#lx" */
	F_FILENAME,	/* a user pointer to a path: "%#lx" (see docs) */
	F_FD,		/* an fd, with its path when known */
	F_FDAT,		/* an fd or AT_FDCWD ("CWD") */
	F_CLOSE_FD,	/* close(2)'s fd: printed, then its path forgotten */
	F_PID,		/* a pid, with its command when known */
	F_MODE,		/* mode_t */
	F_OPEN_FLAGS,
	F_MMAP_PROT,
	F_MMAP_FLAGS,
	F_ACCMODE,
	F_WHENCE,
	F_FCNTL_CMD,
	F_FCNTL_ARG,
	F_SIG,
	F_SIGHOW,
	F_CLONE_FLAGS,
	F_ARCH_PRCTL,
	F_RLIMIT,
	F_FUTEX_OP,
	F_GETRANDOM,
	F_INT,		/* "%d" */
};

/* enums printed even when 0 (perf: strarray formatters) */
static bool show_zero(enum fmt f)
{
	return f == F_WHENCE || f == F_FCNTL_CMD || f == F_SIGHOW ||
	       f == F_ARCH_PRCTL || f == F_RLIMIT || f == F_FUTEX_OP;
}

enum ret_fmt { R_LONG, R_HEX, R_PID, R_FCNTL };

struct rule {
	const char *name;
	enum ret_fmt ret;
	signed char arg[SCARGS_MAX];	/* enum fmt + 1; 0: by type */
};

#define A(f) ((signed char)((f) + 1))

static const struct rule rules[] = {
	{ "access", R_LONG, { [1] = A(F_ACCMODE) } },
	{ "arch_prctl", R_LONG, { [0] = A(F_ARCH_PRCTL), [1] = A(F_HEX) } },
	{ "brk", R_HEX, { [0] = A(F_HEX) } },
	{ "clone", R_PID, { [0] = A(F_CLONE_FLAGS) } },
	{ "clone3", R_PID, { 0 } },
	{ "close", R_LONG, { [0] = A(F_CLOSE_FD) } },
	{ "creat", R_LONG, { [1] = A(F_MODE) } },
	{ "dup2", R_LONG, { [0] = A(F_FD), [1] = A(F_FD) } },
	{ "dup3", R_LONG, { [0] = A(F_FD), [1] = A(F_FD), [2] = A(F_OPEN_FLAGS) } },
	{ "faccessat", R_LONG, { [0] = A(F_FDAT), [2] = A(F_ACCMODE) } },
	{ "faccessat2", R_LONG, { [0] = A(F_FDAT), [2] = A(F_ACCMODE) } },
	{ "fchmodat", R_LONG, { [0] = A(F_FDAT) } },
	{ "fchownat", R_LONG, { [0] = A(F_FDAT) } },
	{ "fcntl", R_FCNTL, { [1] = A(F_FCNTL_CMD), [2] = A(F_FCNTL_ARG) } },
	{ "fork", R_PID, { 0 } },
	{ "futex", R_LONG, { [1] = A(F_FUTEX_OP) } },
	{ "getpid", R_PID, { 0 } },
	{ "getppid", R_PID, { 0 } },
	{ "getrandom", R_LONG, { [2] = A(F_GETRANDOM) } },
	{ "getrlimit", R_LONG, { [0] = A(F_RLIMIT) } },
	{ "gettid", R_PID, { 0 } },
	{ "kill", R_LONG, { [0] = A(F_PID), [1] = A(F_SIG) } },
	{ "linkat", R_LONG, { [0] = A(F_FDAT), [2] = A(F_FDAT) } },
	{ "lseek", R_LONG, { [2] = A(F_WHENCE) } },
	{ "mkdirat", R_LONG, { [0] = A(F_FDAT) } },
	{ "mknodat", R_LONG, { [0] = A(F_FDAT) } },
	{ "mmap", R_HEX, { [0] = A(F_HEX), [2] = A(F_MMAP_PROT),
			   [3] = A(F_MMAP_FLAGS), [4] = A(F_FD), [5] = A(F_HEX) } },
	{ "mprotect", R_LONG, { [0] = A(F_HEX), [2] = A(F_MMAP_PROT) } },
	{ "mremap", R_HEX, { [0] = A(F_HEX), [4] = A(F_HEX) } },
	{ "munmap", R_LONG, { [0] = A(F_HEX) } },
	{ "newfstatat", R_LONG, { [0] = A(F_FDAT) } },
	{ "open", R_LONG, { [1] = A(F_OPEN_FLAGS), [2] = A(F_MODE) } },
	{ "openat", R_LONG, { [0] = A(F_FDAT), [2] = A(F_OPEN_FLAGS),
			      [3] = A(F_MODE) } },
	{ "pkey_mprotect", R_LONG, { [0] = A(F_HEX), [2] = A(F_MMAP_PROT) } },
	{ "prlimit64", R_LONG, { [0] = A(F_PID), [1] = A(F_RLIMIT) } },
	{ "readlinkat", R_LONG, { [0] = A(F_FDAT) } },
	{ "renameat", R_LONG, { [0] = A(F_FDAT), [2] = A(F_FDAT) } },
	{ "renameat2", R_LONG, { [0] = A(F_FDAT), [2] = A(F_FDAT) } },
	{ "rt_sigaction", R_LONG, { [0] = A(F_SIG) } },
	{ "rt_sigprocmask", R_LONG, { [0] = A(F_SIGHOW) } },
	{ "rt_sigqueueinfo", R_LONG, { [0] = A(F_PID), [1] = A(F_SIG) } },
	{ "rt_tgsigqueueinfo", R_LONG, { [0] = A(F_PID), [1] = A(F_PID),
					 [2] = A(F_SIG) } },
	{ "set_tid_address", R_PID, { 0 } },
	{ "setrlimit", R_LONG, { [0] = A(F_RLIMIT) } },
	{ "statx", R_LONG, { [0] = A(F_FDAT) } },
	{ "symlinkat", R_LONG, { [1] = A(F_FDAT) } },
	{ "tgkill", R_LONG, { [0] = A(F_PID), [1] = A(F_PID), [2] = A(F_SIG) } },
	{ "tkill", R_LONG, { [0] = A(F_PID), [1] = A(F_SIG) } },
	{ "unlinkat", R_LONG, { [0] = A(F_FDAT) } },
	{ "utimensat", R_LONG, { [0] = A(F_FDAT) } },
	{ "vfork", R_PID, { 0 } },
	{ "wait4", R_PID, { [0] = A(F_PID) } },
	{ "waitid", R_PID, { [1] = A(F_PID) } },
};

struct desc {
	bool loaded;
	int nargs;		/* -1: no format in tracefs */
	const struct rule *rule;
	char name[SCARGS_MAX][32];
	enum fmt fmt[SCARGS_MAX];
};

struct scargs {
	const struct tfs *tfs;
	struct desc *d;		/* [syscalltbl_max()] */
};

struct scargs *scargs_new(const struct tfs *tfs)
{
	struct scargs *t = xcalloc(1, sizeof(*t));

	t->tfs = tfs;
	t->d = xcalloc((size_t)syscalltbl_max(), sizeof(*t->d));
	return t;
}

void scargs_free(struct scargs *t)
{
	if (!t)
		return;
	free(t->d);
	free(t);
}

static const struct rule *find_rule(const char *name)
{
	size_t lo = 0, hi = sizeof(rules) / sizeof(rules[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, rules[mid].name);

		if (!c)
			return &rules[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* perf's syscall__set_arg_fmts(): a format from the argument's type and name */
static enum fmt fmt_by_type(const char *type, const char *name)
{
	size_t len = strlen(name);

	if (!strcmp(type, "const char *") &&
	    ((len >= 4 && !strcmp(name + len - 4, "name")) || strstr(name, "path")))
		return F_FILENAME;
	if (strchr(type, '*') || strstr(name, "addr"))
		return F_PTR;
	if (!strcmp(type, "pid_t"))
		return F_PID;
	if (!strcmp(type, "umode_t"))
		return F_MODE;
	if ((!strcmp(type, "int") || !strcmp(type, "unsigned int") ||
	     !strcmp(type, "long")) && len >= 2 && !strcmp(name + len - 2, "fd"))
		return F_FD;
	return F_LONG;
}

/*
 * One "field:TYPE NAME;\toffset:..." line of a sys_enter_* format: split it
 * into @type and @name. Returns false for lines that are not fields.
 */
static bool parse_field(const char *line, size_t n, char *type, size_t tlen,
			char *name, size_t nlen)
{
	const char *p = memmem(line, n, "field:", 6), *semi, *sp;

	if (!p)
		return false;
	p += 6;
	semi = memchr(p, ';', n - (size_t)(p - line));
	if (!semi)
		return false;
	for (sp = semi; sp > p && sp[-1] != ' ' && sp[-1] != '*'; sp--)
		;
	if (sp == p || (size_t)(semi - sp) >= nlen)
		return false;
	memcpy(name, sp, (size_t)(semi - sp));
	name[semi - sp] = '\0';
	while (sp > p && sp[-1] == ' ')
		sp--;
	if ((size_t)(sp - p) >= tlen)
		return false;
	memcpy(type, p, (size_t)(sp - p));
	type[sp - p] = '\0';
	return true;
}

static void load(struct scargs *t, struct desc *d, const char *sc)
{
	struct strbuf fmt = STRBUF_INIT, rel = STRBUF_INIT;
	const char *p, *end;
	bool in_args = false;

	d->loaded = true;
	d->nargs = -1;
	d->rule = find_rule(sc);
	if (!t->tfs)
		goto out;
	strbuf_addf(&rel, "events/syscalls/sys_enter_%s/format", sc);
	if (tfs_read(t->tfs, rel.buf, &fmt) < 0)
		goto out;
	d->nargs = 0;
	for (p = fmt.buf, end = fmt.buf + fmt.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char type[64], name[32];

		if (parse_field(p, n, type, sizeof(type), name, sizeof(name))) {
			if (in_args && d->nargs < SCARGS_MAX) {
				int i = d->nargs++;

				strcpy(d->name[i], name);
				d->fmt[i] = d->rule && d->rule->arg[i] ?
					    (enum fmt)(d->rule->arg[i] - 1) :
					    fmt_by_type(type, name);
			}
			if (!strcmp(name, "__syscall_nr"))
				in_args = true;
		}
		p += n + 1;
	}
out:
	if (d->nargs < 0) {
		/* no format: six unnamed arguments, formatted by rule or as longs */
		for (int i = 0; i < SCARGS_MAX; i++) {
			snprintf(d->name[i], sizeof(d->name[i]), "arg%d", i);
			d->fmt[i] = d->rule && d->rule->arg[i] ?
				    (enum fmt)(d->rule->arg[i] - 1) : F_LONG;
		}
	}
	strbuf_release(&fmt);
	strbuf_release(&rel);
}

static const struct desc *get(struct scargs *t, long nr)
{
	const char *name = syscalltbl_name(nr);
	struct desc *d;

	if (!name)
		return NULL;
	d = &t->d[nr];
	if (!d->loaded)
		load(t, d, name);
	return d;
}

/* ---- the formatters ---- */

struct flag {
	uint64_t bit;
	const char *name;
};

/* every flag of @tbl set in @v, in table order, "|"-separated; the rest in hex */
static void flags(const struct flag *tbl, size_t n, uint64_t v,
		  struct strbuf *out, size_t start)
{
	for (size_t i = 0; i < n; i++) {
		if ((v & tbl[i].bit) == tbl[i].bit && tbl[i].bit) {
			if (out->len > start)
				strbuf_addch(out, '|');
			strbuf_addstr(out, tbl[i].name);
			v &= ~tbl[i].bit;
		}
	}
	if (v)
		strbuf_addf(out, "%s%#llx", out->len > start ? "|" : "",
			    (unsigned long long)v);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

void scargs_open_flags(uint64_t v, struct strbuf *out)
{
	static const struct flag tbl[] = {
		{ 02, "RDWR" }, { 02000, "APPEND" }, { 020000, "ASYNC" },
		{ 02000000, "CLOEXEC" }, { 0100, "CREAT" }, { 040000, "DIRECT" },
		{ 0200000, "DIRECTORY" }, { 0200, "EXCL" }, { 0100000, "LARGEFILE" },
		{ 0400000, "NOFOLLOW" }, { 020000000, "TMPFILE" },
		{ 01000000, "NOATIME" }, { 0400, "NOCTTY" }, { 04000, "NONBLOCK" },
		{ 010000000, "PATH" }, { 04010000, "SYNC" }, { 010000, "DSYNC" },
		{ 01000, "TRUNC" }, { 01, "WRONLY" },
	};
	size_t start = out->len;

	if ((v & 03) == 0)
		strbuf_addstr(out, "RDONLY");
	if (v)
		flags(tbl, N(tbl), v, out, start);
}

void scargs_mode(uint64_t v, struct strbuf *out)
{
	static const struct flag tbl[] = {
		{ 07777, "IALLUGO" }, { 0777, "IRWXUGO" }, { 0444, "IRUGO" },
		{ 0222, "IWUGO" }, { 0111, "IXUGO" }, { 0170000, "IFMT" },
		{ 0140000, "IFSOCK" }, { 0120000, "IFLNK" }, { 0100000, "IFREG" },
		{ 0060000, "IFBLK" }, { 0040000, "IFDIR" }, { 0020000, "IFCHR" },
		{ 0010000, "IFIFO" }, { 04000, "ISUID" }, { 02000, "ISGID" },
		{ 01000, "ISVTX" }, { 0700, "IRWXU" }, { 0400, "IRUSR" },
		{ 0200, "IWUSR" }, { 0100, "IXUSR" }, { 070, "IRWXG" },
		{ 040, "IRGRP" }, { 020, "IWGRP" }, { 010, "IXGRP" },
		{ 07, "IRWXO" }, { 04, "IROTH" }, { 02, "IWOTH" }, { 01, "IXOTH" },
	};

	flags(tbl, N(tbl), v, out, out->len);
}

void scargs_mmap_flags(uint64_t v, struct strbuf *out)
{
	static const struct flag tbl[] = {
		{ 0x1, "SHARED" }, { 0x2, "PRIVATE" }, { 0x10, "FIXED" },
		{ 0x20, "ANONYMOUS" }, { 0x40, "32BIT" }, { 0x100, "GROWSDOWN" },
		{ 0x800, "DENYWRITE" }, { 0x1000, "EXECUTABLE" },
		{ 0x2000, "LOCKED" }, { 0x4000, "NORESERVE" },
		{ 0x8000, "POPULATE" }, { 0x10000, "NONBLOCK" },
		{ 0x20000, "STACK" }, { 0x40000, "HUGETLB" }, { 0x80000, "SYNC" },
		{ 0x100000, "FIXED_NOREPLACE" }, { 0x4000000, "UNINITIALIZED" },
	};

	flags(tbl, N(tbl), v, out, out->len);
}

void scargs_mmap_prot(uint64_t v, struct strbuf *out)
{
	static const struct flag tbl[] = {
		{ 0x1, "READ" }, { 0x2, "WRITE" }, { 0x4, "EXEC" }, { 0x8, "SEM" },
		{ 0x01000000, "GROWSDOWN" }, { 0x02000000, "GROWSUP" },
	};

	if (!v)
		strbuf_addstr(out, "NONE");
	else
		flags(tbl, N(tbl), v, out, out->len);
}

static void clone_flags(uint64_t v, struct strbuf *out)
{
	static const struct flag tbl[] = {
		{ 0x100, "VM" }, { 0x200, "FS" }, { 0x400, "FILES" },
		{ 0x800, "SIGHAND" }, { 0x1000, "PIDFD" }, { 0x2000, "PTRACE" },
		{ 0x4000, "VFORK" }, { 0x8000, "PARENT" }, { 0x10000, "THREAD" },
		{ 0x20000, "NEWNS" }, { 0x40000, "SYSVSEM" }, { 0x80000, "SETTLS" },
		{ 0x100000, "PARENT_SETTID" }, { 0x200000, "CHILD_CLEARTID" },
		{ 0x400000, "DETACHED" }, { 0x800000, "UNTRACED" },
		{ 0x1000000, "CHILD_SETTID" }, { 0x2000000, "NEWCGROUP" },
		{ 0x4000000, "NEWUTS" }, { 0x8000000, "NEWIPC" },
		{ 0x10000000, "NEWUSER" }, { 0x20000000, "NEWPID" },
		{ 0x40000000, "NEWNET" }, { 0x80000000, "IO" },
	};

	flags(tbl, N(tbl), v, out, out->len);
}

const char *scargs_signame(int sig)
{
	static const char *const names[] = {
		[1] = "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
		"KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
		"STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
		"XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
	};

	return sig > 0 && sig < (int)N(names) ? names[sig] : NULL;
}

/* strarray lookup: @names[v - base], or "%d" of @v */
static void strarray(const char *const *names, size_t n, long base, int64_t v,
		     struct strbuf *out)
{
	if (v >= base && v - base < (int64_t)n && names[v - base])
		strbuf_addstr(out, names[v - base]);
	else
		strbuf_addf(out, "%d", (int)v);
}

static void fcntl_cmd(int64_t v, struct strbuf *out)
{
	static const char *const cmds[] = {
		"DUPFD", "GETFD", "SETFD", "GETFL", "SETFL", "GETLK", "SETLK",
		"SETLKW", "SETOWN", "GETOWN", "SETSIG", "GETSIG", "GETLK64",
		"SETLK64", "SETLKW64", "SETOWN_EX", "GETOWN_EX", "GETOWNER_UIDS",
	};
	static const char *const linux_cmds[] = {
		"SETLEASE", "GETLEASE", "NOTIFY", NULL, NULL, "CANCELLK",
		"DUPFD_CLOEXEC", "SETPIPE_SZ", "GETPIPE_SZ", "ADD_SEALS",
		"GET_SEALS", "GET_RW_HINT", "SET_RW_HINT", "GET_FILE_RW_HINT",
		"SET_FILE_RW_HINT",
	};

	if (v >= 1024)
		strarray(linux_cmds, N(linux_cmds), 1024, v, out);
	else
		strarray(cmds, N(cmds), 0, v, out);
}

static void futex_op(uint64_t v, struct strbuf *out)
{
	static const char *const ops[] = {
		"WAIT", "WAKE", "FD", "REQUEUE", "CMP_REQUEUE", "WAKE_OP",
		"LOCK_PI", "UNLOCK_PI", "TRYLOCK_PI", "WAIT_BITSET",
		"WAKE_BITSET", "WAIT_REQUEUE_PI", "CMP_REQUEUE_PI", "LOCK_PI2",
	};

	strarray(ops, N(ops), 0, (int64_t)(v & 127), out);
	if (v & 128)
		strbuf_addstr(out, "|PRIVATE_FLAG");
	if (v & 256)
		strbuf_addstr(out, "|CLOCK_REALTIME");
}

static void arch_prctl(uint64_t v, struct strbuf *out)
{
	static const char *const a[] = {
		[0x1] = "SET_GS", "SET_FS", "GET_FS", "GET_GS",
		[0x11] = "GET_CPUID", "SET_CPUID",
		[0x21] = "GET_XCOMP_SUPP", "GET_XCOMP_PERM", "REQ_XCOMP_PERM",
		"GET_XCOMP_GUEST_PERM", "REQ_XCOMP_GUEST_PERM",
	};

	if (v >= 0x1000 && v < 0x1000 + N(a) && a[v - 0x1000])
		strbuf_addstr(out, a[v - 0x1000]);
	else
		strbuf_addf(out, "%#llx", (unsigned long long)v);
}

static void fd_with_path(int fd, const struct scargs_ctx *ctx,
			 struct strbuf *out)
{
	const char *path;

	strbuf_addf(out, "%d", fd);
	if (ctx && ctx->fd_path && fd >= 0 &&
	    (path = ctx->fd_path(ctx->arg, ctx->tid, fd)))
		strbuf_addf(out, "<%s>", path);
}

static void pid_with_comm(int pid, const struct scargs_ctx *ctx,
			  struct strbuf *out)
{
	const char *comm;

	strbuf_addf(out, "%d", pid);
	if (ctx && ctx->comm && pid > 0 && (comm = ctx->comm(ctx->arg, pid)))
		strbuf_addf(out, " (%s)", comm);
}

static void format_arg(enum fmt f, uint64_t v, const uint64_t *args,
		       const struct scargs_ctx *ctx, struct strbuf *out)
{
	static const char *const whence[] = { "SET", "CUR", "END", "DATA", "HOLE" };
	static const char *const sighow[] = { "BLOCK", "UNBLOCK", "SETMASK" };
	static const char *const rlimits[] = {
		"CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC",
		"NOFILE", "MEMLOCK", "AS", "LOCKS", "SIGPENDING", "MSGQUEUE",
		"NICE", "RTPRIO", "RTTIME",
	};
	static const struct flag grnd[] = {
		{ 1, "NONBLOCK" }, { 2, "RANDOM" }, { 4, "INSECURE" },
	};
	const char *s;

	(void)args;
	switch (f) {
	case F_HEX:
	case F_PTR:
	case F_FILENAME:
		strbuf_addf(out, "%#llx", (unsigned long long)v);
		break;
	case F_FD:
		fd_with_path((int)v, ctx, out);
		break;
	case F_CLOSE_FD:
		fd_with_path((int)v, ctx, out);
		if (ctx && ctx->fd_close)
			ctx->fd_close(ctx->arg, ctx->tid, (int)v);
		break;
	case F_FDAT:
		if ((int)v == -100)
			strbuf_addstr(out, "CWD");
		else
			fd_with_path((int)v, ctx, out);
		break;
	case F_PID:
		pid_with_comm((int)v, ctx, out);
		break;
	case F_MODE:
		scargs_mode(v, out);
		break;
	case F_OPEN_FLAGS:
		scargs_open_flags(v, out);
		break;
	case F_MMAP_PROT:
		scargs_mmap_prot(v, out);
		break;
	case F_MMAP_FLAGS:
		scargs_mmap_flags(v, out);
		break;
	case F_ACCMODE:
		if (!v) {
			strbuf_addch(out, 'F');
			break;
		}
		if (v & 4)
			strbuf_addch(out, 'R');
		if (v & 2)
			strbuf_addch(out, 'W');
		if (v & 1)
			strbuf_addch(out, 'X');
		if (v & ~7ULL)
			strbuf_addf(out, "|%#llx", (unsigned long long)(v & ~7ULL));
		break;
	case F_WHENCE:
		strarray(whence, N(whence), 0, (int64_t)v, out);
		break;
	case F_FCNTL_CMD:
		fcntl_cmd((int64_t)(int)v, out);
		break;
	case F_FCNTL_ARG:
		if ((int)args[1] == 2 && v == 1)	/* F_SETFD, FD_CLOEXEC */
			strbuf_addstr(out, "CLOEXEC");
		else if ((int)args[1] == 4)		/* F_SETFL */
			scargs_open_flags(v, out);
		else
			strbuf_addf(out, "%ld", (long)v);
		break;
	case F_SIG:
		s = scargs_signame((int)v);
		if (s)
			strbuf_addstr(out, s);
		else
			strbuf_addf(out, "%#x", (unsigned int)v);
		break;
	case F_SIGHOW:
		strarray(sighow, N(sighow), 0, (int64_t)v, out);
		break;
	case F_CLONE_FLAGS:
		clone_flags(v, out);
		break;
	case F_ARCH_PRCTL:
		arch_prctl(v, out);
		break;
	case F_RLIMIT:
		strarray(rlimits, N(rlimits), 0, (int64_t)(int)v, out);
		break;
	case F_FUTEX_OP:
		futex_op(v, out);
		break;
	case F_GETRANDOM:
		flags(grnd, N(grnd), v, out, out->len);
		break;
	case F_INT:
		strbuf_addf(out, "%d", (int)v);
		break;
	case F_LONG:
	default:
		strbuf_addf(out, "%ld", (long)v);
		break;
	}
}

/* arguments another one makes meaningless, as perf masks them */
static unsigned int masked(const char *name, const struct desc *d,
			   const uint64_t *args)
{
	unsigned int m = 0;

	for (int i = 0; i < d->nargs; i++) {
		if (d->fmt[i] == F_MMAP_FLAGS && (args[i] & 0x20))
			m |= 3u << (i + 1);	/* fd and offset of MAP_ANONYMOUS */
		if (d->fmt[i] == F_OPEN_FLAGS && !(args[i] & 0100) &&
		    (args[i] & 020000000) != 020000000 && i + 1 < d->nargs &&
		    d->fmt[i + 1] == F_MODE)
			m |= 1u << (i + 1);	/* mode without O_CREAT/O_TMPFILE */
		if (d->fmt[i] == F_FCNTL_CMD) {
			int c = (int)args[i];

			/* the commands that take no argument */
			if (c == 1 || c == 3 || c == 9 || c == 11 || c == 1025 ||
			    c == 1032 || c == 1034)
				m |= 1u << (i + 1);
		}
	}
	(void)name;
	return m;
}

void scargs_enter(struct scargs *t, long nr, const uint64_t *args,
		  const struct scargs_ctx *ctx, struct strbuf *out)
{
	const struct desc *d = get(t, nr);
	unsigned int mask;
	bool first = true;

	if (!d) {
		strbuf_addf(out, "syscall_%ld(", nr);
		return;
	}
	strbuf_addf(out, "%s(", syscalltbl_name(nr));
	mask = masked(syscalltbl_name(nr), d, args);
	for (int i = 0; i < (d->nargs < 0 ? SCARGS_MAX : d->nargs); i++) {
		if (mask & (1u << i))
			continue;
		if (!args[i] && !show_zero(d->fmt[i]))
			continue;
		strbuf_addf(out, "%s%s: ", first ? "" : ", ", d->name[i]);
		format_arg(d->fmt[i], args[i], args, ctx, out);
		first = false;
	}
}

bool scargs_is_exit(long nr)
{
	const char *name = syscalltbl_name(nr);

	return name && (!strcmp(name, "exit") || !strcmp(name, "exit_group"));
}

void scargs_ret(struct scargs *t, long nr, int64_t ret, const uint64_t *args,
		const struct scargs_ctx *ctx, struct strbuf *out)
{
	const struct desc *d = get(t, nr);
	enum ret_fmt rf = d && d->rule ? d->rule->ret : R_LONG;

	if (ret < 0 && ret >= -4095) {
		const char *e = strerrorname_np((int)-ret);

		strbuf_addf(out, "-1 %s (%s)", e ? e : "E?", strerror((int)-ret));
		return;
	}
	switch (rf) {
	case R_HEX:
		strbuf_addf(out, "%#llx", (unsigned long long)ret);
		return;
	case R_PID:
		pid_with_comm((int)ret, ctx, out);
		return;
	case R_FCNTL:
		if (args && (int)args[1] == 3) {	/* F_GETFL */
			scargs_open_flags((uint64_t)ret, out);
			return;
		}
		if (args && (int)args[1] == 1) {	/* F_GETFD */
			strbuf_addstr(out, ret & 1 ? "CLOEXEC" : "0");
			return;
		}
		if (args && ((int)args[1] == 0 || (int)args[1] == 1030)) {
			fd_with_path((int)ret, ctx, out);	/* F_DUPFD* */
			return;
		}
		break;
	case R_LONG:
	default:
		break;
	}
	strbuf_addf(out, "%lld", (long long)ret);
}
