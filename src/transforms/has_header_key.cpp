// org.apache.kafka.connect.transforms.predicates.HasHeaderKey: true for records with at least one
// header named `name` (HasHeaderKey.java).
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class HasHeaderKey final : public Predicate {
 public:
  explicit HasHeaderKey(std::string name) : name_(std::move(name)) {}
  bool test(const Record& record) const override { return record.header(name_) != nullptr; }

 private:
  std::string name_;
};

}  // namespace

std::unique_ptr<Predicate> make_has_header_key(TransformSettings& s) {
  const bool present = s.has("name");
  std::string name = s.string("name");
  if (present && name.empty()) s.invalid("name", name, "String must be non-empty");
  if (!s.ok()) return nullptr;
  return std::make_unique<HasHeaderKey>(std::move(name));
}

}  // namespace ksink::transforms
