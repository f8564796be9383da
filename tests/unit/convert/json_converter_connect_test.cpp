// Every value case of Kafka's own JsonConverterTest in the toConnect direction (apache/kafka
// connect/json/src/test/java/org/apache/kafka/connect/json/JsonConverterTest.java), with the
// same inputs and, as ksink's values, the same expected values: what a sink reads. The Connect
// schema type names are those of connect/json/.../JsonSchema.java ("float", "double").
//
// ksink's forms of Connect's values: int8..int64 -> Int; float/double -> Double (written with a
// decimal point); bytes -> Bytes (written as base64); Decimal -> exact text (written as a JSON
// number); Date -> Int days since the epoch; Time -> Int milliseconds of the day; Timestamp ->
// Int epoch milliseconds; a map with non-string keys -> an object keyed by each key's text.
#include <gtest/gtest.h>

#include <string>

#include "convert/json_converter.h"
#include "convert_test_util.h"

namespace ksink {
namespace {

using testing::run;

struct Case {
  const char* test;      // the JsonConverterTest method
  const char* input;     // the record's bytes, as in the Kafka test
  const char* expected;  // the value as ksink writes it in JSON (json_writer)
};

// JsonConverterTest's toConnect tests, schemas.enable=true (Connect's default).
const Case kEnvelopeCases[] = {
    {"testConnectSchemaMetadataTranslation", R"({ "schema": { "type": "boolean" }, "payload": true })",
     "true"},
    {"testConnectSchemaMetadataTranslation",
     R"({ "schema": { "type": "boolean", "optional": true }, "payload": null })", "null"},
    {"testConnectSchemaMetadataTranslation",
     R"({ "schema": { "type": "boolean", "default": true }, "payload": null })", "true"},
    {"testConnectSchemaMetadataTranslation",
     R"({ "schema": { "type": "boolean", "optional": false, "name": "bool", "version": 2, "doc": "the documentation", "parameters": { "foo": "bar" }}, "payload": true })",
     "true"},
    {"booleanToConnect", R"({ "schema": { "type": "boolean" }, "payload": true })", "true"},
    {"booleanToConnect", R"({ "schema": { "type": "boolean" }, "payload": false })", "false"},
    {"byteToConnect", R"({ "schema": { "type": "int8" }, "payload": 12 })", "12"},
    {"shortToConnect", R"({ "schema": { "type": "int16" }, "payload": 12 })", "12"},
    {"intToConnect", R"({ "schema": { "type": "int32" }, "payload": 12 })", "12"},
    {"longToConnect", R"({ "schema": { "type": "int64" }, "payload": 12 })", "12"},
    {"longToConnect", R"({ "schema": { "type": "int64" }, "payload": 4398046511104 })",
     "4398046511104"},
    {"floatToConnect", R"({ "schema": { "type": "float" }, "payload": 12.34 })", "12.34"},
    {"doubleToConnect", R"({ "schema": { "type": "double" }, "payload": 12.34 })", "12.34"},
    {"bytesToConnect", R"({ "schema": { "type": "bytes" }, "payload": "dGVzdC1zdHJpbmc=" })",
     R"("dGVzdC1zdHJpbmc=")"},
    {"stringToConnect", R"({ "schema": { "type": "string" }, "payload": "foo-bar-baz" })",
     R"("foo-bar-baz")"},
    {"arrayToConnect",
     R"({ "schema": { "type": "array", "items": { "type" : "int32" } }, "payload": [1, 2, 3] })",
     "[1,2,3]"},
    {"mapToConnectStringKeys",
     R"({ "schema": { "type": "map", "keys": { "type" : "string" }, "values": { "type" : "int32" } }, "payload": { "key1": 12, "key2": 15} })",
     R"({"key1":12,"key2":15})"},
    {"mapToConnectNonStringKeys",
     R"({ "schema": { "type": "map", "keys": { "type" : "int32" }, "values": { "type" : "int32" } }, "payload": [ [1, 12], [2, 15] ] })",
     R"({"1":12,"2":15})"},
    {"structToConnect",
     R"({ "schema": { "type": "struct", "fields": [{ "field": "field1", "type": "boolean" }, { "field": "field2", "type": "string" }] }, "payload": { "field1": true, "field2": "string" } })",
     R"({"field1":true,"field2":"string"})"},
    {"structWithOptionalFieldToConnect",
     R"({ "schema": { "type": "struct", "fields": [{ "field":"optional", "type": "string", "optional": true }, {  "field": "required", "type": "string" }] }, "payload": { "required": "required" } })",
     R"({"optional":null,"required":"required"})"},
    {"nullSchemaPrimitiveToConnect", R"({ "schema": null, "payload": null })", "null"},
    {"nullSchemaPrimitiveToConnect", R"({ "schema": null, "payload": true })", "true"},
    {"nullSchemaPrimitiveToConnect", R"({ "schema": null, "payload": 12 })", "12"},
    {"nullSchemaPrimitiveToConnect", R"({ "schema": null, "payload": 12.24 })", "12.24"},
    {"nullSchemaPrimitiveToConnect", R"({ "schema": null, "payload": "a string" })",
     R"("a string")"},
    {"nullSchemaPrimitiveToConnect", R"({ "schema": null, "payload": [1, "2", 3] })",
     R"([1,"2",3])"},
    {"nullSchemaPrimitiveToConnect",
     R"({ "schema": null, "payload": { "field1": 1, "field2": 2} })",
     R"({"field1":1,"field2":2})"},
    // Payload "AJw=" is the two's complement of 156, unscaled: 1.56.
    {"decimalToConnect",
     R"({ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "2" } }, "payload": "AJw=" })",
     "1.56"},
    {"decimalToConnectOptional",
     R"({ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "optional": true, "parameters": { "scale": "2" } }, "payload": null })",
     "null"},
    {"decimalToConnectWithDefaultValue",
     R"({ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null })",
     "1.56"},
    {"decimalToConnectOptionalWithDefaultValue",
     R"({ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "optional": true, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null })",
     "1.56"},
    // decimal.format=NUMERIC on the producer's side.
    {"numericDecimalToConnect",
     R"({ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "2" } }, "payload": 1.56 })",
     "1.56"},
    {"numericDecimalWithTrailingZerosToConnect",
     R"({ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "4" } }, "payload": 1.5600 })",
     "1.5600"},
    {"highPrecisionNumericDecimalToConnect",
     R"({ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "17" } }, "payload": 1.23456789123456789 })",
     "1.23456789123456789"},
    // Date: 10000 days after 1970-01-01 (1997-05-19).
    {"dateToConnect",
     R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1 }, "payload": 10000 })",
     "10000"},
    {"dateToConnectOptional",
     R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1, "optional": true }, "payload": null })",
     "null"},
    {"dateToConnectWithDefaultValue",
     R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1, "default": 0 }, "payload": null })",
     "0"},
    {"dateToConnectOptionalWithDefaultValue",
     R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1, "optional": true, "default": 0 }, "payload": null })",
     "0"},
    // Time: 04:00:00.000.
    {"timeToConnect",
     R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1 }, "payload": 14400000 })",
     "14400000"},
    {"timeToConnectOptional",
     R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1, "optional": true }, "payload": null })",
     "null"},
    {"timeToConnectWithDefaultValue",
     R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1, "default": 0 }, "payload": null })",
     "0"},
    {"timeToConnectOptionalWithDefaultValue",
     R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1, "optional": true, "default": 0 }, "payload": null })",
     "0"},
    // Timestamp: epoch milliseconds beyond int32.
    {"timestampToConnect",
     R"({ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1 }, "payload": 4000000000 })",
     "4000000000"},
    {"timestampToConnectOptional",
     R"({ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1, "optional": true }, "payload": null })",
     "null"},
    {"timestampToConnectWithDefaultValue",
     R"({ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1, "default": 42 }, "payload": null })",
     "42"},
    {"timestampToConnectOptionalWithDefaultValue",
     R"({ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1,  "optional": true, "default": 42 }, "payload": null })",
     "42"},
    {"stringHeaderToConnect", R"({ "schema": { "type": "string" }, "payload": "foo-bar-baz" })",
     R"("foo-bar-baz")"},
};

