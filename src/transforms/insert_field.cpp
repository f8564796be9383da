// org.apache.kafka.connect.transforms.InsertField$Key / $Value: adds the record's topic,
// partition, offset, timestamp and a static string as fields (InsertField.java). Each
// `*.field` may end with `!` (required) or `?` (optional, the default); the suffix only shapes a
// Connect schema, which ksink has none of, so it is dropped from the name. Fields are added
// after the existing ones in the order topic, partition, offset, timestamp, static (the schema
// path's order); a field of that name already there takes the new value where it stands. The
// timestamp is the record's epoch milliseconds (ksink's Timestamp); a record without one gets no
// timestamp field, as the schemaless path of InsertField.java puts it only when
// record.timestamp() != null. A null part (a tombstone) passes unchanged.
#include <optional>

#include "transforms/object_fields.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

struct Fields {
  std::optional<std::string> topic, partition, offset, timestamp, static_field;
  std::string static_value;
};

class InsertField final : public Transformation {
 public:
  InsertField(Fields fields, Part part) : f_(std::move(fields)), part_(part) {}

  bool apply(Record& record) const override {
    Value& part = part_of(record, part_);
    if (part.is_null()) return true;
    Object& value = require_object(part, "field insertion");
    if (f_.topic) put_field(value, *f_.topic, Value(record.topic));
    if (f_.partition) put_field(value, *f_.partition, Value(int64_t{record.partition}));
    if (f_.offset) put_field(value, *f_.offset, Value(record.offset));
    if (f_.timestamp && record.timestamp >= 0)
      put_field(value, *f_.timestamp, Value(record.timestamp));
    if (f_.static_field) put_field(value, *f_.static_field, Value(f_.static_value));
    return true;
  }

 private:
  Fields f_;
  Part part_;
};

// InsertionSpec.parse: the name without its `!` or `?`.
std::optional<std::string> insertion_spec(TransformSettings& settings, std::string_view key) {
  if (!settings.has(key)) return std::nullopt;
  std::string spec = settings.string(key);
  if (!spec.empty() && (spec.back() == '?' || spec.back() == '!')) spec.pop_back();
  return spec;
}

}  // namespace

std::unique_ptr<Transformation> make_insert_field(TransformSettings& settings, Part part) {
  Fields f;
  f.topic = insertion_spec(settings, "topic.field");
  f.partition = insertion_spec(settings, "partition.field");
  f.offset = insertion_spec(settings, "offset.field");
  f.timestamp = insertion_spec(settings, "timestamp.field");
  f.static_field = insertion_spec(settings, "static.field");
  bool has_static_value = settings.has("static.value");
  if (has_static_value) f.static_value = settings.string("static.value");
  // Kafka 3.8's key: schema defaults versus null; ksink has no schema defaults. Read only.
  settings.boolean("replace.null.with.default", true);
  if (!f.topic && !f.partition && !f.offset && !f.timestamp && !f.static_field) {
    // Kafka's ConfigException names no key; the transform as a whole is at fault.
    settings.problem("type", "No field insertion configured");
    return nullptr;
  }
  if (f.static_field && !has_static_value) {
    // Kafka prints its InsertionSpec object here (InsertField$InsertionSpec@1b6d3586); the
    // field's name says what was meant.
    settings.invalid("static.value", "null",
                     "No value specified for static field: " + *f.static_field);
    return nullptr;
  }
  return std::make_unique<InsertField>(std::move(f), part);
}

}  // namespace ksink::transforms
