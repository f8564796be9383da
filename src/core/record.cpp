#include "core/record.h"

#include <fmt/format.h>

namespace ksink {

std::string Record::coordinates() const {
  return fmt::format("topic '{}' partition {} offset {}", topic, partition, offset);
}

}  // namespace ksink
