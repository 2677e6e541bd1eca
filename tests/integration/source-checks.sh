#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The source tree's own rules: module layering (#include lines) and the
# command docs against each command's -h.
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/check-layers.sh" || fail "module layering"
PTOOL="$PTOOL" "$TOP/scripts/check-docs.sh" || fail "docs out of step with -h"
ok source checks
