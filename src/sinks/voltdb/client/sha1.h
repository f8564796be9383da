// SHA-1 (FIPS 180-4), for the legacy VoltDB login scheme (login version 0 or scheme 0). SHA-1 is
// broken for collision resistance; it is here only because older servers and configurations
// still accept it. Prefer SHA-256.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ksink::voltdb {

using Sha1Digest = std::array<uint8_t, 20>;

Sha1Digest sha1(std::string_view data);

}  // namespace ksink::voltdb
