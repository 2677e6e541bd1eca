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

# No test reaches a debuginfod server it did not start itself (Debian's
# profile.d may set one for login shells).
unset DEBUGINFOD_URLS

passed=0 failed=0 skipped=0
failures=()
logdir="$top/build/test-logs"
mkdir -p "$logdir"

# Under sanitizers every report goes to a file of its own, so that a
# report from a command that was meant to fail (and did, with the
# sanitizer's exit code) still fails its test. Leaks inside system
# libraries are suppressed by name in tests/sanitizer/lsan.supp.
sandir=
case "$(basename "$build")" in
san-*)
	sandir="$logdir/sanitizer"
	export ASAN_OPTIONS="log_path=$sandir/asan:detect_leaks=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	export UBSAN_OPTIONS="log_path=$sandir/ubsan:print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
	export LSAN_OPTIONS="suppressions=$top/tests/sanitizer/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	;;
esac
# san_clean: forget earlier reports; san_found NAME: whether NAME made any
san_clean() { [ -z "$sandir" ] || { rm -rf "$sandir"; mkdir -p "$sandir"; }; }
san_found() {
	[ -n "$sandir" ] && [ -n "$(ls -A "$sandir" 2>/dev/null)" ] || return 1
	cat "$sandir"/* > "$logdir/$1.sanitizer.log"
	echo "    sanitizer reports (build/test-logs/$1.sanitizer.log):"
	grep -hE '^(SUMMARY|==[0-9]+==ERROR)|runtime error' "$sandir"/* | head -10 | sed 's/^/    /'
	return 0
}

if [ "$mode" != integration ]; then
	echo "== unit tests =="
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		case "$name" in $filter) ;; *) continue ;; esac
		san_clean
		out=$("$t" 2>&1)
		rc=$?
		if san_found "$name"; then
			out="$out
[  FAILED  ] 1 test(s), sanitizer reports"
			rc=1
		fi
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
	# the binary of BUILD_DIR's flavour (./ptool is whichever was made last)
	PTOOL="$build/ptool"
	[ -x "$PTOOL" ] || PTOOL="$top/ptool"
	export PTOOL TOP="$top" BUILD="$build"
	export WORKLOADS="$top/build/workloads"
	PERF=$(command -v perf || true)
	export PERF
	for t in "$top"/tests/integration/*.sh; do
		name=$(basename "$t" .sh)
		[ "$name" = lib ] && continue
		case "$name" in $filter) ;; *) continue ;; esac
		# the fuzzers are always built with ASan/UBSan: once is enough
		case "$(basename "$build"):$name" in
		san-*:fuzz-smoke)
			skipped=$((skipped + 1))
			printf 'SKIP  %s: %s\n' "$name" "the fuzzers already run under ASan/UBSan in the plain run"
			continue ;;
		esac
		log="$logdir/$name.log"
		start=$(date +%s)
		san_clean
		(cd "$top" && timeout -k 10 600 bash "$t") >"$log" 2>&1 </dev/null
		rc=$?
		if san_found "$name" >>"$log"; then
			echo "FAIL: sanitizer reports" >>"$log"
			rc=1
		fi
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
