#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic perf.data mutations for scripts/corrupt.sh.

    corrupt.py SEED N OUTDIR SRC...

writes OUTDIR/NNN.data for NNN in 0..N-1, the NNN-th mutation of the
sources taken in turn (the same SEED and N always give the same bytes), and
prints one line per file naming its source and the mutation.
    corrupt.py --cuts SRC

prints the offset of every record of SRC's data section, one a line. The kinds
cycle with INDEX: byte flips, truncation at a record boundary, record size
set to 0/0xffff/8, data section size huge, attr_size and feature offsets
absurd, sample ids that no attr owns, callchain nr huge, duplicated records,
swapped header sections, 0xff runs inside a record, and in zstd-compressed
records (perf record -z) flipped or zeroed stream bytes and a COMPRESSED
feature that announces a tiny mmap size, and a recorder killed at a random
moment (data size 0 in the header, the file cut at a random byte of the
data, as SIGKILL leaves it). The layout follows
perf's tools/perf/Documentation/perf.data-file-format.txt.
"""
import random
import struct
import sys

HDR = struct.Struct("<8sQQ QQ QQ QQ 4Q")  # magic size attr_size attrs data types flags
SAMPLE = 9
COMPRESSED = 81
FEAT_COMPRESSED = 27
# PERF_SAMPLE_* bits before CALLCHAIN, each one u64 in a sample record
# (READ, bit 4, is variable-sized: mutations needing it are skipped).
BEFORE_CALLCHAIN = [(1 << 16, 8), (1 << 0, 8), (1 << 1, 8), (1 << 2, 8),
                    (1 << 3, 8), (1 << 6, 8), (1 << 9, 8), (1 << 7, 8),
                    (1 << 8, 8)]


def parse(buf):
    (magic, size, attr_size, a_off, a_size, d_off, d_size, t_off, t_size,
     *flags) = HDR.unpack_from(buf, 0)
    h = dict(magic=magic, size=size, attr_size=attr_size, a_off=a_off,
             a_size=a_size, d_off=d_off, d_size=d_size, flags=flags)
    recs = []
    pos, end = d_off, min(d_off + d_size, len(buf))
    while pos + 8 <= end:
        rtype, misc, rsize = struct.unpack_from("<IHH", buf, pos)
        if rsize < 8:
            break
        recs.append((pos, rtype, rsize))
        pos += rsize
    h["recs"] = recs
    nfeat = sum(bin(f).count("1") for f in flags)
    h["feat_off"] = d_off + d_size
    h["nfeat"] = nfeat
    h["sample_type"] = struct.unpack_from("<Q", buf, a_off + 24)[0] \
        if a_off + 32 <= len(buf) else 0
    return h


def put(buf, off, fmt, val):
    if 0 <= off and off + struct.calcsize(fmt) <= len(buf):
        struct.pack_into(fmt, buf, off, val)


def mutate(src, idx, seed):
    rnd = random.Random(seed * 1000003 + idx)
    buf = bytearray(src)
    h = parse(buf)
    recs = h["recs"] or [(h["d_off"], 0, 8)]
    kind = idx % 16
    if kind == 0:
        n = rnd.randint(1, 8)
        for _ in range(n):
            off = rnd.randrange(len(buf))
            buf[off] ^= 1 << rnd.randrange(8)
        return buf, "flip %d random bits" % n
    if kind == 1:
        k = (idx // 14) % (len(recs) + 1)
        cut = recs[k][0] if k < len(recs) else h["d_off"] + h["d_size"]
        cut += rnd.choice([0, 0, 3, 8])
        return buf[:cut], "truncate at %d (record %d)" % (cut, k)
    if kind == 2:
        pos, rtype, rsize = rnd.choice(recs)
        v = rnd.choice([0, 0xffff, 8, 1])
        put(buf, pos + 6, "<H", v)
        return buf, "record type %d at %d: size %#x" % (rtype, pos, v)
    if kind == 3:
        v = rnd.choice([0, 1, 0xffffffff, 1 << 62, len(buf) * 4])
        which = rnd.choice(["data.size", "data.offset", "attrs.size",
                            "attrs.offset", "header.size"])
        off = {"data.size": 48, "data.offset": 40, "attrs.size": 32,
               "attrs.offset": 24, "header.size": 8}[which]
        put(buf, off, "<Q", v)
        return buf, "%s = %#x" % (which, v)
    if kind == 4:
        v = rnd.choice([0, 1, 7, 64, 1 << 20, 0xffffffff, 1 << 63])
        put(buf, 16, "<Q", v)
        return buf, "attr_size = %#x" % v
    if kind == 5:
        if not h["nfeat"]:
            return buf, "no feature sections"
        i = rnd.randrange(h["nfeat"])
        base = h["feat_off"] + 16 * i
        field = rnd.choice([0, 8])
        v = rnd.choice([0, len(buf) - 4, len(buf) + 100, 1 << 40,
                        0xffffffffffffffff, 3])
        put(buf, base + field, "<Q", v)
        return buf, "feature %d %s = %#x" % (i, ("offset", "size")[field // 8], v)
    if kind == 6:
        # rewrite the ids of every attr: no sample's id belongs to an attr
        n = 0
        for a in range(h["a_off"], h["a_off"] + h["a_size"], max(h["attr_size"], 16)):
            ids = a + h["attr_size"] - 16
            if ids + 16 > len(buf):
                break
            i_off, i_size = struct.unpack_from("<QQ", buf, ids)
            for o in range(i_off, min(i_off + i_size, len(buf) - 7), 8):
                put(buf, o, "<Q", 0xdead0000 + rnd.randrange(1 << 16))
                n += 1
        return buf, "%d attr ids replaced by unknown ones" % n
    if kind == 7:
        st = h["sample_type"]
        samples = [r for r in recs if r[1] == SAMPLE]
        if not (st & (1 << 5)) or (st & (1 << 4)) or not samples:
            return mutate(src, idx + 1, seed)[0], "callchain nr (no callchain): next kind"
        off = 8 + sum(sz for bit, sz in BEFORE_CALLCHAIN if st & bit)
        v = rnd.choice([0xffffffffffffffff, 1 << 32, 0x10000, 0])
        picked = rnd.sample(samples, min(len(samples), rnd.randint(1, 4)))
        for pos, _, _ in picked:
            put(buf, pos + off, "<Q", v)
        return buf, "callchain nr = %#x in %d samples" % (v, len(picked))
    if kind == 8:
        pos, rtype, rsize = rnd.choice(recs)
        rec = bytes(buf[pos:pos + rsize])
        times = rnd.choice([1, 2, 50])
        buf[pos:pos] = rec * times
        grow = rsize * times
        put(buf, 48, "<Q", h["d_size"] + grow)
        # feature sections moved with the data: shift their offsets
        for i in range(h["nfeat"]):
            base = h["feat_off"] + grow + 16 * i
            o = struct.unpack_from("<Q", buf, base)[0]
            put(buf, base, "<Q", o + grow)
        return buf, "record type %d at %d duplicated %d times" % (rtype, pos, times)
    if kind == 9:
        a, b = rnd.choice([(24, 40), (24, 56), (40, 56)])
        sa, sb = bytes(buf[a:a + 16]), bytes(buf[b:b + 16])
        buf[a:a + 16], buf[b:b + 16] = sb, sa
        names = {24: "attrs", 40: "data", 56: "event_types"}
        return buf, "sections %s and %s swapped" % (names[a], names[b])
    if kind == 10:
        if h["nfeat"] < 2:
            return buf, "fewer than two feature sections"
        i, j = rnd.sample(range(h["nfeat"]), 2)
        bi, bj = h["feat_off"] + 16 * i, h["feat_off"] + 16 * j
        si, sj = bytes(buf[bi:bi + 16]), bytes(buf[bj:bj + 16])
        buf[bi:bi + 16], buf[bj:bj + 16] = sj, si
        return buf, "feature sections %d and %d swapped" % (i, j)
    if kind == 11:
        pos, rtype, rsize = rnd.choice(recs)
        off = pos + 8 + rnd.randrange(max(rsize - 8, 1))
        n = rnd.choice([1, 4, 8])
        buf[off:off + n] = b"\xff" * len(buf[off:off + n])
        return buf, "record type %d at %d: %d bytes 0xff at %d" % (rtype, pos, n, off)
    if kind == 12:
        pos, rtype, rsize = rnd.choice(recs)
        v = rnd.choice([0, 0xffffffff, 0x7fffffff, 19, 64, 70000])
        put(buf, pos, "<I", v)
        return buf, "record at %d: type %d -> %#x" % (pos, rtype, v)
    if kind == 15:
        cut = rnd.randrange(h["d_off"], h["d_off"] + max(h["d_size"], 1))
        put(buf, 48, "<Q", 0)
        return buf[:cut], "killed: data size 0, cut at %d" % cut
    if kind == 14:
        zrecs = [r for r in recs if r[1] == COMPRESSED and r[2] > 8]
        if not zrecs:
            return mutate(src, idx + 1, seed)[0], "compressed (none): next kind"
        pos, rtype, rsize = rnd.choice(zrecs)
        how = rnd.choice(["flip", "zero", "mmap"])
        if how == "flip":
            n = rnd.randint(1, 8)
            for _ in range(n):
                buf[pos + 8 + rnd.randrange(rsize - 8)] ^= 1 << rnd.randrange(8)
            return buf, "compressed record at %d: %d bits flipped" % (pos, n)
        if how == "zero":
            at = pos + 8 + rnd.randrange(rsize - 8)
            n = min(rnd.choice([4, 16, 256]), pos + rsize - at)
            buf[at:at + n] = bytes(n)
            return buf, "compressed record at %d: %d bytes zeroed at %d" % (pos, n, at)
        bits = [i for i in range(256) if h["flags"][i // 64] >> (i % 64) & 1]
        if FEAT_COMPRESSED not in bits:
            return buf, "no COMPRESSED feature"
        base = h["feat_off"] + 16 * bits.index(FEAT_COMPRESSED)
        if base + 16 > len(buf):
            return buf, "feature table out of the file"
        o = struct.unpack_from("<Q", buf, base)[0]
        v = rnd.choice([0, 1, 64, 4096])
        put(buf, o + 16, "<I", v)
        return buf, "COMPRESSED feature: mmap size %d" % v
    # kind 13: a feature's own content: string lengths and counts huge
    if not h["nfeat"]:
        return buf, "no feature sections"
    i = rnd.randrange(h["nfeat"])
    base = h["feat_off"] + 16 * i
    if base + 16 > len(buf):
        return buf, "feature table out of the file"
    o, s = struct.unpack_from("<QQ", buf, base)
    v = rnd.choice([0xffffffff, 0x7fffffff, 0x10000000, 0])
    at = o + 4 * rnd.randrange(max(min(s, 64) // 4, 1))
    put(buf, at, "<I", v)
    return buf, "feature %d: u32 at %d = %#x" % (i, at, v)


def main():
    if sys.argv[1] == "--cuts":
        with open(sys.argv[2], "rb") as f:
            for pos, _, _ in parse(f.read())["recs"]:
                print(pos)
        return
    seed, n, outdir, srcs = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    data = []
    for s in srcs:
        with open(s, "rb") as f:
            data.append(f.read())
    for i in range(n):
        # every kind meets every source: shift the source each cycle of kinds
        k = (i + i // 16) % len(srcs)
        buf, what = mutate(data[k], i, seed)
        with open("%s/%03d.data" % (outdir, i), "wb") as f:
            f.write(buf)
        print("%03d %s: %s" % (i, srcs[k].rsplit("/", 1)[-1], what))


if __name__ == "__main__":
    main()
