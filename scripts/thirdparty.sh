#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a real third-party C library with -O2 -g, for profiles of inlined
# code that is not ours: LZ4 (lib/lz4.c, lz4hc.c, lz4frame.c, xxhash.c),
# from the sources the npm package lz4@0.6.5 ships in deps/lz4/, as
# liblz4.so, and our driver tests/workloads/thirdparty/lz4drive.c linked
# against it. The package is fetched once with `npm pack` (pinned version
# and checksum) into build/thirdparty/ and reused; nothing from it is
# committed.
#   scripts/thirdparty.sh [--quiet]   prints the driver's path
# Exit status: 0 built (or already built), 77 when npm or the registry
# cannot be reached (with "SKIP: reason"), 1 when the build fails.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
PKG=lz4
VERSION=0.6.5
SHA256=fdb90b41c5a56d27f74b2c42a9861b0893f225ddb637f79e1b67a4e4b5f5f93f
CC=${CC:-gcc}
CFLAGS_TP=${CFLAGS_TP:--O2 -g -fno-omit-frame-pointer}
dir=${THIRDPARTY_DIR:-$top/build/thirdparty}
tgz=$dir/$PKG-$VERSION.tgz
src=$dir/$PKG-$VERSION
out=$dir/lz4drive
drv=$top/tests/workloads/thirdparty/lz4drive.c
quiet=0
[ "${1:-}" = --quiet ] && quiet=1

say() { [ $quiet -eq 1 ] || echo "thirdparty: $*" >&2; }
skip() { echo "SKIP: $*"; exit 77; }

# up to date: nothing to do
if [ -x "$out" ] && [ -f "$dir/liblz4.so" ] && [ "$out" -nt "$drv" ] &&
	[ "$out" -nt "$0" ]; then
	echo "$out"
	exit 0
fi
mkdir -p "$dir" || exit 1

if [ ! -s "$tgz" ]; then
	command -v npm >/dev/null 2>&1 ||
		skip "npm is not installed (it fetches the $PKG@$VERSION C sources)"
	say "fetching $PKG@$VERSION with npm pack"
	tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
	if ! (cd "$tmp" && timeout 180 npm pack --silent "$PKG@$VERSION") \
		>"$tmp/log" 2>&1; then
		sed 's/^/  /' "$tmp/log" | tail -5 >&2
		rm -rf "$tmp"
		skip "npm pack $PKG@$VERSION failed (no network or registry?)"
	fi
	mv "$tmp/$PKG-$VERSION.tgz" "$tgz.part" && rm -rf "$tmp" || exit 1
	got=$(sha256sum "$tgz.part" | cut -d' ' -f1)
	if [ "$got" != "$SHA256" ]; then
		rm -f "$tgz.part"
		echo "thirdparty: $PKG-$VERSION.tgz: sha256 $got, expected $SHA256" >&2
		exit 1
	fi
	mv "$tgz.part" "$tgz" || exit 1
fi

if [ ! -f "$src/lib/lz4.c" ]; then
	rm -rf "$src" "$src.part" && mkdir -p "$src.part" || exit 1
	tar -xzf "$tgz" -C "$src.part" --strip-components=4 package/deps/lz4/lib ||
		{ echo "thirdparty: $tgz has no deps/lz4/lib" >&2; exit 1; }
	mkdir -p "$src" && mv "$src.part" "$src/lib" || exit 1
fi

say "building liblz4.so and lz4drive ($CC $CFLAGS_TP)"
objs=()
for f in lz4 lz4hc lz4frame xxhash; do
	# shellcheck disable=SC2086
	$CC $CFLAGS_TP -fPIC -c -o "$dir/$f.o" "$src/lib/$f.c" || exit 1
	objs+=("$dir/$f.o")
done
$CC -shared -o "$dir/liblz4.so" -Wl,-soname,liblz4.so "${objs[@]}" || exit 1
# shellcheck disable=SC2086
$CC $CFLAGS_TP -I"$src/lib" -o "$out.part" "$drv" -L"$dir" -llz4 \
	-Wl,-rpath,"$dir" || exit 1
mv "$out.part" "$out" || exit 1
echo "$out"
