// Avro schemas as ksink uses them: parsed and name-resolved by Avro C, then copied into a small
// tree of our own that also carries the logical types (Avro C 1.11 ignores `logicalType`). The
// decoder and the JSON encoder walk that tree; no Avro C object outlives parse_avro_schema, so
// nothing of Avro C's can leak past it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ksink::avro {

enum class Type : uint8_t {
  Null,
  Boolean,
  Int,
  Long,
  Float,
  Double,
  Bytes,
  String,
  Record,
  Enum,
  Fixed,
  Array,
  Map,
  Union
};

// The logical types ksink maps to typed values (docs/converters.md). A logical type on the wrong
// underlying type, or a decimal without a valid precision and scale, is ignored, as Avro's Java
// implementation ignores it: the value is then read as its underlying type.
enum class Logical : uint8_t {
  None,
  Decimal,          // bytes or fixed: two's-complement unscaled integer
  Date,             // int: days since 1970-01-01
  TimeMillis,       // int: milliseconds after midnight
  TimeMicros,       // long: microseconds after midnight
  TimestampMillis,  // long: milliseconds since the epoch
  TimestampMicros,  // long: microseconds since the epoch
  Uuid              // string
};

struct Node {
  Type type = Type::Null;
  Logical logical = Logical::None;
  int32_t precision = 0;  // decimal
  int32_t scale = 0;      // decimal
  int64_t size = 0;       // fixed: its byte count
  std::string name;       // record, enum, fixed: the full name (namespace.name)
  // record: field names; enum: symbols.
  std::vector<std::string> names;
  // record: field types; array: {items}; map: {values}; union: the branches. Pointers into the
  // owning Schema; a recursive record points back at itself.
  std::vector<const Node*> children;
  // record: each field's default as compact JSON text (Avro's JSON encoding), when it has one.
  std::vector<std::optional<std::string>> defaults;
};

class Schema {
 public:
  const Node& root() const { return *nodes_.front(); }
  // The schema's JSON text, as given to parse_avro_schema.
  const std::string& text() const { return text_; }

 private:
  friend class SchemaBuilder;
  friend Result<std::shared_ptr<const Schema>> parse_avro_schema(std::string_view json);
  std::vector<std::unique_ptr<Node>> nodes_;  // nodes_[0] is the root
  std::string text_;
};

// Parses a schema's JSON text. The error quotes Avro C's reason (never data: a schema holds
// none).
Result<std::shared_ptr<const Schema>> parse_avro_schema(std::string_view json);

// "int", "record", ...: how Avro spells a type.
std::string_view type_name(Type t);
// How a union branch is named in Avro's JSON encoding: the full name of a named type, else the
// type name ("string", "array").
std::string_view branch_name(const Node& n);
// What a node is, for messages: "int", "record com.acme.User", "decimal(10,2) bytes".
std::string describe(const Node& n);

}  // namespace ksink::avro
