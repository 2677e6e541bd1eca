#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check that #include lines follow the module layering:
#   lib <- obj <- events <- pdata <- report, events <- probe, obj <- probe;
#   cmd may use all.
# Every #include "ptool/X.h" in src/*/*.[ch] and include/ptool/*.h is
# checked; a header that cannot be assigned to a module is an error.
set -u
cd "$(dirname "$0")/.."
bad=0
dirs="lib obj events pdata report probe cmd"
# the modules each directory must not include
declare -A deny=(
	[lib]="obj events pdata report probe cmd"
	[obj]="events pdata report probe cmd"
	[events]="pdata report probe cmd"
	[pdata]="report probe cmd"
	[report]="probe cmd"
	[probe]="pdata report cmd"
	[cmd]=""
)
# Headers whose name is not that of a .c file in their module, or is
# that of a .c file in several directories: header -> directory.
declare -A map=(
	[cmd]=cmd
	[annotate]=report [diff]=report [sched]=report [top]=report
	[trace]=report [probe]=probe
)
# which directory owns include/ptool/$1.h: the map, else the one
# directory with a $1.c
owner() {
	local h=$1 found= d
	if [ -n "${map[$h]:-}" ]; then
		echo "${map[$h]}"
		return
	fi
	for d in $dirs; do
		if [ -e "src/$d/$h.c" ]; then
			[ -n "$found" ] && { echo unknown; return; }
			found=$d
		fi
	done
	echo "${found:-unknown}"
}
declare -A own
for f in include/ptool/*.h; do
	h=$(basename "$f" .h)
	own[$h]=$(owner "$h")
	if [ "${own[$h]}" = unknown ]; then
		echo "unknown module: include/ptool/$h.h (add it to the map in $0)"
		bad=1
	fi
done
# check FILE as part of directory DIR
check() {
	local f=$1 dir=$2 h mod d
	while read -r h; do
		mod=${own[$h]:-}
		if [ -z "$mod" ] || [ "$mod" = unknown ]; then
			echo "unknown header: $f includes ptool/$h.h"
			bad=1
			continue
		fi
		for d in ${deny[$dir]}; do
			if [ "$mod" = "$d" ]; then
				echo "layer violation: $f includes ptool/$h.h ($d)"
				bad=1
			fi
		done
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]ptool\/\([^">]*\)\.h[">].*/\1/p' "$f")
}
for dir in $dirs; do
	for f in src/"$dir"/*.c src/"$dir"/*.h; do
		[ -e "$f" ] || continue
		check "$f" "$dir"
	done
done
for f in include/ptool/*.h; do
	h=$(basename "$f" .h)
	[ "${own[$h]}" = unknown ] && continue
	check "$f" "${own[$h]}"
done
# a source directory the layering does not know
for d in src/*/; do
	d=$(basename "$d")
	case " $dirs " in *" $d "*) ;; *)
		echo "unknown module directory: src/$d (add it to $0)"
		bad=1 ;;
	esac
done
[ $bad -eq 0 ] && echo "layers: ok"
exit $bad
