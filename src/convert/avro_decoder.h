// Avro binary encoding to ksink's Values, driven by the writer's schema (the one the record's
// schema id names; sinks need no reader schema, so evolution is simply each record read with its
// own schema).
//
// Mapping (docs/converters.md): record and map -> Object (record fields in schema order), array ->
// Array, union -> the chosen branch's value, enum and string and uuid -> String, bytes and fixed
// -> Bytes, int and long -> Int, float and double -> Double, decimal -> Decimal with the schema's
// scale, date -> Int days since the epoch, time-millis -> Int ms, time-micros -> Int µs,
// timestamp-millis -> Int epoch ms, timestamp-micros -> Int epoch ms: Kafka's convention, which
// the sinks expect (a VoltDB TIMESTAMP is fed epoch milliseconds). The microseconds below the
// millisecond are dropped, rounding toward the earlier instant (-1 µs is -1 ms, as
// java.time.Instant truncates).
#pragma once

#include <string>
#include <string_view>

#include "convert/avro_schema.h"
#include "core/value.h"

namespace ksink::avro {

// Decodes one datum. Bytes after the datum are ignored, as Confluent's deserializer ignores
// them. On failure returns false and says what was expected where (field path, byte offset),
// never the data itself.
bool decode(const Schema& schema, std::string_view data, Value& out, std::string& error);

}  // namespace ksink::avro
