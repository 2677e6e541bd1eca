#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check that #include lines follow the module layering:
#   lib <- events <- pdata <- report, events <- probe; cmd may use all.
set -u
cd "$(dirname "$0")/.."
bad=0
# allowed headers per source directory (module headers under include/ptool/)
declare -A deny=(
	[src/lib]="events pdata report probe cmd"
	[src/events]="pdata report probe cmd"
	[src/pdata]="report probe cmd"
	[src/report]="probe cmd"
	[src/probe]="pdata cmd"
)
# which directory owns which public header: the header's name prefix
owner() {
	local h=$1
	for d in src/lib src/events src/pdata src/report src/probe src/cmd; do
		for c in "$d"/*.c; do
			[ -e "$c" ] || continue
			[ "$(basename "$c" .c)" = "$h" ] && { basename "$d"; return; }
		done
	done
	echo unknown
}
for dir in "${!deny[@]}"; do
	for f in "$dir"/*.c "$dir"/*.h; do
		[ -e "$f" ] || continue
		while read -r h; do
			mod=$(owner "$h")
			for d in ${deny[$dir]}; do
				if [ "$mod" = "$d" ]; then
					# probe may borrow report's sym_ ELF/DWARF handles
					if [ "$dir" = src/probe ] && [ "$h" = sym ]; then continue; fi
					echo "layer violation: $f includes ptool/$h.h ($d)"
					bad=1
				fi
			done
		done < <(sed -n 's/^#include "ptool\/\([a-z_]*\)\.h".*/\1/p' "$f")
	done
done
grep -l '#include "ptool/cmd.h"' src/*/*.c 2>/dev/null | grep -v '^src/cmd/' | while read -r f; do
	echo "layer violation: $f includes the cmd header"
	exit 1
done || bad=1
[ $bad -eq 0 ] && echo "layers: ok"
exit $bad
