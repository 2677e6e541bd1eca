#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A short run of every fuzz harness (tests/fuzz/), from the committed seeds:
# the perf.data reader, event specs, probe specs, tracing data and format
# parsing, the ELF/DWARF symbolizer, the demangler, the disassembler. Any
# crash, leak or hang fails.
. "$(dirname "$0")/lib.sh"
command -v clang >/dev/null || skip "clang is not installed (scripts/install-deps.sh installs it)"
echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' >"$TMPD/t.c"
clang -fsanitize=fuzzer -o "$TMPD/t" "$TMPD/t.c" 2>/dev/null ||
	skip "clang has no libFuzzer runtime (libclang-rt-14-dev)"
# the same inputs on every check run (a fixed seed, a bounded count, a
# fresh corpus), so that what fails here fails again; scripts/fuzz.sh on
# its own explores anew
rm -rf "$TOP/build/fuzz/corpus"
FUZZ_SEED=${FUZZ_SEED:-1} FUZZ_RUNS=${FUZZ_RUNS:-30000} \
	"$TOP/scripts/fuzz.sh" "${PTOOL_FUZZ_SECONDS:-30}"
