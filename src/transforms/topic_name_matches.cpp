// org.apache.kafka.connect.transforms.predicates.TopicNameMatches: true for records whose whole
// topic matches the Java regular expression `pattern` (TopicNameMatches.java; java_regex.h says
// which Java forms std::regex is given).
#include "transforms/java_regex.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class TopicNameMatches final : public Predicate {
 public:
  explicit TopicNameMatches(std::regex pattern) : pattern_(std::move(pattern)) {}
  bool test(const Record& record) const override {
    return std::regex_match(record.topic, pattern_);
  }

 private:
  std::regex pattern_;
};

}  // namespace

std::unique_ptr<Predicate> make_topic_name_matches(TransformSettings& s) {
  const bool present = s.has("pattern");
  const std::string pattern = s.string("pattern");
  if (!present) return nullptr;
  // Kafka's validators in order: NonEmptyString, then RegexValidator.
  if (pattern.empty()) {
    s.invalid("pattern", pattern, "String must be non-empty");
    return nullptr;
  }
  std::string error;
  auto compiled = compile_java_regex(pattern, error);
  if (!compiled) {
    s.invalid("pattern", pattern, "Invalid regex: " + error);
    return nullptr;
  }
  return std::make_unique<TopicNameMatches>(std::move(*compiled));
}

}  // namespace ksink::transforms
