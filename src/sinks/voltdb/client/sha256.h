// SHA-256 (FIPS 180-4), for the VoltDB login digest. Written here because ksink links no crypto
// library; it hashes a password once per connection, so clarity beats speed.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ksink::voltdb {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view data);

}  // namespace ksink::voltdb
