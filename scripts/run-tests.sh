#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the cmocka unit tests and the integration scripts, then print one
# "N passed, N failed, N skipped" line. Exit 1 if anything failed.
#   scripts/run-tests.sh [--unit-only|--integration-only] BUILD_DIR [NAME_GLOB]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
mode=all
case "${1:-}" in
--unit-only) mode=unit; shift ;;
--integration-only) mode=integration; shift ;;
esac
build=${1:-build/default}
filter=${2:-*}
case "$build" in /*) ;; *) build="$top/$build" ;; esac

passed=0 failed=0 skipped=0
failures=()
logdir="$top/build/test-logs"
mkdir -p "$logdir"

if [ "$mode" != integration ]; then
	echo "== unit tests =="
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		case "$name" in $filter) ;; *) continue ;; esac
		out=$("$t" 2>&1)
		rc=$?
		printf '%s\n' "$out" | grep -E '^\[ *(PASSED|FAILED|SKIPPED|==========) *\]|^\[  ERROR' | sed "s/^/$name: /"
		p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
		passed=$((passed + ${p:-0}))
		skipped=$((skipped + ${s:-0}))
		if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
			f=1	# crashed before cmocka could count
		fi
		if [ "${f:-0}" -gt 0 ]; then
			failed=$((failed + f))
			failures+=("$name")
			printf '%s\n' "$out" > "$logdir/$name.log"
			printf '%s\n' "$out" | grep -vE '^\[ *(RUN|OK) *\]' | tail -30 | sed "s/^/    /"
		fi
	done
fi

if [ "$mode" != unit ]; then
	echo "== integration tests =="
	export PTOOL="$top/ptool" TOP="$top" BUILD="$build"
	export WORKLOADS="$top/build/workloads"
	PERF=$(command -v perf || true)
	export PERF
	for t in "$top"/tests/integration/*.sh; do
		name=$(basename "$t" .sh)
		[ "$name" = lib ] && continue
		case "$name" in $filter) ;; *) continue ;; esac
		log="$logdir/$name.log"
		start=$(date +%s)
		(cd "$top" && timeout -k 10 600 bash "$t") >"$log" 2>&1 </dev/null
		rc=$?
		secs=$(( $(date +%s) - start ))
		case $rc in
		0)
			passed=$((passed + 1))
			printf 'PASS  %s (%ss)\n' "$name" "$secs" ;;
		77)
			skipped=$((skipped + 1))
			printf 'SKIP  %s: %s\n' "$name" "$(grep -m1 '^SKIP' "$log" | sed 's/^SKIP:* *//')" ;;
		*)
			failed=$((failed + 1))
			failures+=("$name")
			printf 'FAIL  %s (exit %s, %ss)\n' "$name" "$rc" "$secs"
			tail -25 "$log" | sed 's/^/    /' ;;
		esac
	done
fi

if [ ${#failures[@]} -gt 0 ]; then
	echo "failed: ${failures[*]} (logs in build/test-logs/)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
