// Avro's JSON encoding to binary (what `ksink produce` does per line): the bytes, the
// conventions of kafka-avro-console-producer and the leniencies users rely on, and errors that
// name the field.
#include "convert/avro_json_encoder.h"

#include <gtest/gtest.h>

#include <string>

#include "convert/avro_decoder.h"
#include "convert/avro_schema.h"
#include "convert_test_util.h"
#include "support/avro_everything_schema.h"

namespace ksink::avro {
namespace {

using ksink::testing::json_of;

std::string zz(int64_t v) {
  std::string out;
  write_long(v, out);
  return out;
}
std::string str(std::string_view s) { return zz(static_cast<int64_t>(s.size())) + std::string(s); }

struct Encoded {
  bool ok = false;
  std::string bytes;
  std::string error;
};

Encoded encode(std::string_view schema_json, std::string_view json) {
  Encoded e;
  auto s = parse_avro_schema(schema_json);
  if (!s) {
    e.error = "schema: " + s.error().message;
    return e;
  }
  JsonEncoder enc;
  e.ok = enc.encode(**s, json, e.bytes, e.error);
  return e;
}

// JSON in, binary, decoded again, shown as the sinks' JSON.
std::string round_trip(std::string_view schema_json, std::string_view json) {
  auto s = parse_avro_schema(schema_json);
  if (!s) return "schema: " + s.error().message;
  JsonEncoder enc;
  std::string bytes, error;
  if (!enc.encode(**s, json, bytes, error)) return "ENCODE ERROR: " + error;
  Value v;
  if (!decode(**s, bytes, v, error)) return "DECODE ERROR: " + error;
  return json_of(v);
}

std::string error_of(std::string_view schema_json, std::string_view json) {
  auto e = encode(schema_json, json);
  return e.ok ? "(no error)" : e.error;
}

constexpr std::string_view kUser =
    R"({"type":"record","name":"User","fields":[{"name":"firstName","type":"string"},)"
    R"({"name":"lastName","type":"string"},{"name":"age","type":"int"},)"
    R"({"name":"salary","type":"double"}]})";

TEST(AvroJsonEncoder, TheSeedLineGivesTheBytesJavaWrites) {
  auto e = encode(kUser, R"({"firstName": "John", "lastName": "Smith", "age":30, "salary": 4830})");
  ASSERT_TRUE(e.ok) << e.error;
  EXPECT_EQ(e.bytes,
            str("John") + str("Smith") + zz(30) + std::string("\0\0\0\0\0\xde\xb2\x40", 8));
}

TEST(AvroJsonEncoder, ZigZagVarints) {
  EXPECT_EQ(zz(0), std::string(1, '\0'));
  EXPECT_EQ(zz(-1), "\x01");
  EXPECT_EQ(zz(1), "\x02");
  EXPECT_EQ(zz(-64), "\x7f");
  EXPECT_EQ(zz(64), "\x80\x01");
  EXPECT_EQ(zz(INT64_MIN), std::string(9, '\xff') + "\x01");
}

constexpr std::string_view kEverything = test::kEverythingAvroSchema;

TEST(AvroJsonEncoder, EveryTypeRoundTrips) {
  EXPECT_EQ(
      round_trip(kEverything,
                 R"({"id":"e1","flag":true,"count":-7,"big":9007199254740993,"ratio":0.1,)"
                 R"("salary":4830,"raw":"\u0000\u00ffA","nothing":null,"color":"GREEN",)"
                 R"("hash":"abcd","address":{"city":"Paris","geo":{"lat":48.85,"lon":2.35}},)"
                 R"("tags":["a","b"],"scores":{"x":1,"y":2},"nickname":"Johnny",)"
                 R"("choice":{"com.acme.Address":{"city":"Oslo","geo":{"lat":59.9,"lon":10.7}}},)"
                 R"("price":12.34,"amount":-1.5,"birthday":19000,"alarm":3600000,)"
                 R"("alarm_us":3600000123,"created":1700000000123,)"
                 R"("created_us":1700000000123456,"uid":"123e4567-e89b-12d3-a456-426614174000"})"),
      R"({"id":"e1","flag":true,"count":-7,"big":9007199254740993,"ratio":0.1,)"
      R"("salary":4830.0,"raw":"AP9B","nothing":null,"color":"GREEN","hash":"YWJjZA==",)"
      R"("address":{"city":"Paris","geo":{"lat":48.85,"lon":2.35}},"tags":["a","b"],)"
      R"("scores":{"x":1,"y":2},"nickname":"Johnny","middle":null,)"
      R"("choice":{"city":"Oslo","geo":{"lat":59.9,"lon":10.7}},"price":12.34,"amount":-1.5000,)"
      R"("birthday":19000,"alarm":3600000,"alarm_us":3600000123,"created":1700000000123,)"
      R"("created_us":1700000000123,"uid":"123e4567-e89b-12d3-a456-426614174000"})");
}

TEST(AvroJsonEncoder, UnionsWrappedBareOrNull) {
  constexpr std::string_view kNullable = R"(["null","string"])";
  EXPECT_EQ(round_trip(kNullable, R"({"string":"x"})"), R"("x")");
  EXPECT_EQ(round_trip(kNullable, R"("x")"), R"("x")");  // bare, as users write it
  EXPECT_EQ(round_trip(kNullable, "null"), "null");
  EXPECT_EQ(round_trip(R"(["string","null"])", R"("y")"), R"("y")");
  constexpr std::string_view kThree = R"(["null","int","string"])";
  EXPECT_EQ(round_trip(kThree, R"({"int":5})"), "5");
  EXPECT_EQ(round_trip(kThree, R"({"string":"5"})"), R"("5")");
  EXPECT_EQ(error_of(kThree, "5"),
            R"(a value of the union [null, int, string] is written as {"branch": value}, for )"
            R"(example {"int": ...})");
  EXPECT_EQ(error_of(R"(["int","string"])", "null"),
            "null is not allowed: the union [int, string] has no null branch");
  // Named branches by full or simple name; a record's own one-field object stays a record.
  constexpr std::string_view kNamed =
      R"(["null",{"type":"record","name":"P","namespace":"n","fields":[{"name":"v","type":"int"}]}])";
  EXPECT_EQ(round_trip(kNamed, R"({"n.P":{"v":1}})"), R"({"v":1})");
  EXPECT_EQ(round_trip(kNamed, R"({"P":{"v":2}})"), R"({"v":2})");
  EXPECT_EQ(round_trip(kNamed, R"({"v":3})"), R"({"v":3})");
}

TEST(AvroJsonEncoder, MissingFieldsTakeTheirDefaults) {
  constexpr std::string_view kSchema =
      R"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},)"
      R"({"name":"b","type":"string","default":"none"},)"
      R"({"name":"c","type":["null","long"],"default":null},)"
      R"({"name":"d","type":["long","null"],"default":7},)"
      R"({"name":"e","type":{"type":"record","name":"S","fields":[{"name":"x","type":"double"}]},)"
      R"("default":{"x":1}},{"name":"f","type":{"type":"array","items":"int"},"default":[1,2]}]})";
  EXPECT_EQ(round_trip(kSchema, R"({"a":1})"),
            R"({"a":1,"b":"none","c":null,"d":7,"e":{"x":1.0},"f":[1,2]})");
  EXPECT_EQ(error_of(kSchema, R"({"b":"x"})"),
            "field 'a': missing, and the schema gives it no default");
}

TEST(AvroJsonEncoder, NumbersForDoublesFloatsAndDecimals) {
  EXPECT_EQ(round_trip(R"("double")", "4830"), "4830.0");
  EXPECT_EQ(round_trip(R"("double")", "-1e3"), "-1000.0");
  EXPECT_EQ(round_trip(R"("float")", "2"), "2.0");
  EXPECT_EQ(round_trip(R"("double")", R"("NaN")"), "null");  // JSON output has no NaN
  EXPECT_EQ(error_of(R"("float")", "1e39"), "the number is out of the range of a float");
  constexpr std::string_view kDecimal =
      R"({"type":"bytes","logicalType":"decimal","precision":20,"scale":2})";
  EXPECT_EQ(round_trip(kDecimal, "12345678901234567.89"), "12345678901234567.89");  // exact
  EXPECT_EQ(round_trip(kDecimal, "-0.5"), "-0.50");
  EXPECT_EQ(round_trip(kDecimal, "0"), "0.00");
  EXPECT_EQ(round_trip(kDecimal, "-128"), "-128.00");
  EXPECT_EQ(round_trip(kDecimal, "\"\\u0004\\u00d2\""), "12.34");  // Avro's bytes encoding
  EXPECT_EQ(error_of(kDecimal, "1.234"),
            "the number has more digits after the point than the scale of decimal(20,2) bytes");
  EXPECT_EQ(error_of(kDecimal, "1e19"),
            "the number has more digits than the precision of decimal(20,2) bytes");
  constexpr std::string_view kFixed =
      R"({"type":"fixed","name":"F","size":2,"logicalType":"decimal","precision":4,"scale":0})";
  EXPECT_EQ(round_trip(kFixed, "-1"), "-1");
  EXPECT_EQ(round_trip(kFixed, "9999"), "9999");
  EXPECT_EQ(round_trip(R"({"type":"fixed","name":"G","size":1,"logicalType":"decimal",)"
                       R"("precision":2,"scale":0})",
                       "-99"),
            "-99");
}

TEST(AvroJsonEncoder, ErrorsNameTheFieldAndWhatWasExpected) {
  EXPECT_EQ(error_of(kUser, R"({"firstName":"J","lastName":"S","age":"30","salary":1})"),
            "field 'age': expected an int (a JSON integer), found a string");
  EXPECT_EQ(error_of(kUser, R"({"firstName":"J","lastName":"S","age":30.5,"salary":1})"),
            "field 'age': expected an int (a JSON integer), found a number with a fraction or "
            "exponent");
  EXPECT_EQ(error_of(kUser, R"({"firstName":"J","lastName":"S","age":3000000000,"salary":1})"),
            "field 'age': the integer is out of the range of an int (-2147483648 to 2147483647)");
  EXPECT_EQ(error_of(R"("long")", "9223372036854775808"),
            "the integer is out of the range of a long (-9223372036854775808 to "
            "9223372036854775807)");
  EXPECT_EQ(error_of(R"("int")", "9223372036854775808"),
            "the integer is out of the range of an int (-2147483648 to 2147483647)");
  EXPECT_EQ(error_of(kUser, R"({"firstName":"J","lastName":"S","age":30,"salary":1,"agee":3})"),
            "field 'agee': no such field in record User (its fields: firstName, lastName, age, "
            "salary)");
  EXPECT_EQ(error_of(kUser, R"({"firstName":"J","lastName":"S","age":30})"),
            "field 'salary': missing, and the schema gives it no default");
  EXPECT_EQ(error_of(kUser, R"(["not","an","object"])"),
            "expected a record User (a JSON object), found an array");
  EXPECT_EQ(error_of(kUser, R"({"firstName":"J",)").rfind("not valid JSON: ", 0), 0u);
  EXPECT_EQ(error_of(kEverything,
                     R"({"id":"e","flag":true,"count":1,"big":1,"ratio":1,"salary":1,"raw":"",)"
                     R"("nothing":null,"color":"PINK"})"),
            R"(field 'color': "PINK" is not a symbol of enum com.acme.Color (RED, GREEN, BLUE))");
  EXPECT_EQ(error_of(R"({"type":"array","items":{"type":"record","name":"P","fields":[)"
                     R"({"name":"tags","type":{"type":"map","values":"int"}}]}})",
                     R"([{"tags":{}},{"tags":{"k":"v"}}])"),
            R"(field '[1].tags["k"]': expected an int (a JSON integer), found a string)");
  EXPECT_EQ(error_of(R"({"type":"fixed","name":"H","size":4})", R"("abc")"),
            "a fixed H(4) needs exactly 4 bytes, found 3");
  EXPECT_EQ(error_of(R"("bytes")", "\"\xe2\x82\xac\""),
            "bytes are written as a string of \\u0000-\\u00ff characters (Avro's JSON encoding); "
            "this string has a character above \\u00ff");
  EXPECT_EQ(error_of(R"({"type":"long","logicalType":"timestamp-millis"})", R"("2024-01-01")"),
            "expected a timestamp-millis long (a JSON integer), found a string");
}

}  // namespace
}  // namespace ksink::avro
