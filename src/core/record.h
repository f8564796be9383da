// One Kafka record after conversion: typed key and value plus the coordinates and metadata that
// KCQL can address (_topic, _partition, _offset, _timestamp, _header.x, _key).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace ksink {

struct Header {
  std::string key;
  std::optional<std::string> value;  // Kafka headers may carry a null value
};

struct Record {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp = -1;  // epoch ms, -1 when the record has none
  Value key;
  Value value;
  std::vector<Header> headers;
  // The bytes as they came from Kafka: the dead-letter topic gets them unchanged.
  std::optional<std::string> raw_key;
  std::optional<std::string> raw_value;

  const Header* header(std::string_view name) const {
    for (const auto& h : headers)
      if (h.key == name) return &h;
    return nullptr;
  }
  // "topic 'x' partition p offset o": how every error message names a record.
  std::string coordinates() const;
};

}  // namespace ksink
