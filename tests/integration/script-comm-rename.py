#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Copy a perf.data file, renaming a process with a long name.

  script-comm-rename.py IN OUT PID NAME

After the last PERF_RECORD_COMM of PID, a copy of that record with NAME
(any length, not an exec) is inserted; its sample_id trailer is the
original's. The data section and the feature sections after it are
shifted to make room, the file is otherwise byte for byte the same.
Files with more than 16 bytes of name are what older recorders wrote.
"""
import struct
import sys

src, dst, pid, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
buf = bytearray(open(src, "rb").read())
if buf[:8] != b"PERFILE2":
    sys.exit("not a perf.data file (or a pipe)")
data_off, data_size = struct.unpack_from("<QQ", buf, 40)
pos, end, last = data_off, data_off + data_size, None
while pos + 8 <= end:
    typ, misc, size = struct.unpack_from("<IHH", buf, pos)
    if size < 8:
        sys.exit("bad record at %d" % pos)
    if typ == 3 and struct.unpack_from("<I", buf, pos + 8)[0] == pid:
        last = (pos, size)
    pos += size
if last is None:
    sys.exit("no COMM record of pid %d" % pid)
pos, size = last
rec = bytes(buf[pos:pos + size])
old = rec[16:].split(b"\0", 1)[0]
trailer = rec[16 + (len(old) + 1 + 7) // 8 * 8:]
n = name.encode() + b"\0"
n += b"\0" * ((8 - len(n) % 8) % 8)
new = struct.pack("<IHH", 3, 0, 16 + len(n) + len(trailer)) + rec[8:16] + n + trailer
ins = pos + size
out = buf[:ins] + new + buf[ins:]
struct.pack_into("<Q", out, 48, data_size + len(new))
# the feature section table follows the data: each offset moves too
flags = int.from_bytes(out[72:104], "little")
tab = data_off + data_size + len(new)
for i in range(bin(flags).count("1")):
    off, sz = struct.unpack_from("<QQ", out, tab + 16 * i)
    if off >= ins:
        struct.pack_into("<Q", out, tab + 16 * i, off + len(new))
open(dst, "wb").write(out)
