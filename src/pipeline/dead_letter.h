// Records a task skips go to the dead-letter topic unchanged (key, value, headers, timestamp),
// with Kafka Connect's `__connect.errors.*` context headers when enabled.
#pragma once

#include <string>

#include "core/record.h"
#include "kafka/producer.h"

namespace ksink {

// Kafka Connect's stage names.
inline constexpr const char* kStageKeyConverter = "KEY_CONVERTER";
inline constexpr const char* kStageValueConverter = "VALUE_CONVERTER";
inline constexpr const char* kStageTransformation = "TRANSFORMATION";
inline constexpr const char* kStageTaskPut = "TASK_PUT";

struct DeadLetterContext {
  std::string connector;
  int task_id = 0;
  std::string stage;
  std::string class_name;       // the converter or sink that failed
  std::string exception_class;  // what kind of error, in Connect's vocabulary
  std::string message;
};

kafka::OutgoingMessage dead_letter_message(const std::string& topic, const Record& record,
                                           const DeadLetterContext& context, bool context_headers);

}  // namespace ksink
