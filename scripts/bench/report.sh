#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ptool report next to perf report on one large callchain file, one run
# each, with the same sort keys (perf's default: comm,dso,sym, children):
# wall time and peak RSS as ratios (ptool/perf; below 1 means ptool used
# less). Goals: time <= 1/5, RSS <= 1/2.
# The file (~1M samples: perf record -e cpu-clock -c 10000 -g -a over 20 s
# of cpuloop; the kernel caps cpu-clock near 25k samples per second and
# cpu here) is recorded once into build/bench/ and reused (the script
# bench's file when it exists); it is not committed.
# Needs root (system-wide sampling), perf, python3 and the workloads.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PTOOL=${PTOOL:-$top/ptool}
PERF=${PERF:-$(command -v perf || true)}
W=${WORKLOADS:-$top/build/workloads}
PERIOD=${PERIOD:-10000}		# ns of cpu-clock per sample
SECS=${SECS:-20}
data=${DATA:-}

[ -n "$PERF" ] || { echo "report bench: perf is not installed, skipped"; exit 0; }
command -v python3 >/dev/null || { echo "report bench: python3 is missing, skipped"; exit 0; }
[ -x "$PTOOL" ] && [ -x "$W/cpuloop" ] ||
	{ echo "report bench: build ptool and the workloads first (make ptool workloads)"; exit 1; }
if [ -z "$data" ]; then
	data=$top/build/bench/report-1m.data
	[ -s "$top/build/bench/script-1m.data" ] && data=$top/build/bench/script-1m.data
fi
tmp=$(mktemp -d /tmp/ptool-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ ! -s "$data" ]; then
	mkdir -p "$(dirname "$data")"
	echo "report bench: recording $data (perf record -e cpu-clock -c $PERIOD -g -a, ${SECS}s of cpuloop)"
	"$PERF" record -q -e cpu-clock -c "$PERIOD" -g -a -o "$data" -- "$W/cpuloop" "$SECS" \
		>/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err"; echo "report bench: perf record failed"; exit 1; }
fi

# measure CMD...: "wall_seconds peak_rss_kb" of one run, output discarded
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
w = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if r.returncode:
    sys.exit("failed: %s (exit %d)" % (" ".join(sys.argv[1:]), r.returncode))
print("%.2f %d" % (w, rss))
PY
}

nr=$("$PTOOL" report -i "$data" -g none --sort comm -q 2>/dev/null | wc -l)
samples=$("$PTOOL" report -i "$data" -g none --sort comm 2>/dev/null | sed -n "s/^# Samples: \(.*\) of event.*/\1/p" | head -1)
echo "report bench: $data: $samples samples"
# compare WHAT ARGS...: one ptool run and one perf run of report ARGS
compare() {
	local what=$1 pt pf
	shift
	pt=$(measure "$PTOOL" report -i "$data" --stdio "$@") || exit 1
	pf=$(measure "$PERF" report -i "$data" --stdio "$@") || exit 1
	set -- $pt $pf
	awk -v w="$what" -v tw="$1" -v tr="$2" -v pw="$3" -v pr="$4" 'BEGIN {
		printf "%s time: ptool %.2fs, perf %.2fs, ratio %.3f (1/%.1f)\n", w, tw, pw, tw / pw, pw / tw
		printf "%s rss:  ptool %.0f MB, perf %.0f MB, ratio %.3f (1/%.1f)\n", w, tr / 1024, pr / 1024, tr / pr, pr / tr
	}'
}
compare "report (children):" 
compare "report --no-children --sort comm,dso,sym:" --no-children --sort comm,dso,sym
: "$nr"