TEST(JsonConverterKafkaCases, ToConnectWithSchemas) {
  JsonConverter c;
  for (const auto& k : kEnvelopeCases) {
    auto r = run(c, k.input);
    ASSERT_TRUE(r.ok) << k.test << ": " << r.error.message;
    EXPECT_EQ(r.json(), k.expected) << k.test << ": " << k.input;
  }
}

TEST(JsonConverterKafkaCases, FloatingPointTypesAreDoubles) {
  JsonConverter c;
  auto f = run(c, R"({ "schema": { "type": "float" }, "payload": 12 })");
  ASSERT_TRUE(f.ok) << f.error.message;
  EXPECT_EQ(f.value.kind(), Kind::Double);
  EXPECT_EQ(f.json(), "12.0");
  auto d = run(c, R"({ "schema": { "type": "double" }, "payload": 4830 })");
  ASSERT_TRUE(d.ok) << d.error.message;
  EXPECT_EQ(d.json(), "4830.0");
}

// The Java enum's names, not Connect's JSON vocabulary: accepted as they were before ksink read
// JsonSchema.java, so topics written by tools that used them keep working.
TEST(JsonConverterKafkaCases, Float32AndFloat64AreLenientAliases) {
  JsonConverter c;
  auto r = run(c, R"({"schema":{"type":"struct","fields":[{"field":"a","type":"float32"},{"field":"b","type":"float64"}]},"payload":{"a":1,"b":2.5}})");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.json(), R"({"a":1.0,"b":2.5})");
}

