// MurmurHash3 x64_128 as VoltDB's hashinator uses it (docs/voltdb-protocol.md section 15): the
// canonical algorithm with seed 0, of which VoltDB keeps the upper 32 bits of h1 as a signed int.
// Partition values are hashed as VoltDB's client turns them into bytes: integers as the 8 bytes
// of a little-endian long, strings as their UTF-8 bytes, VARBINARY as they are.
#pragma once

#include <cstdint>
#include <string_view>

namespace ksink::voltdb {

struct Murmur3Hash128 {
  uint64_t h1 = 0;
  uint64_t h2 = 0;
};

// The canonical MurmurHash3_x64_128 of `bytes` (tests check it against published vectors).
Murmur3Hash128 murmur3_x64_128(std::string_view bytes, uint64_t seed);

// VoltDB's 32-bit token of `bytes`: (int32)(h1 >> 32) of the seed-0 hash.
int32_t voltdb_hash(std::string_view bytes);
// VoltDB's token of an integer partition value (any integer column type: the value widened to
// a long, hashed as its 8 little-endian bytes).
int32_t voltdb_hash_integer(int64_t value);

}  // namespace ksink::voltdb
