// SPDX-License-Identifier: GPL-2.0
/*
 * ptool version: the version, and with --build-options the libraries this
 * binary was built with, in perf version --build-options' layout, so a bug
 * report can say what a binary can do.
 */
#include "ptool/cmd.h"
#include "ptool/disasm.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ptool/opt.h"
#include "ptool/strbuf.h"

#ifndef PTOOL_VERSION
#define PTOOL_VERSION "0.0.0"
#endif

#ifdef HAVE_DEBUGINFOD
#define DEBUGINFOD_ON true
#else
#define DEBUGINFOD_ON false
#endif

static const char *const version_usage[] = {
	"ptool version [--build-options]",
	NULL,
};

/* what perf lists, with what ptool does in its place */
static const struct {
	const char *name;
	bool on;
	const char *macro;
} features[] = {
	{ "dwarf", true, "HAVE_DWARF_SUPPORT" },
	{ "libdw", true, "HAVE_LIBDW_SUPPORT" },
	{ "glibc", true, "HAVE_GLIBC_SUPPORT" },
	{ "libbfd", false, "HAVE_LIBBFD_SUPPORT" },
	{ "debuginfod", DEBUGINFOD_ON, "HAVE_DEBUGINFOD_SUPPORT" },
	{ "libelf", true, "HAVE_LIBELF_SUPPORT" },
	{ "libnuma", false, "HAVE_LIBNUMA_SUPPORT" },
	{ "libperl", false, "HAVE_LIBPERL_SUPPORT" },
	{ "libpython", false, "HAVE_LIBPYTHON_SUPPORT" },
	{ "libslang", false, "HAVE_SLANG_SUPPORT" },
	{ "ncurses", false, "HAVE_NCURSES_SUPPORT" },
	{ "libcrypto", false, "HAVE_LIBCRYPTO_SUPPORT" },
	{ "libunwind", false, "HAVE_LIBUNWIND_SUPPORT" },
	{ "libdw-dwarf-unwind", true, "HAVE_DWARF_SUPPORT" },
	{ "libtraceevent", true, "HAVE_LIBTRACEEVENT" },
	{ "libiberty", true, "HAVE_CPLUS_DEMANGLE_SUPPORT" },
	{ "zlib", true, "HAVE_ZLIB_SUPPORT" },
	{ "lzma", false, "HAVE_LZMA_SUPPORT" },
	{ "bpf", false, "HAVE_LIBBPF_SUPPORT" },
	{ "aio", false, "HAVE_AIO_SUPPORT" },
	{ "zstd", true, "HAVE_ZSTD_SUPPORT" },
	{ "libpfm4", false, "HAVE_LIBPFM" },
};

int cmd_version(int argc, const char **argv)
{
	bool build_options = false;
	const struct opt options[] = {
		OPT_BOOL(0, "build-options", &build_options,
			 "the libraries this binary was built with"),
		OPT_END(),
	};

	argc = opt_parse(argc, argv, options, version_usage, 0);
	if (argc < 0)
		return opt_exit_status(argc);
	if (argc > 0)
		return cmd_usage_fail("unexpected argument '%s'", argv[0]);
	printf("ptool version %s\n", PTOOL_VERSION);
	if (!build_options)
		return PTOOL_EXIT_OK;
	for (size_t i = 0; i < ARRAY_SIZE(features); i++)
		printf("%22s: [ %s ]  # %s\n", features[i].name,
		       features[i].on ? "on " : "OFF", features[i].macro);
	/* annotate's disassembler: capstone in-process, else objdump */
	printf("%22s: [ %s ]  # %s\n", "capstone",
	       strcmp(disasm_backend(), "capstone") ? "OFF" : "on ",
	       "HAVE_LIBCAPSTONE_SUPPORT");
	return PTOOL_EXIT_OK;
}
