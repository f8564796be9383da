// org.apache.kafka.connect.transforms.TimestampRouter: the topic becomes `topic.format` with
// ${topic} replaced by the topic and ${timestamp} by the record's timestamp written with
// `timestamp.format`, a SimpleDateFormat pattern, in UTC (TimestampRouter.java).
#include "transforms/java_date_format.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

class TimestampRouter final : public Transformation {
 public:
  TimestampRouter(std::string topic_format, JavaDateFormat timestamp_format)
      : topic_format_(std::move(topic_format)), timestamp_format_(std::move(timestamp_format)) {}

  bool apply(Record& record) const override {
    // Connect gives a record without a timestamp (-1 in Kafka) a null one. Kafka's message goes
    // on with the whole record (its toString); ksink names the record by its coordinates, as its
    // error messages never carry a record's content.
    if (record.timestamp < 0)
      throw DataError("Timestamp missing on record: " + record.coordinates());
    // ${topic} first, then ${timestamp}, each replaced literally, as Kafka does.
    std::string topic = topic_format_;
    replace_all(topic, "${topic}", record.topic);
    replace_all(topic, "${timestamp}", timestamp_format_.format(record.timestamp));
    record.topic = std::move(topic);
    return true;
  }

  bool routes() const override { return true; }

 private:
  std::string topic_format_;
  JavaDateFormat timestamp_format_;
};

}  // namespace

std::unique_ptr<Transformation> make_timestamp_router(TransformSettings& s, Part) {
  std::string topic_format = s.string("topic.format", "${topic}-${timestamp}");
  const std::string pattern = s.string("timestamp.format", "yyyyMMdd");
  // Kafka builds the SimpleDateFormat on the first record, so a bad pattern fails every record
  // (IllegalArgumentException); ksink refuses it with the configuration instead.
  std::string error;
  auto format = JavaDateFormat::compile(pattern, error);
  if (!format) {
    s.invalid("timestamp.format", pattern, error);
    return nullptr;
  }
  return std::make_unique<TimestampRouter>(std::move(topic_format), std::move(*format));
}

}  // namespace ksink::transforms
