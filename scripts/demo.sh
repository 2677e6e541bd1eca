#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: profile the bundled workload and show what ptool makes of it:
# counts, a recording with callchains, its top functions, and an
# interactive flame graph to open in a browser.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/demo
mkdir -p "$out"
work=build/workloads/cpuloop

echo "== ptool stat -- $work 0.5"
./ptool stat -- "$work" 0.5

echo
echo "== ptool record -g -o $out/perf.data -- $work 1"
./ptool record -g -o "$out/perf.data" -- "$work" 1

echo
echo "== ptool report (top)"
if ./ptool report -i "$out/perf.data" --stdio >"$out/report.txt" 2>"$out/report.err"; then
	grep -v '^$' "$out/report.txt" | sed -n '1,30p'
else
	# a build without the report command: the hottest stacks instead
	echo "(ptool report: $(head -1 "$out/report.err"); the hottest folded stacks instead)"
	./ptool script -i "$out/perf.data" --folded | sort -t' ' -k2,2nr | sed -n '1,8p'
fi

echo
echo "== ptool script (a sample in the hot loop)"
./ptool script -i "$out/perf.data" >"$out/script.txt"
awk -v RS= '/ spin\+/ { print; exit }' "$out/script.txt"

echo
./ptool script -i "$out/perf.data" --flamegraph "$out/flamegraph.svg" \
	--title "cpuloop: ptool record -g" 2>/dev/null
./ptool script -i "$out/perf.data" --pprof "$out/profile.pb.gz"
echo "flame graph: $top/$out/flamegraph.svg (open it in a browser: hover, click to zoom, Ctrl-F to search)"
echo "pprof:       $top/$out/profile.pb.gz (pprof -top, Pyroscope, Parca)"
