#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The perf.data reader next to perf, on one large file made by
# perf record -c 20000 -g over cpuloop on every CPU (SECS seconds):
#   1. wall time of one full pass in time order (ptool's reader through
#      the test_pdata harness, which counts every record) against
#      perf report -D > /dev/null, and records/s of each
#   2. peak RSS of both
# Ratios are ptool/perf (below 1 means ptool did better).
# Needs root (sampling), perf, make unit-bins workloads.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PERF=${PERF:-$(command -v perf || true)}
BUILD=${BUILD:-$top/build/default}
W=${WORKLOADS:-$top/build/workloads}
SECS=${SECS:-3}

[ -n "$PERF" ] || { echo "pdata bench: perf is not installed, skipped"; exit 0; }
[ -x "$BUILD/tests/test_pdata" ] && [ -x "$W/cpuloop" ] ||
	{ echo "pdata bench: make unit-bins workloads first"; exit 1; }
tmp=$(mktemp -d /tmp/ptool-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

run() {
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" ||
		{ echo "failed: $*" >&2; cat "$tmp/err" >&2; return 1; }
	cat "$tmp/time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

ncpu=$(nproc)
"$PERF" record -q -o "$tmp/big.data" -e cpu-clock -c 20000 -g -- \
	sh -c "for i in \$(seq $ncpu); do $W/cpuloop $SECS & done; wait" \
	>/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
size=$(stat -c %s "$tmp/big.data")

read -r tptool rptool < <(PDATA_COUNT=$tmp/big.data run "$BUILD/tests/test_pdata") || exit 1
records=$(awk '{ n += $2 } END { print n }' "$tmp/out")
samples=$(awk '$1 == "SAMPLE" { print $2 }' "$tmp/out")
read -r tperf rperf < <(run "$PERF" report -D -i "$tmp/big.data") || exit 1

rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "inf" }'; }
echo "pdata bench: $((size / 1048576)) MiB, $records records ($samples samples)"
echo "pdata bench: read in time order: ptool ${tptool}s ($(rate "$records" "$tptool") records/s), perf report -D ${tperf}s ($(rate "$records" "$tperf") records/s), ratio $(ratio "$tptool" "$tperf")"
echo "pdata bench: peak RSS: ptool ${rptool} kB, perf ${rperf} kB, ratio $(ratio "$rptool" "$rperf")"
