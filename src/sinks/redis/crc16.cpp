#include "sinks/redis/crc16.h"

#include <array>

namespace ksink::redis {
namespace {

// The byte-at-a-time table of the polynomial 0x1021, computed once rather than written out: one
// entry is the CRC of the byte shifted through 8 rounds of the MSB-first division.
constexpr std::array<uint16_t, 256> make_table() {
  std::array<uint16_t, 256> table{};
  for (unsigned b = 0; b < 256; ++b) {
    uint16_t crc = static_cast<uint16_t>(b << 8);
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    table[b] = crc;
  }
  return table;
}

constexpr auto kTable = make_table();

}  // namespace

uint16_t crc16(std::string_view data) {
  uint16_t crc = 0;
  for (unsigned char c : data)
    crc = static_cast<uint16_t>((crc << 8) ^ kTable[((crc >> 8) ^ c) & 0xFF]);
  return crc;
}

}  // namespace ksink::redis
