"""VoltDB's elastic hashinator for the test server (docs/voltdb-protocol.md section 15).

A partition value is turned into bytes as VoltDB's client does (integers of any width as the 8
bytes of a little-endian long, strings as UTF-8, VARBINARY as is), hashed with MurmurHash3
x64_128 (seed 0) of which VoltDB keeps the upper 32 bits of h1 as a signed int, and placed on a
ring of 32-bit tokens: the partition of the greatest token at or below the hash (below the first
token: the last one).  The ring here is evenly spaced, starting at -2^31, with the partitions
taking turns; VoltDB's own ring has the same shape with its own spacing.  The client reads the
ring from @Statistics TOPO as the raw ELASTIC configuration: i32 count, then (i32 token,
i32 partition) pairs, ascending.
"""

import bisect
import struct

MASK64 = (1 << 64) - 1
C1 = 0x87C37B91114253D5
C2 = 0x4CF5AD432745937F
TOKENS_PER_PARTITION = 8


def _rotl(v, n):
    return ((v << n) | (v >> (64 - n))) & MASK64


def _fmix(k):
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & MASK64
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & MASK64
    k ^= k >> 33
    return k


def murmur3_x64_128(data, seed=0):
    """The canonical MurmurHash3 x64_128: (h1, h2) as unsigned 64-bit ints."""
    n = len(data)
    h1 = h2 = seed & MASK64
    nblocks = n // 16
    for i in range(nblocks):
        k1, k2 = struct.unpack_from("<QQ", data, i * 16)
        k1 = (k1 * C1) & MASK64
        k1 = _rotl(k1, 31)
        k1 = (k1 * C2) & MASK64
        h1 ^= k1
        h1 = _rotl(h1, 27)
        h1 = (h1 + h2) & MASK64
        h1 = (h1 * 5 + 0x52DCE729) & MASK64
        k2 = (k2 * C2) & MASK64
        k2 = _rotl(k2, 33)
        k2 = (k2 * C1) & MASK64
        h2 ^= k2
        h2 = _rotl(h2, 31)
        h2 = (h2 + h1) & MASK64
        h2 = (h2 * 5 + 0x38495AB5) & MASK64
    tail = data[nblocks * 16:]
    rest = len(tail)
    if rest > 8:
        k2 = int.from_bytes(tail[8:], "little")
        k2 = (k2 * C2) & MASK64
        k2 = _rotl(k2, 33)
        k2 = (k2 * C1) & MASK64
        h2 ^= k2
    if rest > 0:
        k1 = int.from_bytes(tail[:8], "little")
        k1 = (k1 * C1) & MASK64
        k1 = _rotl(k1, 31)
        k1 = (k1 * C2) & MASK64
        h1 ^= k1
    h1 ^= n
    h2 ^= n
    h1 = (h1 + h2) & MASK64
    h2 = (h2 + h1) & MASK64
    h1 = _fmix(h1)
    h2 = _fmix(h2)
    h1 = (h1 + h2) & MASK64
    h2 = (h2 + h1) & MASK64
    return h1, h2


def voltdb_token(data):
    """VoltDB's 32-bit token of a byte string: (int)(h1 >>> 32)."""
    t = murmur3_x64_128(bytes(data))[0] >> 32
    return t - (1 << 32) if t >= 1 << 31 else t


def value_bytes(value):
    """The bytes VoltDB hashes for a partition value; None for NULL."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return struct.pack("<q", value)
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


class Hashinator:
    def __init__(self, partitions):
        if partitions < 1:
            raise ValueError("a cluster has at least one partition")
        self.partitions = partitions
        total = partitions * TOKENS_PER_PARTITION
        step = (1 << 32) // total
        self.tokens = [-(1 << 31) + i * step for i in range(total)]
        self.owners = [i % partitions for i in range(total)]

    def config_bytes(self):
        out = [struct.pack(">i", len(self.tokens))]
        for t, p in zip(self.tokens, self.owners):
            out.append(struct.pack(">ii", t, p))
        return b"".join(out)

    def partition_of_token(self, token):
        i = bisect.bisect_right(self.tokens, token)
        return self.owners[i - 1] if i > 0 else self.owners[-1]

    def partition_of_bytes(self, data):
        if data is None:
            return 0
        return self.partition_of_token(voltdb_token(data))

    def partition_of_value(self, value):
        return self.partition_of_bytes(value_bytes(value))
