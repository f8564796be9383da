#include "sinks/voltdb/client/murmur3.h"

#include <cstring>

namespace ksink::voltdb {
namespace {

inline uint64_t rotl(uint64_t v, int n) { return (v << n) | (v >> (64 - n)); }

inline uint64_t fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// The 8 bytes at `p` as a little-endian integer, whatever the host's byte order.
inline uint64_t load_le(const unsigned char* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = n; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

constexpr uint64_t kC1 = 0x87c37b91114253d5ULL;
constexpr uint64_t kC2 = 0x4cf5ad432745937fULL;

}  // namespace

Murmur3Hash128 murmur3_x64_128(std::string_view bytes, uint64_t seed) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t len = bytes.size();
  const size_t blocks = len / 16;
  uint64_t h1 = seed, h2 = seed;
  for (size_t i = 0; i < blocks; ++i) {
    uint64_t k1 = load_le(data + i * 16, 8);
    uint64_t k2 = load_le(data + i * 16 + 8, 8);
    k1 *= kC1;
    k1 = rotl(k1, 31);
    k1 *= kC2;
    h1 ^= k1;
    h1 = rotl(h1, 27);
    h1 += h2;
    h1 = h1 * 5 + 0x52dce729;
    k2 *= kC2;
    k2 = rotl(k2, 33);
    k2 *= kC1;
    h2 ^= k2;
    h2 = rotl(h2, 31);
    h2 += h1;
    h2 = h2 * 5 + 0x38495ab5;
  }
  // The tail: up to 15 bytes, taken unsigned (VoltDB's Java port had to be fixed for exactly
  // this to match the C++ engine).
  const unsigned char* tail = data + blocks * 16;
  const size_t rest = len & 15;
  if (rest > 8) {
    uint64_t k2 = load_le(tail + 8, rest - 8);
    k2 *= kC2;
    k2 = rotl(k2, 33);
    k2 *= kC1;
    h2 ^= k2;
  }
  if (rest > 0) {
    uint64_t k1 = load_le(tail, rest > 8 ? 8 : rest);
    k1 *= kC1;
    k1 = rotl(k1, 31);
    k1 *= kC2;
    h1 ^= k1;
  }
  h1 ^= static_cast<uint64_t>(len);
  h2 ^= static_cast<uint64_t>(len);
  h1 += h2;
  h2 += h1;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 += h2;
  h2 += h1;
  return {h1, h2};
}

int32_t voltdb_hash(std::string_view bytes) {
  return static_cast<int32_t>(static_cast<uint32_t>(murmur3_x64_128(bytes, 0).h1 >> 32));
}

int32_t voltdb_hash_integer(int64_t value) {
  char le[8];
  auto u = static_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) le[i] = static_cast<char>((u >> (8 * i)) & 0xff);
  return voltdb_hash(std::string_view(le, 8));
}

}  // namespace ksink::voltdb
