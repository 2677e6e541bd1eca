/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SWITCHOUT_H
#define PTOOL_SWITCHOUT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/evlist.h"
#include "ptool/pdata.h"
#include "ptool/recorder.h"
#include "ptool/ring.h"
#include "ptool/target.h"

/*
 * perf record --switch-output: a long recording cut into complete files.
 * What triggers a switch (SIGUSR2, a size, a time, an event), the file
 * names perf gives them (<output>.<YYYYMMDDHHMMSScc>, local time, cc the
 * hundredths of a second) and --switch-max-files, which keeps the newest N.
 * The recording itself (finishing one file, starting the next) is the
 * caller's.
 *
 *	switchout_parse(&so, "10s");
 *	...each round, after recorder_drain():
 *	if (switchout_due(&so, &flag, pdata_writer_data_size(w)))
 *		switchout_next(&so, rc, &w, &fd, "perf.data", name, ...);
 *		// then describe the new file and synthesize into it
 *	...at the end, after pdata_writer_finish():
 *	switchout_rotate(&so, "perf.data", name, sizeof(name));
 *	switchout_release(&so);
 */

struct switchout {
	bool enabled;		/* --switch-output or --switch-output-event */
	bool signal;		/* SIGUSR2 switches */
	uint64_t size;		/* bytes of data per file, 0 for none */
	unsigned int time;	/* seconds per file, 0 for none */
	int max_files;		/* --switch-max-files: 0 keeps them all */
	char **names;		/* the files written, a ring of max_files */
	int cur;		/* the slot of the newest name */
	/* --switch-output-event: its events and one ring per fd */
	struct evlist *sb;
	struct ring **rings;
	int nr_rings;
};

/**
 * switchout_parse - perf's --switch-output argument: NULL or "signal"
 * (SIGUSR2), a size with a B/K/M/G suffix ("100M") or a time with an
 * s/m/h/d suffix ("10s"); a number without a suffix is neither, as in perf
 * @so: zeroed, or from an earlier call; enabled is set
 * Returns 0 or -EINVAL.
 */
int switchout_parse(struct switchout *so, const char *arg);

/**
 * switchout_timestamp - perf's file name suffix for now: local time as
 * YYYYMMDDHHMMSS followed by two digits of hundredths of a second
 * @buf: at least 17 bytes
 * Returns 0 or -errno.
 */
int switchout_timestamp(char *buf, size_t len);

/**
 * switchout_rotate - rename @path to "@path.<timestamp>" and remember the
 * name; with max_files, the oldest file beyond that many is removed
 * @name: set to the new name
 * Returns 0 or -errno of rename(2) (@name is set all the same).
 */
int switchout_rotate(struct switchout *so, const char *path, char *name,
		     size_t len);

/** switchout_size_hit - whether @bytes of data reach the size threshold */
bool switchout_size_hit(const struct switchout *so, uint64_t bytes);

/**
 * switchout_due - whether the next file is due: @flag was set (by the
 * SIGUSR2 or SIGALRM handler; it is cleared), @bytes reach the size, or a
 * switch event fired (its rings are drained)
 */
bool switchout_due(struct switchout *so, volatile sig_atomic_t *flag,
		   uint64_t bytes);

struct strbuf;

/**
 * switchout_next - the switch itself: @w's file gets the recorder's sample
 * times and is finished, @w freed and @fd closed, the file renamed by
 * switchout_rotate(), and a new file created at @path
 * (recorder_create_file()) with a new writer that @rc writes into from now
 * on (recorder_switch_writer()); the caller then describes the events and
 * synthesizes into it, as for the first file
 * @w, @fd: the writer and file, replaced (NULL and -1 after a failure)
 * @name: set to the finished file's new name
 * @err: on failure, one line saying what failed and why: "cannot finish
 *       '<path>': <strerror>" (likewise "create", "write to"), or "cannot
 *       rename '<path>' to '<name>': <strerror>"
 * Returns 0 or -errno.
 */
int switchout_next(struct switchout *so, struct recorder *rc,
		   struct pdata_writer **w, int *fd, const char *path,
		   char *name, size_t len, struct strbuf *err);

/**
 * switchout_open_events - open @so->sb's events (parsed by the caller) to
 * trigger switches: each sample of them is a switch, as with perf's
 * side-band thread. perf opens them on the recording's target, which for a
 * workload is every cpu and every task.
 * @t: the recording's target
 * Returns 0 or -errno (the events that did not open say why in open_err).
 */
int switchout_open_events(struct switchout *so, const struct target *t);

/**
 * switchout_event_fds - the fds to poll for the switch events
 * @fds: filled with up to @max fds
 * Returns how many.
 */
int switchout_event_fds(const struct switchout *so, int *fds, int max);

/**
 * switchout_events_fired - drain the switch events' rings
 * Returns how many samples they held (0: no switch).
 */
long switchout_events_fired(struct switchout *so);

/** switchout_release - free the names, events and rings */
void switchout_release(struct switchout *so);

#endif
