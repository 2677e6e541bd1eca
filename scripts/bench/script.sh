#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ptool script next to perf script on one large callchain file, one run
# each, as ratios (ptool/perf; below 1 means ptool was faster):
#   1. ptool script --folded   vs  perf script | awk folder
#   2. ptool script            vs  perf script
#   3. ptool script --pprof    vs  ptool report (perf has no pprof output)
# The file (~1M samples: perf record -c 10000 -g -a over 20 s of cpuloop;
# the kernel caps cpu-clock near 25k samples per second and cpu here)
# is recorded once into build/bench/ and reused; it is not committed.
# Needs root (system-wide sampling), perf, and the workloads.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PTOOL=${PTOOL:-$top/ptool}
PERF=${PERF:-$(command -v perf || true)}
W=${WORKLOADS:-$top/build/workloads}
PERIOD=${PERIOD:-10000}		# ns of cpu-clock per sample
SECS=${SECS:-20}
data=${DATA:-$top/build/bench/script-1m.data}

[ -n "$PERF" ] || { echo "script bench: perf is not installed, skipped"; exit 0; }
[ -x "$PTOOL" ] && [ -x "$W/cpuloop" ] ||
	{ echo "script bench: build ptool and the workloads first (make ptool workloads)"; exit 1; }
tmp=$(mktemp -d /tmp/ptool-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ ! -s "$data" ]; then
	mkdir -p "$(dirname "$data")"
	echo "script bench: recording $data (perf record -c $PERIOD -g -a, ${SECS}s of cpuloop)"
	"$PERF" record -q -c "$PERIOD" -g -a -o "$data" -- "$W/cpuloop" "$SECS" >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err"; echo "script bench: perf record failed"; exit 1; }
fi
nr=$("$PERF" report -i "$data" --stdio --header-only 2>/dev/null | sed -n 's/^# sample duration.*//p' >/dev/null; \
	"$PERF" script -i "$data" -F tid -G 2>/dev/null | wc -l)
echo "script bench: $data: $nr samples"

# a plain awk folder: comm;frames root first, offsets dropped, counts summed
cat >"$tmp/fold.awk" <<'AWK'
/^#/ { next }
/^$/ { if (comm != "") { k = comm stack; n[k] += 1 } comm = ""; stack = ""; next }
/^[^ \t]/ { comm = $1; next }
{ f = $2; sub(/\+0x[0-9a-f]+$/, "", f); stack = ";" f stack }
END { for (k in n) print k, n[k] }
AWK

secs() {	# CMD...: wall seconds of a shell pipeline
	local s e
	s=$(date +%s.%N)
	bash -c "$1" >/dev/null 2>"$tmp/err" || { echo "failed: $1" >&2; cat "$tmp/err" >&2; return 1; }
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f (1/%.0f)", a / b, b / a; else print "n/a" }'; }

t_fold=$(secs "'$PTOOL' script -i '$data' --folded > /dev/null") || exit 1
t_pfold=$(secs "'$PERF' script -i '$data' 2>/dev/null | awk -f '$tmp/fold.awk' > /dev/null") || exit 1
echo "folded:  ptool script --folded ${t_fold}s, perf script | awk ${t_pfold}s, ratio $(ratio "$t_fold" "$t_pfold")"
t_text=$(secs "'$PTOOL' script -i '$data' > /dev/null") || exit 1
t_ptext=$(secs "'$PERF' script -i '$data' > /dev/null 2>&1") || exit 1
echo "text:    ptool script ${t_text}s, perf script ${t_ptext}s, ratio $(ratio "$t_text" "$t_ptext")"
# pprof: no perf counterpart; next to ptool report on the same file
t_pprof=$(secs "'$PTOOL' script -i '$data' --pprof '$tmp/p.pb.gz'") || exit 1
t_report=$(secs "'$PTOOL' report -i '$data' --stdio > /dev/null") || exit 1
echo "pprof:   ptool script --pprof ${t_pprof}s ($(stat -c %s "$tmp/p.pb.gz") bytes), ptool report ${t_report}s, ratio $(ratio "$t_pprof" "$t_report")"
