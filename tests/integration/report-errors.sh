#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool report on missing, foreign, empty, hostile and truncated files:
# one clear line, exit 1 (2 for bad options), never a crash or a hang.
. "$(dirname "$0")/lib.sh"

cd "$TMPD"
expect_fail "no perf.data" "$PTOOL" report
assert_match "missing default file" "^ptool report: cannot open 'perf.data': No such file or directory \(try 'ptool record' first\)$" "$TMPD/ef.err"
expect_fail "missing -i file" "$PTOOL" report -i nope.data
assert_match "missing -i file" "^ptool report: cannot open 'nope.data': No such file or directory$" "$TMPD/ef.err"

: > empty.data
expect_fail "empty file" "$PTOOL" report -i empty.data
[ "$(wc -l < "$TMPD/ef.err")" -eq 1 ] || fail "empty file: expected one line"
assert_match "empty file" "^ptool report: .*empty" "$TMPD/ef.err"

head -c 4096 /dev/urandom > junk.data
expect_fail "random bytes" "$PTOOL" report -i junk.data
[ "$(wc -l < "$TMPD/ef.err")" -eq 1 ] || fail "random bytes: expected one line"

printf 'PERFILE2' > magic.data
head -c 200 /dev/zero >> magic.data
expect_fail "header only magic" "$PTOOL" report -i magic.data
[ "$(wc -l < "$TMPD/ef.err")" -eq 1 ] || fail "bad header: expected one line"

"$PTOOL" report -i nope.data --sort bogus >/dev/null 2>err.txt
[ $? -eq 2 ] || fail "bad --sort key: expected exit 2"
assert_match "bad --sort key" "unknown --sort key 'bogus'" err.txt
"$PTOOL" report -i nope.data -g bogus,x >/dev/null 2>err.txt
[ $? -eq 2 ] || fail "bad -g: expected exit 2"
"$PTOOL" report -i nope.data --percent-limit 200 >/dev/null 2>err.txt
[ $? -eq 2 ] || fail "bad --percent-limit: expected exit 2"

# real files cut short, and with bytes flipped in the data section
if [ -n "$PERF" ] && can_open cpu-clock && [ -x "$WORKLOADS/cpuloop" ]; then
	"$PERF" record -q -g -o good.data "$WORKLOADS/cpuloop" 0.3 >/dev/null 2>&1 ||
		skip "perf record failed"
	size=$(stat -c %s good.data)
	for cut in 100 300 $((size / 2)) $((size - 100)); do
		head -c "$cut" good.data > cut.data
		"$PTOOL" report -i cut.data >/dev/null 2>err.txt
		rc=$?
		[ $rc -lt 128 ] || fail "cut at $cut: died by signal ($rc)"
		[ $rc -eq 0 ] || [ "$(wc -l < err.txt)" -eq 1 ] ||
			{ cat err.txt; fail "cut at $cut: expected one error line"; }
	done
	for seed in 1 2 3 4 5 6 7 8; do
		cp good.data bad.data
		python3 - "$seed" <<'PY'
import random, sys
random.seed(int(sys.argv[1]))
b = bytearray(open("bad.data", "rb").read())
for _ in range(40):
    i = random.randrange(264, len(b))
    b[i] = random.randrange(256)
open("bad.data", "wb").write(b)
PY
		timeout 60 "$PTOOL" report -i bad.data >/dev/null 2>err.txt
		rc=$?
		[ $rc -lt 124 ] || fail "corrupted file (seed $seed): hang or crash ($rc)"
	done
	ok "truncated and corrupted files"

	# a file owned by someone else needs -f, as in perf
	if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
		cp good.data other.data
		chown nobody other.data
		expect_fail "foreign file" "$PTOOL" report -i other.data
		assert_match "foreign file" "not owned by current user or root \(use -f to override\)" "$TMPD/ef.err"
		"$PTOOL" report -f -i other.data > out.txt || fail "-f did not read the file"
		grep -q 'cpuloop' out.txt || fail "-f: no report"
		ok "ownership check and -f"
	fi

	# a file without samples: perf's message, and no failure (as perf)
	"$PERF" record -q -e cpu-clock -c 1000000000 -o nosamples.data -- true >/dev/null 2>&1
	"$PTOOL" report -i nosamples.data >out.txt 2>err.txt || fail "no samples: non-zero exit"
	assert_match "no samples" "has no samples" err.txt

	# -g on a file without callchains
	"$PERF" record -q -o nocc.data "$WORKLOADS/cpuloop" 0.2 >/dev/null 2>&1
	expect_fail "-g without callchains" "$PTOOL" report -i nocc.data -g
	assert_match "-g without callchains" "no callchain" "$TMPD/ef.err"

	# kernel symbol files that do not exist: refused, as perf does
	expect_fail "missing vmlinux" "$PTOOL" report -i nocc.data -k /nonexistent/vmlinux
	assert_match "missing vmlinux" "cannot read vmlinux '/nonexistent/vmlinux'" "$TMPD/ef.err"
	expect_fail "missing kallsyms" "$PTOOL" report -i nocc.data --kallsyms /nonexistent/kallsyms
	assert_match "missing kallsyms" "cannot read kallsyms '/nonexistent/kallsyms'" "$TMPD/ef.err"
fi
ok "errors are one line"

# a recorded binary whose path is now a FIFO (or a device): the readers
# skip it instead of blocking on its open or read
need_workloads cpuloop
mkdir -p "$TMPD/fifo" && cp "$WORKLOADS/cpuloop" "$TMPD/fifo/prog"
"$PTOOL" record -q -B -o fifo.data "$TMPD/fifo/prog" 0.2 >/dev/null 2>&1 || fail "record of a copy of cpuloop"
for kind in fifo device; do
	rm -f "$TMPD/fifo/prog"
	if [ $kind = fifo ]; then mkfifo "$TMPD/fifo/prog"; else ln -s /dev/zero "$TMPD/fifo/prog"; fi
	for c in "report --stdio" "script -F ip,sym,srcline" "annotate --stdio" "script --folded"; do
		# shellcheck disable=SC2086
		timeout 60 "$PTOOL" $c -i fifo.data >out.txt 2>err.txt
		rc=$?
		[ $rc -ne 124 ] || fail "$c: blocked on the binary that is now a $kind"
		# annotate has nothing to show when every user sample was in
		# the binary (none in libc): it says so and exits 1
		[ $rc -eq 0 ] || { [ "$c" = "annotate --stdio" ] && [ $rc -eq 1 ] &&
			grep -q "has no samples with a symbol to annotate" err.txt; } ||
			{ cat err.txt; fail "$c with the binary now a $kind: exit $rc"; }
	done
done
ok "a recorded binary that is now a FIFO or a device: no reader blocks"
