// org.apache.kafka.connect.transforms.MaskField$Key / $Value: replaces the listed fields with
// their kind's empty value (MaskField.java): Int 0, Double 0.0, Bool false, String "", Decimal 0,
// Array [], Object {}; Timestamp/Date/Time are Ints in ksink and mask to 0 (Kafka's new Date(0)).
// `replacement` is parsed to the field's kind instead (numbers, decimals and strings only). A
// listed field the value lacks is added as null, as Kafka's schemaless path puts it. Bytes
// cannot be masked, as Kafka's byte[] cannot.
#include "transforms/java_numbers.h"
#include "transforms/object_fields.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {


class MaskField final : public Transformation {
 public:
  MaskField(std::vector<std::string> fields, std::optional<std::string> replacement, Part part)
      : fields_(std::move(fields)), replacement_(std::move(replacement)), part_(part) {}

  bool apply(Record& record) const override {
    Object& value = require_object(part_of(record, part_), "mask fields");
    for (const auto& name : fields_) {
      Value* field = find_field(value, name);
      if (field == nullptr) {
        value.emplace_back(name, Value());
      } else if (!field->is_null()) {
        *field = replacement_ ? with_replacement(*field) : empty_of(*field);
      }
    }
    return true;
  }

 private:
  // MaskField.maskWithNullValue.
  static Value empty_of(const Value& v) {
    switch (v.kind()) {
      case Kind::Bool:
        return Value(false);
      case Kind::Int:
        return Value(0);
      case Kind::Double:
        return Value(0.0);
      case Kind::String:
        return Value("");
      case Kind::Decimal:
        return Value(Decimal{"0"});
      case Kind::Array:
        return Value(Array{});
      case Kind::Object:
        return Value(Object{});
      default:
        throw DataError("Cannot mask value of type: " + java_class(v));
    }
  }

  // MaskField.maskWithCustomReplacement: Values.convertToLong / convertToDouble for numbers
  // (read through BigDecimal, so "1.9" is 1 for an Int), new BigDecimal(...) for a decimal.
  Value with_replacement(const Value& v) const {
    const std::string& text = *replacement_;
    switch (v.kind()) {
      case Kind::String:
        return Value(text);
      case Kind::Int:
      case Kind::Double: {
        auto d = java_parse_decimal(text);
        if (!d)
          throw DataError("Unable to convert " + text + " (class java.lang.String) to a number");
        return v.kind() == Kind::Int ? Value(java_decimal_long(*d))
                                     : Value(java_decimal_double(*d));
      }
      case Kind::Decimal: {
        auto d = java_parse_decimal(text);
        if (!d)
          throw DataError("Unable to convert " + text + " (class java.lang.String) to number");
        return Value(Decimal{java_plain_string(*d)});
      }
      default:
        throw DataError("Cannot mask value of type " + java_class(v) + " with custom replacement.");
    }
  }

  std::vector<std::string> fields_;
  std::optional<std::string> replacement_;
  Part part_;
};

}  // namespace

std::unique_ptr<Transformation> make_mask_field(TransformSettings& settings, Part part) {
  bool given = settings.has("fields");
  std::vector<std::string> listed = settings.list("fields");
  if (given && listed.empty()) settings.invalid("fields", "[]", "Empty list");
  std::optional<std::string> replacement;
  if (settings.has("replacement")) {
    replacement = settings.string("replacement");
    // ConfigDef.NonEmptyString.
    if (replacement->empty()) settings.invalid("replacement", "", "String must be non-empty");
  }
  std::vector<std::string> fields;  // a set in Kafka
  for (auto& f : listed) {
    bool seen = false;
    for (const auto& g : fields) seen = seen || g == f;
    if (!seen) fields.push_back(std::move(f));
  }
  return std::make_unique<MaskField>(std::move(fields), std::move(replacement), part);
}

}  // namespace ksink::transforms
