// org.apache.kafka.connect.transforms.RegexRouter: when the whole topic matches `regex`, the topic
// becomes Matcher.replaceFirst(`replacement`), where $1 names a group (RegexRouter.java). Java
// patterns run on std::regex (java_regex.h says which Java forms are translated or refused).
#include "transforms/java_regex.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class RegexRouter final : public Transformation {
 public:
  RegexRouter(std::regex regex, std::string replacement)
      : regex_(std::move(regex)), replacement_(std::move(replacement)) {}

  bool apply(Record& record) const override {
    if (!std::regex_match(record.topic, regex_)) return true;
    // replaceFirst replaces the first match from the start, which is the whole topic except
    // where an earlier alternative matches less ("a|ab" on "ab" replaces only the "a").
    std::smatch match;
    std::regex_search(record.topic, match, regex_);
    std::string error;
    auto replaced = expand_java_replacement(replacement_, match, error);
    // Kafka throws the same IllegalArgumentException for every matching record; as a record's
    // failure it takes the errors.tolerance policy, as in Connect.
    if (!replaced) throw DataError(error);
    std::string topic = match.prefix().str() + *replaced + match.suffix().str();
    record.topic = std::move(topic);
    return true;
  }

  bool routes() const override { return true; }

 private:
  std::regex regex_;
  std::string replacement_;
};

}  // namespace

std::unique_ptr<Transformation> make_regex_router(TransformSettings& s, Part) {
  const std::string regex = s.string("regex");
  const std::string replacement = s.string("replacement");
  if (!s.has("regex")) return nullptr;
  std::string error;
  auto compiled = compile_java_regex(regex, error);
  if (!compiled) {
    s.invalid("regex", regex, "Invalid regex: " + error);  // Kafka's RegexValidator
    return nullptr;
  }
  return std::make_unique<RegexRouter>(std::move(*compiled), replacement);
}

}  // namespace ksink::transforms
