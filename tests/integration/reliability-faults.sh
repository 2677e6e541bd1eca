#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Faults: a full disk under ptool record gives one clear error naming the
# file, a non-zero exit and a file that still reads (or one line saying
# why not: never a crash); ptool report/script into /dev/full fail with a
# clear message.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling
[ -w /dev/full ] || skip "no /dev/full"
cases=0
mnt="$TMPD/mnt"
mkdir "$mnt"
trap 'umount "$mnt" 2>/dev/null; rm -rf "$TMPD"' EXIT
mount -t tmpfs -o size=256k ptool-test "$mnt" 2>/dev/null ||
	skip "cannot mount a tmpfs (needs root and mount rights)"

# 1. record into a 256 KiB tmpfs until it is full
for shape in "-e cpu-clock -g -F 4000" "-e cpu-clock --call-graph dwarf -F 999"; do
	f="$mnt/perf.data"
	rm -f "$f" "$f.old"
	# shellcheck disable=SC2086
	"$PTOOL" record -o "$f" $shape -- "$WORKLOADS/cpuloop" 3 >/dev/null 2>"$TMPD/full.err"
	rc=$?
	cat "$TMPD/full.err"
	[ $rc -ne 0 ] || fail "record $shape on a full disk: exit 0"
	[ $rc -lt 128 ] || fail "record $shape on a full disk: died by signal ($rc)"
	n=$(grep -c 'No space left on device' "$TMPD/full.err")
	[ "$n" -eq 1 ] || fail "record $shape on a full disk: $n 'No space' lines, want 1"
	assert_match "record $shape: the error names the file" "ptool record: .*'$f'.*No space left on device" "$TMPD/full.err"
	assert_no_match "record $shape: no success line" 'Captured and wrote' "$TMPD/full.err"
	[ -s "$f" ] || fail "record $shape on a full disk left no file"
	# what was written reads, or one line says why not
	rm -f "$mnt"/*.old
	"$PTOOL" report --stdio -i "$f" >"$TMPD/r.out" 2>"$TMPD/r.err"
	rc=$?
	[ $rc -lt 128 ] || fail "report of a file cut by a full disk: died by signal ($rc)"
	if [ $rc -ne 0 ]; then
		[ "$(wc -l <"$TMPD/r.err")" -eq 1 ] ||
			{ cat "$TMPD/r.err"; fail "report of a cut file: more than one error line"; }
		ok "record $shape: full disk: one error, report says: $(cat "$TMPD/r.err")"
	else
		assert_match "report of a cut file shows samples" '^# Samples: ' "$TMPD/r.out"
		ok "record $shape: full disk: one error, the file reads ($(grep -m1 '^# Samples' "$TMPD/r.out"))"
	fi
	"$PTOOL" script -i "$f" >/dev/null 2>"$TMPD/s.err"
	rc=$?
	[ $rc -lt 128 ] || fail "script of a file cut by a full disk: died by signal ($rc)"
	cases=$((cases + 1))
done
rm -f "$mnt"/*

# 2. record -o /dev/full: the device, never renamed, and one clear error
"$PTOOL" record -o /dev/full -e cpu-clock -- "$WORKLOADS/cpuloop" 0.2 >/dev/null 2>"$TMPD/df.err"
rc=$?
[ $rc -ne 0 ] && [ $rc -lt 128 ] || { cat "$TMPD/df.err"; fail "record -o /dev/full: exit $rc"; }
assert_match "record -o /dev/full" "'/dev/full'.*No space left on device" "$TMPD/df.err"
[ -c /dev/full ] || fail "record -o /dev/full replaced the device"
ok "record -o /dev/full: $(head -1 "$TMPD/df.err")"
cases=$((cases + 1))

# 3. report, script and stat output into /dev/full
"$PTOOL" record -q -g -o "$TMPD/ok.data" -e cpu-clock -- "$WORKLOADS/cpuloop" 0.3 >/dev/null 2>&1 ||
	fail "record failed"
for c in "report --stdio" "script" "script --folded" "report --stdio --sort sym" "script -F comm,ip,sym"; do
	# shellcheck disable=SC2086
	"$PTOOL" $c -i "$TMPD/ok.data" >/dev/full 2>"$TMPD/o.err"
	rc=$?
	[ $rc -ne 0 ] && [ $rc -lt 128 ] || { cat "$TMPD/o.err"; fail "$c > /dev/full: exit $rc"; }
	assert_match "$c > /dev/full" 'No space left on device' "$TMPD/o.err"
	[ "$(wc -l <"$TMPD/o.err")" -eq 1 ] || { cat "$TMPD/o.err"; fail "$c > /dev/full: more than one line"; }
	ok "$c > /dev/full: exit $rc: $(cat "$TMPD/o.err")"
	cases=$((cases + 1))
done
"$PTOOL" stat -o /dev/full -e task-clock -- true >"$TMPD/o.out" 2>"$TMPD/o.err"
rc=$?
[ $rc -ne 0 ] && [ $rc -lt 128 ] || { cat "$TMPD/o.err"; fail "stat -o /dev/full: exit $rc"; }
assert_match "stat -o /dev/full" "'/dev/full'.*No space left on device" "$TMPD/o.err"
ok "stat -o /dev/full: exit $rc: $(cat "$TMPD/o.err")"
cases=$((cases + 1))

echo "$cases fault cases"
