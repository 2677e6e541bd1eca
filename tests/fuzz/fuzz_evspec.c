// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the event-spec parser (-e). Tracepoints and PMUs resolve against
 * an empty tracefs and sysfs, so every name is looked up and none found
 * except the built-in hardware, software and cache events.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/evlist.h"
#include "ptool/evspec.h"
#include "ptool/sysroots.h"
#include "ptool/tfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char root[] = "/tmp/ptool-fuzz-evspec.XXXXXX";
static struct tfs *tfs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!mkdtemp(root))
		abort();
	sysroots_set(&(struct sysroots){ .sysfs = root });
	tfs = tfs_open(root);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evspec_ctx ctx = { .sysfs = root, .tfs = tfs };
	struct evspec_err err = { 0 };
	struct evlist *el = evlist_new();
	char *s = malloc(size + 1);
	char msg[512];

	memcpy(s, data, size);
	s[size] = '\0';
	if (evspec_parse(el, s, &ctx, &err)) {
		evspec_err_format(&err, "ptool stat", msg, sizeof(msg));
		evspec_err_release(&err);
	}
	evlist_free(el);
	free(s);
	return 0;
}
