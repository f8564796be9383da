// Single Message Transforms and predicates, as Kafka Connect applies them between conversion and
// the sink (docs/transforms.md). A transform changes one record in place (its key, value, topic,
// timestamp or headers) or drops it; a predicate decides whether a transform applies.
//
// ksink's records carry no separate Connect schema: a value's kind stands for its schema type
// (docs/transforms.md "Schemas"), so every transform follows Connect's schemaless path, with
// what the kinds tell (an Int, a Double, Bytes, a Decimal) where Connect would read the schema.
//
// Transforms and predicates are built once per connector and shared by its tasks: apply() and
// test() are const and must be safe to call from several threads at once.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/record.h"
#include "transforms/settings.h"

namespace ksink::transforms {

// Which part of the record a `$Key` / `$Value` variant works on.
enum class Part { Key, Value };

// A record's own fault found by a transform (Connect's DataException): the record takes the
// errors.tolerance policy with stage TRANSFORMATION. The message names what was expected and
// what was found, never the record's content.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Transformation {
 public:
  virtual ~Transformation() = default;
  // Changes the record in place; false drops it (the record is then acknowledged, as Connect
  // commits the offsets of records a transform filtered out). Throws DataError.
  virtual bool apply(Record& record) const = 0;
  // Whether the transform may change the record's topic (RegexRouter, TimestampRouter): KCQL's
  // FROM then names topics the connector does not consume, and the start-up check that every
  // consumed topic has a statement is relaxed.
  virtual bool routes() const { return false; }
};

class Predicate {
 public:
  virtual ~Predicate() = default;
  virtual bool test(const Record& record) const = 0;
};

// The part a variant works on, and where it puts the result.
inline Value& part_of(Record& r, Part p) { return p == Part::Key ? r.key : r.value; }
inline const Value& part_of(const Record& r, Part p) { return p == Part::Key ? r.key : r.value; }

// Connect's Requirements.requireMap: the schemaless path needs an object ("Only Map objects
// supported in absence of schema for [field insertion], found: java.lang.String").
Object& require_object(Value& v, std::string_view purpose);
const Object& require_object(const Value& v, std::string_view purpose);
// The Java class Connect would name for a value of this kind in its error messages.
std::string_view java_class_name(const Value& v);
// "class java.lang.String": how Java prints value.getClass() in Kafka's messages.
std::string java_class(const Value& v);

}  // namespace ksink::transforms
