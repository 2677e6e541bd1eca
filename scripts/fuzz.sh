#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every fuzz harness (tests/fuzz/fuzz_*.c, built by `make fuzz`) for
# SECONDS each, starting from the seeds in tests/fuzz/corpus/<name>/.
# A crash, leak or timeout fails the run and leaves the input in
# build/fuzz/findings/<name>/; turn it into a regression test in tests/.
#   scripts/fuzz.sh [SECONDS] [NAME_GLOB]
# FUZZ_SEED=N and FUZZ_RUNS=N make a run repeatable: the same seed and at
# most N inputs per harness (SECONDS still caps it), so that a check run
# explores the same inputs every time; without them each run explores anew.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=${1:-30}
filter=${2:-*}
if ! command -v clang >/dev/null 2>&1; then
	echo "SKIP: fuzzing needs clang (apt-get install clang)"
	exit 77
fi
make --no-print-directory fuzz >/dev/null || { echo "fuzz: build failed"; exit 1; }
rc=0
# the symbolizer would ask debuginfod servers about every fuzzed build-id
unset DEBUGINFOD_URLS
export LSAN_OPTIONS="suppressions=$top/tests/fuzz/lsan.supp:print_suppressions=0"
for bin in build/fuzz/bin/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	case "$name" in $filter) ;; *) continue ;; esac
	seeds="tests/fuzz/corpus/${name#fuzz_}"
	work="build/fuzz/corpus/${name#fuzz_}"
	found="build/fuzz/findings/${name#fuzz_}"
	mkdir -p "$work" "$found"
	args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048
	      -print_final_stats=1 -artifact_prefix="$found/")
	[ -n "${FUZZ_SEED:-}" ] && args+=(-seed="$FUZZ_SEED")
	[ -n "${FUZZ_RUNS:-}" ] && args+=(-runs="$FUZZ_RUNS")
	[ -f "tests/fuzz/${name}.dict" ] && args+=(-dict="tests/fuzz/${name}.dict")
	log="build/fuzz/$name.log"
	dirs=("$work")
	[ -d "$seeds" ] && dirs+=("$seeds")
	"$bin" "${args[@]}" "${dirs[@]}" >"$log" 2>&1
	st=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	if [ $st -ne 0 ]; then
		rc=1
		echo "fuzz: $name FAILED after ${execs:-?} execs; input in $found/"
		grep -m5 -E 'ERROR|SUMMARY|runtime error' "$log" | sed 's/^/    /'
	else
		echo "fuzz: $name ok: ${execs:-?} execs, ${speed:-?} execs/s (at most ${secs}s)"
	fi
done
exit $rc
