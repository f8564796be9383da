// org.apache.kafka.connect.transforms.ValueToKey (no $Key/$Value variants): the key becomes an
// object of the value's fields named by `fields`, in that order (ValueToKey.java). A field the
// value lacks is null in the key; a value that is not an object, a tombstone included, is the
// record's fault, as Requirements.requireMap makes it in Kafka.
#include "transforms/object_fields.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class ValueToKey final : public Transformation {
 public:
  explicit ValueToKey(std::vector<std::string> fields) : fields_(std::move(fields)) {}

  bool apply(Record& record) const override {
    const Object& value = require_object(record.value, "copying fields from value to key");
    Object key;
    key.reserve(fields_.size());
    for (const auto& name : fields_) {
      const Value* v = find_field(value, name);
      key.emplace_back(name, v ? *v : Value());
    }
    record.key = Value(std::move(key));
    return true;
  }

 private:
  std::vector<std::string> fields_;
};

}  // namespace

std::unique_ptr<Transformation> make_value_to_key(TransformSettings& settings, Part) {
  bool given = settings.has("fields");
  std::vector<std::string> listed = settings.list("fields");
  // NonEmptyListValidator's words.
  if (given && listed.empty()) settings.invalid("fields", "[]", "Empty list");
  // Kafka 3.8's key: chooses between a schema default and null, and ksink has no schema
  // defaults; read and checked only.
  settings.boolean("replace.null.with.default", true);
  // The key is a map in Kafka: a field listed twice appears once.
  std::vector<std::string> fields;
  for (auto& f : listed) {
    bool seen = false;
    for (const auto& g : fields) seen = seen || g == f;
    if (!seen) fields.push_back(std::move(f));
  }
  return std::make_unique<ValueToKey>(std::move(fields));
}

}  // namespace ksink::transforms
