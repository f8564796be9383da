// SHA-256 and SHA-1 against the FIPS 180 examples and padding boundaries (55/56/63/64/119/120
// bytes: where the length field does or does not fit the last block).
#include <gtest/gtest.h>

#include <string>

#include "hex.h"
#include "sinks/voltdb/client/sha1.h"
#include "sinks/voltdb/client/sha256.h"

namespace ksink::voltdb {
namespace {

template <size_t N>
std::string digest_hex(const std::array<uint8_t, N>& d) {
  std::string s(reinterpret_cast<const char*>(d.data()), N);
  std::string h = test::hex(s);
  std::erase(h, ' ');
  return h;
}

struct Vector {
  std::string message;
  const char* sha256;
  const char* sha1;
};

std::vector<Vector> vectors() {
  return {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
       "a9993e364706816aba3e25717850c26c9cd0d89d"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
       "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
       "nopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
       "a49b2446a02c645bf419f995b67091253a04a259"},
      {"The quick brown fox jumps over the lazy dog",
       "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592",
       "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"},
      {std::string(55, 'a'), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
       "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
      {std::string(56, 'a'), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
       "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
      {std::string(63, 'a'), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
       "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
      {std::string(64, 'a'), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
       "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
      {std::string(119, 'a'), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
       "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"},
      {std::string(120, 'a'), "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
       "f34c1488385346a55709ba056ddd08280dd4c6d6"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
       "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
  };
}

TEST(Sha256, KnownVectors) {
  for (const Vector& v : vectors())
    EXPECT_EQ(digest_hex(sha256(v.message)), v.sha256) << "length " << v.message.size();
}

TEST(Sha1, KnownVectors) {
  for (const Vector& v : vectors())
    EXPECT_EQ(digest_hex(sha1(v.message)), v.sha1) << "length " << v.message.size();
}

}  // namespace
}  // namespace ksink::voltdb
