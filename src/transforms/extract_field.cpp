// org.apache.kafka.connect.transforms.ExtractField$Key / $Value: replaces the key or value with
// one of its fields (ExtractField.java, field/SingleFieldPath.java). `field` is a path read by
// `field.syntax.version`: V1 (the default) names a top-level field, V2 steps into nested objects
// ("magic.foo", "`a.b`.c"). A null part stays null; a missing field gives null.
#include "transforms/field_path.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class ExtractField final : public Transformation {
 public:
  ExtractField(SingleFieldPath path, Part part) : path_(std::move(path)), part_(part) {}

  bool apply(Record& record) const override {
    Value& part = part_of(record, part_);
    if (part.is_null()) return true;
    const Value* found = path_.value_from(require_object(part, "field extraction"));
    Value extracted = found ? *found : Value();
    part = std::move(extracted);
    return true;
  }

 private:
  SingleFieldPath path_;
  Part part_;
};

}  // namespace

std::unique_ptr<Transformation> make_extract_field(TransformSettings& settings, Part part) {
  std::string field = settings.string("field");
  FieldSyntaxVersion version = read_field_syntax_version(settings);
  // Kafka 3.8's key: it decides between a field's schema default and null, and ksink's values
  // carry no schema defaults, so it is read (and checked) but changes nothing.
  settings.boolean("replace.null.with.default", true);
  std::string error;
  auto path = SingleFieldPath::parse(field, version, error);
  if (!path) {
    settings.problem("field", error);
    return nullptr;
  }
  return std::make_unique<ExtractField>(std::move(*path), part);
}

}  // namespace ksink::transforms
