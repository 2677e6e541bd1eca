#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic damage to an ELF file, in place, for hostile-ELF tests.

    corrupt-elf.py FILE SECTION SEED    random bytes over ~1/8 of SECTION
    corrupt-elf.py FILE shdr:WHAT       a section header that lies: WHAT is
        shoff (past the end), shnum (0xffff), shstrndx (out of range),
        symsize (huge), symoff (past the end), strlink (no such section)

Only ELF64 little-endian files (x86-64, aarch64) are handled.
"""
import random
import struct
import sys


def sections(b):
    shoff, = struct.unpack_from("<Q", b, 0x28)
    es, n, si = struct.unpack_from("<HHH", b, 0x3a)
    stro, = struct.unpack_from("<Q", b, shoff + si * es + 0x18)
    for i in range(n):
        h = shoff + i * es
        nm, typ = struct.unpack_from("<II", b, h)
        name = b[stro + nm:b.index(0, stro + nm)].decode()
        yield h, name, typ


def main():
    path, what = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        b = bytearray(f.read())
    if b[:4] != b"\x7fELF" or b[4] != 2 or b[5] != 1:
        sys.exit("corrupt-elf.py: %s is not an ELF64 little-endian file" % path)
    if what.startswith("shdr:"):
        lie = what[5:]
        if lie == "shoff":
            struct.pack_into("<Q", b, 0x28, len(b) - 10)
        elif lie == "shnum":
            struct.pack_into("<H", b, 0x3c, 0xffff)
        elif lie == "shstrndx":
            struct.pack_into("<H", b, 0x3e, 0xfff0)
        else:
            for h, name, typ in list(sections(b)):
                if typ != 2:	# SHT_SYMTAB
                    continue
                if lie == "symsize":
                    struct.pack_into("<Q", b, h + 0x20, 1 << 40)
                elif lie == "symoff":
                    struct.pack_into("<Q", b, h + 0x18, len(b) - 24)
                elif lie == "strlink":
                    struct.pack_into("<I", b, h + 0x28, 0xffff)
    else:
        rnd = random.Random(int(sys.argv[3]))
        found = False
        for h, name, typ in list(sections(b)):
            if name != what:
                continue
            off, size = struct.unpack_from("<QQ", b, h + 0x18)
            for _ in range(max(1, size // 8)):
                b[off + rnd.randrange(max(size, 1))] = rnd.randrange(256)
            found = True
        if not found:
            sys.exit("corrupt-elf.py: no section %s in %s" % (what, path))
    with open(path, "wb") as f:
        f.write(b)


if __name__ == "__main__":
    main()
