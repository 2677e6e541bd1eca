/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_RECDESC_H
#define PTOOL_RECDESC_H

/*
 * What record writes into a perf.data file before its first record, and
 * again into each file of --switch-output: every event's attr with its
 * sample ids and group, the machine's feature sections, the command line
 * (perf's own path first) and the tracepoint formats.
 */

struct evlist;
struct pdata_writer;
struct recorder;

/* the step recdesc_write() failed at */
enum recdesc_step {
	RECDESC_EVENT,		/* an event's attr, ids or group */
	RECDESC_HOST,		/* the machine's feature sections */
	RECDESC_CMDLINE,	/* the command line */
	RECDESC_TRACING,	/* the tracepoint formats */
};

struct recdesc_err {
	enum recdesc_step step;
	const char *event;	/* RECDESC_EVENT: its name (lent by the evlist) */
};

/**
 * recdesc_write - describe the recording of @el to @w, the writer of @rc
 * (recorder_set_writer()): the attrs
 * and ids of every event (GROUP_DESC for groups), the host features with
 * @version, the command line @argv (@argc words) after this program's own
 * path, and TRACING_DATA for the tracepoints
 * @err: where it failed, on failure
 * Returns 0 or -errno.
 */
int recdesc_write(struct pdata_writer *w, struct recorder *rc,
		  const struct evlist *el, int argc, const char **argv,
		  const char *version, struct recdesc_err *err);

#endif
