// org.apache.kafka.connect.transforms.Flatten$Key / $Value: lifts the fields of nested objects
// to the top, each named by its path joined with `delimiter` (default "."), as the schemaless
// path of Flatten.java does: {"A":{"B":1}} becomes {"A.B":1}. Nulls, arrays (left as they are,
// objects inside included) and every other value are kept; an empty nested object leaves
// nothing. A Decimal is kept as Connect keeps a Decimal-schema field. A null part passes
// unchanged; a part that is not an object is the record's fault.
#include "transforms/object_fields.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class Flatten final : public Transformation {
 public:
  Flatten(std::string delimiter, Part part) : delimiter_(std::move(delimiter)), part_(part) {}

  bool apply(Record& record) const override {
    Value& part = part_of(record, part_);
    if (part.is_null()) return true;
    Object& value = require_object(part, "flattening");
    Object flat;
    flat.reserve(value.size());
    flatten(value, "", flat);
    part = Value(std::move(flat));
    return true;
  }

 private:
  void flatten(Object& object, const std::string& prefix, Object& out) const {
    for (auto& [name, v] : object) {
      std::string path = prefix.empty() ? name : prefix + delimiter_ + name;
      if (v.is_object()) {
        flatten(v.as_object(), path, out);
      } else {
        // A name met twice (a top-level "a.b" and a nested a{b}) keeps the later value, as
        // LinkedHashMap.put does.
        put_field(out, path, std::move(v));
      }
    }
  }

  std::string delimiter_;
  Part part_;
};

}  // namespace

std::unique_ptr<Transformation> make_flatten(TransformSettings& settings, Part part) {
  return std::make_unique<Flatten>(settings.string("delimiter", "."), part);
}

}  // namespace ksink::transforms
