// The CRC16 Redis Cluster hashes keys with (redis/redis src/crc16.c): CRC-16/XMODEM, polynomial
// 0x1021, initial value 0, no reflection; "123456789" gives 0x31C3.
#pragma once

#include <cstdint>
#include <string_view>

namespace ksink::redis {

uint16_t crc16(std::string_view data);

}  // namespace ksink::redis
