#!/usr/bin/env bash
# -r N with -a and -C: every run counts the whole run, as perf does.
. "$(dirname "$0")/lib.sh"
need_root
need_perf
ncpu=$(getconf _NPROCESSORS_ONLN)

# csv_field FILE EVENT N: field N of EVENT's -x, row
csv_field() { awk -F, -v e="$2" -v n="$3" '$3 == e { print $n }' "$1"; }

for target in "-a" "-C 0"; do
	# shellcheck disable=SC2086
	"$PTOOL" stat $target -r 3 -x, -e cpu-clock -- sleep 0.3 2>"$TMPD/s" ||
		{ cat "$TMPD/s"; fail "stat $target -r 3"; }
	# shellcheck disable=SC2086
	"$PERF" stat $target -r 3 -x, -e cpu-clock -- sleep 0.3 2>"$TMPD/p" ||
		{ cat "$TMPD/p"; fail "perf stat $target -r 3"; }
	ms=$(csv_field "$TMPD/s" cpu-clock 1)
	noise=$(csv_field "$TMPD/s" cpu-clock 4)
	pct=$(csv_field "$TMPD/s" cpu-clock 6)
	pms=$(csv_field "$TMPD/p" cpu-clock 1)
	[ -n "$ms" ] && [ -n "$pms" ] || { cat "$TMPD/s" "$TMPD/p"; fail "$target: no cpu-clock row"; }
	# (the broken counting this guards against was a third of perf's
	# figure with a spread near 100%: the bounds leave room for load)
	awk -v a="$ms" -v b="$pms" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 0.2 * b) }' ||
		fail "$target -r 3: cpu-clock mean $ms msec, perf $pms msec"
	# cpu-clock ticks on every measured cpu for the whole sleep
	[ "$target" = "-a" ] && n=$ncpu || n=1
	awk -v a="$ms" -v n="$n" 'BEGIN { exit !(a > 0.95 * n * 300) }' ||
		fail "$target -r 3: cpu-clock mean $ms msec, below $n x 300 msec"
	awk -v v="${noise%\%}" 'BEGIN { exit !(v < 20) }' ||
		fail "$target -r 3: spread $noise between identical runs"
	[ "$pct" = 100.00 ] || fail "$target -r 3: counted $pct% of the time, not 100%"
	ok "$target -r 3: $ms msec (+- $noise), perf $pms msec"
done

# a running percentage appears only for multiplexed counters
if "$PTOOL" stat -a -e sched:sched_switch -- true >/dev/null 2>&1; then
	"$PTOOL" stat -a -r 5 -e 'sched:sched_switch,sched:sched_wakeup' -- sleep 0.05 \
		2>"$TMPD/t" || { cat "$TMPD/t"; fail "tracepoints -a -r 5"; }
	assert_match "tracepoint row" 'sched:sched_switch' "$TMPD/t"
	assert_no_match "no multiplexing" '\([0-9.]+%\) *$' "$TMPD/t"
	ok "tracepoints -a -r 5: no running percentage"
fi
