#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# CPU cost of ptool top against perf top: both run side by side, system
# wide at the default frequency, --stdio into /dev/null, for SECS seconds
# (default 20); prints each one's user+system CPU seconds (from
# /proc/PID/stat) and the ratio ptool/perf.
#   scripts/bench/top.sh [SECS] [extra top options...]
set -u
cd "$(dirname "$0")/../.."
secs=${1:-20}
shift || true
PTOOL=${PTOOL:-./ptool}
PERF=${PERF:-$(command -v perf)}
[ -x "$PTOOL" ] || { echo "no $PTOOL: build it first" >&2; exit 1; }
[ -n "$PERF" ] || { echo "perf is not installed" >&2; exit 1; }
tck=$(getconf CLK_TCK)

# cpu seconds of a process: utime + stime of /proc/PID/stat
cpu() { awk -v t="$tck" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat"; }

# perf top reads keys from stdin: give it one that stays open and quiet
"$PERF" top --stdio "$@" >/dev/null 2>&1 < <(sleep $((secs + 5))) &
perf_pid=$!
"$PTOOL" top --stdio "$@" >/dev/null 2>&1 &
ptool_pid=$!
sleep "$secs"
a=$(cpu "$ptool_pid"); b=$(cpu "$perf_pid")
kill -INT "$ptool_pid" "$perf_pid" 2>/dev/null
wait "$ptool_pid" "$perf_pid" 2>/dev/null
echo "ptool top: ${a}s cpu, perf top: ${b}s cpu over ${secs}s"
awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "ratio ptool/perf: %.2f\n", a / b; else print "ratio: n/a (perf used no cpu)" }'
