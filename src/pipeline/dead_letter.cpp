#include "pipeline/dead_letter.h"

namespace ksink {

kafka::OutgoingMessage dead_letter_message(const std::string& topic, const Record& record,
                                           const DeadLetterContext& ctx, bool context_headers) {
  kafka::OutgoingMessage m;
  m.topic = topic;
  m.key = record.raw_key;
  m.value = record.raw_value;
  m.headers = record.headers;
  m.timestamp = record.timestamp > 0 ? record.timestamp : 0;
  if (context_headers) {
    auto add = [&](const char* name, std::string value) {
      m.headers.push_back({std::string("__connect.errors.") + name, std::move(value)});
    };
    add("topic", record.topic);
    add("partition", std::to_string(record.partition));
    add("offset", std::to_string(record.offset));
    add("connector.name", ctx.connector);
    add("task.id", std::to_string(ctx.task_id));
    add("stage", ctx.stage);
    add("class.name", ctx.class_name);
    add("exception.class.name", ctx.exception_class);
    add("exception.message", ctx.message);
  }
  return m;
}

}  // namespace ksink
