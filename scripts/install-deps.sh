#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages that ptool's build, tests and demo need,
# only those missing. Idempotent; runs as root or through sudo.
#   scripts/install-deps.sh          build + tests + demo
#   PTOOL_DEPS_EXTRA="pkg ..." scripts/install-deps.sh   more packages
set -euo pipefail

PKGS=(
	gcc g++ make pkg-config binutils
	libelf-dev libdw-dev zlib1g-dev
	libzstd-dev		# perf record -z: PERF_RECORD_COMPRESSED
	libcmocka-dev libtraceevent-dev
	libiberty-dev		# cplus_demangle, perf's C++ demangler
	libcapstone-dev		# in-process disassembly for annotate
	libncurses-dev tmux	# ptool top's terminal UI, and its tests
	linux-perf		# the reference implementation the tests compare with
	elfutils		# eu-readelf, eu-addr2line in tests
	python3 gawk procps util-linux
	time			# /usr/bin/time -f %M: peak RSS in scripts/bench
)
# Wanted by some tests (fuzzing, the flame graph in a browser, npm for the
# third-party C sources of scripts/thirdparty.sh, Go's `go tool pprof` to
# read the pprof profiles) and optional features; a machine without them
# still builds and runs the rest, and those tests skip.
OPTIONAL=(clang libclang-rt-14-dev chromium valgrind golang-go
	libdebuginfod-dev	# debug info by build-id; compiled out without it
	debuginfod		# the server the debuginfod test runs
	tmux			# a terminal for the pager test
	go-md2man		# the man pages, from docs/*.md
	libc6-dbg		# glibc's debug files: srcline in ld.so/libc vs perf
)
# npm also comes with other Node.js packages (nodesource's nodejs); only
# ask for Debian's when there is no npm at all.
command -v npm >/dev/null 2>&1 || OPTIONAL+=(npm)
if [ -n "${PTOOL_DEPS_EXTRA:-}" ]; then
	# shellcheck disable=SC2206
	PKGS+=(${PTOOL_DEPS_EXTRA})
fi

installed() {
	case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" in
	*"install ok installed"*) return 0 ;;
	*) return 1 ;;
	esac
}
missing=()
optional_missing=()
if command -v dpkg-query >/dev/null 2>&1; then
	for p in "${PKGS[@]}"; do
		installed "$p" || missing+=("$p")
	done
	if [ -z "${PTOOL_DEPS_MINIMAL:-}" ]; then
		for p in "${OPTIONAL[@]}"; do
			installed "$p" || optional_missing+=("$p")
		done
	fi
else
	echo "install-deps: this is not a Debian-based system (no dpkg-query)." >&2
	echo "install-deps: install by hand: a C compiler, make, pkg-config and the development files of" >&2
	echo "install-deps: libelf, libdw (elfutils), zlib, libzstd, libiberty, cmocka; and perf and" >&2
	echo "install-deps: a C++ compiler for the tests." >&2
	for pc in libelf libdw zlib libzstd libtraceevent cmocka; do
		pkg-config --exists "$pc" 2>/dev/null || { echo "install-deps: missing: $pc" >&2; exit 1; }
	done
	exit 0
fi

if [ ${#missing[@]} -eq 0 ] && [ ${#optional_missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO=(sudo -n)
elif [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: not installing the optional ${optional_missing[*]} (needs root); their tests will skip"
	exit 0
else
	echo "install-deps: need root to install: ${missing[*]}" >&2
	echo "install-deps: run: sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Refresh the lists when they are missing or a day old; then install.
lists=/var/lib/apt/lists
if [ -z "$(find "$lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
	"${SUDO[@]}" apt-get update -qq || true
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: installing: ${missing[*]}"
	if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
		"${SUDO[@]}" apt-get update -qq || true
		"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
fi
for p in "${optional_missing[@]}"; do
	echo "install-deps: installing (for some tests): $p"
	"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 ||
		echo "install-deps: could not install $p; the tests that need it will skip"
done
echo "install-deps: done"
