// A Kafka partition's identity, as the runtime keys its state.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <fmt/format.h>

namespace ksink {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  bool operator==(const TopicPartition&) const = default;
  auto operator<=>(const TopicPartition&) const = default;
  std::string str() const { return fmt::format("{}-{}", topic, partition); }
};

struct TopicPartitionHash {
  size_t operator()(const TopicPartition& tp) const {
    return std::hash<std::string>()(tp.topic) * 31 + static_cast<size_t>(tp.partition);
  }
};

}  // namespace ksink
