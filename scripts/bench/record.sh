#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ptool record next to perf record, one short run each, as ratios
# (ptool/perf; below 1 means ptool did better):
#   1. slowdown of a fixed amount of CPU work at -F 10000 -g and with
#      --call-graph dwarf
#   2. events lost at a high tracepoint rate with the same small buffer
#   3. peak RSS of the recorder
# Needs root (sampling), perf, and the bundled workloads (make workloads).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PTOOL=${PTOOL:-$top/ptool}
PERF=${PERF:-$(command -v perf || true)}
W=${WORKLOADS:-$top/build/workloads}
ROUNDS=${ROUNDS:-1200}		# spinwork rounds, ~0.6 s here
WRITES=${WRITES:-300000}	# writeloop iterations
PAGES=${PAGES:-4}		# -m for the loss test

[ -n "$PERF" ] || { echo "record bench: perf is not installed, skipped"; exit 0; }
[ -x "$PTOOL" ] && [ -x "$W/spinwork" ] && [ -x "$W/writeloop" ] ||
	{ echo "record bench: build ptool and the workloads first (make ptool workloads)"; exit 1; }
tmp=$(mktemp -d /tmp/ptool-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# run CMD...: "elapsed_seconds max_rss_kb" of CMD (GNU time)
run() {
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" ||
		{ echo "failed: $*" >&2; cat "$tmp/err" >&2; return 1; }
	cat "$tmp/time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
slow() { awk -v t="$1" -v b="$2" 'BEGIN { printf "%.2fx", t / b }'; }

read -r base _ < <(run "$W/spinwork" "$ROUNDS") || exit 1
echo "record bench: spinwork $ROUNDS alone: ${base}s"
for mode in "-F 10000 -g" "--call-graph dwarf"; do
	# shellcheck disable=SC2086
	read -r tperf rperf < <(run "$PERF" record -q $mode -o "$tmp/perf.data" -- "$W/spinwork" "$ROUNDS") || exit 1
	# shellcheck disable=SC2086
	read -r tpt rpt < <(run "$PTOOL" record -q $mode -o "$tmp/ptool.data" -- "$W/spinwork" "$ROUNDS") || exit 1
	sperf=$(ls -l "$tmp/perf.data" | awk '{ print $5 }')
	spt=$(ls -l "$tmp/ptool.data" | awk '{ print $5 }')
	printf '  %-20s time perf %ss (%s) ptool %ss (%s)  ratio %s | RSS perf %s KB ptool %s KB ratio %s | file ratio %s\n' \
		"$mode" "$tperf" "$(slow "$tperf" "$base")" "$tpt" "$(slow "$tpt" "$base")" \
		"$(ratio "$tpt" "$tperf")" "$rperf" "$rpt" "$(ratio "$rpt" "$rperf")" \
		"$(ratio "$spt" "$sperf")"
done

# loss: a write() per iteration, every one a sample, into a small buffer
count() {	# FILE: "samples lost" as perf counts them
	"$PERF" report --stats -i "$1" 2>/dev/null | awk '
		/^ *SAMPLE events:/ && !s { s = $3 }
		/^ *LOST events:/ { c = $3 }
		END { print s + 0, c + 0 }'
}
lost_of() {	# ERRFILE: the lost percentage the recorder printed, or 0
	sed -n 's/.*and lost \([0-9.]*\)%!.*/\1/p' "$1" | tail -1 | awk '{ print $1 + 0 } END { if (!NR) print 0 }'
}
"$PERF" record -m "$PAGES" -e syscalls:sys_enter_write -o "$tmp/perf.data" -- \
	"$W/writeloop" "$WRITES" >/dev/null 2>"$tmp/perf.err" || { cat "$tmp/perf.err"; exit 1; }
"$PTOOL" record -m "$PAGES" -e syscalls:sys_enter_write -o "$tmp/ptool.data" -- \
	"$W/writeloop" "$WRITES" >/dev/null 2>"$tmp/ptool.err" || { cat "$tmp/ptool.err"; exit 1; }
read -r sperf cperf < <(count "$tmp/perf.data")
read -r spt cpt < <(count "$tmp/ptool.data")
lperf=$(lost_of "$tmp/perf.err")
lpt=$(lost_of "$tmp/ptool.err")
printf '  loss at -m %s, %s writes: perf %s samples, %s lost chunks (%s%% lost) | ptool %s samples, %s lost chunks (%s%% lost) | samples ratio %s\n' \
	"$PAGES" "$WRITES" "$sperf" "$cperf" "$lperf" "$spt" "$cpt" "$lpt" "$(ratio "$spt" "$sperf")"
