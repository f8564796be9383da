// org.apache.kafka.connect.transforms.HoistField$Key / $Value: wraps the key or value, null
// included, in an object with the single field `field` (HoistField.java).
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class HoistField final : public Transformation {
 public:
  HoistField(std::string field, Part part) : field_(std::move(field)), part_(part) {}

  bool apply(Record& record) const override {
    Value& part = part_of(record, part_);
    Object wrapped;
    wrapped.emplace_back(field_, std::move(part));
    part = Value(std::move(wrapped));
    return true;
  }

 private:
  std::string field_;
  Part part_;
};

}  // namespace

std::unique_ptr<Transformation> make_hoist_field(TransformSettings& settings, Part part) {
  return std::make_unique<HoistField>(settings.string("field"), part);
}

}  // namespace ksink::transforms
