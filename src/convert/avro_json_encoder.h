// Avro's JSON encoding to Avro binary: what `ksink produce` does with each input line, as
// kafka-avro-console-producer does. The input follows Avro's JSON encoding (a union value is
// written {"branch": value}, bytes and fixed as strings of \u0000-\u00ff characters, enums as
// their symbol, missing record fields take their schema default), with the leniencies users
// rely on:
//   - a bare value for a union of null and one other type (["null", "string"] accepts "x"),
//   - any JSON number for a float or double ("salary": 4830),
//   - a JSON number for a decimal ("price": 12.34), exact to the schema's scale,
//   - "NaN", "Infinity" and "-Infinity" for floats and doubles.
// A field the schema does not have is an error (a misspelt field would otherwise silently take
// its default).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "convert/avro_schema.h"

namespace ksink::avro {

// Not thread-safe: keeps its JSON parser between lines.
class JsonEncoder {
 public:
  JsonEncoder();
  ~JsonEncoder();
  JsonEncoder(const JsonEncoder&) = delete;
  JsonEncoder& operator=(const JsonEncoder&) = delete;

  // Appends the binary encoding of the JSON document `json` to `out`. On failure returns false
  // with `error` naming the field and what was expected and found ("field 'age': expected an
  // int, found a string"); `out` then holds a partial datum.
  bool encode(const Schema& schema, std::string_view json, std::string& out, std::string& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The binary encoding of an Avro long (zig-zag varint), appended to `out`.
void write_long(int64_t v, std::string& out);

}  // namespace ksink::avro