// noSchemaToConnect, emptyBytesToConnect, schemalessWithEmptyFieldValueToConnect: with
// schemas.enable=false the bytes are plain JSON, an envelope included.
TEST(JsonConverterKafkaCases, ToConnectWithoutSchemas) {
  JsonConverter c(JsonConverterOptions{.schemas_enable = false});
  const Case cases[] = {
      {"noSchemaToConnect", "true", "true"},
      {"emptyBytesToConnect", "", "null"},
      {"schemalessWithEmptyFieldValueToConnect", R"({ "a": "", "b": null})", R"({"a":"","b":null})"},
      {"envelope left as data", R"({"schema":{"type":"int32"},"payload":1})",
       R"({"schema":{"type":"int32"},"payload":1})"},
  };
  for (const auto& k : cases) {
    auto r = run(c, k.input);
    ASSERT_TRUE(r.ok) << k.test << ": " << r.error.message;
    EXPECT_EQ(r.json(), k.expected) << k.test;
  }
}

// A schema Connect's asConnectSchema refuses is refused, naming the fault.
TEST(JsonConverterKafkaCases, SchemasConnectRefuses) {
  JsonConverter c;
  const Case cases[] = {
      {"parameters must be text",
       R"({ "schema": { "type": "boolean", "parameters": { "foo": 1 } }, "payload": true })",
       "value schema is invalid: schema parameters must have string values"},
      {"Date is int32",
       R"({ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Date" }, "payload": 1 })",
       "value schema is invalid: a Date schema must have type int32, not int64"},
      {"Timestamp is int64",
       R"({ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Timestamp" }, "payload": 1 })",
       "value schema is invalid: a Timestamp schema must have type int64, not int32"},
      {"Decimal is bytes",
       R"({ "schema": { "type": "string", "name": "org.apache.kafka.connect.data.Decimal", "parameters": { "scale": "2" } }, "payload": "1" })",
       "value schema is invalid: a Decimal schema must have type bytes, not string"},
  };
  for (const auto& k : cases) {
    auto r = run(c, k.input);
    ASSERT_FALSE(r.ok) << k.test;
    EXPECT_EQ(r.error.message, k.expected) << k.test;
  }
}

}  // namespace
}  // namespace ksink
