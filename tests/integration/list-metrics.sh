#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool list metric / metricgroup and the list options, against perf list.
. "$(dirname "$0")/lib.sh"

"$PTOOL" list metric >"$TMPD/m" || fail "list metric"
assert_match "header" '^Metrics:$' "$TMPD/m"
"$PTOOL" list metricgroup >"$TMPD/g" || fail "list metricgroup"
assert_match "header" '^Metric Groups:$' "$TMPD/g"
need_perf
for args in metric metricgroup "--details metric" "-v metric" "--long-desc metricgroup" \
	    "--no-desc metric" "metric metricgroup" "--details metricgroup" pmu; do
	read -ra a <<<"$args"
	"$PERF" list "${a[@]}" >"$TMPD/p" 2>/dev/null
	"$PTOOL" list "${a[@]}" >"$TMPD/t" || fail "list $args"
	diff "$TMPD/p" "$TMPD/t" || fail "list $args differs from perf"
done
# the end of the full list: tracepoints, SDT markers, metric groups with
# their metrics
export HOME=$TMPD
"$PERF" list 2>/dev/null | sed -n '/^Metric Groups:/,$p' >"$TMPD/p"
"$PTOOL" list | sed -n '/^Metric Groups:/,$p' >"$TMPD/t"
diff "$TMPD/p" "$TMPD/t" || fail "metric groups of the full list differ from perf"
ok "metric, metricgroup, -v, --details as perf list"
