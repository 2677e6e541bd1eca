#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Symbolization with inline frames and source lines, ptool next to perf,
# one run each, wall time and peak RSS as ratios (ptool/perf; below 1
# means ptool used less):
#   1. ptool script            vs  perf script   (inline frames on, the default)
#      ptool script --no-inline vs perf script --no-inline
#   2. ptool report --stdio --no-children --sort sym,srcline  vs  the same perf report
# The file (~70 MB: perf record -e cpu-clock -F 999 --call-graph dwarf of
# the -O2 -g C++ workload inlinecxx, ROUNDS rounds) is recorded once into
# build/bench/ and reused; it is not committed. perf 6.1 without libbfd
# runs binutils' addr2line for inline frames and source lines.
# Needs perf, GNU time (/usr/bin/time) and the workloads.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PTOOL=${PTOOL:-$top/ptool}
PERF=${PERF:-$(command -v perf || true)}
W=${WORKLOADS:-$top/build/workloads}
ROUNDS=${ROUNDS:-1400}
data=${DATA:-$top/build/bench/inlinecxx-dwarf.data}
TIME=/usr/bin/time

[ -n "$PERF" ] || { echo "symbols bench: perf is not installed, skipped"; exit 0; }
[ -x "$TIME" ] || { echo "symbols bench: $TIME is missing (package time), skipped"; exit 0; }
{ [ -x "$PTOOL" ] && [ -x "$W/inlinecxx" ]; } ||
	{ echo "symbols bench: build ptool and the workloads first (make ptool workloads)"; exit 1; }
tmp=$(mktemp -d /tmp/ptool-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ ! -s "$data" ]; then
	mkdir -p "$(dirname "$data")"
	echo "symbols bench: recording $data (perf record -F 999 --call-graph dwarf, inlinecxx $ROUNDS)"
	"$PERF" record -q -e cpu-clock -F 999 --call-graph dwarf -o "$data" -- \
		"$W/inlinecxx" "$ROUNDS" >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err"; echo "symbols bench: perf record failed"; exit 1; }
fi
mb=$(du -m "$data" | cut -f1)
samples=$("$PTOOL" report -i "$data" -g none --sort comm 2>/dev/null |
	sed -n "s/^# Samples: \(.*\) of event.*/\1/p" | head -1)
echo "symbols bench: $data: ${mb} MB, $samples samples"

# measure CMD...: "wall_seconds peak_rss_kb", the best of RUNS runs after
# one untimed run that warms the page cache (debug files, the recording)
RUNS=${RUNS:-3}
measure() {
	local best="" i
	"$@" >/dev/null 2>"$tmp/err" || { echo "failed: $*" >&2; tail -3 "$tmp/err" >&2; return 1; }
	for ((i = 0; i < RUNS; i++)); do
		"$TIME" -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" ||
			{ echo "failed: $*" >&2; tail -3 "$tmp/err" >&2; return 1; }
		best=$(awk -v b="$best" '{ if (b == "" || $1 < b + 0) print $1, $2; else print b }' \
			"$tmp/time" | tail -1)
	done
	echo "$best"
}
# show WHAT PTOOL_MEASURE PERF_MEASURE
show() {
	# shellcheck disable=SC2086
	set -- "$1" $2 $3	# split the measures into words
	awk -v what="$1" -v tw="$2" -v tr="$3" -v pw="$4" -v pr="$5" 'BEGIN {
		printf "%-7s time: ptool %.2fs, perf %.2fs, ratio %.3f", what, tw, pw, (pw > 0 ? tw / pw : 0)
		if (tw > 0) printf " (1/%.1f)", pw / tw
		printf "\n%-7s rss:  ptool %.0f MB, perf %.0f MB, ratio %.3f", what, tr / 1024, pr / 1024, (pr > 0 ? tr / pr : 0)
		if (tr > 0) printf " (1/%.1f)", pr / tr
		printf "\n"
	}'
}

pt=$(measure "$PTOOL" script -i "$data") || exit 1
pf=$(measure "$PERF" script -i "$data") || exit 1
show script: "$pt" "$pf"
pn=$(measure "$PTOOL" script -i "$data" --no-inline) || exit 1
pfn=$(measure "$PERF" script -i "$data" --no-inline) || exit 1
show no-inl: "$pn" "$pfn"
pt=$(measure "$PTOOL" report -i "$data" --stdio --no-children --sort sym,srcline) || exit 1
pf=$(measure "$PERF" report -i "$data" --stdio --no-children --sort sym,srcline) || exit 1
show report: "$pt" "$pf"
