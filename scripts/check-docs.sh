#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check docs/ptool-<cmd>.md against `ptool <cmd> -h`: the page has a
# SYNOPSIS section, it shows every option -h prints, and it names no
# long option that -h does not know; docs/ptool.md shows ptool --help's
# usage line.
set -u
cd "$(dirname "$0")/.."
PTOOL=${PTOOL:-./ptool}
bad=0
for cmd in $(sed -n 's/^\t{ "\([a-z]*\)", *cmd_.*/\1/p' src/ptool.c); do
	doc=docs/ptool-$cmd.md
	if [ ! -f "$doc" ]; then
		echo "docs: $doc is missing"; bad=1; continue
	fi
	syn=$(awk '/^## SYNOPSIS/{f=1;next} /^## /{f=0} f' "$doc")
	if [ -z "$syn" ]; then
		echo "docs: $doc has no SYNOPSIS section"; bad=1; continue
	fi
	help=$("$PTOOL" "$cmd" -h 2>&1)
	opts=$(printf '%s\n' "$help" | grep -oE '^ +(-[A-Za-z0-9], )?--[a-z0-9][a-z0-9-]*' | grep -oE -- '--[a-z0-9-]+' | sort -u)
	for o in $opts; do
		grep -qE -- "${o}([^a-z0-9-]|$)" "$doc" || { echo "docs: $doc does not show '$o' (from ptool $cmd -h)"; bad=1; }
	done
	for o in $(printf '%s\n' "$syn" | grep -oE -- '(^|[ ,\[])--[a-z0-9][a-z0-9-]*' | grep -oE -- '--[a-z0-9-]+' | sort -u); do
		printf '%s\n' "$help" | grep -qE -- "${o}([^a-z0-9-]|$)" || { echo "docs: $doc SYNOPSIS names '$o', which ptool $cmd -h does not know"; bad=1; }
	done
done
# docs/ptool.md (ptool(1)): its SYNOPSIS is the usage line of ptool --help
syn=$(awk '/^## SYNOPSIS/{f=1;next} /^## /{f=0} f' docs/ptool.md 2>/dev/null | grep '^ptool ')
use=$("$PTOOL" --help | sed -n 's/^ *usage: //p')
if [ -z "$syn" ] || [ "$syn" != "$use" ]; then
	echo "docs: docs/ptool.md SYNOPSIS '$syn' is not ptool --help's '$use'"; bad=1
fi
[ $bad -eq 0 ] && echo "docs: ok"
exit $bad
