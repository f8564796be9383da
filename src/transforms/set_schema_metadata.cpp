// org.apache.kafka.connect.transforms.SetSchemaMetadata$Key / $Value: sets the name and/or version
// of the key's or value's Connect schema (SetSchemaMetadata.java).
//
// ksink keeps no Connect schema, so there is nothing to rename: the keys are read and checked as
// Kafka checks them, and the record passes unchanged. Kafka fails a record that has a value but
// no schema ("Schema required for [updating schema metadata]"); ksink does not, because it cannot
// tell a schemaless record from one whose converter (Avro, JSON with schemas) gave Connect a
// schema, and for the latter the transform only renames what ksink does not keep.
#include <charconv>

#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class SetSchemaMetadata final : public Transformation {
 public:
  bool apply(Record&) const override { return true; }
};

}  // namespace

std::unique_ptr<Transformation> make_set_schema_metadata(TransformSettings& s, Part) {
  const bool has_name = s.has("schema.name");
  if (has_name) s.string("schema.name");
  bool has_version = false;
  if (auto raw = s.raw("schema.version")) {
    // ConfigDef's INT: a 32-bit number, after trimming.
    std::string_view t = *raw;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    int32_t version = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), version);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size())
      s.invalid("schema.version", *raw, "Not a number of type INT");
    else
      has_version = true;
  }
  // Kafka 3.8's option for Struct fields' defaults; ksink keeps no schemas.
  s.boolean("replace.null.with.default", true);
  if (s.ok() && !has_name && !has_version)
    s.problem("schema.name", "Neither schema name nor version configured");
  if (!s.ok()) return nullptr;
  return std::make_unique<SetSchemaMetadata>();
}

}  // namespace ksink::transforms
