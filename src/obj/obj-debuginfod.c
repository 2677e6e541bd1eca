// SPDX-License-Identifier: GPL-2.0
/*
 * Debug files by build-id from debuginfod servers, through elfutils'
 * libdebuginfod, as perf and gdb fetch them. The library owns the policy:
 * DEBUGINFOD_URLS, its cache (DEBUGINFOD_CACHE_PATH, cached misses
 * included), DEBUGINFOD_TIMEOUT and DEBUGINFOD_MAXSIZE. What comes back is
 * outside input: it is used only when it is a whole ELF object with the
 * build-id that was asked for.
 *
 * Built without libdebuginfod (make NO_DEBUGINFOD=1, or no pkg-config
 * file), obj_debuginfod_elf() finds nothing.
 */
#include "ptool/obj.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <elfutils/libdwelf.h>
#ifdef HAVE_DEBUGINFOD
#include <elfutils/debuginfod.h>
#endif

#include "ptool/msg.h"

#ifdef HAVE_DEBUGINFOD

struct fetch {
	const char *path;
	char hex[41];
	bool shown;
};

/* "\r" progress on a terminal: which object, which build-id, bytes */
static int progress(debuginfod_client *client, long done, long total)
{
	struct fetch *f = debuginfod_get_user_data(client);

	if (total > 0)
		fprintf(stderr, "\rdebuginfod: %s (%s): %ld of %ld bytes\033[K",
			f->path, f->hex, done, total);
	else
		fprintf(stderr, "\rdebuginfod: %s (%s): %ld bytes\033[K",
			f->path, f->hex, done);
	f->shown = true;
	return 0;
}

/* a whole ELF object with the wanted build-id, or -errno */
static int check_elf(Elf *e, int fd, const uint8_t *want, size_t len)
{
	const void *id;
	ssize_t n;
	struct stat st;
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;
	size_t nr;

	if (!e || elf_kind(e) != ELF_K_ELF)
		return -ENOEXEC;
	n = dwelf_elf_gnu_build_id(e, &id);
	if (n <= 0 || (size_t)n != len || memcmp(id, want, len))
		return -EBADMSG;
	if (fstat(fd, &st))
		return -errno;
	/*
	 * The build-id note is also reached through the program headers,
	 * at the start: a file cut short still has it, but lost its section
	 * headers (at the end), which libelf then treats as none at all.
	 */
	if (!gelf_getehdr(e, &eh) || elf_getshdrnum(e, &nr) || !nr ||
	    eh.e_shoff > (uint64_t)st.st_size ||
	    (uint64_t)nr * eh.e_shentsize > (uint64_t)st.st_size - eh.e_shoff)
		return -EBADMSG;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return -EBADMSG;
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > (uint64_t)st.st_size ||
		     sh.sh_size > (uint64_t)st.st_size - sh.sh_offset))
			return -EBADMSG;
	}
	return 0;
}

Elf *obj_debuginfod_elf(const char *path, const uint8_t *build_id,
			size_t len, int *fdp)
{
	const char *urls = getenv("DEBUGINFOD_URLS");
	struct fetch f = { .path = path };
	debuginfod_client *client;
	char *file = NULL;
	Elf *e = NULL;
	int fd, err;

	if (!urls || !*urls || !len || len > 20)
		return NULL;
	for (size_t i = 0; i < len; i++)
		sprintf(f.hex + 2 * i, "%02x", build_id[i]);
	client = debuginfod_begin();
	if (!client)
		return NULL;
	debuginfod_set_user_data(client, &f);
	if (isatty(STDERR_FILENO))
		debuginfod_set_progressfn(client, progress);
	fd = debuginfod_find_debuginfo(client, build_id, (int)len, &file);
	if (f.shown)
		fputs("\r\033[K", stderr);
	debuginfod_end(client);
	if (fd < 0) {
		if (fd == -ENOENT)
			pr_debug("debuginfod: no debug info for %s (%s)", path, f.hex);
		else
			pr_warn("cannot fetch debug info for '%s' (%s) from debuginfod: %s",
				path, f.hex, strerror(-fd));
		free(file);
		return NULL;
	}
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	err = check_elf(e, fd, build_id, len);
	if (err) {
		pr_warn("debuginfod sent an unusable debug file for '%s' (%s): %s",
			path, f.hex, err == -EBADMSG ? "wrong build-id or truncated" :
			err == -ENOEXEC ? "not an ELF file" : strerror(-err));
		if (e)
			elf_end(e);
		close(fd);
		free(file);
		return NULL;
	}
	pr_debug("using debug information from %s (debuginfod)", file);
	free(file);
	*fdp = fd;
	return e;
}

#else

Elf *obj_debuginfod_elf(const char *path, const uint8_t *build_id,
			size_t len, int *fdp)
{
	return NULL;
}

#endif
