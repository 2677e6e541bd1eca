#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ptool trace next to perf trace, one run each, on dd copying 200000 bytes
# one at a time (400000 syscalls):
#   1. -s: the summary only
#   2. -o FILE: every line to a file
# Wall time and peak RSS; ratios are ptool/perf (below 1: ptool did
# better); and how many of the 200000 writes each counted. Needs root.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PERF=${PERF:-$(command -v perf || true)}
PTOOL=${PTOOL:-$top/ptool}

[ -n "$PERF" ] || { echo "trace bench: perf is not installed, skipped"; exit 0; }
[ -x "$PTOOL" ] || { echo "trace bench: make ptool first"; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "trace bench: needs root, skipped"; exit 0; }
tmp=$(mktemp -d /tmp/ptool-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
work=(dd if=/dev/zero of=/dev/null bs=1 count=200000)

run() {
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" ||
		{ echo "failed: $*" >&2; tail -3 "$tmp/err" >&2; return 1; }
	cat "$tmp/time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
writes() { awk '$1 == "write" { print $2 }' "$1"; }

read -r tp rp < <(run "$PERF" trace -s -o "$tmp/perf.s" -- "${work[@]}") || exit 1
read -r tq rq < <(run "$PTOOL" trace -s -o "$tmp/ptool.s" -- "${work[@]}") || exit 1
echo "trace bench: -s: ptool ${tq}s ${rq} kB, perf ${tp}s ${rp} kB, time ratio $(ratio "$tq" "$tp"), RSS ratio $(ratio "$rq" "$rp"); writes counted: ptool $(writes "$tmp/ptool.s"), perf $(writes "$tmp/perf.s")"
read -r tp rp < <(run "$PERF" trace -o "$tmp/perf.l" -- "${work[@]}") || exit 1
read -r tq rq < <(run "$PTOOL" trace -o "$tmp/ptool.l" -- "${work[@]}") || exit 1
echo "trace bench: lines: ptool ${tq}s ${rq} kB, perf ${tp}s ${rp} kB, time ratio $(ratio "$tq" "$tp"), RSS ratio $(ratio "$rq" "$rp"); write lines: ptool $(grep -c ' write(' "$tmp/ptool.l"), perf $(grep -c ' write(' "$tmp/perf.l")"
