#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ptool probe next to perf probe: time and peak RSS of resolving probes
# (dry runs, nothing is written to tracefs), as ratios ptool/perf (below
# 1 means ptool did better):
#   1. a line probe with variables in the bundled -O0 workload
#   2. malloc with an argument in libc with its separate debug file, when
#      /usr/lib/debug has it (the biggest DWARF on the machine)
# Needs perf and the bundled workloads (make workloads).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PTOOL=${PTOOL:-$top/ptool}
PERF=${PERF:-$(command -v perf || true)}
W=${WORKLOADS:-$top/build/workloads}
[ -n "$PERF" ] || { echo "probe bench: perf is not installed, skipped"; exit 0; }
[ -x "$PTOOL" ] && [ -x "$W/probe_demo" ] ||
	{ echo "probe bench: build ptool and the workloads first (make ptool workloads)"; exit 1; }
tmp=$(mktemp -d /tmp/ptool-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

run() {	# CMD...: "elapsed_seconds max_rss_kb"
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" ||
		{ echo "failed: $*" >&2; cat "$tmp/err" >&2; return 1; }
	cat "$tmp/time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

bench() {	# NAME BIN SPEC
	local name=$1 bin=$2 spec=$3 tp rp tq rq
	read -r tp rp < <(run "$PTOOL" probe -n -q -x "$bin" "$spec") || return 1
	read -r tq rq < <(run "$PERF" probe -n -q -x "$bin" "$spec") || return 1
	echo "probe bench: $name: ptool ${tp}s ${rp}KB, perf ${tq}s ${rq}KB;" \
		"time ratio $(ratio "$tp" "$tq"), RSS ratio $(ratio "$rp" "$rq")"
}
bench "main:8 total k p.x (-O0 demo)" "$W/probe_demo" "main:8 total k p.x"
LIBC=/lib/x86_64-linux-gnu/libc.so.6
if [ -f "$LIBC" ]; then
	bench "libc malloc" "$LIBC" "malloc"
fi
