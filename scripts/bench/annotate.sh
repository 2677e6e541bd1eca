#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ptool annotate next to perf annotate --stdio (which runs objdump), one
# run each, on recordings of the LZ4 driver (scripts/thirdparty.sh, -O2 -g):
#   1. a plain cpu-clock recording: the hottest symbol, then every symbol
#   2. a --call-graph dwarf recording (large: stack copies): the same
# Wall time and peak RSS; ratios are ptool/perf (below 1: ptool did better).
# Needs perf, objdump, npm for the LZ4 sources, and the right to sample.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PERF=${PERF:-$(command -v perf || true)}
PTOOL=${PTOOL:-$top/ptool}

[ -n "$PERF" ] || { echo "annotate bench: perf is not installed, skipped"; exit 0; }
[ -x "$PTOOL" ] || { echo "annotate bench: make ptool first"; exit 1; }
W=$("$top/scripts/thirdparty.sh" --quiet)
case $? in
0) ;;
77) echo "annotate bench: skipped: $W"; exit 0 ;;
*) echo "annotate bench: scripts/thirdparty.sh failed"; exit 1 ;;
esac
tmp=$(mktemp -d /tmp/ptool-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

run() {
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" ||
		{ echo "failed: $*" >&2; cat "$tmp/err" >&2; return 1; }
	cat "$tmp/time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

bench() {
	local name=$1 data=$2 sym=$3 tp rp tq rq
	read -r tp rp < <(run "$PERF" annotate --stdio -i "$data" $sym) || return 1
	read -r tq rq < <(run "$PTOOL" annotate -i "$data" $sym) || return 1
	echo "annotate bench: $name: ptool ${tq}s ${rq} kB, perf ${tp}s ${rp} kB, time ratio $(ratio "$tq" "$tp"), RSS ratio $(ratio "$rq" "$rp")"
}

for kind in plain dwarf; do
	opt=""
	[ $kind = dwarf ] && opt="--call-graph dwarf"
	"$PERF" record -q -e cpu-clock -F 4000 $opt -o "$tmp/$kind.data" "$W" >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err"; exit 1; }
	size=$(( $(stat -c %s "$tmp/$kind.data") / 1048576 ))
	hot=$("$PERF" report -i "$tmp/$kind.data" --stdio -q --no-children --sort sym 2>/dev/null | awk 'NR == 1 { print $3 }')
	bench "$kind ($size MiB), one symbol ($hot)" "$tmp/$kind.data" "$hot" || exit 1
	bench "$kind ($size MiB), every symbol" "$tmp/$kind.data" "" || exit 1
done
