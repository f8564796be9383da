// org.apache.kafka.connect.transforms.DropHeaders: removes every header whose key is one of
// `headers` (DropHeaders.java).
#include <set>

#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class DropHeaders final : public Transformation {
 public:
  explicit DropHeaders(std::set<std::string, std::less<>> names) : names_(std::move(names)) {}

  bool apply(Record& record) const override {
    std::erase_if(record.headers, [this](const Header& h) { return names_.contains(h.key); });
    return true;
  }

 private:
  std::set<std::string, std::less<>> names_;
};

}  // namespace

std::unique_ptr<Transformation> make_drop_headers(TransformSettings& s, Part) {
  const bool present = s.has("headers");
  auto names = s.list("headers");
  if (!present) return nullptr;
  if (names.empty()) {  // Kafka's NonEmptyListValidator
    s.invalid("headers", "[]", "Empty list");
    return nullptr;
  }
  return std::make_unique<DropHeaders>(
      std::set<std::string, std::less<>>(names.begin(), names.end()));
}

}  // namespace ksink::transforms
