#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# perf.data corruption run: record real files (perf record -g, perf
# record -z, ptool record --call-graph dwarf, a tracepoint), apply N deterministic
# mutations (scripts/corrupt.py) plus a truncation at every record boundary
# of the tracepoint file, then run `ptool report --stdio`, `ptool script`
# and `ptool script --folded` on each under a timeout, and `perf report
# --stdio` on the same files for comparison.
#   scripts/corrupt.sh [N] [SEED]     (default 200, 1)
# Prints one line per crash or hang, then a summary per tool. Exits 1 when
# ptool crashed (died by a signal) or hung (timeout); perf's figures are
# only reported. Environment: PTOOL, PERF, WORKLOADS, CORRUPT_KEEP=dir
# (keep the mutated files there), CORRUPT_TIMEOUT (seconds, default 10),
# CORRUPT_CUTS=0 (the N mutations only, no truncation pass),
# CORRUPT_VERBOSE=1 (show multi-line errors).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-200}
SEED=${2:-1}
PTOOL=${PTOOL:-$top/ptool}
PERF=${PERF:-$(command -v perf || true)}
WORKLOADS=${WORKLOADS:-$top/build/workloads}
TO=${CORRUPT_TIMEOUT:-10}
dir=${CORRUPT_KEEP:-$(mktemp -d /tmp/ptool-corrupt.XXXXXX)}
[ -n "${CORRUPT_KEEP:-}" ] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/m"

# sources: small, so that one run stays short
(cd "$dir" && "$PTOOL" record -F 200 --call-graph dwarf -o dw.data -- \
	"$WORKLOADS/cpuloop" 0.2 >/dev/null 2>&1) ||
	{ echo "corrupt.sh: ptool record --call-graph dwarf failed" >&2; exit 2; }
(cd "$dir" && "$PTOOL" record -e syscalls:sys_enter_write -o tp.data -- \
	"$WORKLOADS/writeloop" 20 >/dev/null 2>&1) ||
	{ echo "corrupt.sh: ptool record -e syscalls:sys_enter_write failed" >&2; exit 2; }
srcs=("$dir/dw.data" "$dir/tp.data")
if [ -n "$PERF" ] && (cd "$dir" && "$PERF" record -q -F 500 -g -o fp.data -- \
	"$WORKLOADS/cpuloop" 0.2 >/dev/null 2>&1); then
	srcs=("$dir/fp.data" "${srcs[@]}")
else
	echo "corrupt.sh: no perf record -g file (perf missing or failing)"
fi
# zstd-compressed records (mutation kind 14 needs them)
if [ -n "$PERF" ] && (cd "$dir" && "$PERF" record -q -z -F 500 -g -o z.data -- \
	"$WORKLOADS/cpuloop" 0.2 >/dev/null 2>&1); then
	srcs+=("$dir/z.data")
elif (cd "$dir" && "$PTOOL" record -q -z -F 500 -g -o z.data -- \
	"$WORKLOADS/cpuloop" 0.2 >/dev/null 2>&1); then
	srcs+=("$dir/z.data")
fi

python3 "$top/scripts/corrupt.py" "$SEED" "$N" "$dir/m" "${srcs[@]}" >"$dir/what" ||
	{ echo "corrupt.sh: corrupt.py failed" >&2; exit 2; }
i=0
[ "${CORRUPT_CUTS:-1}" = 0 ] ||
for cut in $(python3 "$top/scripts/corrupt.py" --cuts "$dir/tp.data"); do
	name=$(printf 'cut%03d' $i)
	head -c "$cut" "$dir/tp.data" >"$dir/m/$name.data"
	echo "$name tp.data: truncated at record boundary $cut" >>"$dir/what"
	i=$((i + 1))
done

declare -A crash hang clean messy okay
tools=("report" "script" "folded")
[ -n "$PERF" ] && tools+=("perf")
for t in "${tools[@]}"; do crash[$t]=0 hang[$t]=0 clean[$t]=0 messy[$t]=0 okay[$t]=0; done

run() {	# TOOL FILE: run one tool on one file, classify the outcome
	local t=$1 f=$2 rc
	case $t in
	report) timeout -k 2 "$TO" "$PTOOL" report --stdio -i "$f" ;;
	script) timeout -k 2 "$TO" "$PTOOL" script -i "$f" ;;
	folded) timeout -k 2 "$TO" "$PTOOL" script --folded -i "$f" ;;
	perf) timeout -k 2 "$TO" "$PERF" report --stdio -i "$f" ;;
	esac >/dev/null 2>"$dir/err" </dev/null
	rc=$?
	local what
	what=$(grep "^$(basename "$f" .data) " "$dir/what")
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		hang[$t]=$((hang[$t] + 1))
		echo "HANG  $t: $what"
	elif [ $rc -gt 128 ] && [ $rc -lt 192 ]; then	# 128 + signal number
		crash[$t]=$((crash[$t] + 1))
		echo "CRASH $t (status $rc): $what"
		[ "$t" = perf ] || sed 's/^/      /' "$dir/err" | tail -3
		[ -n "${CORRUPT_KEEP:-}" ] || [ "$t" = perf ] ||
			cp "$f" "/tmp/ptool-crash-$t-$(basename "$f")"
	elif [ $rc -eq 0 ]; then
		okay[$t]=$((okay[$t] + 1))
	elif [ "$(wc -l <"$dir/err")" -le 1 ] || [ "$t" = perf ]; then
		clean[$t]=$((clean[$t] + 1))
	else
		messy[$t]=$((messy[$t] + 1))
		[ -z "${CORRUPT_VERBOSE:-}" ] || { echo "MULTI-LINE $t: $what"; sed 's/^/      /' "$dir/err" | head -5; }
	fi
}

for f in "$dir"/m/*.data; do
	for t in "${tools[@]}"; do
		run "$t" "$f"
	done
done

total=$(ls "$dir"/m/*.data | wc -l)
bad=0
echo "$total mutated files ($N mutations + $((total - N)) truncations), seed $SEED, timeout ${TO}s"
printf '%-22s %7s %7s %12s %12s %7s\n' tool crashes hangs clean-errors other-errors success
for t in "${tools[@]}"; do
	case $t in
	report) name="ptool report --stdio" ;;
	script) name="ptool script" ;;
	folded) name="ptool script --folded" ;;
	perf) name="perf report --stdio" ;;
	esac
	printf '%-22s %7d %7d %12d %12d %7d\n' "$name" "${crash[$t]}" "${hang[$t]}" \
		"${clean[$t]}" "${messy[$t]}" "${okay[$t]}"
	[ "$t" = perf ] || bad=$((bad + crash[$t] + hang[$t]))
done
[ $bad -eq 0 ]
